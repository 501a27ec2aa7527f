import { readBill } from './bill-table.ts';
import { checkClaims, type Claim } from './bill-summary.ts';
import { limitsOf, type ByteSource, type ImportEvent, type ImportOptions } from './events.ts';
import { finding } from './findings.ts';
import { parseMoney } from './money.ts';
import { blankRecord, type Direction, type SourceKind } from './record.ts';
import { checkDuplicate, RowReader, settle, Tally } from './row-reader.ts';
import { foldDirection, foldStatus, foldType } from './vocab.ts';

/**
 * Personal bill exports, as students and staff send them in when a recharge went missing: WeChat (UTF-8, CSV with
 * a preamble and `"…"\t` ids) and Alipay (GBK, padded columns, tab after ids). Both state their totals in the
 * preamble (共N笔记录, 收入：N笔 X元, …); those claims are checked against the rows like any summary.
 */
interface PersonalLayout {
  source: SourceKind;
  required: string[];
  amount: string[];
  txnId: string;
  merchantOrderId: string;
  type: string[];
  status: string;
  counterparty: string;
}

const WECHAT: PersonalLayout = {
  source: 'wechat-personal',
  required: ['交易时间', '交易类型', '收/支', '交易单号'],
  amount: ['金额(元)', '金额（元）'],
  txnId: '交易单号',
  merchantOrderId: '商户单号',
  type: ['交易类型'],
  status: '当前状态',
  counterparty: '交易对方',
};

const ALIPAY: PersonalLayout = {
  source: 'alipay-personal',
  required: ['交易时间', '收/支', '交易订单号'],
  amount: ['金额', '金额（元）', '金额(元)'],
  txnId: '交易订单号',
  merchantOrderId: '商家订单号',
  type: ['交易分类', '商品说明'],
  status: '交易状态',
  counterparty: '交易对方',
};

export const importWechatPersonal = (input: ByteSource, options: ImportOptions) => importPersonal(WECHAT, input, options);
export const importAlipayPersonal = (input: ByteSource, options: ImportOptions) => importPersonal(ALIPAY, input, options);

const BUCKETS: Record<string, Direction> = { 收入: 'in', 支出: 'out', 中性交易: 'none', 不计收支: 'none' };

