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
  const list = await listOfText();
  const rows = await writeParquetFile(path, TABLE_DDL, async (appender, endRow) => {
    let count = 0;
    for await (const r of records) {
      appendRecord(appender, list, r, ++count);
      endRow();
    }
    return count;
  });
  return { records: rows };
}

/**
 * Rows streamed through DuckDB's appender into a table of `ddl` (spilled past 512 MB), then copied to a Parquet file
 * in row-key order. The file appears only when complete: written in a private directory beside the target and
 * renamed into place, mode 0600 in a directory created 0700. `fill` appends the rows, ends each with `endRow` (which
 * flushes every 50,000, so that a long file spills instead of growing the appender's buffer) and answers how many.
 */
export async function writeParquetFile(path: string, ddl: string, fill: (appender: DuckDBAppender, endRow: () => void) => Promise<number>): Promise<number> {
  const dir = dirname(path);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const scratch = mkdtempSync(join(dir, `.${basename(path)}.`));
  const duck = await openDuck({ tempDir: join(scratch, 'spill'), memoryLimit: '512MB' });
  try {
    await duck.run(`CREATE TABLE rows (${ddl})`);
    const appender = await duck.conn.createAppender('rows');
    let ended = 0;
    const count = await fill(appender, () => {
      appender.endRow();
      if (++ended % FLUSH_EVERY === 0) appender.flushSync();
    });
    appender.closeSync();
    const tmp = join(scratch, 'out.parquet');
    await duck.run(`COPY (SELECT * FROM rows ORDER BY row_key) TO ${lit(tmp)} (FORMAT parquet, COMPRESSION zstd)`);
    chmodSync(tmp, 0o600);
    renameSync(tmp, path);
    return count;
  } finally {
    duck.close();
    rmSync(scratch, { recursive: true, force: true });
  }
}

/** Whole records with their row keys into a table of the record columns (`TABLE_DDL`). */
export async function appendRecords(duck: Duck, table: string, records: Iterable<NormalizedRecord & { rowKey: number }>): Promise<void> {
  const appender = await duck.conn.createAppender(table);
  const list = await listOfText();
  for (const r of records) {
    appendRecord(appender, list, r, r.rowKey);
    appender.endRow();
  }
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
}

/** A few records of a record file, in file order: previews and tests, not a way to read a whole side. */
export async function readRecordFile(path: string, options: PageOptions = {}): Promise<(NormalizedRecord & { rowKey: number })[]> {
  return (await readParquetPage(path, options)).map(recordFromRow);
}

export interface PageOptions {
  limit?: number;
  offset?: number;
}

/** A page of a Parquet file written by writeParquetFile, in row-key order (at most 100,000 rows). */
export async function readParquetPage(path: string, options: PageOptions = {}): Promise<Record<string, unknown>[]> {
  const limit = Math.max(0, Math.min(options.limit ?? 1000, 100_000));
  const offset = Math.max(0, options.offset ?? 0);
  const scratch = mkdtempSync(join(dirname(path), `.${basename(path)}.read.`));
  const duck = await openDuck({ tempDir: scratch, memoryLimit: '256MB', threads: 1 });
  try {
    return await duck.rows(`SELECT * FROM read_parquet(${lit(path)}) ORDER BY row_key LIMIT ${limit} OFFSET ${offset}`);
  } finally {
    duck.close();
    rmSync(scratch, { recursive: true, force: true });
  }
}
