import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { bytesOf } from './bytes.ts';
import { collect } from './collect.ts';
import { importLedgerCsv } from './ledger-csv.ts';

const HEADER = 'txn_id,card_no,account_no,terminal_id,txn_type,amount_fen,balance_before_fen,balance_after_fen,card_counter,txn_time,collected_at,offline,status,channel,channel_order_id,merchant_order_id,third_party_order_id,refund_id';

function own(rows: string[], trailer = true) {
  const sum = rows.reduce((s, r) => s + BigInt(r.split(',')[5] || 0), 0n);
  return [HEADER, ...rows, ...(trailer ? [`#END,${rows.length},${sum}`] : [])].join('\r\n') + '\r\n';
}

const consume = 'T0001,C123,20230001,POS-01,consume,1250,10000,8750,41,2026-11-30 12:01:02,2026-11-30 12:01:05,0,success,,,,,';
const offline = 'T0002,C123,20230001,POS-02,消费,500,8750,8250,42,2026-11-29 18:00:00,2026-11-30 08:00:00,1,成功,,,,,';
const recharge = 'T0003,C124,20230002,KIOSK-1,recharge,10000,0,10000,7,2026-11-30T09:00:00+08:00,,0,success,wechat,4200000068201801293084726067,M20261130001,,';

describe('opsdesk card-ledger CSV', () => {
  it('reads the documented layout into normalized records with provenance', async () => {
    const out = await collect(importLedgerCsv(bytesOf(own([consume, offline, recharge])), { fileName: 'ledger.csv' }));
    expect(out.findings).toEqual([]);
    expect(out.meta[0]).toMatchObject({ layout: 'opsdesk-ledger/v1' });
    expect(out.records).toHaveLength(3);
    expect(out.records[0]).toMatchObject({
      source: 'ledger-csv',
      txnId: 'T0001',
      card: 'C123',
      account: '20230001',
      terminal: 'POS-01',
      type: 'consume',
      direction: 'out',
      amountFen: 1250,
      balanceBeforeFen: 10000,
      balanceAfterFen: 8750,
      cardCounter: 41,
      txnTime: Date.UTC(2026, 10, 30, 4, 1, 2),
      offline: false,
      status: 'success',
      unmatchable: false,
      provenance: { file: 'ledger.csv', line: 2, raw: consume },
    });
    expect(out.records[1]).toMatchObject({ offline: true, type: 'consume', collectedAt: Date.UTC(2026, 10, 30, 0, 0, 0) });
    expect(out.records[2]).toMatchObject({ type: 'recharge', direction: 'in', channel: 'wechat', channelOrderId: '4200000068201801293084726067', merchantOrderId: 'M20261130001' });
    expect(out.stats).toMatchObject({ rows: 3, records: 3, rejected: 0 });
  });

  it('says when the trailer disagrees with the rows, and when there is no trailer (cut short)', async () => {
    const lying = own([consume, offline]).replace('#END,2,1750', '#END,3,1800');
    const out = await collect(importLedgerCsv(bytesOf(lying), { fileName: 'l.csv' }));
    expect(out.findings.map((f) => [f.code, f.field, f.params])).toEqual([
      ['SUMMARY_MISMATCH', 'rows', { claimed: 3, counted: 2 }],
      ['SUMMARY_MISMATCH', 'amount_fen', { claimed: '1800', counted: '1750' }],
    ]);
    const cut = await collect(importLedgerCsv(bytesOf(own([consume], false)), { fileName: 'l.csv' }));
    expect(cut.findings.map((f) => f.code)).toEqual(['TRUNCATED']);
  });

  it('flags a balance break, a mangled id, a bad amount, a formula cell and a duplicate, each with its line', async () => {
    const rows = [
      'T0001,C123,20230001,POS-01,consume,1250,10000,8000,41,2026-11-30 12:01:02,,0,success,,,,,',
      'T0005,C123,20230001,POS-01,consume,12.5,8000,7000,42,2026-11-30 12:02:02,,0,success,,,,,',
      "T0006,C123,=cmd|' /C calc'!A0,POS-01,consume,100,8000,7900,43,2026-11-30 12:03:02,,0,success,,4.00123E+27,,,",
      'T0001,C123,20230001,POS-01,consume,1250,10000,8750,41,2026-11-30 12:01:02,,0,success,,,,,',
    ];
    const out = await collect(importLedgerCsv(bytesOf([HEADER, ...rows, '#END,4,2600'].join('\n')), { fileName: 'l.csv' }));
    expect(out.findings.map((f) => [f.code, f.line, f.field])).toEqual([
      ['BALANCE_BREAK', 2, 'balanceAfter'],
      ['BAD_AMOUNT', 3, 'amount'],
      ['MANGLED_ID', 4, 'channelOrderId'],
      ['FORMULA_CELL', 4, 'account'],
      ['DUPLICATE_ROW', 5, null],
    ]);
    expect(out.records.map((r) => [r.provenance.line, r.amountFen, r.unmatchable, r.lostIds])).toEqual([
      [2, 1250, false, []],
      [3, null, true, []],
      // the mangled channel order id is gone, the intact transaction id still matches
      [4, 100, false, ['channelOrderId']],
      [5, 1250, false, []],
    ]);
    expect(out.records[2]!.channelOrderId).toBeNull();
    expect(out.records[2]!.account).toBe("=cmd|' /C calc'!A0");
  });

  it('rejects a 10 MB line with LINE_TOO_LONG and keeps reading', async () => {
    const big = `T0009,${'x'.repeat(10 * 1024 * 1024)}\n`;
    const out = await collect(importLedgerCsv(bytesOf(`${HEADER}\n`, big, `${consume}\n#END,2,1250\n`), { fileName: 'l.csv' }));
    expect(out.findings.map((f) => [f.code, f.line])).toEqual([['LINE_TOO_LONG', 2]]);
    expect(out.records.map((r) => r.txnId)).toEqual(['T0001']);
    expect(out.stats).toMatchObject({ rows: 2, records: 1, rejected: 1 });
  });
});

