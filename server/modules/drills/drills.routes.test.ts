import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestApp, USER_PASSWORD, type Caller, type TestApp } from '../../testing/app.ts';
import { describeEachDatabase } from '../../testing/each-database.ts';
import { createJobRegistry } from '../../worker/registry.ts';
import { drillsJobs } from './drills.jobs.ts';
import { drillsRouteSamples, planIdByKey, SAMPLE_PLAN_KEY } from './drills.route-samples.ts';

/**
 * Drills through the API on both databases: schedules on the site's clock and the worker making one run per
 * occurrence, runs in drill mode (their participants told once when a run is made due or started, nobody else, no
 * page), steps timed against their expected minutes with stale versions refused, findings with follow-up actions, the
 * report, site scope, permissions and one audit record per write.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- response bodies, read as the console reads them
type Json = Record<string, any>;

// 2026-12-01 08:00 in Shanghai.
const START = Date.parse('2026-12-01T00:00:00Z');
const MIN = 60_000;
const QUARTERLY = '0 9 15 3,6,9,12 *';

describeEachDatabase('drills API on %s', (dialect) => {
  let t: TestApp;
  let admin: Caller;
  let supervisor: Caller;
  let engineer: Caller & { username: string };
  let outsider: Caller;
  let north: Caller;
  let site: Json;
  let otherSite: Json;
  let planId: string;

  beforeAll(async () => {
    t = await createTestApp(dialect, { OPSDESK_SESSION_IDLE_MINUTES: '1440', OPSDESK_SESSION_ABSOLUTE_HOURS: '720' });
    t.clock.set(START);
    admin = await t.loginAdmin();
    site = (await t.call(admin, { method: 'POST', url: '/api/v1/sites', payload: { code: 'campus-main', name: '主校区' } })).json();
    otherSite = (await t.call(admin, { method: 'POST', url: '/api/v1/sites', payload: { code: 'campus-north', name: '北校区', timezone: 'Asia/Urumqi' } })).json();
    const sup = await t.userWith(admin, ['dispatcher']);
    const eng = await t.userWith(admin, ['engineer']);
    const out = await t.userWith(admin, ['engineer']);
    const nor = await t.userWith(admin, ['dispatcher'], [otherSite.id]);
    Object.assign(names, { supervisor: sup.username, engineer: eng.username, outsider: out.username, north: nor.username });
    [supervisor, engineer, outsider, north] = [sup, eng, out, nor];
    planId = await planIdByKey(t, admin, SAMPLE_PLAN_KEY);
  });
  afterAll(async () => t.close());

  /** Moves the clock and signs everyone in again (sessions last at most 30 days; the worker test jumps quarters). */
  async function at(ms: number): Promise<void> {
    t.clock.set(ms);
    admin = await t.loginAdmin();
    const again = async <C extends Caller>(c: C, username: string): Promise<C> => ({ ...c, ...(await t.login(username, USER_PASSWORD)) });
    supervisor = await again(supervisor, names.supervisor!);
    engineer = await again(engineer, names.engineer!);
    outsider = await again(outsider, names.outsider!);
    north = await again(north, names.north!);
  }
  const names: Record<string, string> = {};

  const call = (caller: Caller, method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', url: string, payload?: unknown) => t.call(caller, { method, url, payload });
  const ok = async (caller: Caller, method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', url: string, payload?: unknown): Promise<Json> => {
    const res = await call(caller, method, url, payload);
    expect(res.statusCode, `${method} ${url}: ${res.body}`).toBe(200);
    return res.json();
  };
  const fields = (res: { json(): Json }) => (res.json().error.details as { field: string; code: string }[]).map((d) => `${d.field}:${d.code}`);
  /** Notifications other than drills' notices: pages, incident notices — what drill mode never sends. */
  const notifications = async () => Number((await t.db.kysely.selectFrom('notifications').select((eb) => eb.fn.countAll().as('n')).where('kind', '<>', 'notice').executeTakeFirstOrThrow()).n);
  /** The outbox rows of a run's start notice. */
  const noticeRows = (runId: string) => t.db.kysely.selectFrom('notifications').selectAll().where('group_key', '=', `notice:drill-run:${runId}`).orderBy('user_id').orderBy('channel_id').execute();

  it('schedules the quarterly switchover drill on the site clock, and refuses bad timing, people and sites by field', async () => {
    const audits = await t.auditCount();
    const s = await ok(supervisor, 'POST', '/api/v1/drills/schedules', { planId, title: '一卡通主备切换演练（季度）', cron: QUARTERLY, siteIds: [site.id], participants: [engineer.userId], ownerId: supervisor.userId });
    expect(await t.auditCount()).toBe(audits + 1);
    expect(s).toMatchObject({ timezone: 'Asia/Shanghai', enabled: true, nextDueAt: '2026-12-15T01:00:00.000Z', plan: { id: planId, key: SAMPLE_PLAN_KEY }, owner: { id: supervisor.userId } });
    expect(s.participants).toEqual([{ id: engineer.userId, name: engineer.username }]);
    expect(s.upcoming).toEqual(['2026-12-15T01:00:00.000Z', '2027-03-15T01:00:00.000Z', '2027-06-15T01:00:00.000Z', '2027-09-15T01:00:00.000Z']);

    // The zone is the first site's when not given: 09:00 in Urumqi is 03:00 UTC.
    const urumqi = await ok(admin, 'POST', '/api/v1/drills/schedules', { planId, title: '北校区演练', cron: QUARTERLY, siteIds: [otherSite.id], participants: [] });
    expect(urumqi).toMatchObject({ timezone: 'Asia/Urumqi', nextDueAt: '2026-12-15T03:00:00.000Z' });

    const bad = await call(supervisor, 'POST', '/api/v1/drills/schedules', { planId, title: 'x', cron: 'every quarter', siteIds: ['nope'], participants: ['nobody'], timezone: 'Asia/Shanghai' });
    expect(bad.statusCode).toBe(400);
    expect(fields(bad)).toEqual(['cron:cronInvalid', 'siteIds.0:unknownSite', 'participants.0:unknownUser']);
    const both = await call(supervisor, 'POST', '/api/v1/drills/schedules', { planId, title: 'x', cron: QUARTERLY, onceAt: '2027-01-01T00:00:00Z', siteIds: [site.id], participants: [] });
    expect(fields(both)).toEqual(['onceAt:enum']);
    const past = await call(supervisor, 'POST', '/api/v1/drills/schedules', { planId, title: 'x', onceAt: '2026-11-01T00:00:00Z', siteIds: [site.id], participants: [] });
    expect(fields(past)).toEqual(['onceAt:future']);
    const neither = await call(supervisor, 'POST', '/api/v1/drills/schedules', { planId, title: 'x', siteIds: [site.id], participants: [] });
    expect(fields(neither)).toEqual(['cron:required']);
    const zone = await call(supervisor, 'POST', '/api/v1/drills/schedules', { planId, title: 'x', cron: QUARTERLY, timezone: 'Mars/Olympus', siteIds: [site.id], participants: [] });
    expect(fields(zone)).toEqual(['timezone:timeZone']);
    const unknownPlan = await call(supervisor, 'POST', '/api/v1/drills/schedules', { planId: 'no-such-plan', title: 'x', cron: QUARTERLY, siteIds: [site.id], participants: [] });
    expect(fields(unknownPlan)).toEqual(['planId:enum']);
    // A site the caller does not see is as unknown as none.
    const unseen = await call(north, 'POST', '/api/v1/drills/schedules', { planId, title: 'x', cron: QUARTERLY, siteIds: [site.id], participants: [] });
    expect(fields(unseen)).toEqual(['siteIds.0:unknownSite']);
    expect((await call(engineer, 'POST', '/api/v1/drills/schedules', { planId, title: 'x', cron: QUARTERLY, siteIds: [site.id], participants: [] })).statusCode).toBe(403);

    // Edits carry the version; a stale one is refused; disabling clears what is due, enabling counts from now.
    const off = await ok(supervisor, 'PATCH', `/api/v1/drills/schedules/${s.id}`, { version: s.version, enabled: false });
    expect(off).toMatchObject({ enabled: false, nextDueAt: null, upcoming: [] });
    const stale = await call(supervisor, 'PATCH', `/api/v1/drills/schedules/${s.id}`, { version: s.version, title: 'y' });
    expect([stale.statusCode, stale.json().error.code]).toEqual([409, 'DRILL_SCHEDULE_CHANGED']);
    const on = await ok(supervisor, 'PATCH', `/api/v1/drills/schedules/${s.id}`, { version: off.version, enabled: true });
    expect(on.nextDueAt).toBe('2026-12-15T01:00:00.000Z');

    // Site scope: the north supervisor sees only the north schedule.
    const seen = await ok(north, 'GET', '/api/v1/drills/schedules');
    expect(seen.items.map((i: Json) => i.id)).toEqual([urumqi.id]);
    expect((await call(north, 'GET', `/api/v1/drills/schedules/${s.id}`)).statusCode).toBe(404);
    await ok(admin, 'DELETE', `/api/v1/drills/schedules/${urumqi.id}?version=${urumqi.version}`);
  });

  it('the worker makes one run per occurrence — again, concurrently or after missing several — and a one-off drill once', async () => {
    const registry = createJobRegistry();
    const tasks = drillsJobs(registry, t.services);
    expect(tasks).toEqual([expect.objectContaining({ name: 'drills.make-due-runs', job: 'drills.make-due-runs' })]);
    expect(registry.get('drills.make-due-runs')).toBeDefined();

    t.clock.set(START);
    const s = await ok(supervisor, 'POST', '/api/v1/drills/schedules', { planId, title: '季度切换演练', cron: QUARTERLY, siteIds: [site.id], participants: [engineer.userId] });
    const once = await ok(supervisor, 'POST', '/api/v1/drills/schedules', { planId, title: '寒假前演练', onceAt: '2026-12-20T02:00:00Z', siteIds: [site.id], participants: [] });
    expect(await t.services.drills.runs.makeDueRuns()).toEqual([]);

    await at(Date.parse('2026-12-15T01:00:30Z'));
    const audits = await t.auditCount();
    // Two workers at once (a retry racing the first run, or two nodes): one run.
    const [a, b] = await Promise.all([t.services.drills.runs.makeDueRuns(), t.services.drills.runs.makeDueRuns()]);
    // (The first test's schedule falls due too: each schedule once, none twice.)
    const made = [...a, ...b];
    expect(new Set(made).size).toBe(made.length);
    expect(await t.services.drills.runs.makeDueRuns()).toEqual([]);
    expect(await t.auditCount()).toBe(audits + made.length);
    const runs = await ok(supervisor, 'GET', `/api/v1/drills/runs?scheduleId=${s.id}`);
    expect(runs.items).toHaveLength(1);
    expect(runs.items[0]).toMatchObject({ state: 'scheduled', occurrenceAt: '2026-12-15T01:00:00.000Z', scheduledFor: '2026-12-15T01:00:00.000Z', drill: true, participantCount: 1, siteIds: [site.id] });
    expect((await ok(supervisor, 'GET', `/api/v1/drills/schedules/${s.id}`)).nextDueAt).toBe('2027-03-15T01:00:00.000Z');

    // The worker was down for three quarters: one late run, and the next is the one after now.
    await at(Date.parse('2027-10-01T00:00:00Z'));
    await t.services.drills.runs.makeDueRuns();
    expect((await ok(supervisor, 'GET', `/api/v1/drills/runs?scheduleId=${once.id}`)).items.map((r: Json) => r.scheduledFor)).toEqual(['2026-12-20T02:00:00.000Z']);
    expect((await ok(supervisor, 'GET', `/api/v1/drills/runs?scheduleId=${s.id}`)).items).toHaveLength(2);
    expect((await ok(supervisor, 'GET', `/api/v1/drills/schedules/${s.id}`)).nextDueAt).toBe('2027-12-15T01:00:00.000Z');
    expect((await ok(supervisor, 'GET', `/api/v1/drills/schedules/${once.id}`)).nextDueAt).toBeNull();
    expect(await t.services.drills.runs.makeDueRuns()).toEqual([]);

    // A month of the calendar.
    const december = await ok(supervisor, 'GET', `/api/v1/drills/runs?from=2026-12-01T00:00:00Z&to=2027-01-01T00:00:00Z&scheduleId=${s.id}`);
    expect(december.items.map((r: Json) => r.scheduledFor)).toEqual(['2026-12-15T01:00:00.000Z']);
    const backwards = await call(supervisor, 'GET', '/api/v1/drills/runs?from=2027-01-01T00:00:00Z&to=2026-12-01T00:00:00Z');
    expect(backwards.statusCode).toBe(400);
    await at(START);
  });

  it('runs the plan’s steps in drill mode: only participants work it, nobody is paged, steps timed against their minutes, stale versions refused', async () => {
    t.clock.set(START);
    const notes = await notifications();
    const created = await ok(supervisor, 'POST', '/api/v1/drills/runs', { planId, siteIds: [site.id], participants: [engineer.userId], title: '一卡通主备切换演练' });
    expect(created).toMatchObject({ state: 'scheduled', drill: true, plan: { key: SAMPLE_PLAN_KEY, version: 1 }, notice: { state: 'none' } });
    const doc = (await ok(admin, 'GET', `/api/v1/plans/${planId}/versions/1`)).document;
    expect(created.steps.map((s: Json) => [s.key, s.expectedMinutes, s.role])).toEqual(doc.steps.map((s: Json) => [s.key, s.expectedMinutes, s.role]));
    const [first, second, third] = created.steps as Json[];

    // Steps move only while the drill runs.
    const early = await call(engineer, 'PATCH', `/api/v1/drills/runs/${created.id}/steps/${first!.key}`, { action: 'start', version: 1 });
    expect([early.statusCode, early.json().error.code]).toEqual([409, 'DRILL_RUN_STATE']);
    expect((await call(engineer, 'POST', `/api/v1/drills/runs/${created.id}/start`, { version: created.version })).statusCode).toBe(403);
    const run = await ok(supervisor, 'POST', `/api/v1/drills/runs/${created.id}/start`, { version: created.version });
    // The participant and the owner (the supervisor, who made it) are told; see the notice's own test below.
    expect(run).toMatchObject({ state: 'running', startedAt: new Date(START).toISOString(), notice: { state: 'sent', userIds: [engineer.userId, supervisor.userId], sentAt: new Date(START).toISOString() } });
    // Drill mode: starting paged nobody.
    expect(await notifications()).toBe(notes);

    // The participant (plans:read) ticks; another engineer may not.
    const started = await ok(engineer, 'PATCH', `/api/v1/drills/runs/${run.id}/steps/${first!.key}`, { action: 'start', version: 1 });
    const stepA = started.steps[0];
    expect(stepA).toMatchObject({ status: 'started', startedBy: engineer.userId, version: 2 });
    const refused = await call(outsider, 'PATCH', `/api/v1/drills/runs/${run.id}/steps/${first!.key}`, { action: 'done', version: 2 });
    expect(refused.statusCode).toBe(403);
    const stale = await call(engineer, 'PATCH', `/api/v1/drills/runs/${run.id}/steps/${first!.key}`, { action: 'done', version: 1 });
    expect([stale.statusCode, stale.json().error.code]).toEqual([409, 'DRILL_STEP_CHANGED']);
    const noReason = await call(engineer, 'PATCH', `/api/v1/drills/runs/${run.id}/steps/${second!.key}`, { action: 'skip', version: 1 });
    expect(fields(noReason)).toEqual(['reason:required']);
    expect((await call(engineer, 'PATCH', `/api/v1/drills/runs/${run.id}/steps/no-such-step`, { action: 'done', version: 1 })).statusCode).toBe(404);

    // The first step takes its expected minutes plus ten; the second is skipped; the third is done in five.
    t.clock.set(START + (first!.expectedMinutes + 10) * MIN);
    const afterA = await ok(engineer, 'PATCH', `/api/v1/drills/runs/${run.id}/steps/${first!.key}`, { action: 'done', version: 2 });
    expect(afterA.steps[0]).toMatchObject({ status: 'done', actualMinutes: first!.expectedMinutes + 10, overdue: true });
    await ok(engineer, 'PATCH', `/api/v1/drills/runs/${run.id}/steps/${second!.key}`, { action: 'skip', version: 1, reason: '演练环境无专家远程支持' });
    t.clock.set(START + (first!.expectedMinutes + 15) * MIN);
    const afterC = await ok(supervisor, 'PATCH', `/api/v1/drills/runs/${run.id}/steps/${third!.key}`, { action: 'done', version: 1 });
    expect(afterC.steps[2]).toMatchObject({ status: 'done', actualMinutes: 5, overdue: false });
    const again = await call(engineer, 'PATCH', `/api/v1/drills/runs/${run.id}/steps/${third!.key}`, { action: 'done', version: 2 });
    expect([again.statusCode, again.json().error.code]).toEqual([409, 'DRILL_STEP_FINISHED']);

    // Findings with follow-up actions: the participant writes one, the supervisor another.
    const f1 = await ok(engineer, 'POST', `/api/v1/drills/runs/${run.id}/findings`, { text: '备用服务器切换超出预期 10 分钟', severity: 'high', stepKey: first!.key, action: '编写切换脚本并每季度验证', ownerId: supervisor.userId, dueDate: '2026-11-30' });
    expect(f1).toMatchObject({ status: 'open', overdue: true, owner: { id: supervisor.userId }, stepKey: first!.key });
    const f2 = await ok(supervisor, 'POST', `/api/v1/drills/runs/${run.id}/findings`, { text: '值班表未更新', severity: 'low' });
    const badFinding = await call(supervisor, 'POST', `/api/v1/drills/runs/${run.id}/findings`, { text: 'x', severity: 'medium', stepKey: 'nope', ownerId: 'nobody', dueDate: '2026-02-30' });
    expect(fields(badFinding)).toEqual(['dueDate:calendarDate', 'ownerId:unknownUser', 'stepKey:enum']);
    expect((await call(outsider, 'POST', `/api/v1/drills/runs/${run.id}/findings`, { text: 'x', severity: 'low' })).statusCode).toBe(403);
    const doneF2 = await ok(supervisor, 'PATCH', `/api/v1/drills/findings/${f2.id}`, { version: f2.version, status: 'done' });
    expect(doneF2).toMatchObject({ status: 'done', doneBy: supervisor.userId });
    const staleF = await call(supervisor, 'PATCH', `/api/v1/drills/findings/${f2.id}`, { version: f2.version, status: 'open' });
    expect([staleF.statusCode, staleF.json().error.code]).toEqual([409, 'DRILL_FINDING_CHANGED']);
    const open = await ok(supervisor, 'GET', `/api/v1/drills/findings?runId=${run.id}&status=open`);
    expect(open.items.map((f: Json) => f.id)).toEqual([f1.id]);
    const page1 = await ok(supervisor, 'GET', `/api/v1/drills/findings?runId=${run.id}&limit=1`);
    expect(page1.nextCursor).not.toBeNull();
    const page2 = await ok(supervisor, 'GET', `/api/v1/drills/findings?runId=${run.id}&limit=1&cursor=${page1.nextCursor}`);
    expect([...page1.items, ...page2.items].map((f: Json) => f.id).sort()).toEqual([f1.id, f2.id].sort());
    expect((await call(supervisor, 'GET', '/api/v1/drills/findings?cursor=forged')).statusCode).toBe(400);

    // Complete; the report shows expected against actual, what overran, skipped with its reason, what was left.
    t.clock.set(START + 120 * MIN);
    const current = await ok(supervisor, 'GET', `/api/v1/drills/runs/${run.id}`);
    const done = await ok(supervisor, 'POST', `/api/v1/drills/runs/${run.id}/complete`, { version: current.version, summary: '切换流程可用，脚本需完善' });
    expect(done).toMatchObject({ state: 'completed', endedBy: supervisor.userId, summary: '切换流程可用，脚本需完善' });
    const report = await ok(engineer, 'GET', `/api/v1/drills/runs/${run.id}/report`);
    expect(report.totalMinutes).toBe(120);
    expect(report.overran.map((s: Json) => [s.key, s.overByMinutes])).toEqual([[first!.key, 10]]);
    expect(report.skipped.map((s: Json) => [s.key, s.skipReason])).toEqual([[second!.key, '演练环境无专家远程支持']]);
    expect(report.notDone).toHaveLength(created.steps.length - 3);
    expect(report.expectedMinutes).toBe(created.steps.reduce((sum: number, s: Json) => sum + s.expectedMinutes, 0) - second!.expectedMinutes);
    expect(report.findings.map((f: Json) => f.id)).toEqual([f1.id, f2.id]);
    expect(report.openActions).toBe(1);

    // A finished drill is not cancelled; steps no longer move.
    const cancel = await call(supervisor, 'POST', `/api/v1/drills/runs/${run.id}/cancel`, { version: done.version, reason: 'x' });
    expect([cancel.statusCode, cancel.json().error.code]).toEqual([409, 'DRILL_RUN_STATE']);
    expect(await notifications()).toBe(notes);
    t.clock.set(START);
  });

  it('cancels with a reason, keeps drills of other sites out of sight, and starts a run from a schedule by hand', async () => {
    const s = await ok(supervisor, 'POST', '/api/v1/drills/schedules', { planId, title: '手动演练', cron: QUARTERLY, siteIds: [site.id], participants: [engineer.userId] });
    const run = await ok(supervisor, 'POST', '/api/v1/drills/runs', { scheduleId: s.id, start: true });
    expect(run).toMatchObject({ state: 'running', title: '手动演练', scheduleId: s.id, occurrenceAt: null, siteIds: [site.id] });
    expect(run.participants.map((p: Json) => p.id)).toEqual([engineer.userId]);
    const noReason = await call(supervisor, 'POST', `/api/v1/drills/runs/${run.id}/cancel`, { version: run.version });
    expect(noReason.statusCode).toBe(400);
    const cancelled = await ok(supervisor, 'POST', `/api/v1/drills/runs/${run.id}/cancel`, { version: run.version, reason: '机房检修，改期' });
    expect(cancelled).toMatchObject({ state: 'cancelled', cancelReason: '机房检修，改期' });
    expect((await call(supervisor, 'POST', `/api/v1/drills/runs/${run.id}/findings`, { text: 'x', severity: 'low' })).statusCode).toBe(409);

    expect((await call(north, 'GET', `/api/v1/drills/runs/${run.id}`)).statusCode).toBe(404);
    expect((await call(north, 'GET', `/api/v1/drills/runs/${run.id}/report`)).statusCode).toBe(404);
    const theirs = await ok(north, 'GET', '/api/v1/drills/runs');
    expect(theirs.items.some((r: Json) => r.id === run.id)).toBe(false);
    const missing = await call(supervisor, 'POST', '/api/v1/drills/runs', { planId });
    expect(fields(missing)).toEqual(['siteIds:required']);
    const neither = await call(supervisor, 'POST', '/api/v1/drills/runs', { siteIds: [site.id] });
    expect(fields(neither)).toEqual(['planId:required']);
    // Deleting the schedule keeps its runs.
    const current = await ok(supervisor, 'GET', `/api/v1/drills/schedules/${s.id}`);
    await ok(supervisor, 'DELETE', `/api/v1/drills/schedules/${s.id}?version=${current.version}`);
    expect((await ok(supervisor, 'GET', `/api/v1/drills/runs/${run.id}`)).scheduleId).toBeNull();
  });

  it('every sample write succeeds and leaves one audit record', async () => {
    for (const [route, sample] of Object.entries(drillsRouteSamples(t, async () => admin))) {
      const request = await sample();
      const audits = await t.auditCount();
      const res = await t.call(request.caller, request);
      expect(res.statusCode, `${route}: ${res.body}`).toBe(200);
      expect(await t.auditCount(), route).toBe(audits + 1);
    }
  });

  it('a plan published again never changes a drill under way; the next drill copies the new version', async () => {
    const before = await ok(supervisor, 'POST', '/api/v1/drills/runs', { planId, siteIds: [site.id], participants: [], start: true });
    const plan = await ok(admin, 'GET', `/api/v1/plans/${planId}`);
    const document = { ...plan.draft, steps: plan.draft.steps.map((s: Json, i: number) => (i === 0 ? { ...s, title: { zh: '演练后修订：先确认备用服务器状态' }, expectedMinutes: 15 } : s)) };
    const saved = await ok(admin, 'PUT', `/api/v1/plans/${planId}`, { version: plan.version, document });
    await ok(admin, 'POST', `/api/v1/plans/${planId}/publish`, { version: saved.version });

    const still = await ok(supervisor, 'GET', `/api/v1/drills/runs/${before.id}`);
    expect(still.plan.version).toBe(before.plan.version);
    expect(still.steps[0]).toMatchObject({ title: before.steps[0].title, expectedMinutes: before.steps[0].expectedMinutes });
    const after = await ok(supervisor, 'POST', '/api/v1/drills/runs', { planId, siteIds: [site.id], participants: [] });
    expect(after.plan.version).toBe(before.plan.version + 1);
    expect(after.steps[0]).toMatchObject({ title: { zh: '演练后修订：先确认备用服务器状态' }, expectedMinutes: 15 });
  });

  it('tells a drill’s participants and owner when it starts — by hand or made by the worker — once, on person channels only', async () => {
    const consoleId = await t.services.channels.ensureBuiltin();
    // A group robot is read by the whole team: drill mode never posts there.
    const hook = await ok(admin, 'POST', '/api/v1/channels', { name: '值班群机器人', kind: 'webhook', settings: { url: 'http://127.0.0.1:9/hook', secret: 'drill-hook-secret-0123456789' } });
    const pages = await notifications();
    const doc = (await ok(admin, 'GET', `/api/v1/plans/${planId}`)).draft;

    // By hand: made (nobody told), then started (told), a stale second start adds nothing.
    t.clock.set(START);
    const made = await ok(supervisor, 'POST', '/api/v1/drills/runs', { planId, siteIds: [site.id], participants: [engineer.userId], ownerId: admin.userId, title: '一卡通主备切换演练' });
    expect(made.notice).toEqual({ state: 'none', userIds: [engineer.userId, admin.userId], sentAt: null });
    expect(await noticeRows(made.id)).toEqual([]);
    t.clock.set(START + 5 * MIN);
    const started = await ok(supervisor, 'POST', `/api/v1/drills/runs/${made.id}/start`, { version: made.version });
    expect(started.notice).toEqual({ state: 'sent', userIds: [engineer.userId, admin.userId], sentAt: new Date(START + 5 * MIN).toISOString() });
    const rows = await noticeRows(made.id);
    expect(rows.map((r) => [r.user_id, r.channel_id, r.kind, r.state])).toEqual(
      [
        [engineer.userId, consoleId, 'notice', 'queued'],
        [admin.userId, consoleId, 'notice', 'queued'],
      ].sort((a, b) => (a[0]! < b[0]! ? -1 : 1)),
    );
    expect(rows.some((r) => r.channel_id === hook.id)).toBe(false);
    const message = JSON.parse(rows.find((r) => r.user_id === engineer.userId)!.message) as Json;
    // 08:05 in Shanghai; the plan's title and scenario; the link to the run.
    expect(message).toMatchObject({ kind: 'notice', level: 3, title: '【演练】一卡通主备切换演练 开始', url: expect.stringMatching(new RegExp(`/drills/runs/${made.id}$`)) });
    expect(message.lines).toEqual(expect.arrayContaining([expect.stringContaining(doc.title.zh), `场景：${doc.scope.zh}`, '开始时间：2026-12-01 08:05（Asia/Shanghai）']));
    const again = await call(supervisor, 'POST', `/api/v1/drills/runs/${made.id}/start`, { version: made.version });
    expect(again.statusCode).toBe(409);
    expect(await noticeRows(made.id)).toHaveLength(2);

    // Made by the worker when its occurrence comes: told then, once, however many workers ran; starting it adds nothing.
    await at(START);
    const s = await ok(supervisor, 'POST', '/api/v1/drills/schedules', { planId, title: '寒假前演练', onceAt: '2026-12-21T02:00:00Z', siteIds: [site.id], participants: [engineer.userId] });
    await at(Date.parse('2026-12-21T02:00:10Z'));
    const [a, b] = await Promise.all([t.services.drills.runs.makeDueRuns(), t.services.drills.runs.makeDueRuns()]);
    await t.services.drills.runs.makeDueRuns();
    const runs = (await ok(supervisor, 'GET', `/api/v1/drills/runs?scheduleId=${s.id}`)).items as Json[];
    expect(runs).toHaveLength(1);
    expect([...a, ...b]).toContain(runs[0]!.id);
    const byWorker = await ok(supervisor, 'GET', `/api/v1/drills/runs/${runs[0]!.id}`);
    // The schedule's participant and its owner (the supervisor who made it).
    expect(byWorker).toMatchObject({ state: 'scheduled', notice: { state: 'sent', userIds: [engineer.userId, supervisor.userId] } });
    const workerRows = await noticeRows(byWorker.id);
    expect(workerRows.map((r) => [r.user_id, r.channel_id]).sort()).toEqual([[engineer.userId, consoleId], [supervisor.userId, consoleId]].sort());
    expect(JSON.parse(workerRows[0]!.message).lines).toContain('开始时间：2026-12-21 10:00（Asia/Shanghai）');
    await ok(supervisor, 'POST', `/api/v1/drills/runs/${byWorker.id}/start`, { version: byWorker.version });
    expect(await noticeRows(byWorker.id)).toHaveLength(2);

    // Nobody to tell, nothing sent; and still no page anywhere.
    const lonely = await ok(admin, 'POST', '/api/v1/drills/runs', { planId, siteIds: [site.id], participants: [], ownerId: null, start: true });
    expect(lonely.notice).toEqual({ state: 'none', userIds: [], sentAt: null });
    expect(await noticeRows(lonely.id)).toEqual([]);
    expect(await notifications()).toBe(pages);
    await ok(admin, 'DELETE', `/api/v1/channels/${hook.id}`);
    await at(START);
  });
});
