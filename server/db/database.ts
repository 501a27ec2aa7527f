import path from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect, SqliteAdapter, SqliteDriver, CompiledQuery, type DatabaseConnection, type SqliteDatabase } from 'kysely';
import pg from 'pg';
import { createPrivateFile, makePrivateDir } from './file-modes.ts';
import { assertOpsdeskTables, assertSqliteFileUsable, createSqliteFile, damagedDatabase, isDamagedError } from './integrity.ts';
import type { Database } from './schema.ts';
import { cachingStatements } from './statement-cache.ts';
import { LOCK_WAIT_MS, retryWhileBusy, waitingForLocks } from './sqlite-busy.ts';

export type Dialect = 'sqlite' | 'postgres';

export interface Db {
  readonly kysely: Kysely<Database>;
  readonly dialect: Dialect;
  /** PostgreSQL schema opsdesk lives in (search_path); undefined means the server's default. */
  readonly schema?: string;
  /**
   * The SQLite connection under Kysely, for the one hot path that needs prepared statements (telemetry ingest). Use it
   * only through withSqliteConnection(), which holds Kysely's connection so nothing else runs on it meanwhile.
   */
  readonly sqlite?: SQLite.Database;
  /**
   * PostgreSQL: a new client outside the pool, set up like the pool's (schema, number parsing), not yet connected. For
   * LISTEN (server/events/pg-listener.ts), which needs a connection that is never handed to anything else.
   */
  readonly dedicatedConnection?: () => pg.Client;
  close(): Promise<void>;
}

/**
 * Runs fn with the raw SQLite connection while holding Kysely's (single) connection, so no Kysely query or transaction
 * can interleave with what fn does on it.
 */
export async function withSqliteConnection<T>(db: Db, fn: (sqlite: SQLite.Database) => Promise<T>): Promise<T> {
  const raw = db.sqlite;
  if (!raw) throw new Error('withSqliteConnection needs a SQLite database');
  return db.kysely.connection().execute(() => fn(raw));
}

/**
 * Gathers the planner's statistics (`PRAGMA optimize`, which may write sqlite_stat1) through Kysely's connection, so
 * it waits for the writer lock like any write. No-op on PostgreSQL, whose autovacuum analyses.
 */
export async function optimizeSqlite(db: Db, mask?: number): Promise<void> {
  if (db.dialect !== 'sqlite') return;
  await withSqliteConnection(db, (raw) => retryWhileBusy(() => raw.pragma(mask === undefined ? 'optimize' : `optimize = ${mask}`)));
}

export type DbTarget =
  | { kind: 'sqlite'; file: string }
  | { kind: 'postgres'; url: string; /** a schema of its own (tests, several installations on one server) */ schema?: string; poolSize?: number };

export function targetFromConfig(config: { databaseUrl: string | null; databaseSchema: string | null; sqlitePath: string }): DbTarget {
  if (!config.databaseUrl) return { kind: 'sqlite', file: config.sqlitePath };
  return { kind: 'postgres', url: config.databaseUrl, ...(config.databaseSchema ? { schema: config.databaseSchema } : {}) };
}

export function openDatabase(target: DbTarget): Db {
  return target.kind === 'sqlite' ? openSqlite(target.file) : openPostgres(target);
}

/**
 * SQLite transactions begin IMMEDIATE: the writer lock is taken up front, so two connections on one file (the server's
 * main thread and its ingest writer thread, the server and a CLI command) wait for each other instead of failing with
 * SQLITE_BUSY when a read turns into a write. The wait is on the event loop (sqlite-busy.ts), never a sleep of the
 * main thread.
 */
class ImmediateSqliteDriver extends SqliteDriver {
  #waiting: { inner: DatabaseConnection; outer: DatabaseConnection } | null = null;
  override async acquireConnection(): Promise<DatabaseConnection> {
    const inner = await super.acquireConnection();
    if (this.#waiting?.inner !== inner) this.#waiting = { inner, outer: waitingForLocks(inner) };
    return this.#waiting.outer;
  }
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }
}

