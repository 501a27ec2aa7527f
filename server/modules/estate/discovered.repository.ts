import { keyset, pageQuery, type PageRequest } from '../../db/keyset.ts';
import type { Executor } from '../../db/types.ts';
import type { DiscoveredDevicesTable } from './estate.tables.ts';

/** A discovered device with the id of the site its reported site code names, when there is one. */
export type DiscoveredRow = DiscoveredDevicesTable & { site_id: string | null };

const withSite = (db: Executor) =>
  db.selectFrom('discovered_devices').leftJoin('sites', 'sites.code', 'discovered_devices.site_code').selectAll('discovered_devices').select('sites.id as site_id');

/** Newest first (last heard from), then by code, which is unique. */
export const DISCOVERED_ORDER = keyset<DiscoveredRow>(
  { column: 'discovered_devices.last_seen_at', direction: 'desc', type: 'integer', of: (r) => r.last_seen_at },
  { column: 'discovered_devices.code', direction: 'asc', type: 'text', of: (r) => r.code },
);

/** Devices that reported without being registered; the telemetry pipeline writes them, operators adopt or dismiss them. */
export const discoveredRepository = {
  find: (db: Executor, code: string): Promise<DiscoveredRow | undefined> => withSite(db).where('discovered_devices.code', '=', code).executeTakeFirst(),

  /** A page in DISCOVERED_ORDER. onlySiteIds limits to rows naming those sites. */
  list(db: Executor, filter: { onlySiteIds: readonly string[] | null }, page: PageRequest): Promise<DiscoveredRow[]> {
    if (filter.onlySiteIds !== null && filter.onlySiteIds.length === 0) return Promise.resolve([]);
    let query = withSite(db);
    if (filter.onlySiteIds !== null) query = query.where('sites.id', 'in', filter.onlySiteIds);
    return pageQuery(query, DISCOVERED_ORDER, page).execute();
  },

  delete: (db: Executor, code: string) => db.deleteFrom('discovered_devices').where('code', '=', code).execute(),
};
