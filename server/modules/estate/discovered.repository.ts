import type { Executor } from '../../db/types.ts';
import type { DiscoveredDevicesTable } from './estate.tables.ts';

/** A discovered device with the id of the site its reported site code names, when there is one. */
export type DiscoveredRow = DiscoveredDevicesTable & { site_id: string | null };

const withSite = (db: Executor) =>
  db.selectFrom('discovered_devices').leftJoin('sites', 'sites.code', 'discovered_devices.site_code').selectAll('discovered_devices').select('sites.id as site_id');

/** Devices that reported without being registered; the telemetry pipeline writes them, operators adopt or dismiss them. */
export const discoveredRepository = {
  find: (db: Executor, code: string): Promise<DiscoveredRow | undefined> => withSite(db).where('discovered_devices.code', '=', code).executeTakeFirst(),

  /** Newest first; the cursor is the (last_seen_at, code) of the last row seen. onlySiteIds limits to rows naming those sites. */
  list(db: Executor, filter: { onlySiteIds: readonly string[] | null; before?: { at: number; code: string } }, limit: number): Promise<DiscoveredRow[]> {
    if (filter.onlySiteIds !== null && filter.onlySiteIds.length === 0) return Promise.resolve([]);
    let query = withSite(db);
    if (filter.onlySiteIds !== null) query = query.where('sites.id', 'in', filter.onlySiteIds);
    const before = filter.before;
    if (before) {
      query = query.where((eb) =>
        eb.or([eb('discovered_devices.last_seen_at', '<', before.at), eb.and([eb('discovered_devices.last_seen_at', '=', before.at), eb('discovered_devices.code', '>', before.code)])]),
      );
    }
    return query.orderBy('discovered_devices.last_seen_at', 'desc').orderBy('discovered_devices.code').limit(limit).execute();
  },

  delete: (db: Executor, code: string) => db.deleteFrom('discovered_devices').where('code', '=', code).execute(),
};
