import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestApp, type Caller, type TestApp } from '../../../testing/app.ts';
import { describeEachDatabase } from '../../../testing/each-database.ts';
import { DEFAULT_GRADING_MATRIX } from '../grading/matrix.ts';
import { DEFAULT_WORKFLOW_POLICY } from '../workflow/policy.ts';
import { incidentSettingsRouteSamples } from './settings.route-samples.ts';

/**
 * Incident settings, the cause taxonomy and teams through the API on both databases: what a new database starts with,
 * refusals by field that change nothing, the version check, and the links to incidents (a matrix grades new incidents,
 * a cause an incident records stays, a team with open incidents stays).
 */
const NOW = Date.parse('2026-10-09T08:30:00Z');

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- response bodies, read as the console reads them
type Json = Record<string, any>;

describeEachDatabase('incident settings API on %s', (dialect) => {
  let t: TestApp;
  let admin: Caller;
  let dispatcher: Caller & { username: string };
  let engineer: Caller & { username: string };
  let nobody: Caller & { username: string };
  let siteId: string;

  beforeAll(async () => {
    t = await createTestApp(dialect);
    t.clock.set(NOW);
    admin = await t.loginAdmin();
    dispatcher = await t.userWith(admin, ['dispatcher']);
    engineer = await t.userWith(admin, ['engineer']);
    nobody = await t.userWith(admin, []);
    siteId = (await t.call(admin, { method: 'POST', url: '/api/v1/sites', payload: { code: 'canteen-2', name: '第二食堂' } })).json().id as string;
  });
  afterAll(async () => t.close());

  const call = (caller: Caller, method: 'GET' | 'PUT' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: unknown) => t.call(caller, { method, url, payload });
  const fields = (res: { json(): Json }) => (res.json().error.details as { field: string; code: string }[]).map((d) => `${d.field}:${d.code}`).sort();
  const settings = async (): Promise<Json> => (await call(engineer, 'GET', '/api/v1/incident-settings')).json();
  const openIncident = async (body: Json = {}): Promise<Json> => {
    const res = await call(dispatcher, 'POST', '/api/v1/incidents', { title: '二食堂消费机黑屏', siteId, impact: 'medium', urgency: 'medium', ...body });
    expect(res.statusCode, res.body).toBe(200);
    return res.json();
  };
  const move = async (caller: Caller, id: string, body: Json) => {
    const res = await call(caller, 'POST', `/api/v1/incidents/${id}/transitions`, body);
    expect(res.statusCode, res.body).toBe(200);
    return res.json();
  };

  it('starts a new database with the default matrix, policy, intake and cause taxonomy', async () => {
    expect(await settings()).toEqual({ grading: DEFAULT_GRADING_MATRIX, workflow: DEFAULT_WORKFLOW_POLICY, intake: { fromAlerts: { levels: [1], ruleIds: [] } }, version: 1 });
    const causes = (await call(engineer, 'GET', '/api/v1/cause-categories')).json().items as Json[];
    expect(causes.map((c) => `${c.code} ${c.nameZh}`)).toEqual([
      'hardware 硬件故障',
      'network 网络故障',
      'software 软件故障',
      'power 电力故障',
      'operation 操作不当',
      'third_party_payment 第三方支付',
      'environment 环境因素（机房温湿度、雷击）',
      'security 安全事件',
      'other 其他',
    ]);
    expect(causes.every((c) => c.enabled === true && typeof c.nameEn === 'string' && c.nameEn.length > 0)).toBe(true);
  });

  it('refuses a matrix that breaks the order or holds no level, naming the cells, and changes nothing', async () => {
    const before = await settings();
    const audits = await t.auditCount();
    // low × low at level 1 while the worse low × medium and medium × low stay at 3
    const unordered = await call(dispatcher, 'PUT', '/api/v1/incident-settings', { grading: { ...DEFAULT_GRADING_MATRIX, low: { high: 2, medium: 3, low: 1 } }, version: before.version });
    expect(unordered.statusCode, unordered.body).toBe(400);
    expect(unordered.json().error.code).toBe('VALIDATION_FAILED');
    expect(fields(unordered)).toEqual(['grading.low.medium:gradingOrder', 'grading.medium.low:gradingOrder']);

    const malformed = await call(dispatcher, 'PUT', '/api/v1/incident-settings', {
      grading: { ...DEFAULT_GRADING_MATRIX, high: { high: 0, medium: 1 } },
      workflow: { ...DEFAULT_WORKFLOW_POLICY, autoCloseAfterDays: 91 },
      intake: { fromAlerts: { levels: [1, 1], ruleIds: [''] } },
      version: before.version,
    });
    expect(malformed.statusCode, malformed.body).toBe(400);
    // the schema's refusals, named as Ajv names body fields
    expect(fields(malformed)).toEqual([
      'body.grading.high.high:minimum',
      'body.grading.high.low:required',
      'body.intake.fromAlerts.levels:uniqueItems',
      'body.intake.fromAlerts.ruleIds.0:minLength',
      'body.workflow.autoCloseAfterDays:maximum',
    ]);
    expect((await call(dispatcher, 'PUT', '/api/v1/incident-settings', { grading: DEFAULT_GRADING_MATRIX })).statusCode).toBe(400);
    expect(await settings()).toEqual(before);
    expect(await t.auditCount()).toBe(audits);
  });

  it('saves a change to the version read, grades new incidents by it, and refuses a change to an older version with 409', async () => {
    const read = await settings();
    // a campus-wide event: everything of medium impact or urgency becomes level 1
    const grading = { high: { high: 1, medium: 1, low: 1 }, medium: { high: 1, medium: 1, low: 2 }, low: { high: 1, medium: 2, low: 3 } };
    const saved = await call(dispatcher, 'PUT', '/api/v1/incident-settings', { grading, version: read.version });
    expect(saved.statusCode, saved.body).toBe(200);
    expect(saved.json()).toEqual({ ...read, grading, version: read.version + 1 });
    expect((await openIncident({ impact: 'medium', urgency: 'medium' })).level).toBe(1);

    const stale = await call(dispatcher, 'PUT', '/api/v1/incident-settings', { grading: DEFAULT_GRADING_MATRIX, version: read.version });
    expect(stale.statusCode, stale.body).toBe(409);
    expect(stale.json().error).toMatchObject({ code: 'INCIDENT_SETTINGS_CHANGED', details: { version: read.version + 1 } });
    expect((await settings()).grading).toEqual(grading);

    const back = await call(dispatcher, 'PUT', '/api/v1/incident-settings', { grading: DEFAULT_GRADING_MATRIX, version: read.version + 1 });
    expect(back.statusCode, back.body).toBe(200);
    expect((await openIncident({ impact: 'medium', urgency: 'medium' })).level).toBe(2);
  });

  it('keeps a cause an incident records: it may be disabled, not removed', async () => {
    const incident = await openIncident();
    await move(dispatcher, incident.id, { kind: 'assign', assignee: { kind: 'user', userId: engineer.userId } });
    await move(engineer, incident.id, { kind: 'acknowledge' });
    await move(engineer, incident.id, { kind: 'start_work' });
    await move(engineer, incident.id, { kind: 'resolve', fix: '更换电源适配器', causeCategory: 'power' });

    const causes = (await call(engineer, 'GET', '/api/v1/cause-categories')).json().items as Json[];
    const removed = await call(dispatcher, 'PUT', '/api/v1/cause-categories', { items: causes.filter((c) => c.code !== 'power') });
    expect(removed.statusCode, removed.body).toBe(409);
    expect(removed.json().error).toMatchObject({ code: 'CAUSE_CATEGORY_IN_USE', details: { codes: ['power'] } });
    expect((await call(engineer, 'GET', '/api/v1/cause-categories')).json().items).toEqual(causes);

    const badCode = await call(dispatcher, 'PUT', '/api/v1/cause-categories', { items: [{ code: 'Power Supply', nameZh: '电源', nameEn: 'Power supply', enabled: true }] });
    expect(badCode.statusCode).toBe(400);
    expect(fields(badCode)).toEqual(['body.items.0.code:pattern']);

    const next = [{ code: 'ups', nameZh: 'UPS 故障', nameEn: 'UPS failure', enabled: true }, ...causes.map((c) => (c.code === 'power' ? { ...c, enabled: false } : c))];
    const saved = await call(dispatcher, 'PUT', '/api/v1/cause-categories', { items: next });
    expect(saved.statusCode, saved.body).toBe(200);
    expect(saved.json().items).toEqual(next);
    expect((await call(engineer, 'GET', '/api/v1/cause-categories')).json().items).toEqual(next);
  });

  it('keeps teams of active users, and refuses to delete one while an open incident is assigned to it', async () => {
    const unknown = await call(dispatcher, 'POST', '/api/v1/teams', { name: '弱电组', memberIds: [engineer.userId, 'nobody'] });
    expect(unknown.statusCode, unknown.body).toBe(400);
    expect(fields(unknown)).toEqual(['memberIds.1:unknownUser']);
    expect((await call(engineer, 'GET', '/api/v1/teams')).json().items).toEqual([]);

    const created = await call(dispatcher, 'POST', '/api/v1/teams', { name: '弱电组', description: '门禁与监控', memberIds: [engineer.userId] });
    expect(created.statusCode, created.body).toBe(200);
    const team = created.json();
    expect(team).toMatchObject({ name: '弱电组', description: '门禁与监控', members: [{ id: engineer.userId, displayName: engineer.username }] });
    expect((await call(engineer, 'GET', '/api/v1/teams')).json().items).toEqual([team]);
    expect((await call(engineer, 'GET', `/api/v1/teams/${team.id}`)).json()).toEqual(team);
    expect((await call(engineer, 'GET', '/api/v1/teams/ghost')).statusCode).toBe(404);
    expect(fields(await call(dispatcher, 'POST', '/api/v1/teams', { name: '弱电组', memberIds: [] }))).toEqual(['name:nameTaken']);

    const incident = await openIncident();
    // Assigned to the team as the assign transition stores it. (Through the API once the transitions body accepts a
    // team assignee: its anyOf of two closed objects drops teamId while trying the user branch — a discriminator fixes it.)
    await t.db.kysely.updateTable('incidents').set({ state: 'assigned', assignee_team_id: team.id }).where('id', '=', incident.id).execute();
    const refused = await call(dispatcher, 'DELETE', `/api/v1/teams/${team.id}`);
    expect(refused.statusCode, refused.body).toBe(409);
    expect(refused.json().error).toMatchObject({ code: 'TEAM_IN_USE', details: { incidentNumbers: [incident.number] } });
    expect((await call(engineer, 'GET', `/api/v1/teams/${team.id}`)).statusCode).toBe(200);

    await move(dispatcher, incident.id, { kind: 'reassign', assignee: { kind: 'user', userId: engineer.userId } });
    const deleted = await call(dispatcher, 'DELETE', `/api/v1/teams/${team.id}`);
    expect(deleted.statusCode, deleted.body).toBe(200);
    expect((await call(engineer, 'GET', `/api/v1/teams/${team.id}`)).statusCode).toBe(404);
  });

  it('lets incidents:read holders read and only incidents:assign holders change (403 naming the permission)', async () => {
    const { version } = await settings();
    for (const url of ['/api/v1/incident-settings', '/api/v1/cause-categories', '/api/v1/teams']) {
      expect((await call(engineer, 'GET', url)).statusCode, url).toBe(200);
      const res = await call(nobody, 'GET', url);
      expect(res.statusCode, url).toBe(403);
      expect(res.json().error.details).toEqual({ permission: 'incidents:read' });
    }
    const writes: [method: 'PUT' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: unknown][] = [
      ['PUT', '/api/v1/incident-settings', { version }],
      ['PUT', '/api/v1/cause-categories', { items: [{ code: 'other', nameZh: '其他', nameEn: 'Other', enabled: true }] }],
      ['POST', '/api/v1/teams', { name: '工程师自建', memberIds: [] }],
      ['PATCH', '/api/v1/teams/x', { name: 'y' }],
      ['DELETE', '/api/v1/teams/x'],
    ];
    for (const [method, url, payload] of writes) {
      const res = await call(engineer, method, url, payload);
      expect(res.statusCode, `${method} ${url}`).toBe(403);
      expect(res.json().error.details).toEqual({ permission: 'incidents:assign' });
    }
    expect(await settings()).toMatchObject({ version });
  });

  it("has one successful, audited call for each write in settings.route-samples.ts", async () => {
    const samples = incidentSettingsRouteSamples(t, () => t.loginAdmin());
    expect(Object.keys(samples).sort()).toEqual(['DELETE /api/v1/teams/:id', 'PATCH /api/v1/teams/:id', 'POST /api/v1/teams', 'PUT /api/v1/cause-categories', 'PUT /api/v1/incident-settings']);
    for (const [key, sample] of Object.entries(samples)) {
      const request = await sample();
      const before = await t.auditCount();
      const res = await t.call(request.caller, { method: request.method, url: request.url, payload: request.payload });
      expect(res.statusCode, `${key}: ${res.body}`).toBe(200);
      expect(await t.auditCount(), key).toBe(before + 1);
    }
  });
});
