import { cleanCell } from './cells.ts';

/**
 * Recognises the columns of a one-card or payment export by their header names (Chinese or English) and says which
 * column it took for which field. When a required field has no column, or two columns claim the same field, it does
 * not guess: it reports that a column mapping is needed, and accepts one (by header name or 0-based index).
 */
export const LEDGER_FIELDS = [
  'txnId',
  'card',
  'account',
  'terminal',
  'type',
  'direction',
  'amount',
  'fee',
  'currency',
  'balanceBefore',
  'balanceAfter',
  'cardCounter',
  'txnTime',
  'collectedAt',
  'offline',
  'status',
  'channel',
  'channelOrderId',
  'merchantOrderId',
  'thirdPartyOrderId',
  'refundId',
] as const;
export type LedgerField = (typeof LEDGER_FIELDS)[number];

/** Normalised header names per field: lower case, ASCII brackets, no spaces, underscores or dashes. */
const SYNONYMS: Record<LedgerField, string[]> = {
  txnId: ['txnid', 'transactionid', 'txnno', 'serialno', 'flowno', '流水号', '交易流水号', '流水', '交易号', '交易编号', '记录号', '交易序号'],
  card: ['card', 'cardno', 'cardnumber', '卡号', '物理卡号', '卡片号', '校园卡号'],
  account: ['account', 'accountno', 'accountid', 'studentid', 'staffid', '账号', '帐号', '学工号', '学号', '工号', '客户号', '账户'],
  terminal: ['terminal', 'terminalid', 'terminalno', 'posid', 'device', '终端号', '终端', '终端编号', '设备号', '机号', 'pos号'],
  type: ['type', 'txntype', 'transactiontype', '交易类型', '类型', '业务类型', '交易分类'],
  direction: ['direction', 'dc', 'drcr', '收/支', '收支', '收支类型', '借贷', '借贷标志'],
  amount: ['amount', 'amt', 'txnamount', '金额', '交易金额', '发生额', '金额(元)', '交易金额(元)', 'amount(yuan)', 'amountyuan', '金额(分)', '交易金额(分)', 'amountfen', 'amount(fen)'],
  fee: ['fee', 'feeamount', '手续费', '手续费(元)', '手续费(分)', 'feefen', '服务费'],
  currency: ['currency', 'ccy', '币种', '货币种类', '货币'],
  balanceBefore: ['balancebefore', 'balancebeforefen', 'openingbalance', '交易前余额', '原余额', '卡余额(前)', '入卡前余额', '交易前余额(分)', '交易前余额(元)'],
  balanceAfter: ['balanceafter', 'balanceafterfen', 'closingbalance', '交易后余额', '余额', '卡余额', '出卡余额', '交易后余额(分)', '交易后余额(元)', '账户余额'],
  cardCounter: ['cardcounter', 'cardseq', 'counter', '卡交易计数', '卡计数器', '交易计数', '卡流水号', '卡片计数'],
  txnTime: ['txntime', 'transactiontime', 'time', 'datetime', '交易时间', '时间', '交易日期时间', '发生时间', '消费时间'],
  collectedAt: ['collectedat', 'collecttime', 'uploadtime', 'posttime', '采集时间', '上传时间', '入账时间', '记账时间'],
  offline: ['offline', 'isoffline', 'offlineflag', '脱机', '脱机标志', '是否脱机', '离线'],
  status: ['status', 'state', '状态', '交易状态', '当前状态'],
  channel: ['channel', 'paychannel', '渠道', '支付渠道', '支付方式', '充值渠道'],
  channelOrderId: ['channelorderid', 'channelorderno', '渠道订单号', '渠道流水号', '支付订单号', '微信订单号', '支付宝交易号', '交易单号'],
  merchantOrderId: ['merchantorderid', 'merchantorderno', 'outtradeno', '商户订单号', '商户单号', '商家订单号', '订单号'],
  thirdPartyOrderId: ['thirdpartyorderid', 'thirdpartyorderno', '第三方订单号', '第三方流水号', '第三方交易号'],
  refundId: ['refundid', 'refundno', '退款单号', '退款流水号', '商户退款单号', '退款批次号'],
};

