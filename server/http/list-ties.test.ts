import { afterAll, beforeAll, expect, it } from 'vitest';
import { newId } from '../ids.ts';
import { createTestApp, type Caller, type TestApp } from '../testing/app.ts';
import { describeEachDatabase } from '../testing/each-database.ts';

/**
 * Rows that tie on a list's sort key — health changes, movements, events and discoveries of the same millisecond,
 * devices of the same health — page through every list without loss or repeats, whatever the page size. The clock
 * stands still here, so every row below shares its timestamp and the page boundaries fall inside the ties.
 */
describeEachDatabase('lists paging through ties on %s', (dialect) => {
  let t: TestApp;
  let admin: Caller;
  let device: { id: string; code: string };
  let siteId: string;

  const get = async (url: string) => {
    const res = await t.call(admin, { method: 'GET', url });
    expect(res.statusCode, `${url}: ${res.body}`).toBe(200);
    return res.json() as { items: Record<string, unknown>[]; nextCursor: string | null };
  };

  /** The whole list read in pages of `limit`, each item named by `key`. */
  async function paged(url: string, limit: number, key: string): Promise<unknown[]> {
    const seen: unknown[] = [];
    let cursor: string | null = null;
    const join = url.includes('?') ? '&' : '?';
    do {
      const page = await get(`${url}${join}limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`);
      expect(page.items.length).toBeLessThanOrEqual(limit);
      seen.push(...page.items.map((item) => JSON.stringify(item[key])));
      cursor = page.nextCursor;
    } while (cursor && seen.length < 1000);
    return seen;
  }

  async function expectWholeInPages(url: string, key: string, count: number) {
    const join = url.includes('?') ? '&' : '?';
    const whole = (await get(`${url}${join}limit=200`)).items.map((item) => JSON.stringify(item[key]));
    expect(whole).toHaveLength(count);
    expect(new Set(whole).size).toBe(count);
    for (const limit of [1, 2, 3, count - 1]) expect(await paged(url, limit, key), `${url} in pages of ${limit}`).toEqual(whole);
  }

  beforeAll(async () => {
    t = await createTestApp(dialect);
    admin = await t.loginAdmin();
    const site = (await t.call(admin, { method: 'POST', url: '/api/v1/sites', payload: { code: 'ties', name: '并列' } })).json();
    siteId = site.id;
    const created = await t.call(admin, { method: 'POST', url: '/api/v1/devices', payload: { code: 'POS-TIE-0', name: '消费机', type: 'pos', subsystem: 'consumption', siteId } });
    expect(created.statusCode, created.body).toBe(200);
    device = created.json();
  });
  afterAll(async () => t.close());

  it('health history: changes of the same millisecond', async () => {
    for (let i = 0; i < 7; i++) {
      const res = await t.call(admin, { method: 'POST', url: `/api/v1/devices/${device.id}/maintenance`, payload: { on: i % 2 === 0, reason: `第 ${i} 次` } });
      expect(res.statusCode, res.body).toBe(200);
    }
    const history = (await get(`/api/v1/devices/${device.id}/health-history?limit=200`)).items;
    expect(new Set(history.map((h) => h.at)).size).toBe(1);
    // The reason is the only thing that tells the changes apart in the answer (key values are compared as JSON).
    await expectWholeInPages(`/api/v1/devices/${device.id}/health-history`, 'reason', 7);
  });

  it('spare-part movements of the same millisecond', async () => {
    const part = (await t.call(admin, { method: 'POST', url: '/api/v1/spare-parts', payload: { sku: 'SKU-TIE', name: '打印头' } })).json();
    for (let i = 0; i < 9; i++) {
      const res = await t.call(admin, { method: 'POST', url: `/api/v1/spare-parts/${part.id}/movements`, payload: { warehouse: 'A', delta: 1, reason: `入库 ${i}` } });
      expect(res.statusCode, res.body).toBe(200);
    }
    await expectWholeInPages(`/api/v1/spare-parts/${part.id}/movements`, 'id', 9);
  });

  it('device events sent with the same device time', async () => {
    const token = (await t.call(admin, { method: 'POST', url: '/api/v1/tokens', payload: { name: 'ties', permissions: ['ingest:write'] } })).json().secret;
    const ts = new Date(t.clock.now() - 1000).toISOString();
    const items = Array.from({ length: 11 }, (_, i) => ({ id: newId(), kind: 'metric', ts, device: device.code, data: { name: 'queue', value: i } }));
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/ingest', headers: { authorization: `Bearer ${token}` }, payload: items });
    expect(res.json().accepted, res.body).toBe(11);
    await expectWholeInPages(`/api/v1/devices/${device.id}/events?kind=metric`, 'id', 11);
  });

  it('discovered devices last heard from in the same millisecond', async () => {
    const at = t.clock.now();
    const rows = Array.from({ length: 8 }, (_, i) => ({ code: `NEW-TIE-${i}`, site_code: 'ties', address: null, source: 'http', last_kind: 'heartbeat', events: 1, first_seen_at: at, last_seen_at: at }));
    await t.db.kysely.insertInto('discovered_devices').values(rows).execute();
    await expectWholeInPages('/api/v1/discovered-devices', 'code', 8);
  });

  it('devices of the same health, in the problems-first order and by code', async () => {
    for (let i = 1; i <= 6; i++) {
      const res = await t.call(admin, { method: 'POST', url: '/api/v1/devices', payload: { code: `POS-TIE-${i}`, name: '消费机', type: 'pos', subsystem: 'consumption', siteId, upstreamId: device.id } });
      expect(res.statusCode, res.body).toBe(200);
    }
    await expectWholeInPages(`/api/v1/devices?siteId=${siteId}`, 'code', 7);
    await expectWholeInPages(`/api/v1/devices?siteId=${siteId}&sort=code`, 'code', 7);
    await expectWholeInPages(`/api/v1/devices/${device.id}/downstream`, 'code', 6);
  });
});
