import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { bytesOf } from './bytes.ts';
import { importCamt } from './camt.ts';
import { collect } from './collect.ts';
import { haveFixtures, stream } from './fixtures.test-support.ts';

describe.skipIf(!haveFixtures)('camt.053 / camt.054 (fixtures)', () => {
  it.each([
    ['camt053.v2.minimal.xml', 'camt.053.001.02'],
    ['camt053.v3.xml', 'camt.053.001.03'],
    ['camt053.v4.xml', 'camt.053.001.04'],
    ['camt053.v8.xml', 'camt.053.001.08'],
    ['camt053.v2.all-balance-types.xml', 'camt.053.001.02'],
    ['camt053.v2.five.decimals.xml', 'camt.053.001.02'],
  ])('%s: the entry in exact cents, and its version named', async (name, layout) => {
    const out = await collect(importCamt(stream(`camt/${name}`), { fileName: name }));
    expect(out.meta[0]).toMatchObject({ source: 'camt053', layout });
    expect(out.records).toHaveLength(1);
    expect(out.records[0]).toMatchObject({ source: 'camt053', direction: 'in', amountFen: 885, currency: 'EUR', status: 'success' });
    expect(out.records[0]!.account).toMatch(/^[A-Z]{2}\d{2}/);
    expect(out.findings.every((f) => f.code === 'BALANCE_BREAK')).toBe(true);
  });

  it('v8 reads the status code element and the end-to-end id', async () => {
    const out = await collect(importCamt(stream('camt/camt053.v8.xml'), { fileName: 'v8' }));
    expect(out.records[0]).toMatchObject({ status: 'success', statusRaw: 'BOOK', txnId: 'AAAASESS-FP-CN_98765/01', merchantOrderId: 'MUELL/FINP/RA12345' });
  });

  it('checks opening + booked entries against the closing balance, and names balances in other currencies', async () => {
    const five = await collect(importCamt(stream('camt/camt053.v2.five.decimals.xml'), { fileName: 'five' }));
    expect(five.findings).toEqual([
      expect.objectContaining({ code: 'BALANCE_BREAK', params: expect.objectContaining({ opening: '18.15', entries: '8.85', expected: '27.00', closing: '27.05', difference: '0.05' }) }),
    ]);
    const minimal = await collect(importCamt(stream('camt/camt053.v2.minimal.xml'), { fileName: 'minimal' }));
    expect(minimal.findings).toEqual([expect.objectContaining({ code: 'BALANCE_BREAK', params: expect.objectContaining({ currencies: 'EUR,SEK' }) })]);
    const multi = await collect(importCamt(stream('camt/camt053.v2.multi.statement.xml'), { fileName: 'multi' }));
    expect(multi.findings).toEqual([]);
    expect(multi.records.map((r) => [r.direction, r.amountFen])).toEqual([
      ['in', 885],
      ['out', 700],
    ]);
  });

  it('reads camt.054 notifications, and names an entry without a date', async () => {
    const out = await collect(importCamt(stream('camt/camt054.v2.with-account-name.xml'), { fileName: '054' }));
    expect(out.meta[0]).toMatchObject({ source: 'camt054', layout: 'camt.054.001.02' });
    expect(out.records[0]).toMatchObject({ source: 'camt054', direction: 'out', amountFen: 20000000, currency: 'SEK', unmatchable: true });
    expect(out.findings.map((f) => f.code)).toEqual(['BAD_DATE']);
  });
});

const ENTRY = '<Ntry><Amt Ccy="CNY">1.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts>BOOK</Sts><BookgDt><Dt>2026-11-30</Dt></BookgDt></Ntry>';
const doc = (body: string) => `<?xml version="1.0"?><Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02"><BkToCstmrStmt><Stmt><Id>S1</Id>${body}</Stmt></BkToCstmrStmt></Document>`;

describe('camt hostile input', () => {
  it('refuses an entity bomb with a finding, expanding nothing', async () => {
    const lol = ['<!ENTITY lol "lol">', ...Array.from({ length: 9 }, (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i || ''};`.repeat(10)}">`)].join('');
    const bomb = `<?xml version="1.0"?><!DOCTYPE Document [${lol}]><Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02"><BkToCstmrStmt><Stmt><Id>&lol9;</Id>${ENTRY}</Stmt></BkToCstmrStmt></Document>`;
    const before = process.memoryUsage().heapUsed;
    const out = await collect(importCamt(bytesOf(bomb), { fileName: 'bomb.xml' }));
    expect(out.findings.map((f) => f.code)).toEqual(['XML_DOCTYPE']);
    expect(out.records).toEqual([]);
    expect(process.memoryUsage().heapUsed - before).toBeLessThan(50 * 1024 * 1024);
  });

  it('refuses an external entity without fetching it', async () => {
    let fetched = 0;
    const server = createServer((_, res) => {
      fetched++;
      res.end('secret');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/x`;
    try {
      for (const xxe of [
        `<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM "${url}">]>${doc(`<Acct><Id><IBAN>&x;</IBAN></Id></Acct>${ENTRY}`)}`,
        `<?xml version="1.0"?><!DOCTYPE d SYSTEM "${url}">${doc(ENTRY)}`,
        `<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]>${doc(`<Acct><Id><IBAN>&x;</IBAN></Id></Acct>${ENTRY}`)}`,
      ]) {
        const out = await collect(importCamt(bytesOf(xxe), { fileName: 'xxe.xml' }));
        expect(out.findings.map((f) => f.code)).toEqual(['XML_DOCTYPE']);
        expect(out.records).toEqual([]);
      }
      // an undeclared entity without a DOCTYPE is refused too
      const bare = await collect(importCamt(bytesOf(doc(`<Acct><Id><IBAN>&x;</IBAN></Id></Acct>${ENTRY}`)), { fileName: 'bare.xml' }));
      expect(bare.findings[0]!.code).toBe('XML_DOCTYPE');
      expect(fetched).toBe(0);
    } finally {
      server.close();
    }
  });

  it('says when a document is cut short, too deep, malformed, or not camt', async () => {
    const full = doc(ENTRY + ENTRY);
    const cut = await collect(importCamt(bytesOf(full.slice(0, full.length - 30)), { fileName: 'cut.xml' }));
    expect(cut.findings.map((f) => f.code)).toEqual(['TRUNCATED']);
    expect(cut.records).toHaveLength(2);
    const deep = await collect(importCamt(bytesOf(doc('<a>'.repeat(100) + '</a>'.repeat(100))), { fileName: 'deep.xml' }));
    expect(deep.findings.map((f) => f.code)).toEqual(['XML_TOO_DEEP']);
    const bad = await collect(importCamt(bytesOf(doc('<Ntry><Amt>1</Ntry>')), { fileName: 'bad.xml' }));
    expect(bad.findings.map((f) => f.code)).toEqual(['XML_MALFORMED']);
    const other = await collect(importCamt(bytesOf('<?xml version="1.0"?><rss/>'), { fileName: 'rss.xml' }));
    expect(other.findings.map((f) => f.code)).toEqual(['UNKNOWN_LAYOUT']);
  });
});
