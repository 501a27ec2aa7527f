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

  /**
   * Counts one more attempt on `key` unless it is blocked, in one statement that returns the new count: on
   * PostgreSQL the upsert takes the row's lock and sees the latest committed count, on SQLite the transaction is
   * exclusive, so concurrent attempts each get a count of their own. A count older than the window starts again at 1.
   * Returns null (and counts nothing) while the key is blocked.
   */
  async countAttempt(db: Executor, key: string, now: number, windowMs: number): Promise<number | null> {
    const row = await db
      .insertInto('login_throttle')
      .values({ key, failures: 1, last_failure_at: now, blocked_until: 0 })
      .onConflict((oc) =>
        oc
          .column('key')
          .doUpdateSet((eb) => ({
            failures: eb.case().when('login_throttle.last_failure_at', '<', now - windowMs).then(1).else(eb('login_throttle.failures', '+', 1)).end(),
            last_failure_at: now,
          }))
          .where('login_throttle.blocked_until', '<=', now),
      )
      .returning('failures')
      .executeTakeFirst();
    return row ? Number(row.failures) : null;
  },

  setBlockedUntil: (db: Executor, key: string, blockedUntil: number) =>
    db.updateTable('login_throttle').set({ blocked_until: blockedUntil }).where('key', '=', key).execute(),

  /**
   * Gives back an attempt that turned out to succeed. The block it may have set is lifted when the count falls below
   * the threshold; at or above it the earlier failures had earned a block anyway, so it stays.
   */
  refund: (db: Executor, key: string, threshold: number) =>
    db
      .updateTable('login_throttle')
      .set((eb) => ({
        failures: eb('failures', '-', 1),
        blocked_until: eb.case().when(eb('failures', '-', 1), '<', threshold).then(0).else(eb.ref('blocked_until')).end(),
      }))
      .where('key', '=', key)
      .where('failures', '>', 0)
      .execute(),

  delete: (db: Executor, key: string) => db.deleteFrom('login_throttle').where('key', '=', key).execute(),

  async purgeOlderThan(db: Executor, cutoff: number): Promise<number> {
    const result = await db.deleteFrom('login_throttle').where('last_failure_at', '<', cutoff).where('blocked_until', '<', cutoff).executeTakeFirst();
    return Number(result.numDeletedRows);
  },
};
