import type { Executor } from '../../db/types.ts';
import { keysOf } from '../../db/keyset.ts';
import { TRANSACTION_ORDER, transactionsPage } from './ingest.repository.ts';
import type { TransactionsTable } from './ingest.tables.ts';

/** Rows read per query: a page is a few hundred KiB whatever the span holds. */
export const TRANSACTION_PAGE = 2000;

/**
 * The stored transactions whose device time is in [from, to), streamed in (device time, txn id) order, one keyset page
 * at a time, so memory stays bounded by a page however many the span holds (reconciliation reads a day of the estate
 * this way). Each page is its own query: rows written while reading appear if they sort after the position reached.
 */
export async function* streamTransactions(db: Executor, span: { from: number; to: number }, pageSize = TRANSACTION_PAGE): AsyncGenerator<TransactionsTable> {
  let after: (number | string)[] | undefined;
  for (;;) {
    const rows = await transactionsPage(db, span.from, span.to, after ? { after, limit: pageSize } : { limit: pageSize });
    for (const row of rows) yield row;
    if (rows.length < pageSize) return;
    after = keysOf(TRANSACTION_ORDER, rows[rows.length - 1]!);
  }
}
