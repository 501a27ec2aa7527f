import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { importAlipayMerchant } from './alipay-merchant.ts';
import { bytesOf } from './bytes.ts';
import { collect } from './collect.ts';
import { makeZip } from '../../../testing/zip.ts';

const HEADER = '支付宝交易号,商户订单号,业务类型,商品名称,创建时间,完成时间,门店编号,门店名称,操作员,终端号,对方账户,订单金额（元）,商家实收（元）,支付宝红包（元）,集分宝（元）,支付宝优惠（元）,商家优惠（元）,券核销金额（元）,券名称,商家红包消费金额（元）,卡消费金额（元）,退款批次号/请求号,服务费（元）,分润（元）,备注';
const row = (id: string, order: string, kind: string, amount: string, net: string, refund = '', fee = '0.00') =>
  `${id}\t,${order}\t,${kind}\t,一卡通充值\t,2026-11-30 12:00:00\t,2026-11-30 12:00:05\t,\t,\t,\t,T01\t,abc***@163.com\t,${amount}\t,${net}\t,0.00\t,0.00\t,0.00\t,0.00\t,0.00\t,\t,0.00\t,0.00\t,${refund}\t,${fee}\t,0.00\t,`;

function detail(rows: string[], footer: string[]): Buffer {
  const text = [
    '#支付宝业务明细查询',
    '#账号：[20886xxxxxxx0156]',
    '#起始日期：[2026年11月30日 00:00:00]   终止日期：[2026年12月01日 00:00:00]',
    '#-----------------------------------------业务明细列表----------------------------------------',
    HEADER,
    ...rows,
    '#-----------------------------------------业务明细列表结束------------------------------------',
    ...footer,
    '#导出时间：[2026年12月01日 10:19:44]',
  ].join('\r\n');
  return iconv.encode(text, 'gbk');
}

const gbkName = (s: string) => iconv.encode(s, 'gbk');
const rows = [row('2026113022001004680269658478', 'M001', '交易', '50.00', '49.70', '', '0.30'), row('2026113022001004680269658479', 'M002', '交易', '20.00', '20.00'), row('2026113022001004680269658478', 'M001', '退款', '-10.00', '-10.00', 'R001')];

