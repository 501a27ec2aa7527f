import { keyset, pageQuery, type PageRequest } from '../../db/keyset.ts';
import type { Executor } from '../../db/types.ts';
import type { ConfigRecordsTable } from './estate.tables.ts';

/** The listing leaves the content out: a device may have hundreds of versions of 256 KiB each. */
const SUMMARY = ['id', 'device_id', 'version', 'format', 'reason', 'change_ref', 'author_id', 'author_name', 'created_at'] as const;
export type ConfigSummaryRow = Pick<ConfigRecordsTable, (typeof SUMMARY)[number]>;

/** A device's versions newest first; the version is unique per device, and the list is always of one device. */
export const CONFIG_VERSIONS_ORDER = keyset<ConfigSummaryRow>({ column: 'version', direction: 'desc', type: 'integer', of: (r) => r.version });

export const configRecordsRepository = {
  /** A page of a device's versions, newest first. */
  list(db: Executor, deviceId: string, page: PageRequest): Promise<ConfigSummaryRow[]> {
    return pageQuery(db.selectFrom('config_records').select(SUMMARY).where('device_id', '=', deviceId), CONFIG_VERSIONS_ORDER, page).execute();
  },

  find: (db: Executor, deviceId: string, version: number) =>
    db.selectFrom('config_records').selectAll().where('device_id', '=', deviceId).where('version', '=', version).executeTakeFirst(),

  latest: (db: Executor, deviceId: string) => db.selectFrom('config_records').selectAll().where('device_id', '=', deviceId).orderBy('version', 'desc').limit(1).executeTakeFirst(),

  /**
   * Serialises version numbering per device: a no-op update takes the device row's lock on PostgreSQL (SQLite
   * transactions already begin IMMEDIATE), so two saves cannot both compute the same next version.
   */
  async lockDevice(trx: Executor, deviceId: string): Promise<void> {
    await trx.updateTable('devices').set((eb) => ({ updated_at: eb.ref('updated_at') })).where('id', '=', deviceId).execute();
  },

  insert: (db: Executor, row: ConfigRecordsTable) => db.insertInto('config_records').values(row).execute(),
};
