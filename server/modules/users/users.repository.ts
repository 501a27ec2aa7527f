import { sql } from 'kysely';
import { keyset, pageQuery, type PageRequest } from '../../db/keyset.ts';
import { containsText, type Executor } from '../../db/types.ts';
import type { UsersTable } from './users.tables.ts';

export interface UserFilter {
  /** matches username and display name; e-mail and phone too only when searchContacts */
  q?: string;
  /**
   * Whether q may match the personal contacts. Only a caller who sees them whole (unmasked with a reason) may search
   * them: otherwise each match would reveal one more character of what the mask hides.
   */
  searchContacts?: boolean;
  roleId?: string;
  status?: 'active' | 'disabled';
}

/** The list's order: by username, which is unique. */
export const USERS_ORDER = keyset<UsersTable>({ column: 'users.username', direction: 'asc', type: 'text', of: (r) => r.username });

export const usersRepository = {
  findById: (db: Executor, id: string) => db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst(),

  findByUsername: (db: Executor, username: string) =>
    db.selectFrom('users').selectAll().where(sql`lower(username)`, '=', username.toLowerCase()).executeTakeFirst(),

  async list(db: Executor, filter: UserFilter, page: PageRequest): Promise<UsersTable[]> {
    let query = db.selectFrom('users').selectAll('users');
    if (filter.status) query = query.where('status', '=', filter.status);
    if (filter.roleId) {
      const roleId = filter.roleId;
      query = query.where(({ exists, selectFrom }) =>
        exists(selectFrom('user_roles').select('user_roles.user_id').whereRef('user_roles.user_id', '=', 'users.id').where('user_roles.role_id', '=', roleId)),
      );
    }
    if (filter.q) {
      const q = filter.q;
      const columns = filter.searchContacts ? ['username', 'display_name', 'email', 'phone'] : ['username', 'display_name'];
      query = query.where((eb) => eb.or(columns.map((c) => containsText(c, q))));
    }
    return pageQuery(query, USERS_ORDER, page).execute();
  },

  /** Active accounts with this e-mail address, compared without case (addresses are stored as typed). */
  activeByEmail: (db: Executor, email: string) =>
    db.selectFrom('users').select('id').where('status', '=', 'active').where(sql<string>`lower(email)`, '=', email.toLowerCase()).execute(),

  all: (db: Executor) => db.selectFrom('users').selectAll().orderBy('username').execute(),

  /** Display names of these accounts, whatever their status (500 ids per query); unknown ids are left out. */
  async displayNames(db: Executor, ids: readonly string[]): Promise<Map<string, string>> {
    const unique = [...new Set(ids)];
    const found = new Map<string, string>();
    for (let i = 0; i < unique.length; i += 500) {
      for (const r of await db.selectFrom('users').select(['id', 'display_name']).where('id', 'in', unique.slice(i, i + 500)).execute()) found.set(r.id, r.display_name);
    }
    return found;
  },

  /** Active accounts' ids and display names after `afterId`, in id order, `limit` at a time. */
  activeAfter: (db: Executor, afterId: string | null, limit: number) => {
    let q = db.selectFrom('users').select(['id', 'display_name']).where('status', '=', 'active');
    if (afterId !== null) q = q.where('id', '>', afterId);
    return q.orderBy('id').limit(limit).execute();
  },

  isActive: async (db: Executor, id: string): Promise<boolean> =>
    (await db.selectFrom('users').select('id').where('id', '=', id).where('status', '=', 'active').executeTakeFirst()) !== undefined,

  count: async (db: Executor): Promise<number> =>
    Number((await db.selectFrom('users').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n),

  insert: (db: Executor, row: UsersTable) => db.insertInto('users').values(row).execute(),

  update: (db: Executor, id: string, patch: Partial<Omit<UsersTable, 'id'>>) => db.updateTable('users').set(patch).where('id', '=', id).execute(),

  async rolesOf(db: Executor, userIds: readonly string[]): Promise<Map<string, string[]>> {
    const result = new Map<string, string[]>(userIds.map((id) => [id, []]));
    if (userIds.length === 0) return result;
    const rows = await db.selectFrom('user_roles').select(['user_id', 'role_id']).where('user_id', 'in', userIds).orderBy('role_id').execute();
    for (const r of rows) result.get(r.user_id)?.push(r.role_id);
    return result;
  },

  async sitesOf(db: Executor, userIds: readonly string[]): Promise<Map<string, string[]>> {
    const result = new Map<string, string[]>(userIds.map((id) => [id, []]));
    if (userIds.length === 0) return result;
    const rows = await db.selectFrom('user_sites').select(['user_id', 'site_id']).where('user_id', 'in', userIds).orderBy('site_id').execute();
    for (const r of rows) result.get(r.user_id)?.push(r.site_id);
    return result;
  },

  /** (user, role) for every role held by an active user who sees every site: where administrators are found. */
  activeUnrestrictedRoles: (db: Executor) =>
    db
      .selectFrom('user_roles')
      .innerJoin('users', 'users.id', 'user_roles.user_id')
      .select(['user_roles.user_id', 'user_roles.role_id'])
      .where('users.status', '=', 'active')
      .where('users.all_sites', '=', 1)
      .execute(),

  async setRoles(db: Executor, userId: string, roleIds: readonly string[]): Promise<void> {
    await db.deleteFrom('user_roles').where('user_id', '=', userId).execute();
    if (roleIds.length > 0) await db.insertInto('user_roles').values(roleIds.map((role_id) => ({ user_id: userId, role_id }))).execute();
  },

  async setSites(db: Executor, userId: string, siteIds: readonly string[]): Promise<void> {
    await db.deleteFrom('user_sites').where('user_id', '=', userId).execute();
    if (siteIds.length > 0) await db.insertInto('user_sites').values(siteIds.map((site_id) => ({ user_id: userId, site_id }))).execute();
  },
};
