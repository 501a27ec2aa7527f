import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestApp, USER_PASSWORD, type Caller, type TestApp } from '../../../testing/app.ts';
import { describeEachDatabase } from '../../../testing/each-database.ts';
import { uid } from '../../../testing/sample.ts';

const HOUR = 3_600_000;
const URL = '/api/v1/maintenance-windows';

describeEachDatabase('maintenance windows on %s', (dialect) => {
  let t: TestApp;
  let admin: Caller;
  /** a dispatcher (alerts:write) who sees site A only */
  let scoped: Caller;
  /** an engineer: alerts:read and alerts:ack, not alerts:write */
  let engineer: Caller;
  const siteA = { id: '', code: `canteen-${uid()}` };
  const siteB = { id: '', code: `library-${uid()}` };
  const deviceA = { id: '', code: `POS-${uid()}` };
  const deviceB = { id: '', code: `GATE-${uid()}` };
  const usernames = { scoped: '', engineer: '' };

  /** Moves the clock, signing everybody in again: sessions expire when idle that long. */
  async function moveClock(to: { by: number } | { at: string }) {
    if ('by' in to) t.clock.advance(to.by);
    else t.clock.set(Date.parse(to.at));
    admin = await t.loginAdmin();
    scoped = await t.login(usernames.scoped, USER_PASSWORD);
    engineer = await t.login(usernames.engineer, USER_PASSWORD);
  }

  const iso = (offsetMs: number) => new Date(t.clock.now() + offsetMs).toISOString();
  const create = (caller: Caller, payload: Record<string, unknown>) => t.call(caller, { method: 'POST', url: URL, payload });
  async function created(caller: Caller, payload: Record<string, unknown>) {
    const res = await create(caller, { name: '配电改造', ...payload });
    expect(res.statusCode, res.body).toBe(200);
    return res.json();
  }
  const oneOff = () => ({ startsAt: iso(HOUR), endsAt: iso(3 * HOUR) });
  const problems = (res: { json(): unknown }) => (res.json() as { error: { details: { field: string; code: string }[] } }).error.details.map((d) => `${d.field} ${d.code}`);
  const errorOf = (res: { statusCode: number; json(): unknown }) => ({ status: res.statusCode, ...(res.json() as { error: { code: string; details: unknown } }).error });

  beforeAll(async () => {
    t = await createTestApp(dialect);
    admin = await t.loginAdmin();
    for (const site of [siteA, siteB]) site.id = (await t.call(admin, { method: 'POST', url: '/api/v1/sites', payload: { code: site.code, name: site.code } })).json().id;
    for (const [device, site] of [[deviceA, siteA], [deviceB, siteB]] as const) {
      const res = await t.call(admin, { method: 'POST', url: '/api/v1/devices', payload: { code: device.code, name: device.code, type: 'pos', subsystem: 'consumption', siteId: site.id } });
      device.id = res.json().id;
    }
    const dispatcher = await t.userWith(admin, ['dispatcher'], [siteA.id]);
    const onDuty = await t.userWith(admin, ['engineer']);
    [scoped, engineer, usernames.scoped, usernames.engineer] = [dispatcher, onDuty, dispatcher.username, onDuty.username];
  });
  afterAll(async () => t.close());

  it('plans a one-off window for a site, says when it is on, and audits it', async () => {
    const window = await created(admin, { siteId: siteA.id, ...oneOff(), comment: '更换配电柜' });
    expect(window).toMatchObject({
      siteId: siteA.id,
      deviceId: null,
      site: { id: siteA.id, code: siteA.code },
      device: null,
      cron: null,
      durationMinutes: null,
      zone: 'Asia/Shanghai',
      enabled: true,
      comment: '更换配电柜',
      activeNow: false,
      nextStart: iso(HOUR),
      nextEnd: iso(3 * HOUR),
      createdBy: admin.userId,
    });
    await moveClock({ by: 90 * 60_000 });
    expect((await t.call(engineer, { method: 'GET', url: `${URL}/${window.id}` })).json()).toMatchObject({ activeNow: true, nextStart: null, nextEnd: window.endsAt });
    await moveClock({ by: 2 * HOUR });
    expect((await t.call(engineer, { method: 'GET', url: `${URL}/${window.id}` })).json()).toMatchObject({ activeNow: false, nextStart: null, nextEnd: null });
    const audit = (await t.call(admin, { method: 'GET', url: `/api/v1/audit?targetId=${window.id}&action=maintenance_window.create` })).json().items;
    expect(audit).toHaveLength(1);
    expect(audit[0].after.name).toBe('配电改造');
  });

  it('plans a recurring window for a device in the window\'s zone', async () => {
    await moveClock({ at: '2026-12-01T13:00:00Z' }); // 21:00 in Beijing
    const nightly = await created(admin, { deviceId: deviceA.id, cron: '0 22 * * *', durationMinutes: 120 });
    expect(nightly).toMatchObject({
      siteId: null,
      deviceId: deviceA.id,
      site: { id: siteA.id, code: siteA.code },
      device: { id: deviceA.id, code: deviceA.code },
      startsAt: null,
      endsAt: null,
      cron: '0 22 * * *',
      durationMinutes: 120,
      activeNow: false,
      nextStart: '2026-12-01T14:00:00.000Z',
      nextEnd: '2026-12-01T16:00:00.000Z',
    });
    await moveClock({ by: HOUR + 30 * 60_000 });
    expect((await t.call(admin, { method: 'GET', url: `${URL}/${nightly.id}` })).json()).toMatchObject({
      activeNow: true,
      nextStart: '2026-12-02T14:00:00.000Z',
      nextEnd: '2026-12-01T16:00:00.000Z',
    });
    // six fields (seconds first) and another zone
    const utc = await created(admin, { siteId: siteB.id, cron: '0 30 6 * * 1', durationMinutes: 30, zone: 'UTC' });
    expect(utc).toMatchObject({ zone: 'UTC', nextStart: '2026-12-07T06:30:00.000Z', nextEnd: '2026-12-07T07:00:00.000Z' });
  });

  it('refuses a bad schedule, zone or target, naming the field', async () => {
    const cron = problems(await create(admin, { name: 'x', siteId: siteA.id, cron: '0 25 * * *', durationMinutes: 60 }));
    expect(cron).toEqual(['cron cronInvalid']);
    const detail = (await create(admin, { name: 'x', siteId: siteA.id, cron: '* * *', durationMinutes: 60 })).json().error.details[0];
    expect(detail).toMatchObject({ field: 'cron', code: 'cronInvalid', params: { detail: expect.stringContaining('five, six, or seven') } });
    expect((await create(admin, { name: 'x', siteId: siteA.id, cron: '0 0 30 2 *', durationMinutes: 60 })).json().error.details[0]).toMatchObject({ params: { detail: 'it never runs' } });
    expect(problems(await create(admin, { name: 'x', siteId: siteA.id, cron: '0 22 * * *', durationMinutes: 60, zone: 'Mars/Olympus' }))).toEqual(['zone timeZone']);
    expect(problems(await create(admin, { name: 'x', siteId: 'no-such-site', ...oneOff() }))).toEqual(['siteId unknownSite']);
    expect(problems(await create(admin, { name: 'x', deviceId: 'no-such-device', ...oneOff() }))).toEqual(['deviceId unknownDevice']);
    // every problem at once
    expect(problems(await create(admin, { name: 'x', siteId: 'no-such-site', cron: 'nonsense', durationMinutes: 60 }))).toEqual(['cron cronInvalid', 'siteId unknownSite']);

    expect(problems(await create(admin, { name: 'x', siteId: siteA.id, startsAt: iso(2 * HOUR), endsAt: iso(HOUR) }))).toEqual(['endsAt rangeOrder']);
    expect(problems(await create(admin, { name: 'x', siteId: siteA.id, startsAt: iso(-2 * HOUR), endsAt: iso(-HOUR) }))).toEqual(['endsAt future']);
    expect(problems(await create(admin, { name: 'x', siteId: siteA.id, startsAt: iso(HOUR) }))).toEqual(['endsAt required']);
    expect(problems(await create(admin, { name: 'x', siteId: siteA.id, cron: '0 22 * * *' }))).toEqual(['durationMinutes required']);
    expect(problems(await create(admin, { name: 'x', siteId: siteA.id, cron: '0 22 * * *', durationMinutes: 0 }))).toEqual(['body.durationMinutes minimum']);
    expect(problems(await create(admin, { siteId: siteA.id, ...oneOff() }))).toEqual(['body.name required']);
    expect((await create(admin, { name: 'x', siteId: siteA.id, startsAt: iso(HOUR), endsAt: '2026-12-31T23:59:60Z' })).json().endsAt).toBe('2027-01-01T00:00:00.000Z');

    expect(errorOf(await create(admin, { name: 'x', siteId: siteA.id, deviceId: deviceA.id, ...oneOff() }))).toMatchObject({ status: 400, code: 'MAINTENANCE_TARGET' });
    expect(errorOf(await create(admin, { name: 'x', ...oneOff() }))).toMatchObject({ status: 400, code: 'MAINTENANCE_TARGET', details: { field: 'siteId' } });
    expect(errorOf(await create(admin, { name: 'x', siteId: siteA.id, ...oneOff(), cron: '0 22 * * *', durationMinutes: 60 }))).toMatchObject({ status: 400, code: 'MAINTENANCE_SCHEDULE' });
    expect(errorOf(await create(admin, { name: 'x', siteId: siteA.id }))).toMatchObject({ status: 400, code: 'MAINTENANCE_SCHEDULE', details: { field: 'startsAt' } });
  });

  it('keeps a user limited to some sites to windows of their sites, a device\'s site deciding', async () => {
    expect(problems(await create(scoped, { name: 'x', siteId: siteB.id, ...oneOff() }))).toEqual(['siteId unknownSite']);
    expect(problems(await create(scoped, { name: 'x', deviceId: deviceB.id, ...oneOff() }))).toEqual(['deviceId unknownDevice']);
    const ownSite = await created(scoped, { siteId: siteA.id, ...oneOff() });
    const ownDevice = await created(scoped, { deviceId: deviceA.id, ...oneOff() });
    const otherSite = await created(admin, { siteId: siteB.id, ...oneOff() });
    const otherDevice = await created(admin, { deviceId: deviceB.id, ...oneOff() });

    const ids = async (caller: Caller, query = '') => ((await t.call(caller, { method: 'GET', url: `${URL}?limit=200${query}` })).json().items as { id: string }[]).map((w) => w.id);
    const seen = await ids(scoped);
    expect(seen).toEqual(expect.arrayContaining([ownSite.id, ownDevice.id]));
    expect(seen).not.toContain(otherSite.id);
    expect(seen).not.toContain(otherDevice.id);
    expect(await ids(admin)).toEqual(expect.arrayContaining([ownSite.id, ownDevice.id, otherSite.id, otherDevice.id]));
    // a site's windows include its devices'
    const ofB = await ids(admin, `&siteId=${siteB.id}`);
    expect(ofB).toEqual(expect.arrayContaining([otherSite.id, otherDevice.id]));
    expect(ofB).not.toContain(ownSite.id);
    expect(await ids(admin, `&deviceId=${deviceB.id}`)).toEqual([otherDevice.id]);
    expect(await ids(scoped, `&siteId=${siteB.id}`)).toEqual([]);

    for (const id of [otherSite.id, otherDevice.id]) {
      expect((await t.call(scoped, { method: 'GET', url: `${URL}/${id}` })).statusCode).toBe(404);
      expect((await t.call(scoped, { method: 'PATCH', url: `${URL}/${id}`, payload: { name: 'mine' } })).statusCode).toBe(404);
      expect((await t.call(scoped, { method: 'DELETE', url: `${URL}/${id}` })).statusCode).toBe(404);
    }
    // nor move their own to another site
    expect(problems(await t.call(scoped, { method: 'PATCH', url: `${URL}/${ownSite.id}`, payload: { siteId: siteB.id } }))).toEqual(['siteId unknownSite']);
  });

  it('lets a user without alerts:write look but not plan', async () => {
    const res = await create(engineer, { name: 'x', siteId: siteA.id, ...oneOff() });
    expect(res.statusCode).toBe(403);
    expect(res.json().error.details).toEqual({ permission: 'alerts:write' });
    const window = await created(admin, { siteId: siteA.id, ...oneOff() });
    expect((await t.call(engineer, { method: 'PATCH', url: `${URL}/${window.id}`, payload: { name: 'y' } })).statusCode).toBe(403);
    expect((await t.call(engineer, { method: 'DELETE', url: `${URL}/${window.id}` })).statusCode).toBe(403);
    expect((await t.call(engineer, { method: 'GET', url: URL })).statusCode).toBe(200);
  });

  it('changes a window whole, switches it off, and deletes it, each audited', async () => {
    const window = await created(admin, { siteId: siteA.id, startsAt: iso(-HOUR), endsAt: iso(HOUR) });
    expect(window.activeNow).toBe(true);
    // from one-off to recurring, and from the site to one of its devices
    const patch = (payload: Record<string, unknown>) => t.call(admin, { method: 'PATCH', url: `${URL}/${window.id}`, payload });
    const recurring = await patch({ startsAt: null, endsAt: null, cron: '0 3 * * 0', durationMinutes: 45, siteId: null, deviceId: deviceA.id });
    expect(recurring.statusCode, recurring.body).toBe(200);
    expect(recurring.json()).toMatchObject({ startsAt: null, cron: '0 3 * * 0', durationMinutes: 45, siteId: null, deviceId: deviceA.id, site: { id: siteA.id } });
    expect(errorOf(await patch({ startsAt: iso(HOUR), endsAt: iso(2 * HOUR) }))).toMatchObject({ code: 'MAINTENANCE_SCHEDULE' });
    expect(errorOf(await patch({ siteId: siteA.id }))).toMatchObject({ code: 'MAINTENANCE_TARGET' });
    expect(problems(await patch({ cron: '0 3 * * 8' }))).toEqual(['cron cronInvalid']);
    expect(problems(await patch({}))).toEqual(['body minProperties']);
    const off = await patch({ enabled: false });
    expect(off.json()).toMatchObject({ enabled: false, activeNow: false, nextStart: null, nextEnd: null });
    const updates = (await t.call(admin, { method: 'GET', url: `/api/v1/audit?targetId=${window.id}&action=maintenance_window.update` })).json().items;
    expect(updates).toHaveLength(2);

    const deleted = await t.call(admin, { method: 'DELETE', url: `${URL}/${window.id}` });
    expect(deleted.statusCode, deleted.body).toBe(200);
    expect(deleted.json()).toEqual({ ok: true });
    expect((await t.call(admin, { method: 'GET', url: `${URL}/${window.id}` })).statusCode).toBe(404);
    expect((await t.call(admin, { method: 'DELETE', url: `${URL}/${window.id}` })).statusCode).toBe(404);
    const audit = (await t.call(admin, { method: 'GET', url: `/api/v1/audit?targetId=${window.id}&action=maintenance_window.delete` })).json().items;
    expect(audit).toHaveLength(1);
    expect(audit[0].before.cron).toBe('0 3 * * 0');
  });
});
