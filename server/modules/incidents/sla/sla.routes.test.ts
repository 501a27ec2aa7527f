import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestApp, type Caller, type TestApp } from '../../../testing/app.ts';
import { describeEachDatabase } from '../../../testing/each-database.ts';
import { slaRouteSamples } from './sla.route-samples.ts';
import { systemContext } from '../../auth/index.ts';
import { DEFAULT_SLA_POLICY_NAME } from './sla-policy.ts';

/**
 * SLA calendars and policies through the API: who may read and write, bad calendars and policies refused by field
 * with nothing saved, versions, a calendar in use, and the preview a dispatcher reads to a caller.
 */
type Res = Awaited<ReturnType<TestApp['call']>>;
const fields = (res: Res) => (res.json().error.details as { field: string; code: string }[]).map((d) => `${d.field}:${d.code}`).sort();

describeEachDatabase('SLA API on %s', (dialect) => {
  let t: TestApp;
  let admin: Caller;
  let engineer: Caller;
  let dispatcher: Caller;
  let policyId: string;

  beforeAll(async () => {
    t = await createTestApp(dialect);
    t.clock.set(Date.parse('2026-11-16T02:00:00Z'));
    await t.services.sla.ensureDefaults(systemContext('test'));
    admin = await t.loginAdmin();
    engineer = await t.userWith(admin, ['engineer']);
    dispatcher = await t.userWith(admin, ['dispatcher']);
    policyId = (await t.call(admin, { method: 'GET', url: '/api/v1/sla-policies' })).json().items.find((p: { name: string }) => p.name === DEFAULT_SLA_POLICY_NAME).id;
  });
  afterAll(async () => t.close());

  const as = (caller: Caller, method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, payload?: unknown) => t.call(caller, { method, url, payload });
  const count = async (table: 'sla_calendars' | 'sla_policies') => Number((await t.db.kysely.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);

  it('lets incidents:read read and incidents:assign write', async () => {
    const list = await as(engineer, 'GET', '/api/v1/sla-calendars');
    expect(list.statusCode, list.body).toBe(200);
    expect(list.json().items.map((c: { name: string }) => c.name).sort()).toEqual(['7×24', '工作日']);
    expect(list.json().holidaysKnownUntil).toBeGreaterThanOrEqual(2026);
    expect((await as(engineer, 'GET', `/api/v1/sla-policies/${policyId}`)).statusCode).toBe(200);

    const body = { name: '夜班', calendar: { zone: 'Asia/Shanghai', weekly: { mon: [['18:00', '24:00']], tue: [['00:00', '08:00']] }, chinaHolidays: false } };
    const refused = await as(engineer, 'POST', '/api/v1/sla-calendars', body);
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error.details).toEqual({ permission: 'incidents:assign' });
    const created = await as(dispatcher, 'POST', '/api/v1/sla-calendars', body);
    expect(created.statusCode, created.body).toBe(200);
    expect(created.json()).toMatchObject({ name: '夜班', version: 1, usedBy: [], calendar: { weekly: { mon: [['18:00', '24:00']], sun: [] } } });
    expect((await as(dispatcher, 'DELETE', `/api/v1/sla-calendars/${created.json().id}`)).statusCode).toBe(200);
  });

  it('refuses a bad calendar naming each field, and saves nothing', async () => {
    const before = await count('sla_calendars');
    const res = await as(admin, 'POST', '/api/v1/sla-calendars', {
      name: '坏日历',
      calendar: {
        zone: 'Asia/Beijing',
        weekly: { mon: [['09:00', '18:00'], ['17:00', '19:00']], tue: [['18:00', '09:00']], funday: [['09:00', '10:00']] },
        chinaHolidays: true,
        customDates: { '2026-02-30': { working: false } },
      },
    });
    expect(res.statusCode, res.body).toBe(400);
    expect(fields(res)).toEqual(['calendar.customDates.2026-02-30:calendarDate', 'calendar.weekly.funday:weekday', 'calendar.weekly.mon:timeRangeOverlap', 'calendar.weekly.tue[0]:timeRangeOrder', 'calendar.zone:timeZone']);

    const empty = await as(admin, 'POST', '/api/v1/sla-calendars', { name: '空', calendar: { zone: 'Asia/Shanghai', weekly: {}, chinaHolidays: true } });
    expect(empty.statusCode).toBe(400);
    expect(fields(empty)).toEqual(['calendar.weekly:required']);

    const tooMany = await as(admin, 'POST', '/api/v1/sla-calendars', { name: '多', calendar: { zone: 'UTC', weekly: { mon: Array.from({ length: 9 }, () => ['09:00', '10:00']) }, chinaHolidays: false } });
    expect(tooMany.statusCode).toBe(400);
    expect(tooMany.json().error.code).toBe('VALIDATION_FAILED');
    const missing = await as(admin, 'POST', '/api/v1/sla-calendars', { name: '缺' });
    expect(missing.statusCode).toBe(400);
    expect(await count('sla_calendars')).toBe(before);
  });

  it('refuses a bad policy naming each field, and saves nothing', async () => {
    const before = await count('sla_policies');
    const base = (await as(admin, 'GET', `/api/v1/sla-policies/${policyId}`)).json();
    const res = await as(admin, 'POST', '/api/v1/sla-policies', {
      name: '坏策略',
      warnShare: 1.5,
      siteIds: ['no-such-site'],
      targets: { ...base.targets, 3: { ...base.targets['3'], respond: { target: { minutes: 30, businessDays: 1 }, calendarId: base.targets['3'].respond.calendarId }, resolve: { target: { businessDays: 0 }, calendarId: 'gone' } } },
    });
    expect(res.statusCode, res.body).toBe(400);
    expect(fields(res)).toEqual(['siteIds.0:unknownSite', 'targets.3.resolve.calendarId:enum', 'targets.3.resolve.target.businessDays:minimum', 'targets.3.respond.target:type', 'warnShare:maximum']);
    const noLevel = await as(admin, 'POST', '/api/v1/sla-policies', { name: '缺级别', targets: { 1: base.targets['1'], 2: base.targets['2'] } });
    expect(noLevel.statusCode).toBe(400);
    expect(await count('sla_policies')).toBe(before);
  });

  it('replaces a policy at the version read only, and keeps a calendar a policy uses', async () => {
    const base = (await as(admin, 'GET', `/api/v1/sla-policies/${policyId}`)).json();
    const created = (await as(dispatcher, 'POST', '/api/v1/sla-policies', { name: '重要活动', targets: base.targets, warnShare: 0.5, position: 5 })).json();
    const put = await as(dispatcher, 'PUT', `/api/v1/sla-policies/${created.id}`, { name: '重要活动', targets: base.targets, warnShare: 0.6, version: 1 });
    expect(put.statusCode, put.body).toBe(200);
    expect(put.json()).toMatchObject({ version: 2, warnShare: 0.6, position: 5 });
    const stale = await as(dispatcher, 'PUT', `/api/v1/sla-policies/${created.id}`, { name: '重要活动', targets: base.targets, version: 1 });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error).toMatchObject({ code: 'SLA_POLICY_CHANGED', details: { version: 2 } });

    const calendarId = base.targets['3'].resolve.calendarId;
    const inUse = await as(admin, 'DELETE', `/api/v1/sla-calendars/${calendarId}`);
    expect(inUse.statusCode).toBe(409);
    expect(inUse.json().error.code).toBe('SLA_CALENDAR_IN_USE');
    expect(inUse.json().error.details.policies.map((p: { name: string }) => p.name).sort()).toEqual([DEFAULT_SLA_POLICY_NAME, '重要活动'].sort());
    expect((await as(admin, 'GET', `/api/v1/sla-calendars/${calendarId}`)).statusCode).toBe(200);

    const cal = (await as(admin, 'GET', `/api/v1/sla-calendars/${calendarId}`)).json();
    const staleCal = await as(admin, 'PUT', `/api/v1/sla-calendars/${calendarId}`, { name: cal.name, calendar: cal.calendar, version: cal.version + 1 });
    expect(staleCal.statusCode).toBe(409);
    expect(staleCal.json().error.code).toBe('SLA_CALENDAR_CHANGED');

    expect((await as(dispatcher, 'DELETE', `/api/v1/sla-policies/${created.id}?version=1`)).statusCode).toBe(409);
    expect((await as(dispatcher, 'DELETE', `/api/v1/sla-policies/${created.id}?version=2`)).statusCode).toBe(200);
    expect((await as(dispatcher, 'GET', `/api/v1/sla-policies/${created.id}`)).statusCode).toBe(404);
  });

  it('previews when each target falls due for a caller at 16:30 on Friday 2026-10-09', async () => {
    const res = await as(engineer, 'GET', `/api/v1/sla-policies/${policyId}/preview?openedAt=2026-10-09T08:30:00Z&level=3`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ policyId, openedAt: '2026-10-09T08:30:00.000Z' });
    expect(res.json().levels).toEqual([
      {
        level: '3',
        targets: [
          expect.objectContaining({ clock: 'respond', target: { minutes: 120 }, calendarName: '工作日', dueAt: '2026-10-10T01:30:00.000Z' }),
          expect.objectContaining({ clock: 'on_site', target: { businessDays: 1 }, dueAt: '2026-10-10T10:00:00.000Z' }),
          expect.objectContaining({ clock: 'resolve', target: { businessDays: 3 }, dueAt: '2026-10-13T10:00:00.000Z' }),
        ],
      },
    ]);
    const all = await as(engineer, 'GET', `/api/v1/sla-policies/${policyId}/preview?openedAt=2026-10-09T08:30:00Z`);
    expect(all.json().levels.map((l: { level: string }) => l.level)).toEqual(['1', '2', '3']);

    for (const query of ['openedAt=yesterday', 'openedAt=2026-10-09T08:30:00Z&level=4', '', 'openedAt=1800-01-01T00:00:00Z']) {
      const bad = await as(engineer, 'GET', `/api/v1/sla-policies/${policyId}/preview?${query}`);
      expect(bad.statusCode, query).toBe(400);
    }
    expect((await as(engineer, 'GET', `/api/v1/sla-policies/nope/preview?openedAt=2026-10-09T08:30:00Z`)).statusCode).toBe(404);
  });

  it('every sample write succeeds and leaves one audit record', async () => {
    for (const [route, sample] of Object.entries(slaRouteSamples(t, async () => admin))) {
      const request = await sample();
      const audits = await t.auditCount();
      const res = await t.call(request.caller, request);
      expect(res.statusCode, `${route}: ${res.body}`).toBe(200);
      expect(await t.auditCount(), route).toBe(audits + 1);
    }
  });
});