describe('other ledgers by their header', () => {
  it('recognises Chinese headers in GBK, amounts in yuan, and says which column it took', async () => {
    const text = '交易流水号,卡号,学工号,交易类型,金额(元),交易时间,渠道,商户订单号,状态\r\n' + '00012,8800123,2023001,充值,"1,234.50",2026/11/30 9:05,微信,M001,交易成功\r\n';
    const out = await collect(importLedgerCsv(bytesOf(iconv.encode(text, 'gbk')), { fileName: '流水.csv' }));
    expect(out.findings).toEqual([]);
    expect(out.meta[0]!.columns).toEqual([
      { field: 'txnId', column: '交易流水号', index: 0, from: 'header' },
      { field: 'card', column: '卡号', index: 1, from: 'header' },
      { field: 'account', column: '学工号', index: 2, from: 'header' },
      { field: 'type', column: '交易类型', index: 3, from: 'header' },
      { field: 'amount', column: '金额(元)', index: 4, from: 'header' },
      { field: 'txnTime', column: '交易时间', index: 5, from: 'header' },
      { field: 'channel', column: '渠道', index: 6, from: 'header' },
      { field: 'merchantOrderId', column: '商户订单号', index: 7, from: 'header' },
      { field: 'status', column: '状态', index: 8, from: 'header' },
    ]);
    expect(out.records[0]).toMatchObject({ txnId: '00012', type: 'recharge', direction: 'in', amountFen: 123450, status: 'success', merchantOrderId: 'M001' });
  });

  it('reads amounts in fen when the header says 分', async () => {
    const out = await collect(importLedgerCsv(bytesOf('流水号,交易金额(分),交易时间\nA1,1230,2026-11-30 10:00:00\n'), { fileName: 'f.csv' }));
    expect(out.records[0]!.amountFen).toBe(1230);
  });

  it('asks for a column mapping when it cannot tell, and uses the one it is given', async () => {
    const text = 'No.,Sum,When,Remark\nA1,12.00,2026-11-30 10:00:00,x\n';
    const asked = await collect(importLedgerCsv(bytesOf(text), { fileName: 'odd.csv' }));
    expect(asked.findings).toEqual([expect.objectContaining({ code: 'NEEDS_MAPPING', line: 1, params: expect.objectContaining({ missing: 'amount,txnTime,txnId', header: '["No.","Sum","When","Remark"]' }) })]);
    expect(asked.records).toEqual([]);
    const mapped = await collect(importLedgerCsv(bytesOf(text), { fileName: 'odd.csv', mapping: { txnId: 'No.', amount: 'Sum', txnTime: 2 } }));
    expect(mapped.findings).toEqual([]);
    expect(mapped.records[0]).toMatchObject({ txnId: 'A1', amountFen: 1200, txnTime: Date.UTC(2026, 10, 30, 2) });
    // the meta says which columns the mapping chose (an import reports a saved mapping's choices from it)
    expect(mapped.meta[0]!.columns).toEqual([
      { field: 'txnId', column: 'No.', index: 0, from: 'mapping' },
      { field: 'amount', column: 'Sum', index: 1, from: 'mapping' },
      { field: 'txnTime', column: 'When', index: 2, from: 'mapping' },
    ]);
  });

  it('does not guess between two amount columns', async () => {
    const out = await collect(importLedgerCsv(bytesOf('流水号,金额,交易金额,交易时间\nA1,1,1,2026-11-30\n'), { fileName: 'f.csv' }));
    expect(out.findings[0]).toMatchObject({ code: 'NEEDS_MAPPING', params: expect.objectContaining({ ambiguous: 'amount:金额|交易金额' }) });
  });

  it('reads mixed date formats and reports the unreadable one', async () => {
    const text = '流水号,金额,交易时间\nA1,1,2026-11-30 10:00:00\nA2,1,2026/11/30 10:00\nA3,1,20261130100000\nA4,1,30.11.2026\n';
    const out = await collect(importLedgerCsv(bytesOf(text), { fileName: 'f.csv' }));
    expect(out.records.map((r) => r.txnTime)).toEqual([Date.UTC(2026, 10, 30, 2), Date.UTC(2026, 10, 30, 2), Date.UTC(2026, 10, 30, 2), null]);
    expect(out.findings.map((f) => [f.code, f.line, f.params.value])).toEqual([['BAD_DATE', 5, '30.11.2026']]);
    expect(out.records[3]!.unmatchable).toBe(true);
  });
});
