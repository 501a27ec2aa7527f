import type SQLite from 'better-sqlite3';
import type { SqliteDatabase, SqliteStatement } from 'kysely';

/** Enough for every distinct query the server sends (lists with IN (…) of many lengths make new texts; the oldest go). */
const MAX_STATEMENTS = 500;

/**
 * The SQLite connection as Kysely's dialect sees it, with each SQL text prepared once and its statement reused. Kysely
 * prepares every query it runs; compiling the SQL was 5–10 % of the server's CPU on a list page (bench:incidents).
 * better-sqlite3 re-prepares a statement by itself when the schema changes. A statement that is still being iterated
 * (Kysely's stream()) cannot run a second time meanwhile, so a busy one is not handed out: the caller gets a fresh one.
 */
export function cachingStatements(database: SQLite.Database, max = MAX_STATEMENTS): SqliteDatabase {
  const statements = new Map<string, SQLite.Statement>();
  return {
    close: () => {
      statements.clear();
      database.close();
    },
    prepare(sql: string): SqliteStatement {
      const cached = statements.get(sql);
      if (cached && !cached.busy) {
        // Most recently used last, so eviction takes the least recently used.
        statements.delete(sql);
        statements.set(sql, cached);
        return cached;
      }
      if (cached) return database.prepare(sql);
      const statement = database.prepare(sql);
      statements.set(sql, statement);
      if (statements.size > max) statements.delete(statements.keys().next().value!);
      return statement;
    },
  };
}