describe('Alipay merchant bill (ZIP of GBK CSVs)', () => {
  it('reads the detail file from the ZIP, skips the 汇总 file, and checks the footer', async () => {
    const footer = ['#交易合计：2笔，商家实收共69.70元，商家优惠共0.00元，服务费共0.30元，分润共0.00元', '#退款合计：1笔，商家实收共-10.00元，商家优惠共0.00元，服务费共0.00元，分润共0.00元'];
    const zip = makeZip([
      { name: gbkName('20886xxxxxxx0156_20261130_业务明细.csv'), data: detail(rows, footer), deflate: true },
      { name: gbkName('20886xxxxxxx0156_20261130_业务明细(汇总).csv'), data: iconv.encode('#汇总\r\n', 'gbk'), deflate: true },
    ]);
    const out = await collect(importAlipayMerchant(bytesOf(zip), { fileName: 'bill.zip' }));
    expect(out.findings).toEqual([]);
    expect(out.meta[0]).toMatchObject({ source: 'alipay-merchant', file: 'bill.zip!20886xxxxxxx0156_20261130_业务明细.csv', encoding: { name: 'gb18030' } });
    expect(out.records.map((r) => [r.type, r.direction, r.amountFen, r.feeFen, r.txnId, r.merchantOrderId, r.refundId, r.provenance.line])).toEqual([
      ['consume', 'in', 5000, 30, '2026113022001004680269658478', 'M001', null, 6],
      ['consume', 'in', 2000, 0, '2026113022001004680269658479', 'M002', null, 7],
      ['refund', 'out', 1000, 0, '2026113022001004680269658478', 'M001', 'R001', 8],
    ]);
    expect(out.records[0]!.txnTime).toBe(Date.UTC(2026, 10, 30, 4, 0, 5));
    expect(out.stats).toMatchObject({ rows: 3, records: 3 });
  });

  it('says which footer figure disagrees, and when the footer is missing', async () => {
    const footer = ['#交易合计：3笔，商家实收共79.70元，商家优惠共0.00元，服务费共0.30元，分润共0.00元'];
    const out = await collect(importAlipayMerchant(bytesOf(makeZip([{ name: 'a_业务明细.csv', data: detail(rows, footer), utf8Flag: true }])), { fileName: 'bill.zip' }));
    expect(out.findings.map((f) => [f.code, f.field, f.params.claimed, f.params.counted])).toEqual([
      ['SUMMARY_MISMATCH', '交易合计笔数', '3', '2'],
      ['SUMMARY_MISMATCH', '交易合计商家实收', '79.70', '69.70'],
    ]);
    const cut = await collect(importAlipayMerchant(bytesOf(makeZip([{ name: 'a_业务明细.csv', data: detail(rows.slice(0, 2), []) }])), { fileName: 'bill.zip' }));
    expect(cut.findings.map((f) => f.code)).toEqual(['SUMMARY_MISSING']);
  });

  it('refuses path traversal, too many entries, entries larger than allowed and entries that lie about their size', async () => {
    const evil = makeZip([
      { name: '../../etc/cron.d/x_业务明细.csv', data: Buffer.from('x') },
      { name: '/abs_业务明细.csv', data: Buffer.from('x') },
    ]);
    const out = await collect(importAlipayMerchant(bytesOf(evil), { fileName: 'evil.zip' }));
    expect(out.findings.map((f) => [f.code, f.params.entry ?? null])).toEqual([
      ['ZIP_REFUSED', '../../etc/cron.d/x_业务明细.csv'],
      ['ZIP_REFUSED', '/abs_业务明细.csv'],
      ['UNKNOWN_LAYOUT', null],
    ]);

    const many = makeZip(Array.from({ length: 5 }, (_, i) => ({ name: `${i}.csv`, data: Buffer.from('x') })));
    expect((await collect(importAlipayMerchant(bytesOf(many), { fileName: 'm.zip', zip: { maxEntries: 4 } }))).findings[0]).toMatchObject({ code: 'ZIP_REFUSED', params: { reason: 'it holds 5 entries; at most 4' } });

    const bomb = makeZip([{ name: 'b_业务明细.csv', data: Buffer.alloc(5_000_000, 0x20), deflate: true }]);
    expect((await collect(importAlipayMerchant(bytesOf(bomb), { fileName: 'b.zip', zip: { maxEntryBytes: 1_000_000 } }))).findings[0]).toMatchObject({ code: 'ZIP_REFUSED', params: { entry: 'b_业务明细.csv' } });

    const liar = makeZip([{ name: 'l_业务明细.csv', data: Buffer.alloc(2_000_000, 0x20), deflate: true, declaredSize: 100 }]);
    const lied = await collect(importAlipayMerchant(bytesOf(liar), { fileName: 'l.zip' }));
    expect(lied.findings.map((f) => f.code)).toContain('ZIP_REFUSED');
    expect(lied.records).toEqual([]);
  });

  it('refuses what is not a ZIP, and an archive larger than the caller allows', async () => {
    expect((await collect(importAlipayMerchant(bytesOf('not a zip'), { fileName: 'x.zip' }))).findings[0]).toMatchObject({ code: 'ZIP_REFUSED', line: null });
    const zip = makeZip([{ name: 'a_业务明细.csv', data: Buffer.alloc(10_000, 0x20) }]);
    const out = await collect(importAlipayMerchant(bytesOf(zip), { fileName: 'x.zip', maxFileBytes: 5_000 }));
    expect(out.findings[0]).toMatchObject({ code: 'ZIP_REFUSED', params: { reason: 'the archive is larger than 5000 bytes' } });
  });
});