const REQUIRED: LedgerField[] = ['amount', 'txnTime'];
const ANY_ID: LedgerField[] = ['txnId', 'channelOrderId', 'merchantOrderId', 'thirdPartyOrderId'];

export function normaliseHeader(h: string): string {
  return cleanCell(h)
    .toLowerCase()
    .replace(/（/g, '(')
    .replace(/）/g, ')')
    .replace(/[\s_\-.]/g, '');
}

const LOOKUP = new Map<string, LedgerField>();
for (const f of LEDGER_FIELDS) for (const s of SYNONYMS[f]) LOOKUP.set(s, f);

export interface ColumnChoice {
  field: LedgerField;
  column: string;
  index: number;
  /** amounts only: taken from the header ('(分)', 'fen') or assumed yuan */
  unit?: 'yuan' | 'fen';
  unitFrom?: 'header' | 'default' | 'mapping';
  from: 'header' | 'mapping';
}

export type HeaderMapping =
  | { ok: true; columns: ColumnChoice[]; ignored: string[] }
  | { ok: false; missing: LedgerField[]; ambiguous: { field: LedgerField; columns: string[] }[]; unknown: string[]; columns: ColumnChoice[] };

/** Explicit mapping: field → header name or 0-based index; amounts may say their unit. */
export type ColumnMapping = Partial<Record<LedgerField, string | number>> & { amountUnit?: 'yuan' | 'fen' };

export function unitOf(header: string): { unit: 'yuan' | 'fen'; unitFrom: 'header' | 'default' } {
  const n = normaliseHeader(header);
  if (/\(分\)|fen$|\(fen\)|cents?$/.test(n)) return { unit: 'fen', unitFrom: 'header' };
  if (/\(元\)|yuan$|\(yuan\)/.test(n)) return { unit: 'yuan', unitFrom: 'header' };
  return { unit: 'yuan', unitFrom: 'default' };
}

const MONEY: LedgerField[] = ['amount', 'fee', 'balanceBefore', 'balanceAfter'];

export function mapHeader(header: string[], mapping?: ColumnMapping): HeaderMapping {
  const columns: ColumnChoice[] = [];
  const claims = new Map<LedgerField, number[]>();
  const taken = new Set<number>();
  if (mapping) {
    for (const f of LEDGER_FIELDS) {
      const want = mapping[f];
      if (want === undefined) continue;
      const index = typeof want === 'number' ? want : header.findIndex((h) => cleanCell(h) === want || normaliseHeader(h) === normaliseHeader(want));
      if (index < 0 || index >= header.length) continue;
      taken.add(index);
      const choice: ColumnChoice = { field: f, column: cleanCell(header[index]!), index, from: 'mapping' };
      if (MONEY.includes(f)) Object.assign(choice, mapping.amountUnit ? { unit: mapping.amountUnit, unitFrom: 'mapping' } : unitOf(header[index]!));
      columns.push(choice);
    }
  }
  const unknown: string[] = [];
  header.forEach((h, index) => {
    if (taken.has(index)) return;
    const f = LOOKUP.get(normaliseHeader(h));
    if (!f || columns.some((c) => c.field === f)) {
      if (!f && cleanCell(h) !== '') unknown.push(cleanCell(h));
      return;
    }
    claims.set(f, [...(claims.get(f) ?? []), index]);
  });
  const ambiguous: { field: LedgerField; columns: string[] }[] = [];
  for (const [field, idx] of claims) {
    if (idx.length > 1) {
      ambiguous.push({ field, columns: idx.map((i) => cleanCell(header[i]!)) });
      continue;
    }
    const index = idx[0]!;
    const choice: ColumnChoice = { field, column: cleanCell(header[index]!), index, from: 'header' };
    if (MONEY.includes(field)) Object.assign(choice, mapping?.amountUnit && field === 'amount' ? { unit: mapping.amountUnit, unitFrom: 'mapping' } : unitOf(header[index]!));
    columns.push(choice);
  }
  const has = (f: LedgerField) => columns.some((c) => c.field === f);
  const missing = REQUIRED.filter((f) => !has(f));
  if (!ANY_ID.some(has)) missing.push('txnId');
  columns.sort((a, b) => a.index - b.index);
  if (missing.length || ambiguous.length) return { ok: false, missing, ambiguous, unknown, columns };
  return { ok: true, columns, ignored: unknown };
}
