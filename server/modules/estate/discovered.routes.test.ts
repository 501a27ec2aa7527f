import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestApp, type Caller, type TestApp } from '../../testing/app.ts';
import { describeEachDatabase } from '../../testing/each-database.ts';
import { uid } from '../../testing/sample.ts';
import { estateFixtures } from './estate.fixtures.ts';

describeEachDatabase('discovered devices on %s', (dialect) => {
  let t: TestApp;
  let admin: Caller;
  let fx: ReturnType<typeof estateFixtures>;
  beforeAll(async () => {
    t = await createTestApp(dialect);
    admin = await t.loginAdmin();
    fx = estateFixtures(t);
  });
  afterAll(async () => t.close());

  /** What the telemetry pipeline writes when an unregistered device reports (and the event it stored). */
  async function reported(siteCode: string | null, at = t.clock.now()) {
    const code = `NEW-${uid()}`;
    await t.db.kysely.insertInto('discovered_devices').values({ code, site_code: siteCode, address: '10.9.0.7', source: 'mqtt', last_kind: 'heartbeat', events: 4, first_seen_at: at - 60_000, last_seen_at: at }).execute();
    await t.db.kysely.insertInto('events').values({ id: `ev-${uid()}`, kind: 'heartbeat', ts: at, received_at: at, device_code: code, site_code: siteCode, source: 'mqtt', labels: null, data: '{}' }).execute();
    return code;
  }

  it('lists newest first and pages', async () => {
    const site = await fx.site(admin);
    const older = await reported(site.code, t.clock.now() - 5000);
    const newer = await reported(null);
    const page = (await t.call(admin, { method: 'GET', url: '/api/v1/discovered-devices?limit=1' })).json();
    expect(page.items[0]).toMatchObject({ code: newer, siteCode: null, siteId: null, events: 4, source: 'mqtt' });
    const next = (await t.call(admin, { method: 'GET', url: `/api/v1/discovered-devices?limit=200&cursor=${encodeURIComponent(page.nextCursor)}` })).json();
    expect(next.items.map((d: { code: string }) => d.code)).toContain(older);
    expect(next.items.map((d: { code: string }) => d.code)).not.toContain(newer);
  });

  it('adopts into the site it reported, keeps its code, and its stored events now belong to it', async () => {
    const site = await fx.site(admin);
    const code = await reported(site.code);
    const res = await t.call(admin, { method: 'POST', url: `/api/v1/discovered-devices/${code}/adopt`, payload: { name: '新消费机', type: 'pos', subsystem: 'consumption' } });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ code, siteId: site.id, ip: '10.9.0.7', health: 'unknown', lastSeenAt: new Date(t.clock.now()).toISOString() });
    const left = (await t.call(admin, { method: 'GET', url: '/api/v1/discovered-devices?limit=200' })).json();
    expect(left.items.map((d: { code: string }) => d.code)).not.toContain(code);
    const events = await t.db.kysely.selectFrom('events').innerJoin('devices', 'devices.code', 'events.device_code').select('devices.id').where('events.device_code', '=', code).execute();
    expect(events.map((e) => e.id)).toEqual([res.json().id]);
    const record = (await t.call(admin, { method: 'GET', url: `/api/v1/audit?action=device.adopt&targetId=${res.json().id}` })).json().items[0];
    expect(record.before).toMatchObject({ code, siteCode: site.code });
    expect((await t.call(admin, { method: 'POST', url: `/api/v1/discovered-devices/${code}/adopt`, payload: { name: 'x', type: 'pos', subsystem: 'consumption' } })).statusCode).toBe(404);
  });

  it('needs a site when the device named none, and takes the one given over the one named', async () => {
    const named = await fx.site(admin);
    const chosen = await fx.site(admin);
    const nowhere = await reported(null);
    const missing = await t.call(admin, { method: 'POST', url: `/api/v1/discovered-devices/${nowhere}/adopt`, payload: { name: 'x', type: 'pos', subsystem: 'consumption' } });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().error.details[0].field).toBe('siteId');
    const code = await reported(named.code);
    const res = await t.call(admin, { method: 'POST', url: `/api/v1/discovered-devices/${code}/adopt`, payload: { name: 'x', type: 'kiosk', subsystem: 'selfpay', siteId: chosen.id, ip: null } });
    expect(res.json()).toMatchObject({ siteId: chosen.id, ip: null });
    const badType = await t.call(admin, { method: 'POST', url: `/api/v1/discovered-devices/${nowhere}/adopt`, payload: { name: 'x', type: 'toaster', subsystem: 'consumption', siteId: chosen.id } });
    expect(badType.json().error.details[0].field).toBe('body.type');
  });

  it('refuses to adopt under a code registered meanwhile', async () => {
    const site = await fx.site(admin);
    const code = await reported(site.code);
    await fx.device(admin, site.id, { code });
    const res = await t.call(admin, { method: 'POST', url: `/api/v1/discovered-devices/${code}/adopt`, payload: { name: 'x', type: 'pos', subsystem: 'consumption' } });
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('DEVICE_CODE_TAKEN');
  });

  it('dismisses; a scoped user sees and touches only what reported under its own sites', async () => {
    const a = await fx.site(admin);
    const b = await fx.site(admin);
    const inA = await reported(a.code);
    const inB = await reported(b.code);
    const unknown = await reported('no-such-site');
    const scoped = await t.userWith(admin, ['engineer'], [a.id]);
    const listed = (await t.call(scoped, { method: 'GET', url: '/api/v1/discovered-devices?limit=200' })).json();
    expect(listed.items.map((d: { code: string }) => d.code)).toEqual([inA]);
    expect((await t.call(scoped, { method: 'DELETE', url: `/api/v1/discovered-devices/${inB}` })).statusCode).toBe(404);
    expect((await t.call(scoped, { method: 'POST', url: `/api/v1/discovered-devices/${unknown}/adopt`, payload: { name: 'x', type: 'pos', subsystem: 'consumption', siteId: a.id } })).statusCode).toBe(404);
    const intoB = await t.call(scoped, { method: 'POST', url: `/api/v1/discovered-devices/${inA}/adopt`, payload: { name: 'x', type: 'pos', subsystem: 'consumption', siteId: b.id } });
    expect(intoB.json().error.details[0].field).toBe('siteId');
    const dismissed = await t.call(scoped, { method: 'DELETE', url: `/api/v1/discovered-devices/${inA}` });
    expect(dismissed.json()).toEqual({ ok: true });
    expect((await t.call(admin, { method: 'GET', url: '/api/v1/discovered-devices?limit=200' })).json().items.map((d: { code: string }) => d.code)).not.toContain(inA);
    expect((await t.call(admin, { method: 'GET', url: `/api/v1/audit?action=discovered.dismiss&targetId=${inA}` })).json().items).toHaveLength(1);
  });
});
