import type { NormalizedRecord } from '../importers/index.ts';

/**
 * The columnar shape of normalized records, shared by the record files (Parquet), the fast CSV loader and the
 * matcher. Money and counters are BIGINT (integer fen, never DOUBLE); times are epoch ms (BIGINT, UTC) as in
 * `NormalizedRecord`; `row_key` numbers the records of one file from 1 in file order.
 */
export const RECORD_COLUMNS = [
  ['row_key', 'BIGINT'],
  ['file', 'VARCHAR'],
  ['line', 'BIGINT'],
  ['raw', 'VARCHAR'],
  ['source', 'VARCHAR'],
  ['txn_id', 'VARCHAR'],
  ['channel_order_id', 'VARCHAR'],
  ['merchant_order_id', 'VARCHAR'],
  ['third_party_order_id', 'VARCHAR'],
  ['refund_id', 'VARCHAR'],
  ['merchant_refund_id', 'VARCHAR'],
  ['account', 'VARCHAR'],
  ['card', 'VARCHAR'],
  ['terminal', 'VARCHAR'],
  ['channel', 'VARCHAR'],
  ['type', 'VARCHAR'],
  ['direction', 'VARCHAR'],
  ['amount_fen', 'BIGINT'],
  ['fee_fen', 'BIGINT'],
  ['currency', 'VARCHAR'],
  ['status', 'VARCHAR'],
  ['status_raw', 'VARCHAR'],
  ['txn_time', 'BIGINT'],
  ['collected_at', 'BIGINT'],
  ['offline', 'BOOLEAN'],
  ['balance_before_fen', 'BIGINT'],
  ['balance_after_fen', 'BIGINT'],
  ['card_counter', 'BIGINT'],
  ['lost_ids', 'VARCHAR[]'],
  ['unmatchable', 'BOOLEAN'],
] as const;

export type RecordColumn = (typeof RECORD_COLUMNS)[number][0];

export const COLUMN_NAMES = RECORD_COLUMNS.map(([n]) => n);

export const TABLE_DDL = RECORD_COLUMNS.map(([n, t]) => `${n} ${t}`).join(', ');

/** Normalized field name (camelCase, as in NormalizedRecord) for a column, and back. */
export const FIELD_OF: Record<string, string> = Object.fromEntries(
  COLUMN_NAMES.map((c) => [c, c.replace(/_([a-z])/g, (_, ch: string) => ch.toUpperCase())]),
);

/** The id fields a record may list in `lostIds`, by their column. */
export const ID_COLUMNS = ['txn_id', 'channel_order_id', 'merchant_order_id', 'third_party_order_id', 'refund_id', 'merchant_refund_id'] as const;

/** A row as DuckDB hands it back (BIGINT as bigint), to a NormalizedRecord plus its row key. */
export function recordFromRow(row: Record<string, unknown>): NormalizedRecord & { rowKey: number } {
  const num = (v: unknown): number | null => (v === null || v === undefined ? null : toSafeNumber(v));
  const str = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));
  return {
    rowKey: num(row.row_key) ?? 0,
    source: str(row.source) as NormalizedRecord['source'],
    txnId: str(row.txn_id),
    channelOrderId: str(row.channel_order_id),
    merchantOrderId: str(row.merchant_order_id),
    thirdPartyOrderId: str(row.third_party_order_id),
    refundId: str(row.refund_id),
    merchantRefundId: str(row.merchant_refund_id),
    account: str(row.account),
    card: str(row.card),
    terminal: str(row.terminal),
    channel: str(row.channel),
    type: (str(row.type) ?? 'other') as NormalizedRecord['type'],
    direction: (str(row.direction) ?? 'none') as NormalizedRecord['direction'],
    amountFen: num(row.amount_fen),
    feeFen: num(row.fee_fen),
    currency: str(row.currency) ?? 'CNY',
    status: (str(row.status) ?? 'unknown') as NormalizedRecord['status'],
    statusRaw: str(row.status_raw),
    txnTime: num(row.txn_time),
    collectedAt: num(row.collected_at),
    offline: row.offline === null || row.offline === undefined ? null : Boolean(row.offline),
    balanceBeforeFen: num(row.balance_before_fen),
    balanceAfterFen: num(row.balance_after_fen),
    cardCounter: num(row.card_counter),
    lostIds: Array.isArray(row.lost_ids) ? (row.lost_ids as unknown[]).map(String) : [],
    unmatchable: Boolean(row.unmatchable),
    provenance: { file: str(row.file) ?? '', line: num(row.line) ?? 0, raw: str(row.raw) ?? '' },
  };
}

/** Fen and counters fit in a double exactly up to 2^53; beyond that a number would be wrong, so it is refused. */
export function toSafeNumber(v: unknown): number {
  if (typeof v === 'bigint') {
    if (v > BigInt(Number.MAX_SAFE_INTEGER) || v < -BigInt(Number.MAX_SAFE_INTEGER)) throw new RangeError(`value ${v} is beyond the safe integer range`);
    return Number(v);
  }
  if (typeof v === 'number') return v;
  const n = Number(v);
  if (!Number.isFinite(n)) throw new TypeError(`not a number: ${String(v)}`);
  return n;
}
