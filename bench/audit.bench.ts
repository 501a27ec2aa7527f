/**
 * Audit log throughput on the embedded SQLite (WAL, synchronous=FULL): appends with one fsync per transaction, in
 * batches, and chain verification. Each figure comes with a baseline measured in the same run on the same file
 * system: bare better-sqlite3 inserts of the same rows (no hashing, no chain), and a bare scan for verification.
 *
 *   npm run bench:audit [-- --records 100000]
 */
import { generateKeyPairSync } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { ManualClock } from '../server/clock.ts';
import { openDatabase } from '../server/db/database.ts';
import { migrateToLatest } from '../server/db/migrator.ts';
import { createSigner } from '../server/modules/audit/audit.chain.ts';
import { createAuditLog, verifyChain, type AuditEntry } from '../server/modules/audit/audit.service.ts';
import { systemContext } from '../server/modules/auth/actor.ts';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const SINGLE = arg('single', 2_000);
const BATCHED = arg('records', 100_000);
const BATCH = 100;

const entry = (i: number): AuditEntry => ({
  action: 'user.update',
  targetType: 'user',
  targetId: `01JD${String(i).padStart(22, '0')}`,
  before: { displayName: '值班工程师', roleIds: ['engineer'], status: 'active', phone: '138****1234' },
  after: { displayName: '值班工程师', roleIds: ['engineer', 'dispatcher'], status: 'active', phone: '138****1234' },
});

const perSec = (count: number, ms: number) => Math.round((count / ms) * 1000);
const time = async (fn: () => Promise<void> | void) => {
  const started = performance.now();
  await fn();
  return performance.now() - started;
};

async function main() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'opsdesk-bench-audit-'));
  const file = path.join(dir, 'opsdesk.sqlite');
  const db = openDatabase({ kind: 'sqlite', file });
  await migrateToLatest(db);
  const audit = createAuditLog({ db, clock: new ManualClock(), signer: createSigner(generateKeyPairSync('ed25519').privateKey), checkpointEveryRecords: 1000 });
  const ctx = systemContext('bench');

  const singleMs = await time(async () => {
    for (let i = 0; i < SINGLE; i++) await db.kysely.transaction().execute((trx) => audit.append(trx, ctx, entry(i)));
  });
  const batchedMs = await time(async () => {
    for (let i = 0; i < BATCHED; i += BATCH) {
      const entries = Array.from({ length: BATCH }, (_, k) => entry(SINGLE + i + k));
      await db.kysely.transaction().execute((trx) => audit.appendMany(trx, ctx, entries));
    }
  });
  const total = SINGLE + BATCHED;
  let verified = 0;
  const verifyMs = await time(async () => {
    const report = await verifyChain(db, new Map());
    if (!report.ok) throw new Error(`the benchmark's own chain does not verify: ${report.problems[0]?.message}`);
    verified = report.recordsChecked;
  });
  await db.close();

  // Baselines: the same rows through better-sqlite3 directly, into a plain copy of the table, same pragmas.
  const raw = new SQLite(path.join(dir, 'baseline.sqlite'));
  raw.pragma('journal_mode = WAL');
  raw.pragma('synchronous = FULL');
  raw.exec(`create table audit_log (seq bigint primary key, ts bigint, actor_id text, actor_name text, actor_roles text, ip text, action text,
    target_type text, target_id text, before text, after text, reason text, request_id text, prev_hash text, hash text)`);
  const insert = raw.prepare('insert into audit_log values (?, ?, null, ?, ?, null, ?, ?, ?, ?, ?, null, null, ?, ?)');
  const row = (i: number) => {
    const e = entry(i);
    return [i + 1, 0, 'bench', '[]', e.action, e.targetType, e.targetId, JSON.stringify(e.before), JSON.stringify(e.after), 'f'.repeat(64), 'e'.repeat(64)];
  };
  const one = raw.transaction((i: number) => insert.run(...row(i)));
  const many = raw.transaction((from: number) => {
    for (let k = 0; k < BATCH; k++) insert.run(...row(from + k));
  });
  const baseSingleMs = await time(() => {
    for (let i = 0; i < SINGLE; i++) one(i);
  });
  const baseBatchedMs = await time(() => {
    for (let i = 0; i < BATCHED; i += BATCH) many(SINGLE + i);
  });
  let scanned = 0;
  const baseScanMs = await time(() => {
    for (const _ of raw.prepare('select * from audit_log order by seq').iterate()) scanned++;
  });
  raw.close();
  fs.rmSync(dir, { recursive: true, force: true });

  const figures = {
    appendPerSec: perSec(SINGLE, singleMs),
    appendBaselinePerSec: perSec(SINGLE, baseSingleMs),
    appendBatchedPerSec: perSec(BATCHED, batchedMs),
    appendBatchedBaselinePerSec: perSec(BATCHED, baseBatchedMs),
    verifyPerSec: perSec(verified, verifyMs),
    scanBaselinePerSec: perSec(scanned, baseScanMs),
  };
  const rows = [
    ['append, 1 record a transaction (fsync each)', figures.appendPerSec, figures.appendBaselinePerSec],
    [`append, ${BATCH} records a transaction`, figures.appendBatchedPerSec, figures.appendBatchedBaselinePerSec],
    ['verify chain (hash + order + checkpoints)', figures.verifyPerSec, figures.scanBaselinePerSec],
  ] as const;
  console.log(`audit log, ${total.toLocaleString('en')} records, SQLite WAL synchronous=FULL, ${os.cpus().length} cores (${os.cpus()[0]?.model ?? 'unknown cpu'})`);
  console.log('| operation | opsdesk records/s | baseline rows/s | ratio |');
  console.log('|---|---:|---:|---:|');
  for (const [name, value, base] of rows) console.log(`| ${name} | ${value.toLocaleString('en')} | ${base.toLocaleString('en')} | ${(value / base).toFixed(2)} |`);
  console.log('baselines: bare better-sqlite3 inserts of the same rows without hashing or chaining; a bare ordered scan of the table');
  console.log(`BENCH ${JSON.stringify({ name: 'audit', ...figures })}`);
}

await main();
