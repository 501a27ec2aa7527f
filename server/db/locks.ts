import { sql } from 'kysely';
import type { Db } from './database.ts';

/** Fixed keys of the cluster-wide locks opsdesk takes on PostgreSQL. */
export const LOCK_KEYS = {
  bootstrap: 7_302_114_550,
} as const;

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
