import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestApp, type Caller, type TestApp } from '../../testing/app.ts';
import { describeEachDatabase } from '../../testing/each-database.ts';

/**
 * Incidents through the API, on both databases: opening (graded, numbered, SLA started on the default policy), the
 * whole workflow by the people of the built-in roles, the client's site scope, refusals that change nothing, and the
 * SLA targets on China's working calendar.
 */
const FRIDAY_1630 = Date.parse('2026-10-09T08:30:00Z'); // 16:30 in Shanghai, the Friday before a make-up Saturday

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- response bodies, read as the console reads them
type Json = Record<string, any>;

describeEachDatabase('incidents API on %s', (dialect) => {
  let t: TestApp;
  let admin: Caller;
  let engineer: Caller & { username: string };
  let dispatcher: Caller & { username: string };
  let client: Caller & { username: string };
  let site: Json;
  let otherSite: Json;

  beforeAll(async () => {
    // The clock jumps hours between steps of a workflow: sessions must outlive the jumps.
    t = await createTestApp(dialect, { OPSDESK_SESSION_IDLE_MINUTES: '1440', OPSDESK_SESSION_ABSOLUTE_HOURS: '720' });
    t.clock.set(FRIDAY_1630);
    admin = await t.loginAdmin();
    site = (await t.call(admin, { method: 'POST', url: '/api/v1/sites', payload: { code: 'canteen-1', name: '第一食堂' } })).json();
    otherSite = (await t.call(admin, { method: 'POST', url: '/api/v1/sites', payload: { code: 'library', name: '图书馆' } })).json();
    engineer = await t.userWith(admin, ['engineer']);
    dispatcher = await t.userWith(admin, ['dispatcher']);
    client = await t.userWith(admin, ['client'], [site.id]);
  });
  afterAll(async () => t.close());

  const open = (caller: Caller, body: Json) => t.call(caller, { method: 'POST', url: '/api/v1/incidents', payload: body });
  const move = (caller: Caller, id: string, body: Json) => t.call(caller, { method: 'POST', url: `/api/v1/incidents/${id}/transitions`, payload: body });
  const detail = async (caller: Caller, id: string): Promise<Json> => (await t.call(caller, { method: 'GET', url: `/api/v1/incidents/${id}` })).json();
  const target = (incident: Json, clock: string) => incident.sla.find((s: Json) => s.clock === clock);

  it('opens a graded, numbered incident whose targets run on the default policy (level 3: respond in 2 business hours → Saturday 09:30, a make-up workday)', async () => {
    const res = await open(client, { title: '三号窗口 POS 无法刷卡', description: '学生卡刷卡无反应', siteId: site.id, impact: 'low', urgency: 'medium', reporterName: '王老师', reporterPhone: '13812341234' });
    expect(res.statusCode, res.body).toBe(200);
    const incident = res.json();
    expect(incident).toMatchObject({ state: 'new', level: 3, source: 'form', siteId: site.id, reopenCount: 0, firstTimeFix: null });
    expect(incident.ref).toMatch(/^INC-\d{6}$/);
    // The client's own contact data comes back masked like every personal field.
    expect(incident.reporterPhone).toBe('138****1234');
    expect(incident.sla.map((s: Json) => s.clock)).toEqual(['respond', 'on_site', 'resolve']);
    expect(target(incident, 'respond')).toMatchObject({ status: 'running', standing: 'ok', dueAt: '2026-10-10T01:30:00.000Z' });
  });

  it('runs the whole workflow: assign, acknowledge, check in, wait for the customer, resume, resolve, confirm, close — each on the timeline', async () => {
    const created = (await open(dispatcher, { title: '东门闸机不识别人脸', siteId: site.id, impact: 'high', urgency: 'high', channel: 'phone' })).json();
    expect(created).toMatchObject({ level: 1, source: 'phone' });
    const id = created.id as string;

    expect((await move(dispatcher, id, { kind: 'assign', assignee: { kind: 'user', userId: engineer.userId } })).statusCode).toBe(200);
    t.clock.advance(10 * 60_000);
    const acknowledged = (await move(engineer, id, { kind: 'acknowledge' })).json();
    expect(target(acknowledged, 'respond')).toMatchObject({ status: 'stopped', standing: 'met', met: true, elapsedMinutes: 10 });

    await move(engineer, id, { kind: 'start_work' });
    t.clock.advance(20 * 60_000);
    const onSite = (await move(engineer, id, { kind: 'check_in', location: { latitude: 30.27, longitude: 120.15 } })).json();
    expect(onSite.firstCheckInAt).not.toBeNull();
    expect(target(onSite, 'on_site')).toMatchObject({ status: 'stopped', met: true });

    const waiting = (await move(engineer, id, { kind: 'wait', reason: 'customer', note: '等待食堂确认停机时间' })).json();
    expect(target(waiting, 'resolve')).toMatchObject({ status: 'paused', standing: 'paused' });
    t.clock.advance(6 * 3_600_000);
    const resumed = (await move(engineer, id, { kind: 'resume' })).json();
    // Six hours of waiting for the customer did not count against the 4-hour 7×24 resolution target.
    expect(target(resumed, 'resolve')).toMatchObject({ status: 'running', standing: 'ok' });

    t.clock.advance(30 * 60_000);
    const resolved = (await move(engineer, id, { kind: 'resolve', fix: '更换摄像头模组并重启', causeCategory: 'hardware' })).json();
    expect(resolved).toMatchObject({ state: 'resolved', fix: '更换摄像头模组并重启', causeCategory: 'hardware', firstTimeFix: true });
    expect(target(resolved, 'resolve')).toMatchObject({ status: 'stopped', met: true, elapsedMinutes: 60 });

    const confirmed = (await move(client, id, { kind: 'confirm', comment: '已恢复' })).json();
    expect(confirmed.state).toBe('confirmed');
    const closed = (await move(engineer, id, { kind: 'close' })).json();
    expect(closed).toMatchObject({ state: 'closed', closedHow: 'confirmed' });

    const page = await detail(engineer, id);
    expect(page.timeline.map((e: Json) => e.kind)).toEqual(['open', 'assign', 'acknowledge', 'start_work', 'check_in', 'wait', 'resume', 'resolve', 'confirm', 'close']);
    expect(page.actions).toContain('reopen');
    // The client (no users:read) reads who did what by their names today, not by account names.
    await t.call(admin, { method: 'PATCH', url: `/api/v1/users/${engineer.userId}`, payload: { displayName: '李工' } });
    const seenByClient = await detail(client, id);
    expect(seenByClient.timeline.find((e: Json) => e.kind === 'resolve')).toMatchObject({ actorId: engineer.userId, actorName: '李工' });
    await t.call(admin, { method: 'PATCH', url: `/api/v1/users/${engineer.userId}`, payload: { displayName: engineer.username } });
  });

  it('refuses a move the state does not allow with 409 naming what it allows, and a bad cause with 400, changing nothing', async () => {
    const created = (await open(dispatcher, { title: '充值机吞钞', siteId: site.id, impact: 'medium', urgency: 'medium' })).json();
    const refused = await move(engineer, created.id, { kind: 'resolve', fix: 'x', causeCategory: 'hardware' });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error).toMatchObject({ code: 'INCIDENT_TRANSITION_NOT_ALLOWED' });
    expect(refused.json().error.details.allowed).toEqual(expect.arrayContaining(['assign', 'take']));

    await move(engineer, created.id, { kind: 'take' });
    await move(engineer, created.id, { kind: 'start_work' });
    const badCause = await move(engineer, created.id, { kind: 'resolve', fix: '重启', causeCategory: 'cosmic-rays' });
    expect(badCause.statusCode).toBe(400);
    expect(badCause.json().error.details).toEqual([expect.objectContaining({ field: 'causeCategory', code: 'unknownCause' })]);
    const unknownKind = await move(engineer, created.id, { kind: 'teleport' });
    expect(unknownKind.statusCode).toBe(400);
    const after = await detail(engineer, created.id);
    expect(after.incident.state).toBe('in_progress');
    expect(after.timeline).toHaveLength(3);
  });

  it("keeps a client to their own site's incidents: opening elsewhere is refused, others' incidents are not found", async () => {
    const elsewhere = await open(client, { title: '图书馆闸机故障', siteId: otherSite.id, impact: 'low', urgency: 'low' });
    expect(elsewhere.statusCode).toBe(400);
    expect(elsewhere.json().error.details[0]).toMatchObject({ field: 'siteId', code: 'unknownSite' });

    const theirs = (await open(admin, { title: '图书馆闸机故障', siteId: otherSite.id, impact: 'low', urgency: 'low' })).json();
    expect((await t.call(client, { method: 'GET', url: `/api/v1/incidents/${theirs.id}` })).statusCode).toBe(404);
    const listed = (await t.call(client, { method: 'GET', url: '/api/v1/incidents?limit=200' })).json();
    expect(listed.items.length).toBeGreaterThan(0);
    expect(listed.items.every((i: Json) => i.siteId === site.id)).toBe(true);
    // The client cannot work on incidents, only confirm them and comment.
    const mine = listed.items[0];
    expect((await move(client, mine.id, { kind: 'take' })).statusCode).toBe(403);
    const commented = await t.call(client, { method: 'POST', url: `/api/v1/incidents/${mine.id}/comments`, payload: { text: '请尽快处理' } });
    expect(commented.statusCode, commented.body).toBe(200);
  });

  it('finds incidents by number, title words and state', async () => {
    const created = (await open(dispatcher, { title: '淋浴水控器不出水', siteId: site.id, impact: 'low', urgency: 'low' })).json();
    const byRef = (await t.call(dispatcher, { method: 'GET', url: `/api/v1/incidents?q=${created.ref}` })).json();
    expect(byRef.items.map((i: Json) => i.id)).toEqual([created.id]);
    const byWords = (await t.call(dispatcher, { method: 'GET', url: `/api/v1/incidents?q=${encodeURIComponent('水控')}` })).json();
    expect(byWords.items.map((i: Json) => i.id)).toContain(created.id);
    const closed = (await t.call(dispatcher, { method: 'GET', url: '/api/v1/incidents?state=closed' })).json();
    expect(closed.items.every((i: Json) => i.state === 'closed')).toBe(true);
    const bad = await t.call(dispatcher, { method: 'GET', url: '/api/v1/incidents?state=melted' });
    expect(bad.statusCode).toBe(400);
  });

  it('offers the people each duty roster has on duty now for dispatching', async () => {
    const roster = await t.call(admin, {
      method: 'POST',
      url: '/api/v1/rosters',
      payload: { name: '一卡通值班', layers: [{ name: '工程师', rotation: { kind: 'daily', handover: '08:30', startDate: '2026-10-01', participants: [engineer.userId] } }] },
    });
    expect(roster.statusCode, roster.body).toBe(200);
    const created = (await open(dispatcher, { title: '圈存机无法圈存', siteId: site.id, impact: 'medium', urgency: 'high' })).json();
    const res = await t.call(dispatcher, { method: 'GET', url: `/api/v1/incidents/${created.id}/on-duty` });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().items).toContainEqual(expect.objectContaining({ rosterName: '一卡通值班', people: [{ userId: engineer.userId, name: engineer.username }] }));
    expect((await t.call(engineer, { method: 'GET', url: `/api/v1/incidents/${created.id}/on-duty` })).statusCode).toBe(403);
  });

  it('filters by SLA standing and keeps saved views per person, shared ones for everyone', async () => {
    const late = (await open(dispatcher, { title: '网络中断：学生公寓', siteId: site.id, impact: 'high', urgency: 'high' })).json();
    t.clock.advance(31 * 60_000); // level 1 responds within 30 minutes
    const breached = (await t.call(dispatcher, { method: 'GET', url: '/api/v1/incidents?sla=breached&limit=200' })).json();
    expect(breached.items.map((i: Json) => i.id)).toContain(late.id);
    expect(breached.items.every((i: Json) => i.sla.some((s: Json) => s.standing === 'breached'))).toBe(true);

    const saved = await t.call(engineer, { method: 'POST', url: '/api/v1/incident-views', payload: { name: '超时的', query: { sla: 'breached', state: 'open' } } });
    expect(saved.statusCode, saved.body).toBe(200);
    expect((await t.call(engineer, { method: 'POST', url: '/api/v1/incident-views', payload: { name: '超时的', query: {} } })).statusCode).toBe(400);
    // Sharing is a dispatcher's: the engineer may not, the dispatcher may.
    expect((await t.call(engineer, { method: 'POST', url: '/api/v1/incident-views', payload: { name: '全员', query: {}, shared: true } })).statusCode).toBe(403);
    const shared = (await t.call(dispatcher, { method: 'POST', url: '/api/v1/incident-views', payload: { name: '一级未结', query: { level: '1', state: 'open' }, shared: true } })).json();
    const seen = (await t.call(engineer, { method: 'GET', url: '/api/v1/incident-views' })).json().items;
    expect(seen.map((v: Json) => [v.name, v.mine])).toEqual(expect.arrayContaining([['超时的', true], ['一级未结', false]]));
    expect((await t.call(engineer, { method: 'DELETE', url: `/api/v1/incident-views/${shared.id}` })).statusCode).toBe(403);
    expect((await t.call(client, { method: 'GET', url: '/api/v1/incident-views' })).json().items.map((v: Json) => v.name)).toEqual(['一级未结']);
  });

  it("tells when a major incident's next update is due by the deployment's policy, not the default", async () => {
    const current = (await t.call(admin, { method: 'GET', url: '/api/v1/incident-settings' })).json();
    const saved = await t.call(admin, { method: 'PUT', url: '/api/v1/incident-settings', payload: { workflow: { ...current.workflow, major: { communicationEveryMinutes: 60, reviewRequired: true } }, version: current.version } });
    expect(saved.statusCode, saved.body).toBe(200);
    const created = (await open(dispatcher, { title: '全校消费中断', siteId: site.id, impact: 'high', urgency: 'high' })).json();
    const declared = (await move(dispatcher, created.id, { kind: 'declare_major', reason: '全校食堂无法刷卡' })).json();
    expect(Date.parse(declared.major.communicationDueAt) - Date.parse(declared.major.declaredAt)).toBe(60 * 60_000);
    const listed = (await t.call(dispatcher, { method: 'GET', url: `/api/v1/incidents?q=${declared.ref}` })).json();
    expect(listed.items[0].major.communicationDueAt).toBe(declared.major.communicationDueAt);
  });
});
