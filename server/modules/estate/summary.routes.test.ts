import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestApp, type Caller, type TestApp } from '../../testing/app.ts';
import { describeEachDatabase } from '../../testing/each-database.ts';
import { recordHealthChange } from './devices.repository.ts';
import type { DeviceHealth } from './estate.tables.ts';
import { estateFixtures } from './estate.fixtures.ts';
import { HEALTH_REASONS } from './health-reason.ts';

interface Summary {
  total: number;
  health: Record<DeviceHealth, number>;
  sites: { id: string; code: string; name: string; total: number; health: Record<DeviceHealth, number> }[];
  recent: { deviceId: string; code: string; siteId: string; siteCode: string; health: DeviceHealth; reason: string | null; at: string }[];
}

describeEachDatabase('GET /api/v1/estate/summary on %s', (dialect) => {
  let t: TestApp;
  let admin: Caller;
  let fx: ReturnType<typeof estateFixtures>;
  let quiet: { id: string; code: string };
  let troubled: { id: string; code: string };

  beforeAll(async () => {
    t = await createTestApp(dialect);
    admin = await t.loginAdmin();
    fx = estateFixtures(t);
    quiet = await fx.site(admin, { code: 'a-quiet' });
    troubled = await fx.site(admin, { code: 'z-troubled' });
    const set = async (siteId: string, code: string, health: DeviceHealth | null, minutesAgo = 0) => {
      const device = await fx.device(admin, siteId, { code });
      if (health) await t.db.kysely.transaction().execute((trx) => recordHealthChange(trx, { deviceId: device.id, health, reason: HEALTH_REASONS.status(`why ${code}`), at: t.clock.now() - minutesAgo * 60_000 }));
    };
    await set(quiet.id, 'Q-ONLINE', 'online', 30);
    await set(quiet.id, 'Q-NEW', null);
    await set(troubled.id, 'T-OFF-1', 'offline', 5);
    await set(troubled.id, 'T-OFF-2', 'offline', 10);
    await set(troubled.id, 'T-DEG', 'degraded', 1);
  });
  afterAll(async () => t.close());

  const summary = async (caller: Caller) => {
    const res = await t.call(caller, { method: 'GET', url: '/api/v1/estate/summary' });
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as Summary;
  };

  it('counts devices by health per site, sites in trouble first, and lists the latest changes newest first', async () => {
    const s = await summary(admin);
    expect(s.total).toBe(5);
    expect(s.health).toMatchObject({ offline: 2, degraded: 1, online: 1, unknown: 1, maintenance: 0 });
    expect(s.sites.map((site) => site.code)).toEqual(['z-troubled', 'a-quiet']);
    expect(s.sites[0]).toMatchObject({ id: troubled.id, total: 3, health: { offline: 2, degraded: 1, online: 0 } });
    expect(s.sites[1]).toMatchObject({ total: 2, health: { online: 1, unknown: 1 } });
    // A device that never changed has nothing to tell.
    expect(s.recent.map((r) => r.code)).toEqual(['T-DEG', 'T-OFF-1', 'T-OFF-2', 'Q-ONLINE']);
    expect(s.recent[0]).toMatchObject({ health: 'degraded', reason: HEALTH_REASONS.status('why T-DEG'), siteId: troubled.id, siteCode: 'z-troubled' });
    expect(Date.parse(s.recent[0]!.at)).toBe(t.clock.now() - 60_000);
  });

  it('a user limited to one site sees that site alone, in the counts and in the changes', async () => {
    const scoped = await t.userWith(admin, ['engineer'], [quiet.id]);
    const s = await summary(scoped);
    expect(s.sites.map((site) => site.id)).toEqual([quiet.id]);
    expect(s.total).toBe(2);
    expect(s.health.offline).toBe(0);
    expect(s.recent.map((r) => r.code)).toEqual(['Q-ONLINE']);
  });

  it('a user with an empty scope sees an empty estate', async () => {
    const none = await t.userWith(admin, ['engineer'], []);
    expect(await summary(none)).toEqual({ total: 0, health: { online: 0, degraded: 0, offline: 0, maintenance: 0, unknown: 0 }, sites: [], recent: [] });
  });

  it('needs estate:read and a session', async () => {
    expect((await t.call(null, { method: 'GET', url: '/api/v1/estate/summary' })).statusCode).toBe(401);
    const auditor = await t.userWith(admin, ['auditor']);
    expect((await t.call(auditor, { method: 'GET', url: '/api/v1/estate/summary' })).statusCode).toBe(403);
  });
});
