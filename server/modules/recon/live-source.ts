import { createHash } from 'node:crypto';
import type { TransactionsTable } from '../ingest/index.ts';
import { blankRecord, capRaw } from './importers/record.ts';
import type { NormalizedRecord, TxnStatus, TxnType } from './importers/index.ts';

/**
 * The `live` source (issue 13 item 1): opsdesk's own `transactions` table — what POS terminals, kiosks and gates
 * posted through ingestion (`source` live or import) and the records back-filled after an outage (`source`
 * backfill) — as normalized records, so that a job compares the card ledger or a channel bill with what the estate
 * itself reported. Pure: the rows come from the ingest module's `streamTransactions`.
 */

/** The layout name an import of the live source carries. */
export const LIVE_LAYOUT = 'opsdesk-transactions/v1';

/** The ingest vocabulary (envelope.ts TXN_TYPES) folded to the matcher's types. */
const TYPE_OF: Record<string, TxnType> = {
  consume: 'consume',
  recharge: 'recharge',
  transfer: 'transfer',
  refund: 'refund',
  // a subsidy (补助) credits the card like a recharge; a reversal (冲正) undoes a consumption like a refund
  subsidy: 'recharge',
  reversal: 'refund',
  // a ticket sold at a window or gate is a consumption; a check moves no money
  ticket_sale: 'consume',
  ticket_check: 'other',
};

const STATUS_OF: Record<string, TxnStatus> = { ok: 'success', failed: 'failed', reversed: 'closed' };

const IN_TYPES: ReadonlySet<TxnType> = new Set(['recharge', 'refund']);

/** What the record file's provenance names as the file: the table and the span read. */
export const liveFileName = (from: number, to: number): string => `opsdesk transactions ${new Date(from).toISOString()}..${new Date(to).toISOString()}`;

/**
 * One stored transaction as a record. The card is the side whose direction counts (as the card ledger's): a
 * recharge, subsidy or refund credits it (`in`), a consumption debits it (`out`); a negative stored amount turns the
 * direction round. `offline` is the row's flag (back-filled records are always offline: done by hand while the
 * system was down); the raw row names its `source` (live, import, backfill), its device and site, so the
 * side-by-side view shows a back-filled record as one. `line` is the row's place in the snapshot.
 */
export function recordOfTransaction(row: TransactionsTable, file: string, line: number): NormalizedRecord {
  const raw = JSON.stringify({
    txn_id: row.txn_id,
    source: row.source,
    type: row.type,
    amount_fen: row.amount_fen,
    status: row.status,
    error_code: row.error_code,
    card: row.card,
    account: row.account,
    channel: row.channel,
    device: row.device_code,
    site: row.site_code,
    device_ts: new Date(row.device_ts).toISOString(),
    collected_at: new Date(row.collected_at).toISOString(),
    offline: row.offline === 1,
    card_counter: row.card_counter,
    balance_before_fen: row.balance_before_fen,
    balance_after_fen: row.balance_after_fen,
    event_id: row.event_id,
  });
  const r = blankRecord('opsdesk-txn', { file, line, raw: capRaw(raw) });
  r.txnId = row.txn_id;
  r.account = row.account;
  r.card = row.card;
  r.terminal = row.device_code;
  r.channel = row.channel;
  r.type = TYPE_OF[row.type] ?? 'other';
  const amount = Number(row.amount_fen);
  r.amountFen = Math.abs(amount);
  if (amount < 0) r.direction = IN_TYPES.has(r.type) ? 'out' : 'in';
  else if (r.type === 'other' && amount === 0) r.direction = 'none';
  else r.direction = IN_TYPES.has(r.type) ? 'in' : 'out';
  r.status = STATUS_OF[row.status] ?? 'unknown';
  r.statusRaw = row.status;
  r.txnTime = Number(row.device_ts);
  r.collectedAt = Number(row.collected_at);
  r.offline = row.offline === 1;
  r.balanceBeforeFen = row.balance_before_fen === null ? null : Number(row.balance_before_fen);
  r.balanceAfterFen = row.balance_after_fen === null ? null : Number(row.balance_after_fen);
  r.cardCounter = row.card_counter === null ? null : Number(row.card_counter);
  return r;
}

/**
 * A snapshot's records with what the import row needs, counted as they pass: the sha256 names the snapshot's content
 * (the span and every row as read), so taking the same span again with nothing changed is recognised as the same import.
 */
export function liveSnapshot(rows: AsyncIterable<TransactionsTable>, span: { from: number; to: number }) {
  const file = liveFileName(span.from, span.to);
  const hash = createHash('sha256').update(`${LIVE_LAYOUT}\n${span.from}\n${span.to}\n`);
  const state = { records: 0, minTxn: null as number | null, maxTxn: null as number | null, amount: 0n, bytes: 0, backfilled: 0, offline: 0 };
  async function* records(): AsyncGenerator<NormalizedRecord> {
    for await (const row of rows) {
      state.records++;
      const r = recordOfTransaction(row, file, state.records);
      hash.update(r.provenance.raw).update('\n');
      state.bytes += Buffer.byteLength(r.provenance.raw) + 1;
      if (row.source === 'backfill') state.backfilled++;
      if (r.offline) state.offline++;
      const t = r.txnTime!;
      state.minTxn = state.minTxn === null ? t : Math.min(state.minTxn, t);
      state.maxTxn = state.maxTxn === null ? t : Math.max(state.maxTxn, t);
      state.amount += BigInt(r.amountFen!);
      yield r;
    }
  }
  return { file, records, state, sha256: () => hash.digest('hex') };
}
