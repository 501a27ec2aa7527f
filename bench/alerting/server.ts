/**
 * A benchmark database and the real `opsdesk serve` on it: a data directory (and, on PostgreSQL, a schema of its
 * own), migrated and filled by the benchmark before the server starts, then the server as a child process, an API
 * token, and a second connection of the benchmark's own to watch what the server did (the evaluator's cursor, alert
 * rows) without going through the API it is measuring.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { openDatabase, type Db } from '../../server/db/database.ts';
import { migrateToLatest } from '../../server/db/migrator.ts';
import { EVALUATOR_CONSUMER } from '../../server/modules/alerting/engine/evaluator.ts';
import { ADMIN_PASSWORD } from '../../server/testing/app.ts';
import { createToken, startServerProcess, type ServerProcess } from '../../server/testing/server-process.ts';

export type BenchDialect = 'sqlite' | 'postgres';

export interface BenchDb {
  dialect: BenchDialect;
  db: Db;
  dir: string;
  env: Record<string, string>;
  destroy(): Promise<void>;
}

/** A new, migrated database: a SQLite file in a temporary directory, or a new schema on OPSDESK_BENCH_PG_URL. */
export async function createBenchDb(dialect: BenchDialect, pgUrl: string | null): Promise<BenchDb> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'opsdesk-bench-alerting-'));
  if (dialect === 'sqlite') {
    const db = openDatabase({ kind: 'sqlite', file: path.join(dir, 'opsdesk.sqlite') });
    await migrateToLatest(db);
    return {
      dialect,
      db,
      dir,
      env: {},
      destroy: async () => {
        await db.close();
        fs.rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  if (!pgUrl) throw new Error('PostgreSQL needs OPSDESK_BENCH_PG_URL');
  const schema = `bench_alerting_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
  const admin = new pg.Client({ connectionString: pgUrl });
  await admin.connect();
  await admin.query(`create schema ${schema}`);
  await admin.end();
  const db = openDatabase({ kind: 'postgres', url: pgUrl, schema, poolSize: 3 });
  await migrateToLatest(db);
  return {
    dialect,
    db,
    dir,
    env: { OPSDESK_DATABASE_URL: pgUrl, OPSDESK_DATABASE_SCHEMA: schema },
    destroy: async () => {
      await db.close();
      const cleanup = new pg.Client({ connectionString: pgUrl });
      await cleanup.connect();
      await cleanup.query(`drop schema if exists ${schema} cascade`);
      await cleanup.end();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface BenchServer {
  server: ServerProcess;
  token: string;
}

/** Starts `opsdesk serve` on the database with the worker (the alerting tick, the silence sweep) and no demo. */
export async function startBenchServer(bench: BenchDb, env: Record<string, string> = {}, nodeArgs: string[] = []): Promise<BenchServer> {
  const server = await startServerProcess({
    dataDir: bench.dir,
    nodeArgs,
    timeoutMs: 120_000,
    env: { OPSDESK_ADMIN_PASSWORD: ADMIN_PASSWORD, OPSDESK_RATE_LIMIT_PER_MINUTE: '0', OPSDESK_LOG_LEVEL: 'warn', ...bench.env, ...env },
  });
  const token = await createToken(server.url, ADMIN_PASSWORD, ['ingest:write', 'alerts:read', 'estate:read']);
  return { server, token };
}

/** How far the alert evaluator is behind the outbox's head: events appended that it has not handled yet. */
export async function evaluatorLag(db: Db): Promise<{ head: number; cursor: number; behind: number }> {
  const k = db.kysely;
  const head = Number((await k.selectFrom('domain_events').select((eb) => eb.fn.max('position').as('p')).executeTakeFirst())?.p ?? 0);
  const cursor = Number((await k.selectFrom('event_cursors').select('position').where('consumer', '=', EVALUATOR_CONSUMER).executeTakeFirst())?.position ?? 0);
  return { head, cursor, behind: Math.max(0, head - cursor) };
}

/** Waits until the evaluator has handled everything appended up to now; resolves with how long that took. */
export async function waitForEvaluator(db: Db, timeoutMs: number): Promise<{ ms: number; caughtUp: boolean }> {
  const started = performance.now();
  const target = (await evaluatorLag(db)).head;
  for (;;) {
    const { cursor } = await evaluatorLag(db);
    if (cursor >= target) return { ms: performance.now() - started, caughtUp: true };
    if (performance.now() - started > timeoutMs) return { ms: performance.now() - started, caughtUp: false };
    await new Promise((r) => setTimeout(r, 50));
  }
}
