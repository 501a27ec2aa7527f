import { readBill } from './bill-table.ts';
import { ColumnSums, checkClaims, type Claim } from './bill-summary.ts';
import { cleanCell } from './cells.ts';
import { limitsOf, type ByteSource, type ImportEvent, type ImportOptions } from './events.ts';
import { finding } from './findings.ts';
import { blankRecord } from './record.ts';
import { checkDuplicate, RowReader, settle, Tally } from './row-reader.ts';
import { foldStatus } from './vocab.ts';

/**
 * WeChat Pay trade bill (`downloadbill`, bill_type ALL/SUCCESS/REFUND): the live layout is comma separated with a
 * backtick before every value; older downloads (and the fixture) are tab separated. Columns are read by name, so both
 * and the variants with fewer columns work. The two summary lines at the end (总交易单数,应结订单总金额,… and their
 * values) are checked against the rows: the count, and each "X总金额" against the sum of the column "X金额" (or "X").
 */
const REQUIRED = ['交易时间', '微信订单号', '商户订单号', '交易状态'];

export async function* importWechatTrade(input: ByteSource, options: ImportOptions): AsyncGenerator<ImportEvent> {
  const limits = limitsOf(options);
  const file = limits.fileName;
  const tally = new Tally();
  const sums = new ColumnSums();
  let names: string[] = [];
  const trailer: { line: number; cells: string[] }[] = [];
  let encoding: ImportEvent & { type: 'meta' } | null = null;
  const moneyColumns: string[] = [];

  for await (const item of readBill(input, limits, {
    isHeader: (cells) => REQUIRED.every((n) => cells.includes(n)),
    endsRows: (cells) => cells[0] === '总交易单数',
    maxPreambleLines: 5,
  })) {
    switch (item.kind) {
      case 'encoding':
        encoding = { type: 'meta', meta: { source: 'wechat-trade', file, encoding: item.encoding } };
        break;
      case 'finding':
        yield tally.found(item.finding);
        break;
      case 'rejected':
        tally.rows++;
        tally.rejected++;
        break;
      case 'preamble':
        break;
      case 'header':
        names = item.names;
        moneyColumns.push(...names.filter((n) => /金额|手续费/.test(n)));
        yield { type: 'meta', meta: { ...encoding!.meta, layout: item.delimiter === '\t' ? 'wechat-trade/tab' : 'wechat-trade/backtick-csv' } };
        break;
      case 'trailer':
        trailer.push({ line: item.line, cells: item.cells });
        break;
      case 'row': {
        if (tally.rows >= limits.maxRows) {
          yield tally.found(finding('TOO_MANY_ROWS', { file, line: item.line }, `more than ${limits.maxRows} rows; reading stopped`, { limit: limits.maxRows }));
          return yield { type: 'end', stats: tally.stats(0) };
        }
        for (const c of moneyColumns) sums.add(c, item.get(c));
        const r = new RowReader(limits, item.line);
        const rec = blankRecord('wechat-trade', { file, line: item.line, raw: '' });
        rec.channel = 'wechat';
        rec.txnTime = r.time(item.get('交易时间'), '交易时间', limits.timeZone, true);
        rec.txnId = r.id(item.get('微信订单号'), '微信订单号');
        rec.merchantOrderId = r.id(item.get('商户订单号'), '商户订单号');
        rec.account = r.id(item.get('用户标识'), '用户标识');
        rec.terminal = r.id(item.get('设备号'), '设备号');
        rec.currency = r.text(item.get('货币种类'), '货币种类') ?? 'CNY';
        rec.feeFen = r.money(item.get('手续费'), '手续费');
        const tradeState = r.text(item.get('交易状态'), '交易状态') ?? '';
        if (tradeState.toUpperCase() === 'REFUND') {
          rec.type = 'refund';
          rec.direction = 'out';
          rec.refundId = r.id(item.get('微信退款单号'), '微信退款单号');
          rec.merchantRefundId = r.id(item.get('商户退款单号'), '商户退款单号');
          rec.amountFen = r.money(item.get('退款金额'), '退款金额', { required: true });
          const refundState = r.text(item.get('退款状态'), '退款状态');
          rec.statusRaw = `REFUND/${refundState ?? ''}`;
          rec.status = foldStatus(refundState) ?? 'unknown';
        } else {
          rec.type = 'consume';
          rec.direction = 'in';
          const total = item.get('订单金额') !== undefined ? '订单金额' : '应结订单金额';
          rec.amountFen = r.money(item.get(total), total, { required: true });
          rec.statusRaw = tradeState;
          rec.status = WECHAT_STATES[tradeState.toUpperCase()] ?? 'unknown';
        }
        if (rec.amountFen !== null && rec.amountFen < 0) rec.amountFen = -rec.amountFen;
        if (rec.txnTime === null) rec.unmatchable = true;
        settle(rec, r);
        const key = rec.merchantOrderId === null ? null : `${rec.merchantOrderId}|${tradeState}|${rec.merchantRefundId ?? ''}`;
        checkDuplicate(tally, r, key, `商户订单号 ${rec.merchantOrderId} (${rec.statusRaw}${rec.merchantRefundId ? `, 商户退款单号 ${rec.merchantRefundId}` : ''})`);
        for (const f of r.findings) yield tally.found(f);
        yield tally.record(rec, item.raw);
        break;
      }
      case 'end': {
        if (!item.headerFound) {
          if (!item.stopped || tally.rows === 0) yield tally.found(finding('UNKNOWN_LAYOUT', { file, line: 1 }, `no WeChat Pay trade bill header (${REQUIRED.join(', ')}) in the first lines`, { expected: REQUIRED.join(',') }));
          return yield { type: 'end', stats: tally.stats(item.bytes) };
        }
        for (const f of checkClaims(file, wechatClaims(trailer, names, sums, tally.rows))) yield tally.found(f);
        if (trailer.length < 2 && !item.stopped) {
          yield tally.found(finding('SUMMARY_MISSING', { file }, 'the bill has no summary lines (总交易单数 …): it may have been cut short', {}));
        }
        return yield { type: 'end', stats: tally.stats(item.bytes) };
      }
    }
  }
}

const WECHAT_STATES: Record<string, 'success' | 'processing' | 'failed' | 'closed'> = {
  SUCCESS: 'success',
  REVOKED: 'closed',
  CLOSED: 'closed',
  NOTPAY: 'processing',
  USERPAYING: 'processing',
  PAYERROR: 'failed',
};

/** The summary's labels paired with their values, each label mapped to the row count or a column's sum. */
function wechatClaims(trailer: { line: number; cells: string[] }[], names: string[], sums: ColumnSums, rows: number): Claim[] {
  const labels = trailer[0];
  const values = trailer[1];
  if (!labels || !values) return [];
  const claims: Claim[] = [];
  labels.cells.forEach((label, i) => {
    const text = cleanCell(values.cells[i] ?? '');
    if (label === '') return;
    if (/单数|笔数/.test(label)) {
      claims.push({ label, kind: 'count', claimedText: text, counted: BigInt(rows), line: values.line });
      return;
    }
    const base = label.replace('总', '');
    const column = [base, base.replace(/金额$/, '')].find((c) => names.includes(c));
    if (column) claims.push({ label, kind: 'amount', claimedText: text, counted: sums.get(column), line: values.line, ...(sums.unreadable.get(column) ? { unreadable: sums.unreadable.get(column)! } : {}) });
  });
  return claims;
}
