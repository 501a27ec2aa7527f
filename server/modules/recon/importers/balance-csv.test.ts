import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { collectBalances, importBalanceCsv, parseDay } from './balance-csv.ts';
import { bytesOf } from './bytes.ts';

const HEADER = 'business_day,account_no,card_no,opening_fen,recharge_fen,consumption_fen,closing_fen,card_balance_fen';

function own(rows: string[], trailer = true) {
  const sum = rows.reduce((s, r) => s + BigInt(r.split(',')[6] || 0), 0n);
  return [HEADER, ...rows, ...(trailer ? [`#END,${rows.length},${sum}`] : [])].join('\r\n') + '\r\n';
}

const a = '2026-11-30,20230001,C123,10000,5000,1250,13750,13750';
const b = '2026-11-30,20230002,,0,10000,0,10000,';

const read = (text: string | Buffer, fileName = 'balances.csv', encoding?: 'utf8' | 'gb18030') => collectBalances(importBalanceCsv(bytesOf(text), { fileName, ...(encoding ? { encoding } : {}) }));

describe('account daily settlement CSV (opsdesk-balances/v1)', () => {
  it('reads the documented layout: one row per account and day, money in fen, provenance', async () => {
    const out = await read(own([a, b]));
    expect(out.findings).toEqual([]);
    expect(out.meta[0]).toMatchObject({ source: 'balance-csv', layout: 'opsdesk-balances/v1' });
    expect(out.rows).toEqual([
      { day: '2026-11-30', account: '20230001', card: 'C123', openingFen: 10000, rechargeFen: 5000, consumptionFen: 1250, closingFen: 13750, cardBalanceFen: 13750, provenance: { file: 'balances.csv', line: 2, raw: a } },
      { day: '2026-11-30', account: '20230002', card: null, openingFen: 0, rechargeFen: 10000, consumptionFen: 0, closingFen: 10000, cardBalanceFen: null, provenance: { file: 'balances.csv', line: 3, raw: b } },
    ]);
    expect(out.stats).toMatchObject({ rows: 2, records: 2, rejected: 0 });
  });

  it('checks the #END trailer: missing is TRUNCATED, wrong figures are SUMMARY_MISMATCH', async () => {
    expect((await read(own([a], false))).findings.map((f) => f.code)).toEqual(['TRUNCATED']);
    const lying = `${HEADER}\n${a}\n#END,2,99\n`;
    const out = await read(lying);
    expect(out.findings.map((f) => [f.code, f.field, f.params.claimed, f.params.counted])).toEqual([
      ['SUMMARY_MISMATCH', 'rows', 2, 1],
      ['SUMMARY_MISMATCH', 'closing_fen', '99', '13750'],
    ]);
  });

  it('rejects bad rows with their reason and line, and keeps the good ones', async () => {
    const rows = [
      a,
      '2026-11-31,20230003,C9,0,0,0,0,0', // no such day
      '2026-11-30,,C9,0,0,0,0,0', // no account
      '2026-11-30,20230004,C9,12.5,0,0,0,0', // not whole fen
      '2026-11-30,2.02301E+07,C9,0,0,0,0,0', // mangled account
      '2026-11-30,20230005,C9,0,,0,0,0', // no recharge figure
      '2026-11-30,20230001,C123,1,1,0,2,2', // the same account, card and day again
      '2026-11-30,20230006,C9,0,0', // short row
      b,
    ];
    const text = `${HEADER}\n${rows.join('\n')}\n#END,${rows.length},23750\n`;
    const out = await read(text);
    expect(out.rows.map((r) => r.provenance.line)).toEqual([2, 10]);
    expect(out.findings.map((f) => [f.code, f.line, f.field])).toEqual([
      ['BAD_DATE', 3, 'day'],
      ['BAD_ROW', 4, 'account'],
      ['BAD_AMOUNT', 5, 'opening'],
      ['MANGLED_ID', 6, 'account'],
      ['BAD_AMOUNT', 7, 'recharge'],
      ['DUPLICATE_ROW', 8, null],
      ['BAD_ROW', 9, null],
    ]);
    expect(out.findings.every((f) => f.severity === 'error')).toBe(true);
    expect(out.findings[2]!.params).toMatchObject({ value: '12.5' });
    expect(out.stats).toMatchObject({ rows: 9, records: 2, rejected: 7 });
  });

  it('keeps a row whose own figures do not add up, with a BALANCE_BREAK warning', async () => {
    const out = await read(own(['2026-11-30,20230001,C1,10000,500,100,10000,']));
    expect(out.rows).toHaveLength(1);
    expect(out.findings).toEqual([
      expect.objectContaining({ code: 'BALANCE_BREAK', severity: 'warning', line: 2, params: { opening: 10000, increase: 500, consumption: 100, entries: 400, expected: 10400, closing: 10000 } }),
    ]);
  });
});

