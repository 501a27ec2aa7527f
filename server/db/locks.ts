import { sql } from 'kysely';
import type { Db, Dialect } from './database.ts';
import type { Executor } from './types.ts';

/** Fixed keys of the cluster-wide locks opsdesk takes on PostgreSQL, in one list so that no two collide. */
export const LOCK_KEYS = {
  /** one-time start-up work: built-in roles, the first administrator */
  bootstrap: 7_302_114_550,
  /** appending to the audit chain */
  audit: 7_302_114_551,
  /** changes to who holds what (the last administrator must stay) */
  access: 7_302_114_552,
  /**
   * appending domain events: held from the append to the commit, so positions commit in the order they were taken
   * (server/events/README.md, "the gap")
   */
  events: 7_302_114_553,
  /** finding an alert group's open incident and opening one when there is none */
  incidentFromAlert: 7_302_114_554,
} as const;

/**
 * Holds a cluster-wide lock until the caller's transaction ends, so that writers on several nodes take their turn.
 * SQLite transactions are exclusive already (BEGIN IMMEDIATE), so there is nothing to take there. Take it before
 * reading what the decision depends on.
 */
export async function lockUntilCommit(trx: Executor, dialect: Dialect, key: number): Promise<void> {
  if (dialect === 'postgres') await sql`select pg_advisory_xact_lock(${key})`.execute(trx);
}

/**
 * Runs fn while holding a PostgreSQL session advisory lock, so that several nodes starting at once do one-time work
 * (built-in roles, the first administrator) once. On SQLite one process owns the file, so there is nothing to take.
 */
export async function withClusterLock<T>(db: Db, key: number, fn: () => Promise<T>): Promise<T> {
  if (db.dialect !== 'postgres') return fn();
  return db.kysely.connection().execute(async (connection) => {
    await sql`select pg_advisory_lock(${key})`.execute(connection);
    try {
      return await fn();
    } finally {
      await sql`select pg_advisory_unlock(${key})`.execute(connection);
    }
  });
}
