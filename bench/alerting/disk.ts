/**
 * How fast this machine's disk commits right now: bench:ingest's baseline in small — the same event rows inserted by
 * better-sqlite3 into the same table (WAL, synchronous=FULL), 1,000 a transaction. The virtual disk here changes speed
 * from hour to hour; this says which kind of hour a run had.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { openDatabase } from '../../server/db/database.ts';
import { migrateToLatest } from '../../server/db/migrator.ts';
import { perSec } from './measure.ts';

export async function diskCheck(rows = 100_000): Promise<number> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'opsdesk-bench-disk-'));
  const file = path.join(dir, 'opsdesk.sqlite');
  try {
    const db = openDatabase({ kind: 'sqlite', file });
    await migrateToLatest(db);
    await db.close();
    const raw = new SQLite(file);
    raw.pragma('journal_mode = WAL');
    raw.pragma('synchronous = FULL');
    const insert = raw.prepare('insert into events (id, kind, ts, received_at, device_code, site_code, source, labels, data) values (?, ?, ?, ?, ?, ?, ?, ?, ?)');
    const write = raw.transaction((from: number, now: number) => {
      for (let i = from; i < from + 1000; i++) insert.run(`disk${String(i).padStart(10, '0')}`, 'metric', now, now, `POS-S${String(i % 100).padStart(3, '0')}-001`, 'site-001', 'http', null, '{"name":"pos.txn_latency_ms","value":412.5}');
    });
    const started = performance.now();
    for (let n = 0; n < rows; n += 1000) write(n, Date.now());
    const ms = performance.now() - started;
    raw.close();
    return perSec(rows, ms);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
