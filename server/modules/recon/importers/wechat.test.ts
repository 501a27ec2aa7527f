import { describe, expect, it } from 'vitest';
import { bytesOf } from './bytes.ts';
import { collect } from './collect.ts';
import { cassetteBody, haveFixtures } from './fixtures.test-support.ts';
import { importWechatFundflow } from './wechat-fundflow.ts';
import { importWechatTrade } from './wechat-trade.ts';

/** The same bill in the live layout: comma separated, a backtick before every value. */
function toBacktickCsv(tabBody: string): string {
  return tabBody
    .split('\r\n')
    .map((line, i) => (i === 0 || line === '' ? line.replace(/\t/g, ',') : line.split('\t').map((c) => `\`${c}`).join(',')))
    .join('\r\n');
}

describe.skipIf(!haveFixtures)('WeChat Pay trade bill (fixture)', () => {
  const body = haveFixtures ? cassetteBody('wechatpay/download_bill.vcr.json') : '';

  it('reads all 1269 rows of the tab layout, and the summary agrees with the rows', async () => {
    const out = await collect(importWechatTrade(bytesOf(body), { fileName: 'download_bill' }));
    expect(out.meta).toEqual([expect.objectContaining({ source: 'wechat-trade', layout: 'wechat-trade/tab', encoding: { name: 'utf8', reason: 'utf8-valid' } })]);
    expect(out.stats).toMatchObject({ rows: 1269, records: 1269, rejected: 0 });
    const codes = new Set(out.findings.map((f) => f.code));
    expect([...codes]).toEqual(['MANGLED_ID']);
    expect(out.findings.some((f) => f.code === 'SUMMARY_MISMATCH')).toBe(false);
  });

  it('names every mangled id with its line, keeps it out of the record, and keeps the intact merchant ids', async () => {
    const out = await collect(importWechatTrade(bytesOf(body), { fileName: 'download_bill' }));
    const mangled = out.findings.filter((f) => f.code === 'MANGLED_ID');
    expect(mangled.filter((f) => f.field === '微信订单号')).toHaveLength(1269);
    expect(mangled.filter((f) => f.field === '微信退款单号')).toHaveLength(517);
    expect(mangled.filter((f) => f.field === '商户退款单号')).toHaveLength(27);
    expect(mangled[0]).toMatchObject({ file: 'download_bill', line: 2, field: '微信订单号', params: { value: '4.00123E+27' } });
    expect(out.records.every((r) => r.txnId === null && r.lostIds.includes('微信订单号'))).toBe(true);
    expect(out.records[0]).toMatchObject({
      merchantOrderId: 'autotest_20160501030456_45023',
      merchantRefundId: 'REF4001232001201605015390231647',
      type: 'refund',
      direction: 'out',
      amountFen: 1,
      status: 'processing',
      statusRaw: 'REFUND/PROCESSING',
      txnTime: Date.UTC(2016, 4, 3, 18, 18),
      unmatchable: false,
      provenance: { file: 'download_bill', line: 2 },
    });
    // 27 refunds lost both refund ids; their order id is intact, so they are matchable by order, never by refund id
    const lostBoth = out.records.filter((r) => r.lostIds.includes('微信退款单号') && r.lostIds.includes('商户退款单号'));
    expect(lostBoth).toHaveLength(27);
    expect(lostBoth.every((r) => r.refundId === null && r.merchantRefundId === null && r.merchantOrderId !== null)).toBe(true);
    expect(out.records.filter((r) => r.unmatchable)).toEqual([]);
  });

  it('keeps the 45 refunds frozen in PROCESSING as processing, and tells apart refunds that share a mangled refund id', async () => {
    const out = await collect(importWechatTrade(bytesOf(body), { fileName: 'download_bill' }));
    expect(out.records.filter((r) => r.type === 'refund' && r.status === 'processing')).toHaveLength(45);
    // six orders were refunded twice: their 微信退款单号 collapsed to the same 2.00695E+27, their 商户退款单号 differ
    const twice = out.records.filter((r) => r.merchantOrderId === 'autotest_20160504085317_29418' && r.type === 'refund');
    expect(twice.map((r) => [r.provenance.line, r.merchantRefundId])).toEqual([
      [256, 'autotest_refund_20160504085323_56375'],
      [257, 'autotest_refund_20160504085317_74644'],
    ]);
    expect(out.findings.filter((f) => f.code === 'DUPLICATE_ROW')).toEqual([]);
  });

  it('reads the live comma + backtick layout the same', async () => {
    const out = await collect(importWechatTrade(bytesOf(toBacktickCsv(body)), { fileName: 'bill.csv' }));
    expect(out.meta[0]!.layout).toBe('wechat-trade/backtick-csv');
    expect(out.stats).toMatchObject({ rows: 1269, records: 1269 });
    expect(out.findings.filter((f) => f.code !== 'MANGLED_ID')).toEqual([]);
    expect(out.records[0]!.merchantOrderId).toBe('autotest_20160501030456_45023');
  });

  it('says when the summary disagrees with the rows, figure by figure', async () => {
    const lines = body.split('\r\n');
    const cut = [...lines.slice(0, 1 + 1000), ...lines.slice(-3)].join('\r\n');
    const out = await collect(importWechatTrade(bytesOf(cut), { fileName: 'bill' }));
    const mism = out.findings.filter((f) => f.code === 'SUMMARY_MISMATCH');
    expect(mism[0]).toMatchObject({ field: '总交易单数', line: 1003, params: { claimed: '1269', counted: '1000' } });
    expect(mism.map((f) => f.field)).toContain('订单总金额');
  });

  it('says when the summary is missing (a cut file), and when the file is not a trade bill', async () => {
    const lines = body.split('\r\n');
    const out = await collect(importWechatTrade(bytesOf(lines.slice(0, 50).join('\r\n')), { fileName: 'bill' }));
    expect(out.findings.filter((f) => f.code !== 'MANGLED_ID').map((f) => f.code)).toEqual(['SUMMARY_MISSING']);
    const other = await collect(importWechatTrade(bytesOf('a,b,c\n1,2,3\n'), { fileName: 'x.csv' }));
    expect(other.findings.map((f) => f.code)).toEqual(['UNKNOWN_LAYOUT']);
  });
});

