import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestApp, type Caller, type TestApp } from '../../testing/app.ts';
import { describeEachDatabase } from '../../testing/each-database.ts';
import { cassetteBody, fixture, haveFixtures } from './importers/fixtures.test-support.ts';
import { ledgerCsv, upload } from './recon.test-support.ts';

/**
 * Imports through the API on both databases: the shared real-world bills and statements import or fail with named
 * findings, the same bytes twice are a 409 naming the first import, a file-level error keeps no records, the record
 * preview masks card and account numbers, and only recon:write may import.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- response bodies, read as the console reads them
type Json = Record<string, any>;

describeEachDatabase('recon imports API on %s', (dialect) => {
  let t: TestApp;
  let admin: Caller;
  let finance: Caller;
  let client: Caller;

  beforeAll(async () => {
    t = await createTestApp(dialect);
    t.clock.set(Date.parse('2026-12-01T04:00:00Z'));
    admin = await t.loginAdmin();
    finance = await t.userWith(admin, ['finance']);
    client = await t.userWith(admin, ['client']);
  });
  afterAll(async () => t.close());

  const recordFiles = () => {
    const dir = path.join(t.config.dataDir, 'recon', 'imports');
    return fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith('.parquet')) : [];
  };

  it('imports the WeChat trade bill: 1269 records, every mangled id named, findings capped with a count of the rest', async () => {
    const audits = await t.auditCount();
    const res = await upload(t, finance, 'wechat', cassetteBody('wechatpay/download_bill.vcr.json'), { fileName: 'download_bill.csv' });
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json() as Json;
    expect(body).toMatchObject({ source: 'wechat', fileName: 'download_bill.csv', status: 'imported', layout: 'wechat-trade/tab', rows: 1269, records: 1269, rejected: 0, encoding: { name: 'utf8' } });
    expect(body.findingCounts).toEqual({ MANGLED_ID: 1813 });
    expect(body.findings).toBe(1813);
    expect(body.findingList).toHaveLength(1000);
    expect(body.findingsOmitted).toBe(813);
    expect(body.findingList[0]).toMatchObject({ code: 'MANGLED_ID', file: 'download_bill.csv', line: 2, field: '微信订单号' });
    expect(Date.parse(body.txnFrom)).toBeLessThan(Date.parse(body.txnTo));
    expect(body.txnTo.slice(0, 10)).toBe('2016-05-04');
    expect(await t.auditCount()).toBe(audits + 1);
    expect(fs.statSync(path.join(t.config.dataDir, 'recon', 'imports', `${body.id}.parquet`)).mode & 0o777).toBe(0o600);

    const again = await upload(t, finance, 'wechat', cassetteBody('wechatpay/download_bill.vcr.json'), { fileName: 'renamed.csv' });
    expect(again.statusCode).toBe(409);
    expect(again.json().error).toMatchObject({ code: 'DUPLICATE_IMPORT', details: { importId: body.id } });

    const first = (await t.call(finance, { method: 'GET', url: `/api/v1/recon/imports/${body.id}/records?limit=1` })).json() as Json;
    expect(first).toMatchObject({ total: 1269, nextCursor: expect.any(String) as unknown });
    expect(first.items[0]).toMatchObject({ line: 2 });
    const page = (await t.call(finance, { method: 'GET', url: `/api/v1/recon/imports/${body.id}/records?limit=2&cursor=${first.nextCursor}` })).json() as Json;
    expect(page).toMatchObject({ total: 1269 });
    expect(page.items).toHaveLength(2);
    expect(page.items[0]).toMatchObject({ source: 'wechat-trade', line: 3, txnId: null, lostIds: expect.arrayContaining(['微信订单号']) as unknown, merchantOrderId: 'autotest_20160501060418_79156' });
  });

  it('reports the fund-flow bill whose summary claims 20 rows and holds 1', async () => {
    const res = await upload(t, finance, 'wechat-fundflow', cassetteBody('wechatpay/download_fund_flow.vcr.json'), { fileName: 'fund_flow.csv' });
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json() as Json;
    expect(body).toMatchObject({ status: 'imported', records: 1 });
    expect(body.findingCounts.SUMMARY_MISMATCH).toBe(5);
    expect(body.findingList.filter((f: Json) => f.code === 'SUMMARY_MISMATCH').map((f: Json) => f.params)).toContainEqual(expect.objectContaining({ claimed: '20', counted: '1' }));
  });

  it('imports every camt statement, and every MT940 sample or names why not', async () => {
    for (const name of fs.readdirSync(fixture('camt')).filter((f) => f.endsWith('.xml'))) {
      const res = await upload(t, finance, 'camt', fs.readFileSync(fixture(`camt/${name}`)), { fileName: name });
      expect(res.statusCode, `${name}: ${res.body}`).toBe(200);
      expect(res.json().records, name).toBeGreaterThan(0);
    }
    const outcomes: Record<string, string> = {};
    for (const name of fs.readdirSync(fixture('mt940')).filter((f) => f.endsWith('.sta'))) {
      const res = await upload(t, finance, 'mt940', fs.readFileSync(fixture(`mt940/${name}`)), { fileName: name });
      expect([200, 409, 422], `${name}: ${res.body}`).toContain(res.statusCode);
      if (res.statusCode === 409) continue; // two banks' samples are the same bytes
      const body = (res.statusCode === 200 ? res.json() : res.json().error.details) as Json;
      outcomes[name] = body.status === 'imported' ? `imported${body.findingCounts.BALANCE_BREAK ? ' BALANCE_BREAK' : ''}` : `failed ${Object.keys(body.findingCounts).join(' ')}`;
      if (body.status === 'failed') expect(body.findingList.some((f: Json) => f.code === 'TRUNCATED' && f.file === name)).toBe(true);
    }
    expect(Object.values(outcomes).filter((o) => o.startsWith('imported')).length).toBeGreaterThan(5);
    expect(Object.values(outcomes).some((o) => o.includes('BALANCE_BREAK') || o.includes('TRUNCATED'))).toBe(true);
  });

  it('imports the personal bills (the Alipay one in GBK) and reports their summaries that do not add up', async () => {
    const wechat = await upload(t, finance, 'wechat-personal', fs.readFileSync(fixture('personal-bills/wechat-records.csv')), { fileName: 'wechat-records.csv' });
    expect(wechat.statusCode, wechat.body).toBe(200);
    expect(wechat.json().findingCounts.SUMMARY_MISMATCH).toBeGreaterThan(0);
    const alipay = await upload(t, finance, 'alipay-personal', fs.readFileSync(fixture('personal-bills/alipay-records.csv')), { fileName: 'alipay-records.csv', encoding: 'gbk' });
    expect(alipay.statusCode, alipay.body).toBe(200);
    expect(alipay.json()).toMatchObject({ status: 'imported', encoding: { name: 'gb18030', reason: 'caller' } });
  });

  it('fails a file-level error whole: findings kept, no records, and the same bytes may be tried again', async () => {
    const before = recordFiles().length;
    const cut = ledgerCsv([{ id: 'T1', order: 'M1', fen: 100, time: '2026-11-30 10:00:00' }]).replace(/#END.*\r\n$/, '');
    const res = await upload(t, finance, 'ledger', cut, { fileName: 'cut.csv' });
    expect(res.statusCode, res.body).toBe(422);
    const error = res.json().error as Json;
    expect(error.code).toBe('IMPORT_FAILED');
    expect(error.details).toMatchObject({ status: 'failed', records: 0, fileName: 'cut.csv' });
    expect(error.details.findingList).toContainEqual(expect.objectContaining({ code: 'TRUNCATED', file: 'cut.csv' }));
    expect(recordFiles().length).toBe(before);
    const stored = (await t.call(finance, { method: 'GET', url: `/api/v1/recon/imports/${error.details.id}` })).json() as Json;
    expect(stored).toMatchObject({ status: 'failed', records: 0 });

    // A camt with a DOCTYPE (an entity bomb) is refused, nothing expanded; a failed import does not block a retry.
    const bomb = `<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "aaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]><Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02">&b;</Document>`;
    const xml = await upload(t, finance, 'camt', bomb, { fileName: 'bomb.xml' });
    expect(xml.statusCode).toBe(422);
    expect(xml.json().error.details.findingList[0]).toMatchObject({ code: 'XML_DOCTYPE' });
    expect((await upload(t, finance, 'camt', bomb, { fileName: 'bomb.xml' })).statusCode).toBe(422);

    const unknown = await upload(t, finance, 'unionpay', 'just some text\n', { fileName: 'x.txt' });
    expect(unknown.statusCode).toBe(422);
    expect(Object.keys(unknown.json().error.details.findingCounts)).toContain('UNKNOWN_LAYOUT');
    const empty = await t.call(finance, { method: 'POST', url: '/api/v1/recon/imports?source=ledger' });
    expect(empty.statusCode).toBe(400);
    expect(empty.json().error.code).toBe('EMPTY_FILE');
  });

  it('keeps the good rows of a ledger and reports the bad ones by line; the preview masks card and account numbers', async () => {
    const csv = ledgerCsv([
      { id: 'T1', order: 'M1', fen: 100, time: '2026-11-30 10:00:00', card: '6217000011112222', account: '2023010123' },
      { id: 'T2', order: 'M2', fen: 200, time: '2026-11-30 10:05:00' },
      { id: 'T3', order: 'M3', fen: 300, time: '2026-11-30 10:06:00' },
    ])
      .replace('2026-11-30 10:05:00,2026-11-30 10:05:00', 'not a date,2026-11-30 10:05:00')
      // a NUL in a cell: quoted in its finding, which PostgreSQL must still be able to store
      .replace('T3,6217', 'T3\u0000x,6217')
      .replace(',300,0,300,', ',3\u00000,0,300,');
    const res = await upload(t, finance, 'ledger', csv, { fileName: 'ledger.csv' });
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json() as Json;
    expect(body).toMatchObject({ status: 'imported', rows: 3 });
    expect(body.findingList.some((f: Json) => f.code === 'BAD_AMOUNT' && f.line === 4)).toBe(true);
    expect(body.findingList).toContainEqual(expect.objectContaining({ code: 'BAD_DATE', file: 'ledger.csv', line: 3 }));
    const page = (await t.call(finance, { method: 'GET', url: `/api/v1/recon/imports/${body.id}/records` })).json() as Json;
    expect(page.items[0]).toMatchObject({ txnId: 'T1', card: '************2222', account: '2*******23', amountFen: 100 });
    expect(page.items[0].raw).not.toContain('6217000011112222');
    expect(page.items[0].raw).not.toContain('2023010123');
    expect(page.items[0].raw).toContain('************2222');
  });

  it('refuses bad input by field, unknown ids, and the client role', async () => {
    const bad = await upload(t, finance, 'nonsense', 'x');
    expect(bad.statusCode).toBe(400);
    expect(JSON.stringify(bad.json().error.details)).toContain('source');
    const zone = await upload(t, finance, 'ledger', 'x', { timeZone: 'Mars/Olympus' });
    expect(zone.statusCode).toBe(400);
    expect(zone.json().error.details[0]).toMatchObject({ field: 'querystring.timeZone', code: 'timeZone' });
    expect((await t.call(finance, { method: 'GET', url: '/api/v1/recon/imports/nope' })).statusCode).toBe(404);
    expect((await t.call(finance, { method: 'GET', url: '/api/v1/recon/imports/nope/records' })).statusCode).toBe(404);
    expect((await upload(t, client, 'ledger', 'x')).statusCode).toBe(403);
    expect((await t.call(client, { method: 'GET', url: '/api/v1/recon/imports' })).statusCode).toBe(403);
    expect((await t.call(null, { method: 'POST', url: '/api/v1/recon/imports?source=ledger', payload: Buffer.from('x'), headers: { 'content-type': 'text/csv' } })).statusCode).toBe(401);

    const list = (await t.call(finance, { method: 'GET', url: '/api/v1/recon/imports?source=wechat&limit=1' })).json() as Json;
    expect(list.items).toHaveLength(1);
    expect(list.items[0]).toMatchObject({ source: 'wechat', status: 'imported' });
  });
}, { skip: haveFixtures ? undefined : 'the shared fixtures are not beside the project' });
