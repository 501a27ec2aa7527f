import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { openDatabase, type Db, type Dialect } from '../db/database.ts';
import { migrateToLatest } from '../db/migrator.ts';

export interface TestDb {
  db: Db;
  /** Where a second connection (another "node") can open the same database. */
  reopen(): Db;
  /** SQLite file path (for CLI tests); null on PostgreSQL. */
  file: string | null;
  /** PostgreSQL URL and schema (for CLI tests); null on SQLite. */
  pg: { url: string; schema: string } | null;
  destroy(): Promise<void>;
}

/**
 * A fresh, migrated, isolated database: a temporary SQLite file, or a PostgreSQL database of its own.
 *
 * Migrating takes a second or more per database and the suite makes hundreds, so a migrated one is made once per set
 * of migrations (a template, named by the hash of the migrations' sources) and copied: the SQLite file is copied, the
 * PostgreSQL database is created from the template database. `migrate: false` starts empty, for migration tests.
 */
export async function createTestDb(dialect: Dialect, options: { migrate?: boolean } = {}): Promise<TestDb> {
  const migrate = options.migrate ?? true;
  return dialect === 'sqlite' ? createSqliteTestDb(migrate) : createPostgresTestDb(migrate);
}

/** The PostgreSQL schema opsdesk lives in inside every test database (the template's, copied with it). */
const PG_SCHEMA = 'opsdesk_test';
/** Test databases are named `opsdesk_t_<pid>_<random>`: sweepTestDatabases() drops those whose process is gone. */
const PG_DATABASE_PREFIX = 'opsdesk_t_';

async function createSqliteTestDb(migrate: boolean): Promise<TestDb> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'opsdesk-test-'));
  const file = path.join(dir, 'opsdesk.sqlite');
  if (migrate) fs.copyFileSync(await sqliteTemplate(), file);
  const db = openDatabase({ kind: 'sqlite', file });
  const opened: Db[] = [db];
  return {
    db,
    file,
    pg: null,
    reopen: () => {
      const again = openDatabase({ kind: 'sqlite', file });
      opened.push(again);
      return again;
    },
    destroy: async () => {
      for (const d of opened) await d.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The migrated SQLite file for the current migrations, made once (atomically, by whichever process comes first). */
async function sqliteTemplate(): Promise<string> {
  const template = path.join(os.tmpdir(), `opsdesk-test-template-${migrationsHash()}.sqlite`);
  if (fs.existsSync(template)) return template;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'opsdesk-template-'));
  try {
    const file = path.join(dir, 'opsdesk.sqlite');
    const db = openDatabase({ kind: 'sqlite', file });
    await migrateToLatest(db);
    db.sqlite!.pragma('wal_checkpoint(TRUNCATE)');
    await db.close();
    fs.renameSync(file, template);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  return template;
}

async function createPostgresTestDb(migrate: boolean): Promise<TestDb> {
  const base = testPostgresUrl();
  const name = `${PG_DATABASE_PREFIX}${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
  const url = databaseUrl(base, name);
  await withClient(base, async (c) => {
    if (migrate) await c.query(`create database ${name} template ${await postgresTemplate(base)}`);
    else await c.query(`create database ${name}`);
    // Tests commit without waiting for the WAL flush: a test never survives a power cut, and the suite makes hundreds
    // of databases. (A database's settings are not copied from its template, hence here.)
    await c.query(`alter database ${name} set synchronous_commit = off`);
  });
  if (!migrate) await withClient(url, (c) => c.query(`create schema ${PG_SCHEMA}`));
  const open = () => openDatabase({ kind: 'postgres', url, schema: PG_SCHEMA, poolSize: 5 });
  const db = open();
  const opened: Db[] = [db];
  return {
    db,
    file: null,
    pg: { url, schema: PG_SCHEMA },
    reopen: () => {
      const again = open();
      opened.push(again);
      return again;
    },
    destroy: async () => {
      for (const d of opened) await d.close();
      // FORCE: a server process a test started and killed may still hold a connection for a moment.
      await withClient(base, (c) => c.query(`drop database if exists ${name} with (force)`));
    },
  };
}

/**
 * The template database for the current migrations, made once: the first process to take the advisory lock builds
 * it under a temporary name and renames it when complete, so a half-built template is never copied.
 */
async function postgresTemplate(base: string): Promise<string> {
  const hash = migrationsHash();
  const template = `opsdesk_tpl_${hash}`;
  return withClient(base, async (c) => {
    const exists = async () => (await c.query('select 1 from pg_database where datname = $1', [template])).rowCount === 1;
    if (await exists()) return template;
    const lock = Number.parseInt(hash.slice(0, 8), 16);
    await c.query('select pg_advisory_lock($1)', [lock]);
    try {
      if (await exists()) return template;
      const building = `${template}_building`;
      await c.query(`drop database if exists ${building} with (force)`);
      await c.query(`create database ${building}`);
      await withClient(databaseUrl(base, building), (b) => b.query(`create schema ${PG_SCHEMA}`));
      const db = openDatabase({ kind: 'postgres', url: databaseUrl(base, building), schema: PG_SCHEMA, poolSize: 1 });
      try {
        await migrateToLatest(db);
      } finally {
        await db.close();
      }
      await c.query(`alter database ${building} rename to ${template}`);
      return template;
    } finally {
      await c.query('select pg_advisory_unlock($1)', [lock]);
    }
  });
}

/**
 * Drops the test databases left by test processes that are gone (killed or crashed before their clean-up). Run before
 * a test run; the databases of a live process (another run on this machine) are left alone. Templates stay: one per
 * set of migrations, small, and possibly in use by a run of another checkout.
 */
export async function sweepTestDatabases(): Promise<void> {
  await withClient(testPostgresUrl(), async (c) => {
    const { rows } = await c.query<{ datname: string }>(`select datname from pg_database where datname like 'opsdesk\\_t\\_%'`);
    for (const { datname } of rows) {
      const pid = Number(datname.slice(PG_DATABASE_PREFIX.length).split('_')[0]);
      if (!processAlive(pid)) await c.query(`drop database if exists ${datname} with (force)`);
    }
  });
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function testPostgresUrl(): string {
  const url = process.env.OPSDESK_TEST_PG_URL;
  if (!url) throw new Error('OPSDESK_TEST_PG_URL is not set');
  return url;
}

/** The URL of another database on the test server. */
function databaseUrl(base: string, database: string): string {
  const url = new URL(base);
  url.pathname = `/${database}`;
  return url.toString();
}

async function withClient<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

let hashOfMigrations: string | undefined;

/** Names the templates: the migrations' sources and the migrator, hashed, so any change makes a new template. */
function migrationsHash(): string {
  if (hashOfMigrations) return hashOfMigrations;
  const dbDir = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'db');
  const migrationsDir = path.join(dbDir, 'migrations');
  const files = [path.join(dbDir, 'migrator.ts'), ...fs.readdirSync(migrationsDir).sort().map((f) => path.join(migrationsDir, f))];
  const hash = createHash('sha256');
  for (const file of files) hash.update(file.slice(dbDir.length)).update(fs.readFileSync(file));
  hashOfMigrations = hash.digest('hex').slice(0, 16);
  return hashOfMigrations;
}
