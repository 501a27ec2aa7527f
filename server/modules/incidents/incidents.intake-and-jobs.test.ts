import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestApp, type Caller, type TestApp } from '../../testing/app.ts';
import { describeEachDatabase } from '../../testing/each-database.ts';
import { insertFiringAlert, type FiringAlert } from '../../testing/alerts.ts';

/**
 * What happens to incidents without a person pressing a button: alerts opening them (one per open group, a child
 * joining its parent's), the SLA sweep telling each warning and breach once, and the auto-close.
 */
const MONDAY_10 = Date.parse('2026-11-02T02:00:00Z');
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- response bodies, read as the console reads them
type Json = Record<string, any>;

describeEachDatabase('incident intake and jobs on %s', (dialect) => {
  let t: TestApp;
  let admin: Caller;
  let engineer: Caller & { username: string };
  let site: Json;

  beforeAll(async () => {
    t = await createTestApp(dialect, { OPSDESK_SESSION_IDLE_MINUTES: '1440', OPSDESK_SESSION_ABSOLUTE_HOURS: '720' });
    t.clock.set(MONDAY_10);
    admin = await t.loginAdmin();
    site = (await t.call(admin, { method: 'POST', url: '/api/v1/sites', payload: { code: 'gate-east', name: '东门' } })).json();
    engineer = await t.userWith(admin, ['engineer']);
  });
  afterAll(async () => t.close());

  const fire = (opts: Omit<FiringAlert, 'siteId' | 'subsystem'>) => insertFiringAlert(t, { ...opts, siteId: site.id, subsystem: 'consumption' });

  const incidentsOfGroup = (groupKey: string) => t.db.kysely.selectFrom('incidents').selectAll().where('source', '=', 'alert').where('source_ref', '=', groupKey).execute();
  const linked = (incidentId: string) => t.db.kysely.selectFrom('incident_alerts').select('alert_id').where('incident_id', '=', incidentId).execute();

  async function eventually<T>(probe: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
    for (let i = 0; i < 200; i++) {
      const value = await probe();
      if (done(value)) return value;
      await new Promise((r) => setTimeout(r, 25));
    }
    return probe();
  }

  it('opens one incident per open alert group at the alert level, links later alerts of the group and children of its alert', async () => {
    const first = await fire({ level: 1, groupKey: 'grp-site-down' });
    const opened = await eventually(() => incidentsOfGroup('grp-site-down'), (rows) => rows.length === 1);
    expect(opened).toHaveLength(1);
    expect(opened[0]).toMatchObject({ level: 1, site_id: site.id, state: 'new', subsystem: 'consumption' });

    const second = await fire({ level: 1, groupKey: 'grp-site-down' });
    const child = await fire({ level: 2, groupKey: 'grp-child', parentId: first });
    const links = await eventually(() => linked(opened[0]!.id), (rows) => rows.length === 3);
    expect(links.map((l) => l.alert_id).sort()).toEqual([first, second, child].sort());
    expect(await incidentsOfGroup('grp-site-down')).toHaveLength(1);
    // A level-3 alert is not in the default intake (level 1 only); nor is an alert that was already firing.
    await fire({ level: 3, groupKey: 'grp-minor' });
    await fire({ level: 1, groupKey: 'grp-refire', previous: 'firing' });
    await new Promise((r) => setTimeout(r, 300));
    expect(await incidentsOfGroup('grp-minor')).toHaveLength(0);
    expect(await incidentsOfGroup('grp-refire')).toHaveLength(0);
  });

  it('answers the alert page’s button with the open incident of the group, or a new one', async () => {
    const alertId = await fire({ level: 2, groupKey: 'grp-by-hand' });
    const res = await t.call(admin, { method: 'POST', url: '/api/v1/incidents/from-alert', payload: { alertId } });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ opened: true, incident: { level: 2, source: 'alert' } });
    const again = await t.call(admin, { method: 'POST', url: '/api/v1/incidents/from-alert', payload: { alertId: await fire({ level: 2, groupKey: 'grp-by-hand' }) } });
    expect(again.json()).toMatchObject({ opened: false, incident: { id: res.json().incident.id } });
  });

  it('opens one incident when the button and the intake ask for the same group at once', async () => {
    // A level-1 alert: the intake opens its incident while five presses of the button ask for the same group.
    const alertId = await fire({ level: 1, groupKey: 'grp-race' });
    const presses = await Promise.all(Array.from({ length: 5 }, () => t.call(admin, { method: 'POST', url: '/api/v1/incidents/from-alert', payload: { alertId } })));
    expect(presses.map((p) => p.statusCode)).toEqual([200, 200, 200, 200, 200]);
    const rows = await eventually(() => incidentsOfGroup('grp-race'), (r) => r.length > 0);
    await new Promise((r) => setTimeout(r, 300)); // the intake's turn, if it had not come yet
    expect(await incidentsOfGroup('grp-race')).toHaveLength(1);
    expect(new Set(presses.map((p) => p.json().incident.id))).toEqual(new Set([rows[0]!.id]));
    expect(presses.filter((p) => p.json().opened).length).toBeLessThanOrEqual(1);
  });

  it('tells each SLA warning and breach once, on the timeline', async () => {
    const opened = (await t.call(admin, { method: 'POST', url: '/api/v1/incidents', payload: { title: '人脸门禁离线', siteId: site.id, impact: 'high', urgency: 'high' } })).json();
    const notes = async () => (await t.db.kysely.selectFrom('incident_timeline').select(['kind', 'details']).where('incident_id', '=', opened.id).where('kind', 'like', 'sla_%').orderBy('at').execute()).map((n) => `${n.kind}:${JSON.parse(n.details).clock}`);

    t.clock.advance(20 * 60_000);
    await t.services.incidents.sweepSla();
    expect(await notes()).toEqual([]);
    t.clock.advance(3 * 60_000); // 23 of 30 minutes: past the 75 % warning share of the response target
    await t.services.incidents.sweepSla();
    expect(await notes()).toEqual(['sla_warning:respond']);
    t.clock.advance(8 * 60_000); // 31 minutes: the response is late
    await t.services.incidents.sweepSla();
    await t.services.incidents.sweepSla();
    expect(await notes()).toEqual(['sla_warning:respond', 'sla_breach:respond']);
    const page = (await t.call(admin, { method: 'GET', url: `/api/v1/incidents/${opened.id}` })).json();
    expect(page.incident.sla.find((s: Json) => s.clock === 'respond')).toMatchObject({ standing: 'breached', status: 'running' });
  });

  it('closes a resolved incident nobody confirmed after seven days, but not a major one without its review', async () => {
    const open = async (title: string) => (await t.call(admin, { method: 'POST', url: '/api/v1/incidents', payload: { title, siteId: site.id, impact: 'low', urgency: 'low' } })).json().id as string;
    const move = (id: string, body: Json) => t.call(engineer, { method: 'POST', url: `/api/v1/incidents/${id}/transitions`, payload: body });
    const plain = await open('充值机打印机缺纸');
    const major = await open('全校消费系统中断');
    await t.call(admin, { method: 'POST', url: `/api/v1/incidents/${major}/transitions`, payload: { kind: 'declare_major', reason: '全校食堂无法消费' } });
    for (const id of [plain, major]) {
      expect((await move(id, { kind: 'take' })).statusCode).toBe(200);
      await move(id, { kind: 'start_work' });
      expect((await move(id, { kind: 'resolve', fix: '处理完毕', causeCategory: 'software' })).statusCode).toBe(200);
    }
    t.clock.advance(7 * 86_400_000 - 60_000);
    await t.services.incidents.autoClose();
    const state = async (id: string) => (await t.db.kysely.selectFrom('incidents').select(['state', 'closed_how']).where('id', '=', id).executeTakeFirstOrThrow());
    expect(await state(plain)).toMatchObject({ state: 'resolved' });
    t.clock.advance(2 * 60_000);
    await t.services.incidents.autoClose();
    expect(await state(plain)).toMatchObject({ state: 'closed', closed_how: 'auto' });
    expect(await state(major)).toMatchObject({ state: 'resolved' });
  });

  it('reminds of a major incident’s update to the client every 30 minutes until someone communicates', async () => {
    admin = await t.loginAdmin(); // the auto-close's week outlived the session
    const id = (await t.call(admin, { method: 'POST', url: '/api/v1/incidents', payload: { title: '全校圈存失败', siteId: site.id, impact: 'high', urgency: 'medium' } })).json().id as string;
    const declared = await t.call(admin, { method: 'POST', url: `/api/v1/incidents/${id}/transitions`, payload: { kind: 'declare_major', reason: '影响全校充值' } });
    expect(declared.statusCode, declared.body).toBe(200);
    const reminders = async () => (await t.db.kysely.selectFrom('incident_timeline').select('kind').where('incident_id', '=', id).where('kind', '=', 'communication_due').execute()).length;
    t.clock.advance(29 * 60_000);
    await t.services.incidents.remindMajor();
    expect(await reminders()).toBe(0);
    t.clock.advance(2 * 60_000);
    await t.services.incidents.remindMajor();
    await t.services.incidents.remindMajor();
    expect(await reminders()).toBe(1);
    await t.call(admin, { method: 'POST', url: `/api/v1/incidents/${id}/transitions`, payload: { kind: 'communicate', message: '正在切换备用前置机，预计 20 分钟恢复' } });
    t.clock.advance(29 * 60_000);
    await t.services.incidents.remindMajor();
    expect(await reminders()).toBe(1);
    t.clock.advance(2 * 60_000);
    await t.services.incidents.remindMajor();
    expect(await reminders()).toBe(2);
  });
});