async function* importPersonal(layout: PersonalLayout, input: ByteSource, options: ImportOptions): AsyncGenerator<ImportEvent> {
  const limits = limitsOf(options);
  const file = limits.fileName;
  const tally = new Tally();
  const claims: { label: string; line: number; count: string; amount?: string; bucket?: Direction }[] = [];
  const counted: Record<Direction, { n: number; fen: bigint }> = { in: { n: 0, fen: 0n }, out: { n: 0, fen: 0n }, none: { n: 0, fen: 0n } };
  const unknown = new Set<string>();
  let meta: (ImportEvent & { type: 'meta' })['meta'] = { source: layout.source, file, layout: layout.source };

  for await (const item of readBill(input, limits, {
    isHeader: (cells) => layout.required.every((n) => cells.includes(n)),
    endsRows: (cells) => /^-{3,}|^共\d+笔/.test(cells[0] ?? ''),
    maxPreambleLines: 60,
  })) {
    switch (item.kind) {
      case 'encoding':
        meta = { ...meta, encoding: item.encoding };
        break;
      case 'finding':
        yield tally.found(item.finding);
        break;
      case 'rejected':
        tally.rows++;
        tally.rejected++;
        break;
      case 'header':
        yield { type: 'meta', meta };
        break;
      case 'trailer':
        break;
      case 'preamble': {
        const text = item.cells.join(' ');
        const total = /共(\d+)笔记录/.exec(text);
        if (total) claims.push({ label: '共N笔记录', line: item.line, count: total[1]! });
        const bucket = /(收入|支出|中性交易|不计收支)[:：]\s*(\d+)笔\s*([\d.,]+)元/.exec(text);
        if (bucket) claims.push({ label: bucket[1]!, line: item.line, count: bucket[2]!, amount: bucket[3]!, bucket: BUCKETS[bucket[1]!]! });
        break;
      }
      case 'row': {
        if (tally.rows >= limits.maxRows) {
          yield tally.found(finding('TOO_MANY_ROWS', { file, line: item.line }, `more than ${limits.maxRows} rows; reading stopped`, { limit: limits.maxRows }));
          return yield { type: 'end', stats: tally.stats(0) };
        }
        const r = new RowReader(limits, item.line);
        const rec = blankRecord(layout.source, { file, line: item.line, raw: '' });
        rec.channel = layout.source === 'wechat-personal' ? 'wechat' : 'alipay';
        rec.txnTime = r.time(item.get('交易时间'), '交易时间', limits.timeZone, true);
        rec.txnId = r.id(item.get(layout.txnId), layout.txnId);
        rec.merchantOrderId = r.id(item.get(layout.merchantOrderId), layout.merchantOrderId);
        rec.account = r.text(item.get(layout.counterparty), layout.counterparty);
        const typeText = layout.type.map((t) => r.text(item.get(t), t)).filter((t) => t !== null);
        const type = typeText.map(foldType).find((t) => t !== null) ?? null;
        if (type === null && typeText[0] && !unknown.has(typeText[0])) {
          unknown.add(typeText[0]);
          r.warn('UNKNOWN_VALUE', layout.type[0]!, `transaction type "${typeText[0]}" (first on line ${item.line}) is not one this importer knows; read as "other"`, { value: typeText[0] });
        }
        rec.type = type ?? (/红包|收款/.test(typeText[0] ?? '') ? 'transfer' : 'other');
        rec.direction = foldDirection(r.text(item.get('收/支'), '收/支')) ?? 'none';
        const amountColumn = layout.amount.find((a) => item.get(a) !== undefined) ?? layout.amount[0]!;
        const fen = r.money(item.get(amountColumn), amountColumn, { required: true });
        rec.amountFen = fen === null ? null : Math.abs(fen);
        rec.statusRaw = r.text(item.get(layout.status), layout.status);
        rec.status = foldStatus(rec.statusRaw) ?? 'unknown';
        if (rec.txnTime === null) rec.unmatchable = true;
        counted[rec.direction].n++;
        if (rec.amountFen !== null) counted[rec.direction].fen += BigInt(rec.amountFen);
        settle(rec, r);
        checkDuplicate(tally, r, rec.txnId === null ? null : `${rec.txnId}|${rec.merchantOrderId ?? ''}|${rec.type}|${rec.direction}|${rec.amountFen}|${rec.txnTime}`, `交易单号 ${rec.txnId}`);
        for (const f of r.findings) yield tally.found(f);
        yield tally.record(rec, item.raw);
        break;
      }
      case 'end': {
        if (!item.headerFound) {
          yield tally.found(finding('UNKNOWN_LAYOUT', { file, line: 1 }, `no ${layout.source} header (${layout.required.join(', ')}) in the first lines`, { expected: layout.required.join(',') }));
          return yield { type: 'end', stats: tally.stats(item.bytes) };
        }
        const checks: Claim[] = [];
        for (const c of claims) {
          if (!c.bucket) {
            checks.push({ label: c.label, kind: 'count', claimedText: c.count, counted: BigInt(tally.rows), line: c.line });
            continue;
          }
          checks.push({ label: `${c.label}笔数`, kind: 'count', claimedText: c.count, counted: BigInt(counted[c.bucket].n), line: c.line });
          if (c.amount !== undefined && parseMoney(c.amount).ok) checks.push({ label: `${c.label}金额`, kind: 'amount', claimedText: c.amount, counted: counted[c.bucket].fen, line: c.line });
        }
        for (const f of checkClaims(file, checks)) yield tally.found(f);
        return yield { type: 'end', stats: tally.stats(item.bytes) };
      }
    }
  }
}
