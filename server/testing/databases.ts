import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
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

/** A fresh, migrated, isolated database: a temporary SQLite file, or a new PostgreSQL schema. */
export async function createTestDb(dialect: Dialect, options: { migrate?: boolean } = {}): Promise<TestDb> {
  const migrate = options.migrate ?? true;
  if (dialect === 'sqlite') {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'opsdesk-test-'));
    const file = path.join(dir, 'opsdesk.sqlite');
    const db = openDatabase({ kind: 'sqlite', file });
    if (migrate) await migrateToLatest(db);
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

  const url = process.env.OPSDESK_TEST_PG_URL;
  if (!url) throw new Error('OPSDESK_TEST_PG_URL is not set');
  const schema = `t_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`create schema ${schema}`);
  await admin.end();
  const db = openDatabase({ kind: 'postgres', url, schema, poolSize: 5 });
  const opened: Db[] = [db];
  const destroy = async () => {
    for (const d of opened) await d.close();
    const cleanup = new pg.Client({ connectionString: url });
    await cleanup.connect();
    await cleanup.query(`drop schema if exists ${schema} cascade`);
    await cleanup.end();
  };
  if (migrate) {
    try {
      await migrateToLatest(db);
    } catch (error) {
      await destroy();
      throw error;
    }
  }
  return {
    db,
    file: null,
    pg: { url, schema },
    reopen: () => {
      const again = openDatabase({ kind: 'postgres', url, schema, poolSize: 5 });
      opened.push(again);
      return again;
    },
    destroy,
  };
}