describe.skipIf(!haveFixtures)('WeChat Pay fund-flow bill (fixture)', () => {
  it('reads the row, and says the summary claims 20 rows while the file holds 1', async () => {
    const body = cassetteBody('wechatpay/download_fund_flow.vcr.json');
    const out = await collect(importWechatFundflow(bytesOf(body), { fileName: 'fund_flow' }));
    expect(out.records).toHaveLength(1);
    expect(out.records[0]).toMatchObject({
      txnId: '1900009231201802015884652186',
      channelOrderId: '50000305742018020103387128253',
      refundId: 'REF4200000068201801293084726067',
      type: 'refund',
      direction: 'out',
      amountFen: 2,
      balanceAfterFen: 17,
      txnTime: Date.UTC(2018, 0, 31, 20, 21, 23),
      provenance: { line: 2 },
    });
    expect(out.findings.map((f) => [f.code, f.field, f.params.claimed, f.params.counted])).toEqual([
      ['SUMMARY_MISMATCH', '资金流水总笔数', '20', '1'],
      ['SUMMARY_MISMATCH', '收入笔数', '17', '0'],
      ['SUMMARY_MISMATCH', '收入金额', '0.35', '0.00'],
      ['SUMMARY_MISMATCH', '支出笔数', '3', '1'],
      ['SUMMARY_MISMATCH', '支出金额', '0.18', '0.02'],
    ]);
    expect(out.findings[0]!.line).toBe(4);
  });
});
