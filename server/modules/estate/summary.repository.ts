import type { Executor } from '../../db/types.ts';
import type { DeviceHealth } from './estate.tables.ts';

export interface RecentHealthRow {
  id: string;
  code: string;
  name: string;
  site_id: string;
  site_code: string;
  health: DeviceHealth;
  health_reason: string | null;
  health_since: number;
}

export const summaryRepository = {
  /**
   * The devices whose health changed last, from the devices table (one row per device, its current state): a glance
   * wants "what changed lately", not every flap of one device, and this stays cheap however long the history grows.
   * A device that never changed (registered, not heard from) has nothing to tell.
   */
  async recentChanges(db: Executor, onlySiteIds: readonly string[] | null, limit: number): Promise<RecentHealthRow[]> {
    if (onlySiteIds !== null && onlySiteIds.length === 0) return [];
    let query = db
      .selectFrom('devices')
      .innerJoin('sites', 'sites.id', 'devices.site_id')
      .select(['devices.id', 'devices.code', 'devices.name', 'devices.site_id', 'sites.code as site_code', 'devices.health', 'devices.health_reason', 'devices.health_since'])
      .where((eb) => eb.or([eb('devices.health', '!=', 'unknown'), eb('devices.health_reason', 'is not', null)]));
    if (onlySiteIds !== null) query = query.where('devices.site_id', 'in', onlySiteIds);
    return query.orderBy('devices.health_since', 'desc').orderBy('devices.id', 'desc').limit(limit).execute();
  },
};
