import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { bytesOf } from './bytes.ts';
import { collect } from './collect.ts';
import { fixture, haveFixtures, stream } from './fixtures.test-support.ts';
import { importMt940 } from './mt940.ts';

const samples = haveFixtures ? readdirSync(fixture('mt940')).filter((f) => f.endsWith('.sta')) : [];

describe.skipIf(!haveFixtures)('MT940 (the 13 banks’ samples)', () => {
  it.each(samples)('%s reads without a crash, every entry with an amount, and only named findings', async (name) => {
    const out = await collect(importMt940(stream(`mt940/${name}`), { fileName: name }));
    expect(out.stats).not.toBeNull();
    expect(out.findings.every((f) => ['BALANCE_BREAK', 'TRUNCATED'].includes(f.code))).toBe(true);
    expect(out.records.every((r) => r.amountFen !== null && r.amountFen >= 0 && r.txnTime !== null && r.direction !== 'none')).toBe(true);
  });

  it('reads ABN AMRO entries with decimal comma and their statement balances agree', async () => {
    const out = await collect(importMt940(stream('mt940/Abn-sample.sta'), { fileName: 'Abn-sample.sta', timeZone: 'Europe/Amsterdam' }));
    expect(out.findings).toEqual([]);
    expect(out.records[0]).toMatchObject({ source: 'mt940', account: '500950253', currency: 'EUR', direction: 'out', amountFen: 750, txnTime: Date.UTC(2009, 5, 22, 22), provenance: { line: 8 } });
    expect(out.records[0]!.provenance.raw).toContain('KPN BV');
  });

  it('reports a balance break with the opening, the entries, the expected and the stated closing', async () => {
    const out = await collect(importMt940(stream('mt940/Abn-sample2.sta'), { fileName: 'Abn-sample2.sta' }));
    expect(out.findings).toEqual([
      expect.objectContaining({
        code: 'BALANCE_BREAK',
        line: 16,
        field: ':62F:',
        params: { statement: 'ABN AMRO BANK NV', opening: '17369.99', entries: '-812.00', count: 4, expected: '16557.99', closing: '17159.49', difference: '601.50' },
      }),
    ]);
  });

  it('says a statement is truncated when it ends without a closing balance', async () => {
    const out = await collect(importMt940(stream('mt940/Rabo-sample2.sta'), { fileName: 'Rabo-sample2.sta' }));
    expect(out.findings.map((f) => [f.code, f.line, f.params.statement])).toEqual([
      ['BALANCE_BREAK', 6, '940A030107'],
      ['TRUNCATED', 7, '940A030108'],
    ]);
  });

  it('reads a funds code after the mark (DD80, CN220000,00), a decimal point (Rabobank), and bank references', async () => {
    const kbs = await collect(importMt940(stream('mt940/Kbs-sample.sta'), { fileName: 'k' }));
    expect(kbs.records.map((r) => [r.direction, r.amountFen])).toEqual([
      ['out', 8000],
      ['out', 30000],
      ['in', 225000],
    ]);
    const zetb = await collect(importMt940(stream('mt940/Zetb-sample.sta'), { fileName: 'z' }));
    expect(zetb.records[0]).toMatchObject({ direction: 'in', amountFen: 22000000, txnId: '19239782213' });
    const rabo = await collect(importMt940(stream('mt940/Rabo-sample3.sta'), { fileName: 'r' }));
    expect(rabo.records.some((r) => r.amountFen === 38475)).toBe(true);
  });
});

describe('MT940 hostile and broken input', () => {
  it('cut in the middle of an entry: TRUNCATED, and the entry read so far is still named by its line', async () => {
    const text = ':20:X1\n:25:NL00BANK0123456789\n:28C:1/1\n:60F:C250101EUR100,00\n:61:2501010101D10,00NTRFNONREF\n:86:coffee\n:61:250101';
    const out = await collect(importMt940(bytesOf(text), { fileName: 'cut.sta' }));
    expect(out.findings.map((f) => [f.code, f.line])).toEqual([
      ['BAD_ROW', 7],
      ['TRUNCATED', 1],
    ]);
    expect(out.records.map((r) => [r.provenance.line, r.amountFen, r.unmatchable])).toEqual([
      [5, 1000, false],
      [7, null, true],
    ]);
  });

  it('reports an amount with more than 2 decimals instead of rounding it', async () => {
    const text = ':20:X1\n:25:A\n:60F:C250101EUR100,00\n:61:2501010101D10,005NTRFNONREF\n:62F:C250101EUR89,995\n';
    const out = await collect(importMt940(bytesOf(text), { fileName: 'x.sta' }));
    expect(out.findings.map((f) => f.code)).toEqual(['BAD_AMOUNT', 'BAD_AMOUNT']);
  });

  it('says when a file is no MT940 at all', async () => {
    const out = await collect(importMt940(bytesOf('hello\nworld\n'), { fileName: 'x.sta' }));
    expect(out.findings.map((f) => f.code)).toEqual(['UNKNOWN_LAYOUT']);
  });
});
