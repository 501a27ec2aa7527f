import { setTimeout as sleep } from 'node:timers/promises';
import type { CompiledQuery, DatabaseConnection, QueryResult } from 'kysely';

/** How long a write waits for another connection's writer lock before it fails, as busy_timeout did. */
export const LOCK_WAIT_MS = 10_000;
/** Between two tries: short, because the ingest writer's transactions are short; the loop serves others meanwhile. */
const RETRY_DELAYS_MS = [0, 1, 1, 2, 2, 4];
const LONGEST_RETRY_DELAY_MS = 5;

/** better-sqlite3's error for a lock another connection holds: SQLITE_BUSY and its extended codes. */
export function isBusy(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('SQLITE_BUSY');
}

/**
 * Runs `attempt` again, after a short timer, for as long as it fails with SQLITE_BUSY, up to `waitMs`.
 *
 * Why not busy_timeout: better-sqlite3 is synchronous, so SQLite's busy handler sleeps *on the calling thread*. On the
 * server's main thread that stopped every socket it serves — HTTP answers, SMTP conversations, webhook calls — for
 * as long as the ingest writer thread held the lock (up to 1.3 s a wait under load; bench/README.md, paging, "Where
 * the time goes" 2). The main connection has busy_timeout 0 and waits here instead, on the event loop.
 */
export async function retryWhileBusy<T>(attempt: () => T | Promise<T>, waitMs = LOCK_WAIT_MS): Promise<T> {
  const deadline = performance.now() + waitMs;
  for (let tries = 0; ; tries++) {
    try {
      return await attempt();
    } catch (error) {
      if (!isBusy(error) || performance.now() >= deadline) throw error;
    }
    await sleep(RETRY_DELAYS_MS[tries] ?? LONGEST_RETRY_DELAY_MS);
  }
}

/** A Kysely connection whose every statement (begin, writes, commit) waits for the lock on the event loop. */
export function waitingForLocks(connection: DatabaseConnection): DatabaseConnection {
  return {
    executeQuery: <R>(query: CompiledQuery): Promise<QueryResult<R>> => retryWhileBusy(() => connection.executeQuery<R>(query)),
    streamQuery: <R>(query: CompiledQuery, chunkSize?: number) => connection.streamQuery<R>(query, chunkSize),
  };
}
