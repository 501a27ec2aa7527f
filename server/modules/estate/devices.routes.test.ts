import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestApp, type Caller, type TestApp } from '../../testing/app.ts';
import { describeEachDatabase } from '../../testing/each-database.ts';
import { recordHealthChange } from './devices.repository.ts';
import { estateFixtures } from './estate.fixtures.ts';
import { HEALTH_REASONS } from './health-reason.ts';

describeEachDatabase('devices on %s', (dialect) => {
  let t: TestApp;
  let admin: Caller;
  let fx: ReturnType<typeof estateFixtures>;
  beforeAll(async () => {
    t = await createTestApp(dialect);
    admin = await t.loginAdmin();
    fx = estateFixtures(t);
  });
  afterAll(async () => t.close());

  it('registers, reads, lists and changes a device; new devices start unknown', async () => {
    const site = await fx.site(admin);
    const sw = await fx.device(admin, site.id, { code: 'SW-C1-01', name: '一食堂交换机', type: 'switch', subsystem: 'network', ip: '10.1.0.1' });
    const res = await t.call(admin, {
      method: 'POST',
      url: '/api/v1/devices',
      payload: {
        code: 'POS-C1-017', name: '17号窗口', type: 'pos', subsystem: 'consumption', siteId: site.id, model: 'HS-600', serial: 'SN0017', ip: '10.1.0.17',
        firmware: '3.2.0', installDate: '2024-09-01', warrantyEnd: '2027-08-31', upstreamId: sw.id, labels: { window: '17', floor: '1' },
      },
    });
    expect(res.statusCode, res.body).toBe(200);
    const pos = res.json();
    expect(pos).toMatchObject({ code: 'POS-C1-017', siteCode: site.code, health: 'unknown', healthSince: new Date(t.clock.now()).toISOString(), maintenance: false, labels: { window: '17' } });

    const detail = (await t.call(admin, { method: 'GET', url: `/api/v1/devices/${sw.id}` })).json();
    expect(detail).toMatchObject({ code: 'SW-C1-01', upstreamCode: null, downstreamCount: 1 });
    expect((await t.call(admin, { method: 'GET', url: `/api/v1/devices/${pos.id}` })).json()).toMatchObject({ upstreamCode: 'SW-C1-01', downstreamCount: 0 });

    const patched = await t.call(admin, { method: 'PATCH', url: `/api/v1/devices/${pos.id}`, payload: { firmware: '3.3.0', ip: null, labels: {} } });
    expect(patched.json()).toMatchObject({ firmware: '3.3.0', ip: null, labels: {}, code: 'POS-C1-017' });
    const audit = (await t.call(admin, { method: 'GET', url: `/api/v1/audit?targetId=${pos.id}&action=device.update` })).json();
    expect(audit.items[0]).toMatchObject({ before: { firmware: '3.2.0' }, after: { firmware: '3.3.0' } });

    for (const [query, expected] of [
      [`siteId=${site.id}`, ['POS-C1-017', 'SW-C1-01']],
      [`siteId=${site.id}&type=switch`, ['SW-C1-01']],
      [`siteId=${site.id}&subsystem=consumption`, ['POS-C1-017']],
      [`upstreamId=${sw.id}`, ['POS-C1-017']],
      ['q=sn0017', ['POS-C1-017']],
      ['q=10.1.0.1', ['SW-C1-01']],
      [`siteId=${site.id}&health=online`, []],
    ] as const) {
      const list = (await t.call(admin, { method: 'GET', url: `/api/v1/devices?${query}` })).json();
      expect(list.items.map((d: { code: string }) => d.code), query).toEqual(expected);
    }
    const downstream = (await t.call(admin, { method: 'GET', url: `/api/v1/devices/${sw.id}/downstream` })).json();
    expect(downstream.items.map((d: { code: string }) => d.code)).toEqual(['POS-C1-017']);
  });

  it('refuses bad fields naming each one, a taken code, an unknown site or upstream', async () => {
    const site = await fx.site(admin);
    const bad = await t.call(admin, {
      method: 'POST',
      url: '/api/v1/devices',
      payload: { code: 'x y', name: '', type: 'toaster', subsystem: 'consumption', siteId: site.id, installDate: '2026-02-30', labels: { 'bad key': 'x' } },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details.map((d: { field: string }) => d.field)).toEqual(expect.arrayContaining(['body.code', 'body.name', 'body.type', 'body.installDate', 'body.labels']));
    const ip = await t.call(admin, { method: 'POST', url: '/api/v1/devices', payload: { code: 'IP-1', name: 'x', type: 'pos', subsystem: 'consumption', siteId: site.id, ip: '10.0.0.300' } });
    expect(ip.statusCode).toBe(400);
    expect(ip.json().error.details).toEqual([{ field: 'ip', code: 'ipAddress', message: 'must be an IPv4 or IPv6 address' }]);

    const device = await fx.device(admin, site.id);
    const taken = await t.call(admin, { method: 'POST', url: '/api/v1/devices', payload: { code: device.code, name: 'x', type: 'pos', subsystem: 'consumption', siteId: site.id } });
    expect(taken.statusCode).toBe(409);
    expect(taken.json().error).toMatchObject({ code: 'DEVICE_CODE_TAKEN', details: { field: 'code' } });
    const noSite = await t.call(admin, { method: 'POST', url: '/api/v1/devices', payload: { code: 'NS-1', name: 'x', type: 'pos', subsystem: 'consumption', siteId: 'nowhere' } });
    expect(noSite.json().error.details[0].field).toBe('siteId');
    const noUp = await t.call(admin, { method: 'POST', url: '/api/v1/devices', payload: { code: 'NU-1', name: 'x', type: 'pos', subsystem: 'consumption', siteId: site.id, upstreamId: 'ghost' } });
    expect(noUp.json().error.details[0].field).toBe('upstreamId');
    expect((await t.call(admin, { method: 'GET', url: '/api/v1/devices/01NOPE' })).statusCode).toBe(404);
  });

  it('refuses an upstream that would close a loop', async () => {
    const site = await fx.site(admin);
    const core = await fx.device(admin, site.id, { type: 'router', subsystem: 'network' });
    const access = await fx.device(admin, site.id, { type: 'switch', subsystem: 'network', upstreamId: core.id });
    const pos = await fx.device(admin, site.id, { upstreamId: access.id });
    const loop = await t.call(admin, { method: 'PATCH', url: `/api/v1/devices/${core.id}`, payload: { upstreamId: pos.id } });
    expect(loop.statusCode).toBe(409);
    expect(loop.json().error).toMatchObject({ code: 'TOPOLOGY_CYCLE', details: { field: 'upstreamId', cycle: [core.code, pos.code, access.code, core.code] } });
    const self = await t.call(admin, { method: 'PATCH', url: `/api/v1/devices/${core.id}`, payload: { upstreamId: core.id } });
    expect(self.json().error.code).toBe('TOPOLOGY_CYCLE');
    // Moving a branch elsewhere is fine.
    const other = await fx.device(admin, site.id, { type: 'switch', subsystem: 'network' });
    expect((await t.call(admin, { method: 'PATCH', url: `/api/v1/devices/${access.id}`, payload: { upstreamId: other.id } })).statusCode).toBe(200);
    expect((await t.call(admin, { method: 'PATCH', url: `/api/v1/devices/${core.id}`, payload: { upstreamId: pos.id } })).statusCode).toBe(200);
  });

  it('maintenance sets the health and records it in the history, newest first', async () => {
    const site = await fx.site(admin);
    const device = await fx.device(admin, site.id);
    const on = await t.call(admin, { method: 'POST', url: `/api/v1/devices/${device.id}/maintenance`, payload: { on: true, reason: '更换读卡器' } });
    expect(on.json()).toMatchObject({ maintenance: true, health: 'maintenance', healthReason: { code: 'operator', values: { note: '更换读卡器' } } });
    const again = await t.call(admin, { method: 'POST', url: `/api/v1/devices/${device.id}/maintenance`, payload: { on: true, reason: 'x' } });
    expect(again.json().error.code).toBe('MAINTENANCE_UNCHANGED');
    t.clock.advance(60_000);
    const off = await t.call(admin, { method: 'POST', url: `/api/v1/devices/${device.id}/maintenance`, payload: { on: false, reason: '修好了' } });
    expect(off.json()).toMatchObject({ maintenance: false, health: 'unknown' });
    // The telemetry pipeline's entry point writes the same history.
    await t.db.kysely.transaction().execute((trx) => recordHealthChange(trx, { deviceId: device.id, health: 'online', reason: HEALTH_REASONS.recovered(), at: t.clock.now() + 1000 }));

    const first = (await t.call(admin, { method: 'GET', url: `/api/v1/devices/${device.id}/health-history?limit=2` })).json();
    expect(first.items.map((h: { health: string }) => h.health)).toEqual(['online', 'unknown']);
    const rest = (await t.call(admin, { method: 'GET', url: `/api/v1/devices/${device.id}/health-history?limit=2&cursor=${first.nextCursor}` })).json();
    expect(rest).toMatchObject({ items: [{ health: 'maintenance', reason: HEALTH_REASONS.operator('更换读卡器') }], nextCursor: null });
    expect((await t.call(admin, { method: 'GET', url: `/api/v1/devices/${device.id}` })).json()).toMatchObject({ health: 'online', healthReason: { code: 'recovered', values: {} } });
    expect((await t.call(admin, { method: 'GET', url: `/api/v1/devices/${device.id}/health-history?cursor=garbage` })).statusCode).toBe(400);
  });

  it('a user limited to site A never sees site B: lists, by id, downstream, tree, writes', async () => {
    const a = await fx.site(admin);
    const b = await fx.site(admin);
    const core = await fx.device(admin, b.id, { type: 'router', subsystem: 'network' });
    const inA = await fx.device(admin, a.id, { upstreamId: core.id });
    const inB = await fx.device(admin, b.id);
    const scoped = await t.userWith(admin, ['engineer'], [a.id]);

    const listed = (await t.call(scoped, { method: 'GET', url: '/api/v1/devices?limit=200' })).json();
    expect(listed.items.map((d: { id: string }) => d.id)).toEqual([inA.id]);
    expect((await t.call(scoped, { method: 'GET', url: `/api/v1/devices?siteId=${b.id}` })).json().items).toEqual([]);
    expect((await t.call(scoped, { method: 'GET', url: `/api/v1/devices/${inB.id}` })).statusCode).toBe(404);
    expect((await t.call(scoped, { method: 'PATCH', url: `/api/v1/devices/${inB.id}`, payload: { name: 'x' } })).statusCode).toBe(404);
    expect((await t.call(scoped, { method: 'POST', url: `/api/v1/devices/${inB.id}/maintenance`, payload: { on: true, reason: 'x' } })).statusCode).toBe(404);
    expect((await t.call(scoped, { method: 'GET', url: `/api/v1/devices/${core.id}/downstream` })).statusCode).toBe(404);
    // Its own device hangs off B's router: the id stays, the code of what it cannot see does not show.
    expect((await t.call(scoped, { method: 'GET', url: `/api/v1/devices/${inA.id}` })).json()).toMatchObject({ upstreamId: core.id, upstreamCode: null });
    const intoB = await t.call(scoped, { method: 'POST', url: '/api/v1/devices', payload: { code: 'SCOPE-1', name: 'x', type: 'pos', subsystem: 'consumption', siteId: b.id } });
    expect(intoB.json().error.details[0].field).toBe('siteId');
    const moveToB = await t.call(scoped, { method: 'PATCH', url: `/api/v1/devices/${inA.id}`, payload: { siteId: b.id } });
    expect(moveToB.statusCode).toBe(400);

    const tree = (await t.call(scoped, { method: 'GET', url: '/api/v1/estate/tree' })).json();
    expect(tree.sites.map((s: { id: string }) => s.id)).toEqual([a.id]);
    expect(tree.sites[0]).toMatchObject({ total: 1, health: { unknown: 1, online: 0 }, subsystems: [{ subsystem: 'consumption', total: 1 }] });
  });

  it('the tree counts devices by site, subsystem and health; the catalog lists the codes', async () => {
    const site = await fx.site(admin);
    const empty = await fx.site(admin);
    await fx.device(admin, site.id, { type: 'switch', subsystem: 'network' });
    const pos = await fx.device(admin, site.id);
    await fx.device(admin, site.id);
    await t.call(admin, { method: 'POST', url: `/api/v1/devices/${pos.id}/maintenance`, payload: { on: true, reason: 'x' } });
    const tree = (await t.call(admin, { method: 'GET', url: '/api/v1/estate/tree' })).json();
    const node = tree.sites.find((s: { id: string }) => s.id === site.id);
    expect(node).toMatchObject({
      total: 3,
      health: { unknown: 2, maintenance: 1 },
      subsystems: [
        { subsystem: 'consumption', total: 2, health: { unknown: 1, maintenance: 1 } },
        { subsystem: 'network', total: 1, health: { unknown: 1 } },
      ],
    });
    expect(tree.sites.find((s: { id: string }) => s.id === empty.id)).toMatchObject({ total: 0, subsystems: [] });
    const catalog = (await t.call(admin, { method: 'GET', url: '/api/v1/estate/catalog' })).json();
    expect(catalog.deviceTypes).toContain('router_4g');
    expect(catalog.subsystems).toEqual(['consumption', 'recharge', 'access', 'water', 'ticketing', 'selfpay', 'core', 'network']);
  });

  it('pages through devices by code', async () => {
    const site = await fx.site(admin);
    for (let i = 0; i < 5; i++) await fx.device(admin, site.id, { code: `PG-${i}` });
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { items: { code: string }[]; nextCursor: string | null } = (
        await t.call(admin, { method: 'GET', url: `/api/v1/devices?siteId=${site.id}&limit=2${cursor ? `&cursor=${cursor}` : ''}` })
      ).json();
      seen.push(...page.items.map((d) => d.code));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(['PG-0', 'PG-1', 'PG-2', 'PG-3', 'PG-4']);
  });

  it('a role without estate:write cannot register devices', async () => {
    const site = await fx.site(admin);
    const client = await t.userWith(admin, ['client']);
    const res = await t.call(client, { method: 'POST', url: '/api/v1/devices', payload: { code: 'CL-1', name: 'x', type: 'pos', subsystem: 'consumption', siteId: site.id } });
    expect(res.statusCode).toBe(403);
    expect((await t.call(client, { method: 'GET', url: '/api/v1/devices' })).statusCode).toBe(200);
  });
});
