import type { Executor } from '../../db/types.ts';
import type { LoginThrottleTable, SessionsTable } from './auth.tables.ts';

export const sessionsRepository = {
  insert: (db: Executor, row: SessionsTable) => db.insertInto('sessions').values(row).execute(),

  findById: (db: Executor, id: string) => db.selectFrom('sessions').selectAll().where('id', '=', id).executeTakeFirst(),

  touch: (db: Executor, id: string, now: number) => db.updateTable('sessions').set({ last_seen_at: now }).where('id', '=', id).execute(),

  delete: (db: Executor, id: string) => db.deleteFrom('sessions').where('id', '=', id).execute(),

  /** Ends every session of a user (password changed, user disabled), optionally keeping the one in use. */
  deleteForUser: (db: Executor, userId: string, keepId?: string) => {
    let query = db.deleteFrom('sessions').where('user_id', '=', userId);
    if (keepId) query = query.where('id', '!=', keepId);
    return query.execute();
  },

  /** Removes sessions past either timeout; returns how many. */
  async purgeExpired(db: Executor, now: number, idleTimeoutMs: number): Promise<number> {
    const result = await db
      .deleteFrom('sessions')
      .where((eb) => eb.or([eb('expires_at', '<=', now), eb('last_seen_at', '<=', now - idleTimeoutMs)]))
      .executeTakeFirst();
    return Number(result.numDeletedRows);
  },
};

export const throttleRepository = {
  async find(db: Executor, keys: readonly string[]): Promise<LoginThrottleTable[]> {
    return db.selectFrom('login_throttle').selectAll().where('key', 'in', keys).execute();
  },

  async upsert(db: Executor, row: LoginThrottleTable): Promise<void> {
    await db
      .insertInto('login_throttle')
      .values(row)
      .onConflict((oc) => oc.column('key').doUpdateSet({ failures: row.failures, last_failure_at: row.last_failure_at, blocked_until: row.blocked_until }))
      .execute();
  },

  delete: (db: Executor, key: string) => db.deleteFrom('login_throttle').where('key', '=', key).execute(),

  async purgeOlderThan(db: Executor, cutoff: number): Promise<number> {
    const result = await db.deleteFrom('login_throttle').where('last_failure_at', '<', cutoff).where('blocked_until', '<', cutoff).executeTakeFirst();
    return Number(result.numDeletedRows);
  },
};
