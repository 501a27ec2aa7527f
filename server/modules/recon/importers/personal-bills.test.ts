import { describe, expect, it } from 'vitest';
import { collect } from './collect.ts';
import { haveFixtures, stream } from './fixtures.test-support.ts';
import { importAlipayPersonal, importWechatPersonal } from './personal-bills.ts';

describe.skipIf(!haveFixtures)('personal bills (fixtures)', () => {
  it('reads the WeChat personal bill: ¥ amounts, "…"\\t ids, and its preamble claims checked', async () => {
    const out = await collect(importWechatPersonal(stream('personal-bills/wechat-records.csv'), { fileName: 'wechat-records.csv' }));
    expect(out.meta[0]).toMatchObject({ source: 'wechat-personal', encoding: { name: 'utf8' } });
    expect(out.records[0]).toMatchObject({
      txnId: '3985734',
      merchantOrderId: '129847129',
      type: 'consume',
      direction: 'out',
      amountFen: 2816,
      status: 'success',
      txnTime: Date.UTC(2019, 8, 26, 4, 45, 27),
      provenance: { file: 'wechat-records.csv', line: 18 },
    });
    expect(out.records.at(-1)).toMatchObject({ txnId: '4200002168202406076349888061', merchantOrderId: '156823045120240607AQEQJ8ZY4P', amountFen: 1 });
    const mismatch = out.findings.filter((f) => f.code === 'SUMMARY_MISMATCH');
    expect(mismatch[0]).toMatchObject({ field: '共N笔记录', line: 7, params: { claimed: '43', counted: String(out.stats!.rows) } });
    expect(out.findings.filter((f) => f.code === 'UNKNOWN_VALUE').map((f) => f.params.value)).toContain('deg-不认识的-txType');
    expect(out.findings.filter((f) => !['SUMMARY_MISMATCH', 'UNKNOWN_VALUE', 'DUPLICATE_ROW'].includes(f.code))).toEqual([]);
  });

  it('reads the Alipay personal bill in GBK: padded columns, tab-ended ids, and claims that do not add up', async () => {
    const out = await collect(importAlipayPersonal(stream('personal-bills/alipay-records.csv'), { fileName: 'alipay-records.csv' }));
    expect(out.meta[0]).toMatchObject({ source: 'alipay-personal', encoding: { name: 'gb18030', reason: 'fallback-gb18030' } });
    expect(out.records[0]).toMatchObject({
      txnId: '202302xxxxxx0011000103xxxxxx',
      merchantOrderId: '20230xxxxxxx014741014xxxxxx',
      direction: 'out',
      amountFen: 4974,
      status: 'success',
      txnTime: Date.UTC(2023, 1, 12, 13, 32, 14),
    });
    const big = out.records.find((r) => r.amountFen === 22222850)!;
    expect(big).toMatchObject({ direction: 'in', type: 'transfer' });
    const byField = Object.fromEntries(out.findings.filter((f) => f.code === 'SUMMARY_MISMATCH').map((f) => [f.field, [f.params.claimed, f.params.counted]]));
    expect(byField['共N笔记录']).toEqual(['66', String(out.stats!.rows)]);
    expect(byField['收入金额']).toEqual(['28.50', '222228.50']);
    expect(out.findings.filter((f) => !['SUMMARY_MISMATCH', 'UNKNOWN_VALUE', 'DUPLICATE_ROW'].includes(f.code))).toEqual([]);
  });
});
