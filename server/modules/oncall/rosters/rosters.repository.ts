import type { Executor } from '../../../db/types.ts';
import type { RosterOverridesTable, RostersTable } from '../oncall.tables.ts';

export const rostersRepository = {
  list: (db: Executor) => db.selectFrom('rosters').selectAll().orderBy('name').execute(),
  findById: (db: Executor, id: string) => db.selectFrom('rosters').selectAll().where('id', '=', id).executeTakeFirst(),
  findByName: (db: Executor, name: string) => db.selectFrom('rosters').selectAll().where('name', '=', name).executeTakeFirst(),
  insert: (db: Executor, row: RostersTable) => db.insertInto('rosters').values(row).execute(),
  update: (db: Executor, id: string, patch: Partial<RostersTable>) => db.updateTable('rosters').set(patch).where('id', '=', id).execute(),
  delete: (db: Executor, id: string) => db.deleteFrom('rosters').where('id', '=', id).execute(),
  /** Overrides that end after `since`: what the roster still has to honour (and the calendar shows). */
  overrides: (db: Executor, rosterId: string, since: number) =>
    db.selectFrom('roster_overrides').selectAll().where('roster_id', '=', rosterId).where('end_at', '>', since).orderBy('start_at').orderBy('id').execute(),
  findOverride: (db: Executor, rosterId: string, id: string) => db.selectFrom('roster_overrides').selectAll().where('roster_id', '=', rosterId).where('id', '=', id).executeTakeFirst(),
  insertOverride: (db: Executor, row: RosterOverridesTable) => db.insertInto('roster_overrides').values(row).execute(),
  deleteOverride: (db: Executor, id: string) => db.deleteFrom('roster_overrides').where('id', '=', id).execute(),
  userNames: async (db: Executor, ids: readonly string[]): Promise<Record<string, string>> =>
    ids.length === 0 ? {} : Object.fromEntries((await db.selectFrom('users').select(['id', 'display_name']).where('id', 'in', ids).execute()).map((u) => [u.id, u.display_name])),
  activeUserIds: async (db: Executor, ids: readonly string[]): Promise<Set<string>> =>
    ids.length === 0 ? new Set() : new Set((await db.selectFrom('users').select('id').where('id', 'in', ids).where('status', '=', 'active').execute()).map((u) => u.id)),
};
