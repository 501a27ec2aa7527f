import type { BalanceRow } from '../importers/balance-csv.ts';
import { readParquetPage, writeParquetFile, type PageOptions } from './record-file.ts';
import { toSafeNumber } from './schema.ts';

/**
 * Balance files: an account daily settlement (importers/balance-csv.ts) as one Parquet file, the way record files
 * hold transactions — streamed through DuckDB's appender, money as BIGINT fen, written in a private scratch directory
 * and renamed into place (0600 in a 0700 directory). The balance checks (balances.ts) read them.
 */
export const BALANCE_COLUMNS = [
  ['row_key', 'BIGINT'],
  ['file', 'VARCHAR'],
  ['line', 'BIGINT'],
  ['raw', 'VARCHAR'],
  ['day', 'VARCHAR'],
  ['account', 'VARCHAR'],
  ['card', 'VARCHAR'],
  ['opening_fen', 'BIGINT'],
  ['recharge_fen', 'BIGINT'],
  ['consumption_fen', 'BIGINT'],
  ['closing_fen', 'BIGINT'],
  ['card_balance_fen', 'BIGINT'],
] as const;

export async function writeBalanceFile(rows: AsyncIterable<BalanceRow> | Iterable<BalanceRow>, path: string): Promise<{ rows: number }> {
  const ddl = BALANCE_COLUMNS.map(([n, t]) => `${n} ${t}`).join(', ');
  const count = await writeParquetFile(path, ddl, async (a, endRow) => {
    const text = (v: string | null) => (v === null ? a.appendNull() : a.appendVarchar(v));
    const big = (v: number | null) => (v === null ? a.appendNull() : a.appendBigInt(BigInt(v)));
    let count = 0;
    for await (const r of rows) {
      count++;
      big(count);
      text(r.provenance.file);
      big(r.provenance.line);
      text(r.provenance.raw);
      text(r.day);
      text(r.account);
      text(r.card);
      big(r.openingFen);
      big(r.rechargeFen);
      big(r.consumptionFen);
      big(r.closingFen);
      big(r.cardBalanceFen);
      endRow();
    }
    return count;
  });
  return { rows: count };
}

/** A DuckDB row of a balance file back to a BalanceRow. */
export function balanceFromRow(row: Record<string, unknown>): BalanceRow & { rowKey: number } {
  const num = (v: unknown): number | null => (v === null || v === undefined ? null : toSafeNumber(v));
  return {
    rowKey: num(row.row_key) ?? 0,
    day: String(row.day),
    account: String(row.account),
    card: row.card === null || row.card === undefined ? null : String(row.card),
    openingFen: num(row.opening_fen)!,
    rechargeFen: num(row.recharge_fen)!,
    consumptionFen: num(row.consumption_fen),
    closingFen: num(row.closing_fen)!,
    cardBalanceFen: num(row.card_balance_fen),
    provenance: { file: String(row.file ?? ''), line: num(row.line) ?? 0, raw: String(row.raw ?? '') },
  };
}

/** A few rows of a balance file, in file order: previews and tests. */
export async function readBalanceFile(path: string, options: PageOptions = {}): Promise<(BalanceRow & { rowKey: number })[]> {
  return (await readParquetPage(path, options)).map(balanceFromRow);
}
