import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../../testing/databases.ts';
import { describeEachDatabase } from '../../testing/each-database.ts';
import type { TransactionsTable } from './ingest.tables.ts';
import { streamTransactions } from './transactions.read.ts';

/**
 * Reading a span of stored transactions for others (reconciliation's live source): keyset pages in (device time, txn
 * id) order, so rows that share a device time across a page boundary are neither skipped nor repeated, and the span's
 * ends are [from, to).
 */
describeEachDatabase('streamTransactions on %s', (dialect) => {
  let t: TestDb;
  const row = (txn_id: string, device_ts: number, source = 'live'): TransactionsTable => ({
    txn_id,
    event_id: `e-${txn_id}`,
    type: 'consume',
    amount_fen: 100,
    account: null,
    card: null,
    channel: 'card',
    status: 'ok',
    error_code: null,
    card_counter: null,
    balance_before_fen: null,
    balance_after_fen: null,
    device_code: 'POS-1',
    site_code: null,
    device_ts,
    collected_at: device_ts,
    offline: source === 'backfill' ? 1 : 0,
    source,
  });

  beforeAll(async () => {
    t = await createTestDb(dialect);
    const rows = [row('A', 999), row('B', 1000), row('D', 1000), row('C', 1000), row('E', 1001, 'backfill'), row('F', 1001), row('G', 1002), row('H', 2000)];
    await t.db.kysely.insertInto('transactions').values(rows).execute();
  });
  afterAll(async () => t.destroy());

  it('pages by device time then id, within [from, to), whatever the page size', async () => {
    for (const pageSize of [1, 2, 3, 100]) {
      const seen: string[] = [];
      for await (const r of streamTransactions(t.db.kysely, { from: 1000, to: 2000 }, pageSize)) seen.push(r.txn_id);
      expect(seen, `page size ${pageSize}`).toEqual(['B', 'C', 'D', 'E', 'F', 'G']);
    }
    const first = await streamTransactions(t.db.kysely, { from: 1001, to: 1002 }).next();
    expect(first.value).toMatchObject({ txn_id: 'E', source: 'backfill', offline: 1, device_ts: 1001, amount_fen: 100 });
    expect(typeof (first.value as TransactionsTable).device_ts).toBe('number');
  });
});
