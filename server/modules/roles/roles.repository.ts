import type { Executor } from '../../db/types.ts';
import type { RolesTable } from './roles.tables.ts';

export const rolesRepository = {
  all: (db: Executor) => db.selectFrom('roles').selectAll().orderBy('built_in', 'desc').orderBy('id').execute(),

  findById: (db: Executor, id: string) => db.selectFrom('roles').selectAll().where('id', '=', id).executeTakeFirst(),

  findByIds: (db: Executor, ids: readonly string[]) =>
    ids.length === 0 ? Promise.resolve([] as RolesTable[]) : db.selectFrom('roles').selectAll().where('id', 'in', ids).execute(),

  insert: (db: Executor, row: RolesTable) => db.insertInto('roles').values(row).execute(),

  update: (db: Executor, id: string, patch: Partial<Omit<RolesTable, 'id'>>) => db.updateTable('roles').set(patch).where('id', '=', id).execute(),

  delete: (db: Executor, id: string) => db.deleteFrom('roles').where('id', '=', id).execute(),

  async userCounts(db: Executor): Promise<Map<string, number>> {
    const rows = await db
      .selectFrom('user_roles')
      .select(['role_id', (eb) => eb.fn.countAll<number>().as('n')])
      .groupBy('role_id')
      .execute();
    return new Map(rows.map((r) => [r.role_id, Number(r.n)]));
  },
};
