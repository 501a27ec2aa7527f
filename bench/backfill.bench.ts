/**
 * Back-fill import speed (issue 12: "imports of 100,000 rows in ≤ 10 s"). A CSV of hand-written records — sales,
 * checks and counter payments on 20 handhelds and ticket windows — goes through `POST /api/v1/incidents/{id}/backfill/
 * imports` of a real app on a fresh SQLite file (WAL, synchronous=FULL): read and decode, every row checked (device,
 * outage window, repeats in the file and against what is stored), and written all at once in batches in one transaction
 * with the audit record and the timeline line.
 *
 * Baseline, measured in the same run on the same file system: bare better-sqlite3 prepared INSERTs of the same
 * transactions and backfill_records rows in one transaction, into a fresh migrated database — what the write alone
 * costs without reading or checking anything.
 *
 *   node --import tsx bench/backfill.bench.ts [-- --rows 100000]
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { openDatabase } from '../server/db/database.ts';
import { migrateToLatest } from '../server/db/migrator.ts';
import { createTestApp } from '../server/testing/app.ts';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const ROWS = arg('rows', 100_000);
const DEVICES = 20;
// 2026-11-10 10:00 in Shanghai: the incident opens then; the records fall in the next three hours.
const START = Date.parse('2026-11-10T02:00:00Z');
const KINDS = ['售票', '检票', '收款'] as const;

function csv(): string {
  const lines = ['类型,记录号,设备编号,时间,金额（元）,支付方式,备注'];
  for (let i = 0; i < ROWS; i++) {
    const kind = KINDS[i % 3]!;
    const local = new Date(START + 8 * 3_600_000 + Math.floor((i / ROWS) * 3 * 3_600_000)).toISOString().slice(0, 19).replace('T', ' ');
    const amount = kind === '检票' ? '' : `${(i % 200) + 1}.${String(i % 100).padStart(2, '0')}`;
    lines.push(`${kind},R-${String(i).padStart(7, '0')},BF-${i % DEVICES},${local},${amount},现金,`);
  }
  return `${lines.join('\n')}\n`;
}

async function opsdesk(body: Buffer): Promise<{ ms: number; imported: number }> {
  const t = await createTestApp('sqlite', { OPSDESK_SESSION_IDLE_MINUTES: '1440', OPSDESK_SESSION_ABSOLUTE_HOURS: '720' });
  try {
    t.clock.set(START + 4 * 3_600_000);
    const admin = await t.loginAdmin();
    const site = (await t.call(admin, { method: 'POST', url: '/api/v1/sites', payload: { code: 'bench', name: '景区' } })).json();
    for (let d = 0; d < DEVICES; d++) {
      await t.call(admin, { method: 'POST', url: '/api/v1/devices', payload: { code: `BF-${d}`, name: `手持机 ${d}`, type: 'handheld', subsystem: 'ticketing', siteId: site.id } });
    }
    t.clock.set(START);
    const incident = (await t.call(admin, { method: 'POST', url: '/api/v1/incidents', payload: { title: '售票系统故障', siteId: site.id, impact: 'high', urgency: 'high' } })).json();
    t.clock.set(START + 4 * 3_600_000);
    const started = performance.now();
    const res = await t.call(admin, { method: 'POST', url: `/api/v1/incidents/${incident.id}/backfill/imports`, payload: body, headers: { 'content-type': 'text/csv' } });
    const ms = performance.now() - started;
    if (res.statusCode !== 200) throw new Error(`import refused: ${res.statusCode} ${res.body.slice(0, 500)}`);
    return { ms, imported: (res.json() as { imported: number }).imported };
  } finally {
    await t.close();
  }
}

async function baseline(): Promise<number> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'opsdesk-bench-backfill-'));
  const file = path.join(dir, 'opsdesk.sqlite');
  const db = openDatabase({ kind: 'sqlite', file });
  await migrateToLatest(db);
  await db.kysely.destroy();
  const raw = new SQLite(file);
  raw.pragma('journal_mode = WAL');
  raw.pragma('synchronous = FULL');
  raw.pragma('foreign_keys = OFF');
  const txn = raw.prepare(
    `insert into transactions (txn_id, event_id, type, amount_fen, account, card, channel, status, error_code, card_counter, balance_before_fen,
      balance_after_fen, device_code, site_code, device_ts, collected_at, offline, source) values (?, ?, ?, ?, null, null, 'cash', 'ok', null, null, null, null, ?, 'bench', ?, ?, 1, 'backfill')`,
  );
  const rec = raw.prepare(
    `insert into backfill_records (id, incident_id, kind, device_code, record_no, txn_id, amount_fen, occurred_at, entered_via, import_id, note, entered_by, entered_by_name, created_at)
      values (?, 'inc', ?, ?, ?, ?, ?, ?, 'import', null, null, null, 'bench', ?)`,
  );
  const kinds = ['ticket_sale', 'ticket_check', 'counter_payment'];
  const started = performance.now();
  raw.transaction(() => {
    for (let i = 0; i < ROWS; i++) {
      const device = `BF-${i % DEVICES}`;
      const no = `R-${String(i).padStart(7, '0')}`;
      const id = `01BENCH${String(i).padStart(19, '0')}`;
      const at = START + Math.floor((i / ROWS) * 3 * 3_600_000);
      const fen = i % 3 === 1 ? 0 : ((i % 200) + 1) * 100 + (i % 100);
      txn.run(`backfill:${device}:${no}`, `backfill:${id}`, kinds[i % 3] === 'counter_payment' ? 'consume' : kinds[i % 3], fen, device, at, START);
      rec.run(id, kinds[i % 3], device, no, `backfill:${device}:${no}`, fen, at, START);
    }
  })();
  const ms = performance.now() - started;
  raw.close();
  fs.rmSync(dir, { recursive: true, force: true });
  return ms;
}

async function main() {
  const body = Buffer.from(csv(), 'utf8');
  const base = await baseline();
  const run = await opsdesk(body);
  if (run.imported !== ROWS) throw new Error(`imported ${run.imported} of ${ROWS}`);
  const figures = {
    rows: ROWS,
    bytes: body.length,
    importMs: Math.round(run.ms),
    rowsPerSec: Math.round((ROWS / run.ms) * 1000),
    baselineMs: Math.round(base),
    baselineRowsPerSec: Math.round((ROWS / base) * 1000),
    ratio: Number((run.ms / base).toFixed(2)),
    targetMs: 10_000,
  };
  console.log(`back-fill import of ${ROWS.toLocaleString('en')} CSV rows (${(body.length / 1_048_576).toFixed(1)} MiB), SQLite, ${os.cpus().length} cores, Node ${process.version}`);
  console.log('| path | ms | rows/s | ratio to baseline |');
  console.log('|---|---:|---:|---:|');
  console.log(`| POST /incidents/{id}/backfill/imports (read, check, write, audit) | ${figures.importMs} | ${figures.rowsPerSec} | ${figures.ratio} |`);
  console.log(`| baseline: bare prepared INSERTs of the same rows, one transaction | ${figures.baselineMs} | ${figures.baselineRowsPerSec} | 1 |`);
  console.log(`BENCH ${JSON.stringify({ name: 'backfill', ...figures })}`);
}

await main();
