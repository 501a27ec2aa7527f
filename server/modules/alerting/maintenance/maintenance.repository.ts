import type { ExpressionBuilder } from 'kysely';
import { keyset, pageQuery, type PageRequest } from '../../../db/keyset.ts';
import type { Database } from '../../../db/schema.ts';
import type { Executor } from '../../../db/types.ts';
import type { MaintenanceWindowsTable } from '../alerting.tables.ts';

/** A window with the names of what it covers: its site (its device's site for a device window), device and creator. */
export type WindowRow = MaintenanceWindowsTable & {
  /** the site concerned: the window's own, or its device's; null if it no longer exists */
  concerned_site_id: string | null;
  site_code: string | null;
  site_name: string | null;
  device_code: string | null;
  device_name: string | null;
  created_by_name: string | null;
};

/** The list's order: newest first, the id breaking ties. */
export const WINDOWS_ORDER = keyset<WindowRow>(
  { column: 'maintenance_windows.created_at', direction: 'desc', type: 'integer', of: (r) => r.created_at },
  { column: 'maintenance_windows.id', direction: 'desc', type: 'text', of: (r) => r.id },
);

type WindowsQuery = ExpressionBuilder<Database, 'maintenance_windows' | 'devices'>;
/** The site a window concerns, in SQL: its own, else its device's. */
const concernedSite = (eb: WindowsQuery) => eb.fn.coalesce('maintenance_windows.site_id', 'devices.site_id');

const withNames = (db: Executor) =>
  db
    .selectFrom('maintenance_windows')
    .leftJoin('devices', 'devices.id', 'maintenance_windows.device_id')
    .leftJoin('sites', (join) => join.on((eb) => eb('sites.id', '=', concernedSite(eb))))
    .leftJoin('users', 'users.id', 'maintenance_windows.created_by')
    .selectAll('maintenance_windows')
    .select((eb) => [
      concernedSite(eb).as('concerned_site_id'),
      'sites.code as site_code',
      'sites.name as site_name',
      'devices.code as device_code',
      'devices.name as device_name',
      'users.display_name as created_by_name',
    ]);

export interface WindowFilter {
  /** windows concerning this site: its own and its devices' */
  siteId?: string;
  deviceId?: string;
  /** null: every site; otherwise only windows concerning these sites (the caller's scope) */
  onlySiteIds: readonly string[] | null;
}

export const maintenanceRepository = {
  findById: (db: Executor, id: string): Promise<WindowRow | undefined> => withNames(db).where('maintenance_windows.id', '=', id).executeTakeFirst(),

  list(db: Executor, filter: WindowFilter, page: PageRequest): Promise<WindowRow[]> {
    const { onlySiteIds, siteId, deviceId } = filter;
    if (onlySiteIds !== null && onlySiteIds.length === 0) return Promise.resolve([]);
    let query = withNames(db);
    if (onlySiteIds !== null) query = query.where((eb) => eb(concernedSite(eb), 'in', onlySiteIds));
    if (siteId !== undefined) query = query.where((eb) => eb(concernedSite(eb), '=', siteId));
    if (deviceId !== undefined) query = query.where('maintenance_windows.device_id', '=', deviceId);
    return pageQuery(query, WINDOWS_ORDER, page).execute();
  },

  insert: (db: Executor, row: MaintenanceWindowsTable) => db.insertInto('maintenance_windows').values(row).execute(),

  update: (db: Executor, id: string, patch: Partial<Omit<MaintenanceWindowsTable, 'id' | 'created_by' | 'created_at'>>) =>
    db.updateTable('maintenance_windows').set(patch).where('id', '=', id).execute(),

  delete: (db: Executor, id: string) => db.deleteFrom('maintenance_windows').where('id', '=', id).execute(),
};
