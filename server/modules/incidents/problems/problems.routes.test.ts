import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestApp, USER_PASSWORD, type Caller, type TestApp } from '../../../testing/app.ts';
import { describeEachDatabase } from '../../../testing/each-database.ts';


// eslint-disable-next-line @typescript-eslint/no-explicit-any -- response bodies, read as the console reads them
type Json = Record<string, any>;
const DAY = 86_400_000;

/** Problem records through the API on both databases: numbering, the state machine, links on the timeline, suggestions, scope. */
describeEachDatabase('problems API on %s', (dialect) => {
  let t: TestApp;
  let admin: Caller;
  let dispatcher: Caller & { username: string };
  let engineer: Caller & { username: string };
  let client: Caller & { username: string };
  let site: Json;
  let otherSite: Json;
  let gate: Json;
  let gate2: Json;
  let pos: Json;

  beforeAll(async () => {
    t = await createTestApp(dialect, { OPSDESK_SESSION_IDLE_MINUTES: '1440', OPSDESK_SESSION_ABSOLUTE_HOURS: '720' });
    t.clock.set(Date.parse('2026-06-01T02:00:00Z'));
    admin = await t.loginAdmin();
    site = (await t.call(admin, { method: 'POST', url: '/api/v1/sites', payload: { code: 'dorm-3', name: '三号宿舍' } })).json();
    otherSite = (await t.call(admin, { method: 'POST', url: '/api/v1/sites', payload: { code: 'lib', name: '图书馆' } })).json();
    const device = async (code: string, type: string, siteId: string) => (await t.call(admin, { method: 'POST', url: '/api/v1/devices', payload: { code, name: code, type, subsystem: 'access', siteId } })).json();
    gate = await device('GATE-01', 'gate', site.id);
    gate2 = await device('GATE-02', 'gate', otherSite.id);
    pos = await device('POS-01', 'pos', site.id);
    dispatcher = await t.userWith(admin, ['dispatcher']);
    engineer = await t.userWith(admin, ['engineer']);
    client = await t.userWith(admin, ['client'], [site.id]);
  });
  afterAll(async () => t.close());

  const call = (caller: Caller, method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: Json) => t.call(caller, { method, url, payload });
  /** An incident taken through to closed, with the given cause, at the given device. */
  const closedIncident = async (deviceId: string, siteId: string, cause: string): Promise<Json> => {
    const created = (await call(admin, 'POST', '/api/v1/incidents', { title: `闸机故障 ${deviceId}`, siteId, deviceId, impact: 'low', urgency: 'low' })).json();
    await call(engineer, 'POST', `/api/v1/incidents/${created.id}/transitions`, { kind: 'take' });
    await call(engineer, 'POST', `/api/v1/incidents/${created.id}/transitions`, { kind: 'start_work' });
    await call(engineer, 'POST', `/api/v1/incidents/${created.id}/transitions`, { kind: 'resolve', fix: '重启', causeCategory: cause });
    const resolver = await t.userWith(admin, ['client'], [siteId]);
    await call(resolver, 'POST', `/api/v1/incidents/${created.id}/transitions`, { kind: 'confirm' });
    const closed = await call(engineer, 'POST', `/api/v1/incidents/${created.id}/transitions`, { kind: 'close' });
    expect(closed.json().state, closed.body).toBe('closed');
    return closed.json();
  };

  it('creates numbered problems, moves them open → known_error → resolved → closed, and refuses other moves with 409', async () => {
    const first = await call(dispatcher, 'POST', '/api/v1/problems', { title: '宿舍闸机频繁离线', ownerId: engineer.userId });
    expect(first.statusCode, first.body).toBe(200);
    const problem = first.json().problem;
    expect(problem).toMatchObject({ state: 'open', owner: { id: engineer.userId, name: engineer.username }, incidentCount: 0, version: 1 });
    expect(problem.ref).toMatch(/^PRB-\d{6}$/);
    const second = (await call(dispatcher, 'POST', '/api/v1/problems', { title: '另一问题' })).json().problem;
    expect(second.number).toBe(problem.number + 1);

    const noCause = await call(dispatcher, 'PATCH', `/api/v1/problems/${problem.id}`, { version: 1, state: 'known_error' });
    expect(noCause.statusCode).toBe(400);
    expect(noCause.json().error.details[0]).toMatchObject({ field: 'rootCause', code: 'required' });
    const known = await call(dispatcher, 'PATCH', `/api/v1/problems/${problem.id}`, { version: 1, state: 'known_error', rootCause: '交换机 PoE 供电不足', workaround: '重启交换机端口' });
    expect(known.statusCode, known.body).toBe(200);
    expect(known.json().problem).toMatchObject({ state: 'known_error', rootCause: '交换机 PoE 供电不足', version: 2 });

    const stale = await call(dispatcher, 'PATCH', `/api/v1/problems/${problem.id}`, { version: 1, title: '改名' });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error.code).toBe('PROBLEM_CHANGED');
    const backwards = await call(dispatcher, 'PATCH', `/api/v1/problems/${problem.id}`, { version: 2, state: 'open' });
    expect(backwards.statusCode).toBe(409);
    expect(backwards.json().error).toMatchObject({ code: 'PROBLEM_STATE_NOT_ALLOWED', details: { allowed: ['resolved'] } });

    await call(dispatcher, 'PATCH', `/api/v1/problems/${problem.id}`, { version: 2, state: 'resolved' });
    const closed = await call(dispatcher, 'PATCH', `/api/v1/problems/${problem.id}`, { version: 3, state: 'closed' });
    expect(closed.json().problem.state).toBe('closed');
    const after = await call(dispatcher, 'PATCH', `/api/v1/problems/${problem.id}`, { version: 4, title: '再改' });
    expect(after.statusCode).toBe(409);
    expect(after.json().error.code).toBe('PROBLEM_CLOSED');

    expect((await call(engineer, 'POST', '/api/v1/problems', { title: '工程师不能建' })).statusCode).toBe(403);
    expect((await call(dispatcher, 'POST', '/api/v1/problems', { title: 'x', ownerId: 'nobody' })).json().error.details[0]).toMatchObject({ field: 'ownerId', code: 'unknownUser' });
    const listed = (await call(engineer, 'GET', `/api/v1/problems?q=${problem.ref}`)).json();
    expect(listed.items.map((p: Json) => p.id)).toEqual([problem.id]);
    expect((await call(engineer, 'GET', '/api/v1/problems?state=melted')).statusCode).toBe(400);
  });

  it('links and unlinks incidents, each a line on the incident timeline and one problem.link record', async () => {
    const problem = (await call(dispatcher, 'POST', '/api/v1/problems', { title: '闸机读头老化' })).json().problem;
    const incident = (await call(admin, 'POST', '/api/v1/incidents', { title: '闸机不读卡', siteId: site.id, deviceId: gate.id, impact: 'low', urgency: 'low' })).json();
    const before = await t.auditCount();
    const linked = await call(dispatcher, 'POST', `/api/v1/problems/${problem.id}/incidents`, { incidentId: incident.id });
    expect(linked.statusCode, linked.body).toBe(200);
    expect(await t.auditCount()).toBe(before + 1);
    expect(linked.json()).toMatchObject({ problem: { incidentCount: 1 }, incidents: [{ id: incident.id, ref: incident.ref }] });
    const again = await call(dispatcher, 'POST', `/api/v1/problems/${problem.id}/incidents`, { incidentId: incident.id });
    expect(again.json().problem.incidentCount).toBe(1);

    const timeline = (await call(admin, 'GET', `/api/v1/incidents/${incident.id}`)).json().timeline;
    expect(timeline.filter((e: Json) => e.kind === 'problem_linked').map((e: Json) => e.details)).toEqual([{ problemId: problem.id, problemRef: problem.ref, title: '闸机读头老化', linked: true }]);
    const record = (await call(admin, 'GET', `/api/v1/incidents/${incident.id}/record`)).json();
    expect(record.problems).toEqual([{ id: problem.id, ref: problem.ref, title: '闸机读头老化', state: 'open' }]);

    const unlinked = await call(dispatcher, 'DELETE', `/api/v1/problems/${problem.id}/incidents/${incident.id}`);
    expect(unlinked.json()).toMatchObject({ problem: { incidentCount: 0 }, incidents: [] });
    expect((await call(dispatcher, 'DELETE', `/api/v1/problems/${problem.id}/incidents/${incident.id}`)).statusCode).toBe(404);
    const unknown = await call(dispatcher, 'POST', `/api/v1/problems/${problem.id}/incidents`, { incidentId: 'no-such-incident' });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error.details[0]).toMatchObject({ field: 'incidentId', code: 'unknownIncident' });
    const kinds = (await call(admin, 'GET', `/api/v1/incidents/${incident.id}`)).json().timeline.map((e: Json) => e.kind);
    expect(kinds).toEqual(['open', 'problem_linked', 'problem_linked']);
  });

  it('suggests incidents closed in the last 90 days with the same cause at the same device or type, within the caller’s sites', async () => {
    const old = await closedIncident(gate.id, site.id, 'hardware');
    t.clock.advance(100 * DAY);
    // Sessions do not outlive 100 days: everyone signs in again.
    admin = await t.loginAdmin();
    dispatcher = { ...(await t.login(dispatcher.username, USER_PASSWORD)), username: dispatcher.username };
    engineer = { ...(await t.login(engineer.username, USER_PASSWORD)), username: engineer.username };
    client = { ...(await t.login(client.username, USER_PASSWORD)), username: client.username };
    const sameDevice = await closedIncident(gate.id, site.id, 'hardware');
    const sameTypeElsewhere = await closedIncident(gate2.id, otherSite.id, 'hardware');
    const otherCause = await closedIncident(gate.id, site.id, 'network');
    const otherType = await closedIncident(pos.id, site.id, 'hardware');
    const current = await closedIncident(gate.id, site.id, 'hardware');

    const res = await call(dispatcher, 'GET', `/api/v1/problems/suggestions?incidentId=${current.id}`);
    expect(res.statusCode, res.body).toBe(200);
    const { basis, items } = res.json();
    expect(basis).toMatchObject({ incidentId: current.id, causeCategory: 'hardware', deviceId: gate.id, deviceType: 'gate' });
    const ids = items.map((i: Json) => i.id);
    expect(ids).toEqual(expect.arrayContaining([sameDevice.id, sameTypeElsewhere.id]));
    for (const excluded of [old.id, otherCause.id, otherType.id, current.id]) expect(ids).not.toContain(excluded);

    // A client of one site sees only their site's candidates.
    const theirs = (await call(client, 'GET', `/api/v1/problems/suggestions?incidentId=${current.id}`)).json();
    expect(theirs.items.map((i: Json) => i.id)).toContain(sameDevice.id);
    expect(theirs.items.map((i: Json) => i.id)).not.toContain(sameTypeElsewhere.id);
  });

  it("keeps a client of one site to the problems of their site's incidents", async () => {
    const mine = (await call(dispatcher, 'POST', '/api/v1/problems', { title: '本站问题' })).json().problem;
    const elsewhere = (await call(dispatcher, 'POST', '/api/v1/problems', { title: '他站问题' })).json().problem;
    const here = (await call(admin, 'POST', '/api/v1/incidents', { title: '宿舍门禁', siteId: site.id, impact: 'low', urgency: 'low' })).json();
    const there = (await call(admin, 'POST', '/api/v1/incidents', { title: '图书馆门禁', siteId: otherSite.id, impact: 'low', urgency: 'low' })).json();
    await call(dispatcher, 'POST', `/api/v1/problems/${mine.id}/incidents`, { incidentId: here.id });
    await call(dispatcher, 'POST', `/api/v1/problems/${elsewhere.id}/incidents`, { incidentId: there.id });
    const listed = (await call(client, 'GET', '/api/v1/problems?limit=200')).json().items.map((p: Json) => p.id);
    expect(listed).toContain(mine.id);
    expect(listed).not.toContain(elsewhere.id);
    expect((await call(client, 'GET', `/api/v1/problems/${elsewhere.id}`)).statusCode).toBe(404);
    expect((await call(client, 'POST', `/api/v1/problems/${mine.id}/incidents`, { incidentId: here.id })).statusCode).toBe(403);
  });
});
