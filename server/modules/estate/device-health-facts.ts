import type { Executor } from '../../db/types.ts';
import type { DeviceHealth } from './estate.tables.ts';

/**
 * Device health as other modules' checks read it (a plan step's `device-online` and `devices-online` checks): one
 * device by its code, and the devices of one type at some sites.
 */
export async function deviceHealthByCode(db: Executor, code: string): Promise<DeviceHealth | null> {
  const row = await db.selectFrom('devices').select('health').where('code', '=', code).executeTakeFirst();
  return row?.health ?? null;
}

export async function deviceHealthsOfType(db: Executor, siteIds: readonly string[], type: string): Promise<DeviceHealth[]> {
  if (siteIds.length === 0) return [];
  const rows = await db.selectFrom('devices').select('health').where('site_id', 'in', siteIds).where('type', '=', type).limit(10_000).execute();
  return rows.map((r) => r.health);
}
