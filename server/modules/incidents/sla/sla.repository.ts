import type { Executor } from '../../../db/types.ts';
import type { SlaCalendarsTable, SlaPoliciesTable } from './sla.tables.ts';

/** SLA calendars and policies: all their SQL. (The incidents' targets, incident_sla, are the incident service's.) */
export const slaCalendarsRepository = {
  list: (db: Executor) => db.selectFrom('sla_calendars').selectAll().orderBy('name').orderBy('id').execute(),
  findById: (db: Executor, id: string) => db.selectFrom('sla_calendars').selectAll().where('id', '=', id).executeTakeFirst(),
  findByName: (db: Executor, name: string) => db.selectFrom('sla_calendars').selectAll().where('name', '=', name).executeTakeFirst(),
  findByIds: (db: Executor, ids: readonly string[]) => (ids.length === 0 ? Promise.resolve([]) : db.selectFrom('sla_calendars').selectAll().where('id', 'in', ids).execute()),
  ids: async (db: Executor) => new Set((await db.selectFrom('sla_calendars').select('id').execute()).map((r) => r.id)),
  count: async (db: Executor) => Number((await db.selectFrom('sla_calendars').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n),
  insert: (db: Executor, row: SlaCalendarsTable) => db.insertInto('sla_calendars').values(row).execute(),
  /** Writes only if the row is still at `version` (optimistic concurrency): false when another write came first. */
  async update(db: Executor, id: string, version: number, row: SlaCalendarsTable): Promise<boolean> {
    const r = await db.updateTable('sla_calendars').set(row).where('id', '=', id).where('version', '=', version).executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  },
  async delete(db: Executor, id: string, version: number): Promise<boolean> {
    const r = await db.deleteFrom('sla_calendars').where('id', '=', id).where('version', '=', version).executeTakeFirst();
    return Number(r.numDeletedRows) > 0;
  },
};

export const slaPoliciesRepository = {
  /** In the order they apply: the first by position that covers a site. */
  list: (db: Executor) => db.selectFrom('sla_policies').selectAll().orderBy('position').orderBy('created_at').orderBy('id').execute(),
  findById: (db: Executor, id: string) => db.selectFrom('sla_policies').selectAll().where('id', '=', id).executeTakeFirst(),
  findByName: (db: Executor, name: string) => db.selectFrom('sla_policies').selectAll().where('name', '=', name).executeTakeFirst(),
  count: async (db: Executor) => Number((await db.selectFrom('sla_policies').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n),
  /** Policies whose targets mention a calendar id (the JSON text holds it quoted; the caller confirms by parsing). */
  mentioning: (db: Executor, calendarId: string) =>
    db.selectFrom('sla_policies').select(['id', 'name', 'targets']).where('targets', 'like', `%"${calendarId.replace(/[%_"\\]/g, '')}"%`).execute(),
  insert: (db: Executor, row: SlaPoliciesTable) => db.insertInto('sla_policies').values(row).execute(),
  async update(db: Executor, id: string, version: number, row: SlaPoliciesTable): Promise<boolean> {
    const r = await db.updateTable('sla_policies').set(row).where('id', '=', id).where('version', '=', version).executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  },
  async delete(db: Executor, id: string, version: number): Promise<boolean> {
    const r = await db.deleteFrom('sla_policies').where('id', '=', id).where('version', '=', version).executeTakeFirst();
    return Number(r.numDeletedRows) > 0;
  },
};
