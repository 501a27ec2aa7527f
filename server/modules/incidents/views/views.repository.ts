import type { Executor } from '../../../db/types.ts';
import type { IncidentViewsTable } from '../incidents.tables.ts';

export const viewsRepository = {
  /** A person's own views and everyone's shared ones, by name. */
  visibleTo: (db: Executor, userId: string) =>
    db.selectFrom('incident_views').selectAll().where((eb) => eb.or([eb('user_id', '=', userId), eb('shared', '=', 1)])).orderBy('name').orderBy('id').limit(200).execute(),
  countOf: async (db: Executor, userId: string): Promise<number> =>
    Number((await db.selectFrom('incident_views').select((eb) => eb.fn.countAll<number>().as('n')).where('user_id', '=', userId).executeTakeFirstOrThrow()).n),
  findById: (db: Executor, id: string) => db.selectFrom('incident_views').selectAll().where('id', '=', id).executeTakeFirst(),
  findByName: (db: Executor, userId: string, name: string) => db.selectFrom('incident_views').select('id').where('user_id', '=', userId).where('name', '=', name).executeTakeFirst(),
  insert: (db: Executor, row: IncidentViewsTable) => db.insertInto('incident_views').values(row).execute(),
  remove: (db: Executor, id: string) => db.deleteFrom('incident_views').where('id', '=', id).execute(),
};
