import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestApp, type Caller, type TestApp } from '../testing/app.ts';
import { describeEachDatabase } from '../testing/each-database.ts';
import { ledgerCsv, upload, wechatBill } from '../modules/recon/recon.test-support.ts';

type Operation = { parameters?: { in: string; name: string; required?: boolean }[] };

/** A value for a list's other required query parameters (a search's words), so only the limit or cursor is wrong. */
const REQUIRED_SAMPLES: Record<string, string> = { q: '闸机' };

/** The list's URL with one more query parameter. */
const and = (url: string, parameter: string) => `${url}${url.includes('?') ? '&' : '?'}${parameter}`;

/**
 * Every list pages through the shared ListQuery: a limit that is not a finite whole number from 1 to 200 is a 400
 * naming querystring.limit, whichever list it is sent to. The lists are read from the OpenAPI document, so a new list
 * is covered the day it is added.
 */
describeEachDatabase('list queries on %s', (dialect) => {
  let t: TestApp;
  let admin: Caller;
  let lists: string[];
  beforeAll(async () => {
    t = await createTestApp(dialect);
    admin = await t.loginAdmin();
    const post = async (url: string, payload: unknown) => {
      const res = await t.call(admin, { method: 'POST', url, payload });
      if (res.statusCode !== 200) throw new Error(`${url}: ${res.body}`);
      return res.json() as { id: string };
    };
    const site = await post('/api/v1/sites', { code: 'list-site', name: '一食堂' });
    const device = await post('/api/v1/devices', { code: 'POS-LIST', name: '消费机', type: 'pos', subsystem: 'consumption', siteId: site.id });
    const part = await post('/api/v1/spare-parts', { sku: 'SKU-LIST', name: '打印头' });
    // Real ids, so that a limit the validator let through would reach the list's query rather than stop at a 404.
    const incident = await post('/api/v1/incidents', { title: '消费机离线', siteId: site.id, impact: 'low', urgency: 'low' });
    // The day's job is run, so its lists have more than one item to page through: differences (T2, T3 are not in the
    // bill) and proposed matches (T4, T5: the bill's rows of the same amounts 100 s later under other order ids).
    const ledger = ledgerCsv([
      ...[1, 2, 3].map((i) => ({ id: `T${i}`, order: `M${i}`, fen: 100 * i, time: `2026-11-10 10:0${i}:00` })),
      { id: 'T4', order: 'L-M4', fen: 400, time: '2026-11-10 11:00:00' },
      { id: 'T5', order: 'L-M5', fen: 500, time: '2026-11-10 12:00:00' },
    ]);
    const imported = await upload(t, admin, 'ledger', ledger, { fileName: 'ledger.csv' });
    if (imported.statusCode !== 200) throw new Error(`recon import: ${imported.body}`);
    const reconImport = imported.json() as { id: string };
    const bill = await upload(
      t,
      admin,
      'wechat',
      wechatBill([
        { wxId: '4200001', order: 'M1', fen: 100, time: '2026-11-10 10:01:00' },
        { wxId: '4200004', order: 'R-M4', fen: 400, time: '2026-11-10 11:01:40' },
        { wxId: '4200005', order: 'R-M5', fen: 500, time: '2026-11-10 12:01:40' },
      ]),
      { fileName: 'bill.csv' },
    );
    if (bill.statusCode !== 200) throw new Error(`recon import: ${bill.body}`);
    const reconJob = (await post('/api/v1/recon/jobs', { channel: 'wechat', day: '2026-11-10' })) as unknown as { job: { id: string } };
    await t.services.recon.jobs.run(reconJob.job.id, null);
    for (const list of ['differences', 'proposals']) {
      const items = (await t.call(admin, { method: 'GET', url: `/api/v1/recon/jobs/${reconJob.job.id}/${list}` })).json().items as unknown[];
      if (items.length < 2) throw new Error(`recon job ${list}: ${items.length}`);
    }
    const ids: [string, string][] = [
      ['/api/v1/spare-parts', part.id],
      ['/api/v1/incidents', incident.id],
      ['/api/v1/recon/imports', reconImport.id],
      ['/api/v1/recon/jobs', reconJob.job.id],
    ];
    const idFor = (path: string) => ids.find(([prefix]) => path.startsWith(prefix))?.[1] ?? device.id;
    const document = t.app.swagger() as { paths: Record<string, Record<string, Operation>> };
    lists = Object.entries(document.paths)
      .filter(([, operations]) => operations.get?.parameters?.some((p) => p.in === 'query' && p.name === 'limit'))
      .map(([path, operations]) => {
        const required = (operations.get!.parameters ?? []).filter((p) => p.in === 'query' && p.required && p.name !== 'limit');
        const url = path.replace('{id}', idFor(path));
        return required.reduce((u, p) => and(u, `${p.name}=${encodeURIComponent(REQUIRED_SAMPLES[p.name] ?? 'x')}`), url);
      });
  });
  afterAll(async () => t.close());

  it('finds the lists in the OpenAPI document', () => {
    expect(lists.length).toBeGreaterThanOrEqual(11);
  });

  it.each(['Infinity', '-Infinity', '1e309', '-1e309', '0', '201', '2.5', 'NaN', 'ten'])('refuses limit=%s on every list', async (limit) => {
    for (const url of lists) {
      const res = await t.call(admin, { method: 'GET', url: and(url, `limit=${encodeURIComponent(limit)}`) });
      expect(res.statusCode, `${url}?limit=${limit}: ${res.body}`).toBe(400);
      expect(res.json().error).toMatchObject({ code: 'VALIDATION_FAILED', details: [expect.objectContaining({ field: 'querystring.limit' })] });
    }
  });

  it('accepts a limit in range on every list', async () => {
    for (const url of lists) {
      const res = await t.call(admin, { method: 'GET', url: and(url, 'limit=200') });
      expect(res.statusCode, `${url}: ${res.body}`).toBe(200);
    }
  });

  it('refuses a cursor it did not give out on every list, as a 400 naming querystring.cursor', async () => {
    const b64 = (text: string) => Buffer.from(text).toString('base64url');
    // Old formats, garbage, NUL, a tampered spelling, another version, the wrong shape for every list.
    const bad = ['garbage', '1764400000000.01KB00', '%00', b64('[1, 5, "x"]'), b64('[2,"x"]'), b64('[1,{"a":1},[],null,1.5]'), b64('[1,"\\u0000"]')];
    for (const url of lists) {
      for (const cursor of bad) {
        const res = await t.call(admin, { method: 'GET', url: and(url, `cursor=${cursor}`) });
        expect(res.statusCode, `${url}?cursor=${cursor}: ${res.body}`).toBe(400);
        // A NUL is refused by the schema (nulCharacter) before the cursor is read; the rest by the cursor's check.
        expect(res.json().error).toMatchObject({ code: 'VALIDATION_FAILED', details: [{ field: 'querystring.cursor', code: cursor === '%00' ? 'nulCharacter' : 'cursor' }] });
      }
    }
  });

  it('accepts the cursor it gave out on every list', async () => {
    for (const url of lists) {
      const first = await t.call(admin, { method: 'GET', url: and(url, 'limit=1') });
      expect(first.statusCode, `${url}: ${first.body}`).toBe(200);
      const { nextCursor } = first.json() as { nextCursor: string | null };
      if (nextCursor === null) continue;
      const next = await t.call(admin, { method: 'GET', url: and(url, `limit=1&cursor=${nextCursor}`) });
      expect(next.statusCode, `${url}?cursor=${nextCursor}: ${next.body}`).toBe(200);
    }
  });

  it('refuses an infinite number in any other numeric field: a path, a query, a JSON body', async () => {
    const device = lists.find((url) => url.endsWith('/config'))!;
    for (const url of [`${device}/Infinity`, `${device}/1e309`, `${device.replace('/config', '/config-diff')}?from=Infinity`, `${device.replace('/config', '/config-diff')}?to=-Infinity`]) {
      const res = await t.call(admin, { method: 'GET', url });
      expect(res.statusCode, `${url}: ${res.body}`).toBe(400);
      expect(res.json().error.code).toBe('VALIDATION_FAILED');
    }
    // JSON has no Infinity, but 1e309 parses to it.
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/spare-parts', headers: { cookie: admin.cookie, 'x-csrf-token': admin.csrf, 'content-type': 'application/json' }, payload: '{"sku":"SKU-INF","name":"x","reorderThreshold":1e309}' });
    expect(res.statusCode, res.body).toBe(400);
    expect(res.json().error.details[0].field).toBe('body.reorderThreshold');
  });
});
