/**
 * The normalized record every importer yields, whatever the file looked like. Later stages (jobs, DuckDB matching,
 * differences, the side-by-side view) read only this shape, so a field that a source does not have is null rather
 * than absent, and every record carries where it came from.
 */

/** Which importer produced the record (also the name it is registered under). */
export type SourceKind =
  /** the card system's account daily settlement (balance-csv.ts): not transactions, shown as the snapshot's side of a balance check */
  | 'balance-csv'
  | 'ledger-csv'
  | 'ledger-xlsx'
  | 'wechat-trade'
  | 'wechat-fundflow'
  | 'alipay-merchant'
  | 'alipay-personal'
  | 'wechat-personal'
  | 'mt940'
  | 'camt053'
  | 'camt054'
  | 'unionpay-settlement'
  /** not an importer: opsdesk's own `transactions` table (terminals' live reports and back-filled records), read by the recon module */
  | 'opsdesk-txn';

export type TxnType = 'consume' | 'recharge' | 'transfer' | 'refund' | 'fee' | 'withdrawal' | 'other';

/** Money flow seen from the file owner's side: `in` credits the account or merchant, `out` debits it. */
export type Direction = 'in' | 'out' | 'none';

/** Status folded into a few values so that sides can be compared; `statusRaw` keeps what the file said. */
export type TxnStatus = 'success' | 'processing' | 'failed' | 'closed' | 'unknown';

export interface Provenance {
  /** the file name as the caller gave it (for a ZIP: `archive.zip!entry.csv`) */
  file: string;
  /** 1-based line number of the row's first line in the (decoded) file */
  line: number;
  /** the row as read, after decoding, capped at 4 KiB, for the side-by-side view */
  raw: string;
}

export interface NormalizedRecord {
  source: SourceKind;
  /** the side's own transaction id: ledger 流水号, WeChat 微信订单号, Alipay 支付宝交易号, bank reference */
  txnId: string | null;
  /** the payment channel's order id as the ledger stores it (渠道订单号) */
  channelOrderId: string | null;
  /** the merchant's order id (商户订单号), the usual join key between a ledger and a channel bill */
  merchantOrderId: string | null;
  /** a third party's order id (第三方订单号), e.g. an aggregator's */
  thirdPartyOrderId: string | null;
  /** the channel's refund id (微信退款单号 / 退款批次号) */
  refundId: string | null;
  /** the merchant's refund id (商户退款单号) */
  merchantRefundId: string | null;
  /** account number (账号/学工号), bank account (IBAN) */
  account: string | null;
  card: string | null;
  terminal: string | null;
  channel: string | null;
  type: TxnType;
  direction: Direction;
  /**
   * Amount in integer hundredths of the currency unit (fen for CNY), always ≥ 0: the sign is in `direction`.
   * Null when the file's value could not be read exactly; a finding then says why and `unmatchable` is set.
   */
  amountFen: number | null;
  /** fee charged by the channel for this row, in fen, when the source states one */
  feeFen: number | null;
  currency: string;
  status: TxnStatus;
  statusRaw: string | null;
  /** epoch ms UTC; local times are read in the file's stated zone or the caller's (default Asia/Shanghai) */
  txnTime: number | null;
  /** when the record reached the central system (offline card records are collected later) */
  collectedAt: number | null;
  offline: boolean | null;
  balanceBeforeFen: number | null;
  balanceAfterFen: number | null;
  /** the card's transaction counter, to find gaps of uncollected offline records */
  cardCounter: number | null;
  /**
   * Id fields whose cell was mangled by a spreadsheet (4.00123E+27): the field is null and a MANGLED_ID finding names
   * it. The matcher must not match on these fields; it may on the record's other, intact ids.
   */
  lostIds: string[];
  /**
   * True when the record cannot be matched safely at all: every id it had was lost, or its amount or time could not
   * be read. It is kept for the difference list (with its raw row), never matched automatically.
   */
  unmatchable: boolean;
  provenance: Provenance;
}

/** A record with every optional field empty, for importers to fill in. */
export function blankRecord(source: SourceKind, provenance: Provenance): NormalizedRecord {
  return {
    source,
    txnId: null,
    channelOrderId: null,
    merchantOrderId: null,
    thirdPartyOrderId: null,
    refundId: null,
    merchantRefundId: null,
    account: null,
    card: null,
    terminal: null,
    channel: null,
    type: 'other',
    direction: 'none',
    amountFen: null,
    feeFen: null,
    currency: 'CNY',
    status: 'unknown',
    statusRaw: null,
    txnTime: null,
    collectedAt: null,
    offline: null,
    balanceBeforeFen: null,
    balanceAfterFen: null,
    cardCounter: null,
    lostIds: [],
    unmatchable: false,
    provenance,
  };
}

export const RAW_CAP = 4096;

export function capRaw(raw: string): string {
  return raw.length > RAW_CAP ? `${raw.slice(0, RAW_CAP)}…` : raw;
}
