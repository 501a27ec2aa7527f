import { describe, expect, it } from 'vitest';
import { bytesOf } from './bytes.ts';
import { collect } from './collect.ts';
import { formatFen } from './money.ts';
import { importUnionpaySettlement } from './unionpay-settlement.ts';
import { DETAIL, HEADER, pad, TRAILER } from './unionpay-layout.ts';

/** A small generator of settlement files: details from a few fields, the trailer computed unless overridden. */
function settlement(details: { rrn: string; amount: number; dc?: 'C' | 'D'; code?: string; fee?: number; time?: string; order?: string }[], trailer?: { count?: number; sum?: number }) {
  const lines = [pad({ recordType: 'H', acquirer: '48021000', settleDate: '20261130', currency: '156', version: 'V1.0' }, HEADER.fields)];
  let sum = 0;
  let fees = 0;
  details.forEach((d, i) => {
    const dc = d.dc ?? 'C';
    sum += dc === 'C' ? d.amount : -d.amount;
    fees += d.fee ?? 0;
    lines.push(
      pad(
        { recordType: 'D', traceNo: String(100001 + i), rrn: d.rrn, txnTime: d.time ?? '20261130120102', pan: '622202******1234', amount: String(d.amount), txnCode: d.code ?? 'S000', dc, fee: String(d.fee ?? 0), merchantId: '898440358120001', terminalId: 'T0000001', orderId: d.order ?? `M${i}`, respCode: '00' },
        DETAIL.fields,
        ['traceNo', 'amount', 'fee'],
      ),
    );
  });
  const s = trailer?.sum ?? sum;
  lines.push(`T${String(trailer?.count ?? details.length).padStart(10, '0')}${(s < 0 ? '-' : '+') + String(Math.abs(s)).padStart(15, '0')}${'+' + String(fees).padStart(15, '0')}`);
  expect(lines.at(-1)!.length).toBe(TRAILER.length);
  return lines.join('\r\n') + '\r\n';
}

describe('UnionPay fixed-width settlement file', () => {
  it('reads header, details and trailer into records in fen', async () => {
    const text = settlement([
      { rrn: '633412345678', amount: 1250, fee: 8, order: 'ORDER-1' },
      { rrn: '633412345679', amount: 500, dc: 'D', code: 'R000' },
    ]);
    const out = await collect(importUnionpaySettlement(bytesOf(text), { fileName: 'INDF20261130' }));
    expect(out.findings).toEqual([]);
    expect(out.records.map((r) => [r.txnId, r.type, r.direction, r.amountFen, r.feeFen, r.merchantOrderId, r.card, r.terminal, r.currency, r.provenance.line])).toEqual([
      ['633412345678', 'consume', 'in', 1250, 8, 'ORDER-1', '622202******1234', 'T0000001', 'CNY', 2],
      ['633412345679', 'refund', 'out', 500, 0, 'M1', '622202******1234', 'T0000001', 'CNY', 3],
    ]);
    expect(out.records[0]!.txnTime).toBe(Date.UTC(2026, 10, 30, 4, 1, 2));
  });

  it('checks the trailer against the details', async () => {
    const out = await collect(importUnionpaySettlement(bytesOf(settlement([{ rrn: '1', amount: 100 }], { count: 2, sum: 300 })), { fileName: 'f' }));
    expect(out.findings.map((f) => [f.code, f.field, f.params.claimed, f.params.counted])).toEqual([
      ['SUMMARY_MISMATCH', 'count', '2', '1'],
      ['SUMMARY_MISMATCH', 'amountSum', formatFen(300), formatFen(100)],
    ]);
  });

  it('names a cut file (no trailer, or a last line cut short) and a damaged line in the middle', async () => {
    const full = settlement([{ rrn: '1', amount: 100 }, { rrn: '2', amount: 200 }]);
    const lines = full.split('\r\n');
    const noTrailer = await collect(importUnionpaySettlement(bytesOf(lines.slice(0, 3).join('\r\n')), { fileName: 'f' }));
    expect(noTrailer.findings.map((f) => f.code)).toEqual(['TRUNCATED']);
    const midLine = await collect(importUnionpaySettlement(bytesOf(lines.slice(0, 2).join('\r\n') + '\r\n' + lines[2]!.slice(0, 50)), { fileName: 'f' }));
    expect(midLine.findings.map((f) => [f.code, f.line])).toEqual([
      ['TRUNCATED', 3],
      ['TRUNCATED', null],
    ]);
    const damaged = await collect(importUnionpaySettlement(bytesOf([lines[0], lines[1]!.slice(0, 90), lines[2], lines[3]].join('\r\n')), { fileName: 'f' }));
    expect(damaged.findings.map((f) => [f.code, f.line])).toEqual([
      ['BAD_ROW', 2],
      ['SUMMARY_MISMATCH', 4],
      ['SUMMARY_MISMATCH', 4],
    ]);
    expect(damaged.stats).toMatchObject({ rows: 2, records: 1, rejected: 1 });
  });

  it('reports unreadable amounts and dates per field, and a mangled reference', async () => {
    const text = settlement([{ rrn: '4.00123E+11', amount: 100, time: '20261131120000' }]).replace('000000000100S000', '0000000001X0S000');
    const out = await collect(importUnionpaySettlement(bytesOf(text), { fileName: 'f' }));
    expect(out.findings.map((f) => [f.code, f.field])).toEqual(expect.arrayContaining([
      ['MANGLED_ID', 'rrn'],
      ['BAD_DATE', 'txnTime'],
      ['BAD_AMOUNT', 'amount'],
    ]));
    expect(out.records[0]!.unmatchable).toBe(true);
  });

  it('refuses a file that is not a settlement file', async () => {
    const out = await collect(importUnionpaySettlement(bytesOf('hello\n'), { fileName: 'f' }));
    expect(out.findings.map((f) => f.code)).toContain('UNKNOWN_LAYOUT');
  });
});
