import { Readable } from 'node:stream';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { headerSignature, readLedgerHeader } from './importers/index.ts';
import { checkMapping, describeMapping } from './mappings.ts';

/** The pure part of saved column mappings: a layout's signature, the header read, and a mapping checked against it. */
describe('header signature', () => {
  it('compares headers as the recogniser does: case, bracket width, spaces, dashes and a closing comma do not count', () => {
    expect(headerSignature(['`凭证号', ' Amount（元） ', 'Txn_Time', ''])).toEqual(['凭证号', 'amount(元)', 'txntime']);
    expect(headerSignature(['凭证号', 'AMOUNT(元)', 'txn-time'])).toEqual(headerSignature(['凭证号', 'amount（元）', 'TXN TIME', '', '']));
  });

  it('reads the first non-blank row of a ledger, in GBK too, and null for a file without one', async () => {
    const text = '\n\n单号,金额,时间\nA,1,2\n';
    expect(await readLedgerHeader(Readable.from([Buffer.from(text)]), { fileName: 'a.csv' })).toEqual(['单号', '金额', '时间']);
    expect(await readLedgerHeader(Readable.from([iconv.encode(text, 'gbk')]), { fileName: 'a.csv' })).toEqual(['单号', '金额', '时间']);
    expect(await readLedgerHeader(Readable.from([Buffer.from('\n \n')]), { fileName: 'a.csv' })).toBeNull();
  });
});

describe('checkMapping', () => {
  const sig = headerSignature(['凭证号', '发生金额', '记账日期', '摘要']);
  const fields = (r: ReturnType<typeof checkMapping>) => (r.ok ? [] : r.problems.map((p) => `${p.field}:${p.code}`));

  it('accepts names and indexes that fit the header and keeps them as given', () => {
    const r = checkMapping({ txnId: '凭证号', amount: 1, txnTime: '记账 日期', amountUnit: 'fen' }, sig);
    expect(r).toEqual({ ok: true, mapping: { txnId: '凭证号', amount: 1, txnTime: '记账 日期', amountUnit: 'fen' } });
    expect(describeMapping({ txnId: 0, amount: '发生金额' }, ['凭证号'])).toBe('txnId=凭证号; amount=发生金额');
  });

  it('names each bad field', () => {
    expect(fields(checkMapping({ txnId: 0, amount: 1, txnTime: 2, colour: 3 }, sig))).toEqual(['mapping.colour:enum']);
    expect(fields(checkMapping({ txnId: 0, amount: 4, txnTime: 2 }, sig))).toEqual(['mapping.amount:maximum']);
    expect(fields(checkMapping({ txnId: 0, amount: 1.5, txnTime: 2 }, sig))).toEqual(['mapping.amount:maximum']);
    expect(fields(checkMapping({ txnId: 0, amount: '余额', txnTime: 2 }, sig))).toEqual(['mapping.amount:columnMissing']);
    expect(fields(checkMapping({ txnId: 0, amount: 1, txnTime: 1 }, sig))).toEqual(['mapping.txnTime:duplicateValue']);
    expect(fields(checkMapping({ txnId: 0 }, sig))).toEqual(['mapping.amount:required', 'mapping.txnTime:required']);
    expect(fields(checkMapping({ amount: 1, txnTime: 2 }, sig))).toEqual(['mapping.txnId:required']);
    expect(fields(checkMapping({ txnId: 0, amount: 1, txnTime: 2, amountUnit: 'jiao' }, sig))).toEqual(['mapping.amountUnit:enum']);
  });

  it('lets the header name what the mapping leaves out, and refuses what stays unclear', () => {
    const two = headerSignature(['流水号', '金额', '交易金额', '交易时间', '流水']);
    // the mapping settles the amount; the id is still claimed by two columns (流水号, 流水)
    expect(fields(checkMapping({ amount: 1, txnTime: 3 }, two))).toEqual(['mapping.txnId:required', 'mapping.txnId:columnRepeated']);
    expect(fields(checkMapping({ amount: 1, txnTime: 3, txnId: 0 }, two))).toEqual([]);
  });
});