describe('account daily settlements as one-card systems export them', () => {
  it('reads Chinese headers in yuan from a GBK file, 转入 added to the increase', async () => {
    const text = ['日期,学工号,姓名,卡号,期初余额,充值金额,转入金额,消费金额,账户余额,卡余额', '2026/11/30,20230001,张三,C123,100.00,50.00,1.50,12.50,139.00,139.00', '20261130,20230002,李四,,0,100,0,0.01,99.99,'].join('\r\n');
    const out = await read(iconv.encode(text, 'gbk'), '日结表.csv');
    expect(out.meta[0]).toMatchObject({ layout: 'recognised-header', encoding: { name: 'gb18030', reason: 'fallback-gb18030' } });
    expect(out.meta[0]!.columns!.map((c) => `${c.field}=${c.column}`)).toEqual([
      'day=日期',
      'account=学工号',
      'card=卡号',
      'opening=期初余额',
      'recharge=充值金额',
      'transferIn=转入金额',
      'consumption=消费金额',
      'closing=账户余额',
      'cardBalance=卡余额',
    ]);
    expect(out.findings).toEqual([]);
    expect(out.rows.map((r) => [r.day, r.account, r.card, r.openingFen, r.rechargeFen, r.consumptionFen, r.closingFen, r.cardBalanceFen])).toEqual([
      ['2026-11-30', '20230001', 'C123', 10000, 5150, 1250, 13900, 13900],
      ['2026-11-30', '20230002', null, 0, 10000, 1, 9999, null],
    ]);
  });

  it('takes the unit from the header: (分) is fen, (元) and no unit are yuan', async () => {
    const text = '结算日期,账号,期初余额(分),充值金额(元),期末余额\n2026-11-30,A1,100,1.00,2.00\n';
    const out = await read(text);
    expect(out.findings).toEqual([]);
    expect(out.rows[0]).toMatchObject({ openingFen: 100, rechargeFen: 100, closingFen: 200, consumptionFen: null });
  });

  it('refuses a header it cannot read rather than guess: missing and doubled columns', async () => {
    const missing = await read('日期,账号,期初余额,期末余额\n2026-11-30,A1,0,0\n');
    expect(missing.rows).toEqual([]);
    expect(missing.findings).toEqual([expect.objectContaining({ code: 'UNKNOWN_LAYOUT', severity: 'error', params: expect.objectContaining({ missing: 'recharge' }) })]);
    const doubled = await read('日期,账号,期初余额,充值,期末余额,账户余额\n2026-11-30,A1,0,0,0,0\n');
    expect(doubled.findings[0]).toMatchObject({ code: 'UNKNOWN_LAYOUT', params: { ambiguous: 'closing:期末余额|账户余额' } });
  });

  it('reads business days in the usual spellings and refuses days that do not exist', () => {
    expect(['2026-11-30', '2026/11/30', '2026.11.30', '20261130', '2026年11月30日', '2026-11-30 00:00:00'].map(parseDay)).toEqual(Array(6).fill('2026-11-30'));
    expect(['2026-02-29', '2026-13-01', '30/11/2026', '', '2026113'].map(parseDay)).toEqual([null, null, null, null, null]);
  });
});
