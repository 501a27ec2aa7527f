import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestApp, type Caller, type TestApp } from '../../testing/app.ts';
import { describeEachDatabase } from '../../testing/each-database.ts';
import { recordHealthChange } from './devices.repository.ts';
import type { DeviceHealth } from './estate.tables.ts';
import { estateFixtures } from './estate.fixtures.ts';

/** The device list puts what needs someone first, page after page, with a cursor that never repeats or skips. */
describeEachDatabase('the device list order on %s', (dialect) => {
  let t: TestApp;
  let admin: Caller;
  let fx: ReturnType<typeof estateFixtures>;
  let siteId: string;

  // Codes chosen so that code order and problems-first order differ everywhere.
  const estate: [string, DeviceHealth][] = [
    ['A-ONLINE-1', 'online'],
    ['B-MAINT-1', 'maintenance'],
    ['C-OFFLINE-2', 'offline'],
    ['D-DEGRADED-1', 'degraded'],
    ['E-UNKNOWN-1', 'unknown'],
    ['F-ONLINE-2', 'online'],
    ['G-OFFLINE-1', 'offline'],
  ];

  beforeAll(async () => {
    t = await createTestApp(dialect);
    admin = await t.loginAdmin();
    fx = estateFixtures(t);
    siteId = (await fx.site(admin)).id;
    for (const [code, health] of estate) {
      const device = await fx.device(admin, siteId, { code });
      if (health !== 'unknown') {
        await t.db.kysely.transaction().execute((trx) => recordHealthChange(trx, { deviceId: device.id, health, reason: null, at: t.clock.now() }));
      }
    }
  });
  afterAll(async () => t.close());

  async function pageThrough(query: string, limit: number): Promise<string[]> {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res = await t.call(admin, { method: 'GET', url: `/api/v1/devices?siteId=${siteId}&limit=${limit}${query}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}` });
      expect(res.statusCode, res.body).toBe(200);
      const page: { items: { code: string }[]; nextCursor: string | null } = res.json();
      seen.push(...page.items.map((d) => d.code));
      cursor = page.nextCursor;
    } while (cursor);
    return seen;
  }

  const problemsFirst = ['C-OFFLINE-2', 'G-OFFLINE-1', 'D-DEGRADED-1', 'E-UNKNOWN-1', 'A-ONLINE-1', 'F-ONLINE-2', 'B-MAINT-1'];

  it('offline, then degraded, then never heard from, then online, then maintenance; by code within each', async () => {
    expect(await pageThrough('', 50)).toEqual(problemsFirst);
  });

  it.each([1, 2, 3])('pages of %i give the same order, each device once', async (limit) => {
    expect(await pageThrough('', limit)).toEqual(problemsFirst);
  });

  it('sort=code lists by code alone, paged by code', async () => {
    expect(await pageThrough('&sort=code', 2)).toEqual(estate.map(([code]) => code));
  });

  it('filters keep the order', async () => {
    expect(await pageThrough('&health=offline', 1)).toEqual(['C-OFFLINE-2', 'G-OFFLINE-1']);
  });

  it('refuses a cursor that is not one of this order, and an unknown sort', async () => {
    const bad = await t.call(admin, { method: 'GET', url: `/api/v1/devices?siteId=${siteId}&cursor=A-ONLINE-1` });
    expect(bad.statusCode).toBe(400);
    expect(JSON.stringify(bad.json())).toContain('querystring.cursor');
    expect((await t.call(admin, { method: 'GET', url: `/api/v1/devices?sort=health` })).statusCode).toBe(400);
  });
});
