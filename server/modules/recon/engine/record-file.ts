import { chmodSync, mkdirSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { DuckDBAppender, DuckDBListType } from '@duckdb/node-api';
import type { NormalizedRecord } from '../importers/index.ts';
import { lit, openDuck, type Duck } from './duck.ts';
import { recordFromRow, TABLE_DDL } from './schema.ts';

/**
 * Record files: a side's normalized records as one Parquet file, written through DuckDB's appender into a table that
 * DuckDB spills to disk past its memory limit, then copied to Parquet. The records are streamed in (never held as an
 * array here), and the file appears only when complete: it is written in a private directory beside the target and
 * renamed into place, mode 0600 in a directory created 0700.
 */
const FLUSH_EVERY = 50_000;

export async function writeRecordFile(records: AsyncIterable<NormalizedRecord> | Iterable<NormalizedRecord>, path: string): Promise<{ records: number }> {
  const dir = dirname(path);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const scratch = mkdtempSync(join(dir, `.${basename(path)}.`));
  const duck = await openDuck({ tempDir: join(scratch, 'spill'), memoryLimit: '512MB' });
  let count = 0;
  try {
    await duck.run(`CREATE TABLE rec (${TABLE_DDL})`);
    const appender = await duck.conn.createAppender('rec');
    const list = await listOfText();
    for await (const r of records) {
      count++;
      appendRecord(appender, list, r, count);
      if (count % FLUSH_EVERY === 0) appender.flushSync();
    }
    appender.closeSync();
    const tmp = join(scratch, 'out.parquet');
    await duck.run(`COPY (SELECT * FROM rec ORDER BY row_key) TO ${lit(tmp)} (FORMAT parquet, COMPRESSION zstd)`);
    chmodSync(tmp, 0o600);
    renameSync(tmp, path);
  } finally {
    duck.close();
    rmSync(scratch, { recursive: true, force: true });
  }
  return { records: count };
}

/** Whole records with their row keys into a table of the record columns (`TABLE_DDL`). */
export async function appendRecords(duck: Duck, table: string, records: Iterable<NormalizedRecord & { rowKey: number }>): Promise<void> {
  const appender = await duck.conn.createAppender(table);
  const list = await listOfText();
  for (const r of records) appendRecord(appender, list, r, r.rowKey);
  appender.closeSync();
}

/** VARCHAR[], the type of `lost_ids` (the binding is loaded already once a Duck is open). */
async function listOfText(): Promise<DuckDBListType> {
  const { LIST, VARCHAR } = await import('@duckdb/node-api');
  return LIST(VARCHAR);
}

function appendRecord(a: DuckDBAppender, list: DuckDBListType, r: NormalizedRecord, rowKey: number): void {
  const text = (v: string | null) => (v === null ? a.appendNull() : a.appendVarchar(v));
  const big = (v: number | null) => (v === null ? a.appendNull() : a.appendBigInt(BigInt(v)));
  big(rowKey);
  text(r.provenance.file);
  big(r.provenance.line);
  text(r.provenance.raw);
  text(r.source);
  text(r.txnId);
  text(r.channelOrderId);
  text(r.merchantOrderId);
  text(r.thirdPartyOrderId);
  text(r.refundId);
  text(r.merchantRefundId);
  text(r.account);
  text(r.card);
  text(r.terminal);
  text(r.channel);
  text(r.type);
  text(r.direction);
  big(r.amountFen);
  big(r.feeFen);
  text(r.currency);
  text(r.status);
  text(r.statusRaw);
  big(r.txnTime);
  big(r.collectedAt);
  if (r.offline === null) a.appendNull();
  else a.appendBoolean(r.offline);
  big(r.balanceBeforeFen);
  big(r.balanceAfterFen);
  big(r.cardCounter);
  a.appendList(r.lostIds, list);
  a.appendBoolean(r.unmatchable);
  a.endRow();
}

/** A few records of a record file, in file order: previews and tests, not a way to read a whole side. */
export async function readRecordFile(path: string, options: { limit?: number; offset?: number } = {}): Promise<(NormalizedRecord & { rowKey: number })[]> {
  const limit = Math.max(0, Math.min(options.limit ?? 1000, 100_000));
  const offset = Math.max(0, options.offset ?? 0);
  const scratch = mkdtempSync(join(dirname(path), `.${basename(path)}.read.`));
  const duck = await openDuck({ tempDir: scratch, memoryLimit: '256MB', threads: 1 });
  try {
    const rows = await duck.rows(`SELECT * FROM read_parquet(${lit(path)}) ORDER BY row_key LIMIT ${limit} OFFSET ${offset}`);
    return rows.map(recordFromRow);
  } finally {
    duck.close();
    rmSync(scratch, { recursive: true, force: true });
  }
}
