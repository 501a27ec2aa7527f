import type { NormalizedRecord } from '../importers/index.ts';
import type { Duck } from './duck.ts';
import { COLUMN_NAMES, recordFromRow, toSafeNumber } from './schema.ts';

/** A fast-loaded file's lines read again through its importer (`FastLoad.reread`), by the file name its rows carry. */
export type Rereaders = ReadonlyMap<string, (lines: number[]) => Promise<NormalizedRecord[]>>;

export type KeyedRecord = NormalizedRecord & { rowKey: number };

/**
 * Side `l` or `r`'s records of the given keys (a SQL list or subquery), whole, by key. A row the fast loader read in
 * SQL holds only what matching reads (its `raw` is NULL): it is read again from its file through the importer, so
 * what a job shows or carries is the record an import of that line would have made. Only for the few rows a job
 * shows or carries: never a way to read a side.
 */
export async function wholeRecords(duck: Duck, side: 'l' | 'r', keys: string, rereaders: Rereaders): Promise<Map<number, KeyedRecord>> {
  const rows = await duck.rows(`SELECT k, ${COLUMN_NAMES.join(', ')} FROM ${side} WHERE k IN (${keys})`);
  const out = new Map<number, KeyedRecord>();
  const partial = new Map<string, Record<string, unknown>[]>();
  for (const row of rows) {
    if (row.raw !== null && row.raw !== undefined) out.set(toSafeNumber(row.k), recordFromRow(row));
    else partial.set(String(row.file), [...(partial.get(String(row.file)) ?? []), row]);
  }
  for (const [file, list] of partial) {
    const reread = rereaders.get(file);
    if (!reread) throw new Error(`${file}: rows loaded without their text, and no way to read them again`);
    const byLine = new Map((await reread(list.map((r) => toSafeNumber(r.line)))).map((r) => [r.provenance.line, r]));
    for (const row of list) {
      const record = byLine.get(toSafeNumber(row.line));
      if (!record) throw new Error(`${file}: line ${String(row.line)} could not be read again`);
      out.set(toSafeNumber(row.k), { ...record, rowKey: toSafeNumber(row.row_key) });
    }
  }
  return out;
}