class ImmediateSqliteDialect extends SqliteDialect {
  private readonly database: SqliteDatabase;
  constructor(database: SQLite.Database) {
    const statements = cachingStatements(database);
    super({ database: statements });
    this.database = statements;
  }
  override createDriver() {
    return new ImmediateSqliteDriver({ database: this.database });
  }
  override createAdapter() {
    return new SqliteAdapter();
  }
}

/**
 * Opens opsdesk's SQLite database, creating it (0600, in a 0700 directory) when absent. Refuses, with a
 * DatabaseFileError that names the file and what to do, a file that is empty, is not SQLite, is another application's
 * database, or is too damaged to open.
 */
function openSqlite(file: string): Db {
  if (file !== ':memory:') {
    makePrivateDir(path.dirname(file));
    assertSqliteFileUsable(file);
    createSqliteFile(file, openSqliteConnection, createPrivateFile);
  }
  let database: SQLite.Database | null = null;
  try {
    // The main thread's connection never sleeps on a lock: its writes wait on the event loop (ImmediateSqliteDriver).
    database = openSqliteConnection(file, { busyTimeoutMs: 0 });
    assertOpsdeskTables(database, file);
  } catch (error) {
    database?.close();
    if (isDamagedError(error)) throw damagedDatabase(file, [(error as Error).message]);
    throw error;
  }
  const kysely = new Kysely<Database>({ dialect: new ImmediateSqliteDialect(database) });
  return {
    kysely,
    dialect: 'sqlite',
    sqlite: database,
    close: async () => {
      await kysely.destroy();
    },
  };
}

/**
 * One connection to the embedded database, set up the same way wherever it is opened (main or helper thread). A
 * helper thread may sleep on a lock (busy_timeout); the main thread's connection passes 0 and waits asynchronously.
 */
export function openSqliteConnection(file: string, options: { busyTimeoutMs?: number } = {}): SQLite.Database {
  const database = new SQLite(file);
  database.pragma('journal_mode = WAL');
  // FULL: a committed transaction survives power loss, which is what "acknowledged = committed" promises.
  database.pragma('synchronous = FULL');
  database.pragma(`busy_timeout = ${options.busyTimeoutMs ?? LOCK_WAIT_MS}`);
  // Checkpoint every ~64 MB of WAL rather than 4 MB: ingest writes continuously, and fewer, larger checkpoints cost
  // less: hot index pages are copied once per checkpoint, not once per few batches (bench/ingest.bench.ts: 45,600 →
  // 50,100 events/s). The file is cut back to 128 MB after a checkpoint so it does not stay large.
  database.pragma('wal_autocheckpoint = 16000');
  database.pragma('journal_size_limit = 134217728');
  database.pragma('foreign_keys = ON');
  // 64 MiB of page cache a connection, not SQLite's 2 MiB: at a million incidents the list's indexes and the recent
  // rows no longer fit in 2 MiB, and every page read past it is a system call. It grows only as pages are read.
  database.pragma('cache_size = -65536');
  // Gathering the planner's statistics (PRAGMA optimize, main.ts) looks at a bounded sample, so it stays quick.
  database.pragma('analysis_limit = 400');
  return database;
}

/** int8 (bigint) columns hold epoch milliseconds and sequence numbers, all well inside 2^53: parse them as numbers. */
const INT8_OID = 20;
const pgTypes = {
  getTypeParser: (oid: number, format?: 'text' | 'binary') =>
    oid === INT8_OID ? (value: string) => Number(value) : pg.types.getTypeParser(oid, format),
};

function openPostgres(target: Extract<DbTarget, { kind: 'postgres' }>): Db {
  const settings: pg.ClientConfig = {
    connectionString: target.url,
    types: pgTypes as pg.CustomTypesConfig,
    ...(target.schema ? { options: `-c search_path=${target.schema}` } : {}),
  };
  const pool = new pg.Pool({ ...settings, max: target.poolSize ?? 10 });
  // An idle client losing its connection must not crash the process; the pool replaces it.
  pool.on('error', () => {});
  const kysely = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return {
    kysely,
    dialect: 'postgres',
    schema: target.schema,
    dedicatedConnection: () => new pg.Client(settings),
    close: async () => {
      await kysely.destroy();
    },
  };
}
