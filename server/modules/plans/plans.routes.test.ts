import { afterAll, beforeAll, expect, it } from 'vitest';
import { newAlertRow, alertChangedEvent } from '../alerting/alerts/alert-writer.ts';
import { systemContext } from '../auth/index.ts';
import { createTestApp, type Caller, type TestApp } from '../../testing/app.ts';
import { describeEachDatabase } from '../../testing/each-database.ts';
import { DEFAULT_PLANS } from './defaults/default-plans.ts';

/**
 * The plan library and incidents' checklists through the API, on both databases: the shipped plans installed once,
 * drafts, publishing immutable versions, suggestions for an alert ranked with their reasons, attaching a plan to an
 * incident, ticking and skipping steps, the running checklist untouched by later versions, the back-fill step keeping
 * the incident open, permissions and bad input.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- response bodies, read as the console reads them
type Json = Record<string, any>;

const START = Date.parse('2026-11-10T02:00:00Z');

/** A small valid plan: two roles, three steps, a fallback whose records the last step back-fills. */
function planDocument(key: string, overrides: Json = {}): Json {
  return {
    key,
    title: { zh: '测试预案', en: 'Test plan' },
    category: 'equipment',
    scope: { zh: '测试范围' },
    impact: { zh: '无法售票' },
    trigger: { alertRules: ['terminal-silent'], alertTypes: [], subsystems: ['ticketing'], deviceTypes: [], levels: [] },
    roles: [
      { key: 'commander', name: { zh: '应急负责人' } },
      { key: 'onsite-engineer', name: { zh: '现场工程师' } },
    ],
    steps: [
      { key: 'report', title: { zh: '上报' }, role: 'commander', expectedMinutes: 5, phase: 'response' },
      { key: 'repair', title: { zh: '维修' }, role: 'onsite-engineer', expectedMinutes: 30, phase: 'recovery' },
      { key: 'backfill', title: { zh: '补录' }, role: 'onsite-engineer', expectedMinutes: 60, phase: 'recovery' },
    ],
    fallbacks: [{ key: 'manual', title: { zh: '手工售票' }, procedure: { zh: '手工售票并登记' }, records: ['ticket_sale'], backfillStep: 'backfill' }],
    communications: [{ key: 'staff', audience: 'staff', subject: { zh: '{{incidentNumber}} 故障' }, body: { zh: '{{site}} 售票故障' } }],
    prevention: [],
    ...overrides,
  };
}

describeEachDatabase('plans API on %s', (dialect) => {
  let t: TestApp;
  let admin: Caller;
  let engineer: Caller & { username: string };
  let dispatcher: Caller & { username: string };
  let client: Caller & { username: string };
  let site: Json;

  beforeAll(async () => {
    t = await createTestApp(dialect, { OPSDESK_SESSION_IDLE_MINUTES: '1440', OPSDESK_SESSION_ABSOLUTE_HOURS: '720' });
    t.clock.set(START);
    admin = await t.loginAdmin();
    site = (await t.call(admin, { method: 'POST', url: '/api/v1/sites', payload: { code: 'scenic-gate', name: '景区南门' } })).json();
    engineer = await t.userWith(admin, ['engineer']);
    dispatcher = await t.userWith(admin, ['dispatcher']);
    client = await t.userWith(admin, ['client'], [site.id]);
  });
  afterAll(async () => t.close());

  const call = (caller: Caller, method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', url: string, payload?: unknown) => t.call(caller, { method, url, ...(payload !== undefined && { payload }) });
  const planByKey = async (key: string): Promise<Json> => {
    const page = (await call(admin, 'GET', '/api/v1/plans?limit=200')).json();
    return page.items.find((p: Json) => p.key === key);
  };
  const openIncident = async (body: Json = {}): Promise<Json> => {
    const res = await call(admin, 'POST', '/api/v1/incidents', { title: '南门售票系统故障', siteId: site.id, impact: 'high', urgency: 'high', assignee: { kind: 'user', userId: engineer.userId }, ...body });
    expect(res.statusCode, res.body).toBe(200);
    return res.json();
  };

  /** A firing alert of an opsdesk rule, committed as the evaluator commits one. */
  async function ruleAlert(ruleKey: string, fields: { subsystem: string | null; level: 1 | 2 | 3 }): Promise<string> {
    const rule = await t.db.kysely.selectFrom('alert_rules').select('id').where('key', '=', ruleKey).executeTakeFirstOrThrow();
    const now = t.clock.now();
    const row = newAlertRow(
      {
        fingerprint: `fp-${Math.random().toString(36).slice(2)}`,
        rule_id: rule.id,
        source: 'rule',
        name: ruleKey,
        state: 'firing',
        level: fields.level,
        labels: '{}',
        detail: '{"code":"external","values":{}}',
        site_id: site.id,
        device_id: null,
        subsystem: fields.subsystem,
        parent_id: null,
        group_key: `g-${Math.random().toString(36).slice(2)}`,
        value: null,
        threshold: null,
        fires_at: null,
        fired_at: now,
      },
      now,
    );
    await t.db.kysely.transaction().execute(async (trx) => {
      await trx.insertInto('alerts').values(row).execute();
      await t.services.events.append(trx, alertChangedEvent(row, 'pending', now));
    });
    return row.id;
  }

  it('ships the seventeen default plans as published version 1, installed once and never over an administrator’s edits', async () => {
    const page = (await call(admin, 'GET', '/api/v1/plans?limit=200')).json();
    expect(page.items.map((p: Json) => p.key).sort()).toEqual(DEFAULT_PLANS.map((p) => p.key).sort());
    expect(page.items.every((p: Json) => p.builtin && p.publishedVersion === 1 && !p.draftChanged && p.state === 'active')).toBe(true);

    const gate = await planByKey('gate-failure');
    expect(gate).toMatchObject({ title: '验票闸机故障', titleEn: 'Ticket gate failure' });
    const draft = (await call(admin, 'GET', `/api/v1/plans/${gate.id}`)).json().draft;
    const edited = await call(admin, 'PUT', `/api/v1/plans/${gate.id}`, { version: gate.version, document: { ...draft, title: { zh: '闸机故障（本馆版）', en: 'Gate failure (ours)' } } });
    expect(edited.statusCode, edited.body).toBe(200);
    expect(edited.json()).toMatchObject({ draftChanged: true, publishedVersion: 1 });

    expect(await t.services.plans.ensureDefaults(systemContext('test'))).toBe(0);
    const after = (await call(admin, 'GET', `/api/v1/plans/${gate.id}`)).json();
    expect(after.draft.title.zh).toBe('闸机故障（本馆版）');
    const count = (await call(admin, 'GET', '/api/v1/plans?limit=200')).json().items.length;
    expect(count).toBe(DEFAULT_PLANS.length);
  });

  it('keeps drafts and published versions apart: publish freezes the draft as the next version, which never changes', async () => {
    const created = await call(admin, 'POST', '/api/v1/plans', { document: planDocument('lib-crud') });
    expect(created.statusCode, created.body).toBe(200);
    const plan = created.json();
    expect(plan).toMatchObject({ key: 'lib-crud', title: '测试预案', publishedVersion: null, draftChanged: true, builtin: false, version: 1 });

    const published = (await call(admin, 'POST', `/api/v1/plans/${plan.id}/publish`, { version: 1 })).json();
    expect(published).toMatchObject({ publishedVersion: 1, draftChanged: false, version: 2 });
    const again = await call(admin, 'POST', `/api/v1/plans/${plan.id}/publish`, { version: 2 });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('PLAN_UNCHANGED');

    t.clock.advance(60_000);
    const edited = await call(admin, 'PUT', `/api/v1/plans/${plan.id}`, { version: 2, document: planDocument('lib-crud', { title: { zh: '测试预案第二版' } }) });
    expect(edited.json()).toMatchObject({ title: '测试预案第二版', draftChanged: true, publishedVersion: 1, version: 3 });
    const stale = await call(admin, 'PUT', `/api/v1/plans/${plan.id}`, { version: 2, document: planDocument('lib-crud') });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error.code).toBe('PLAN_CHANGED');
    // Editing back to what was published is not a change.
    const back = (await call(admin, 'PUT', `/api/v1/plans/${plan.id}`, { version: 3, document: planDocument('lib-crud') })).json();
    expect(back.draftChanged).toBe(false);
    const forward = (await call(admin, 'PUT', `/api/v1/plans/${plan.id}`, { version: 4, document: planDocument('lib-crud', { title: { zh: '测试预案第二版' } }) })).json();
    expect((await call(admin, 'POST', `/api/v1/plans/${plan.id}/publish`, { version: forward.version })).json().publishedVersion).toBe(2);

    const versions = (await call(admin, 'GET', `/api/v1/plans/${plan.id}/versions`)).json().items;
    expect(versions.map((v: Json) => v.number)).toEqual([2, 1]);
    // Actors as elsewhere: the id and the display name read now from the account.
    const adminName = (await t.db.kysely.selectFrom('users').select('display_name').where('id', '=', admin.userId).executeTakeFirstOrThrow()).display_name;
    expect(versions[0].publishedBy).toEqual({ userId: admin.userId, name: adminName });
    expect((await call(admin, 'GET', `/api/v1/plans/${plan.id}/versions/2`)).json().publishedBy).toEqual({ userId: admin.userId, name: adminName });
    expect((await call(admin, 'GET', `/api/v1/plans/${plan.id}/versions/1`)).json().document.title.zh).toBe('测试预案');
    expect((await call(admin, 'GET', `/api/v1/plans/${plan.id}/versions/2`)).json().document.title.zh).toBe('测试预案第二版');
    expect((await call(admin, 'GET', `/api/v1/plans/${plan.id}/versions/3`)).statusCode).toBe(404);

    const taken = await call(admin, 'POST', '/api/v1/plans', { document: planDocument('lib-crud') });
    expect(taken.statusCode).toBe(409);
    expect(taken.json().error).toMatchObject({ code: 'PLAN_KEY_TAKEN', details: { field: 'document.key', key: 'lib-crud' } });
    const rekeyed = await call(admin, 'PUT', `/api/v1/plans/${plan.id}`, { version: 6, document: planDocument('lib-other') });
    expect(rekeyed.statusCode).toBe(400);
    expect(rekeyed.json().error.details[0]).toMatchObject({ field: 'body.document.key', code: 'enum' });

    const archived = (await call(admin, 'DELETE', `/api/v1/plans/${plan.id}`)).json();
    expect(archived.state).toBe('archived');
    const refused = await call(admin, 'PUT', `/api/v1/plans/${plan.id}`, { version: archived.version, document: planDocument('lib-crud') });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.code).toBe('PLAN_ARCHIVED');
    expect((await call(admin, 'GET', '/api/v1/plans?state=archived')).json().items.map((p: Json) => p.key)).toEqual(['lib-crud']);
    expect((await call(admin, 'GET', `/api/v1/plans/nope`)).statusCode).toBe(404);
  });

  it('refuses bad documents with 4xx naming the field, and stores no unknown field', async () => {
    const refusal = async (document: Json) => {
      const res = await call(admin, 'POST', '/api/v1/plans', { document });
      expect(res.statusCode, res.body).toBe(400);
      return res.json().error.details as Json[];
    };
    expect(await refusal(planDocument('bad-rule', { trigger: { alertRules: ['no-such-rule'], alertTypes: [], subsystems: [], deviceTypes: [], levels: [] } }))).toEqual([
      expect.objectContaining({ field: 'body.document.trigger.alertRules.0', code: 'unknownRule' }),
    ]);
    const base = planDocument('bad-role');
    expect(await refusal({ ...base, steps: [{ ...base.steps[0], role: 'ghost' }, ...base.steps.slice(1)] })).toEqual([expect.objectContaining({ field: 'body.document.steps.0.role', code: 'unknownRole' })]);
    expect((await refusal(planDocument('bad-nul', { title: { zh: '预案\u0000' } }))).map((p) => p.field)).toContain('body.document.title.zh');
    expect((await refusal(planDocument('bad-long', { title: { zh: '长'.repeat(201) } }))).map((p) => p.code)).toContain('maxLength');
    const many = Array.from({ length: 61 }, (_, i) => ({ key: `s${i}`, title: { zh: '步' }, role: 'commander', expectedMinutes: 1, phase: 'response' }));
    expect((await refusal(planDocument('bad-many', { steps: many, fallbacks: [] }))).map((p) => p.code)).toContain('maxItems');
    expect((await refusal(planDocument('bad-minutes', { steps: [{ ...base.steps[0], expectedMinutes: 100000 }], fallbacks: [] }))).map((p) => p.code)).toContain('maximum');
    expect((await call(admin, 'POST', '/api/v1/plans', {})).statusCode).toBe(400);
    const huge = await t.call(admin, { method: 'POST', url: '/api/v1/plans', payload: JSON.stringify({ document: planDocument('bad-huge', { scope: { zh: 'x'.repeat(2_000_000) } }) }), headers: { 'content-type': 'application/json' } });
    expect(huge.statusCode).toBe(413);
    expect((await call(admin, 'GET', '/api/v1/plans?limit=200')).json().items.some((p: Json) => p.key.startsWith('bad-'))).toBe(false);

    const extra = await call(admin, 'POST', '/api/v1/plans', { document: { ...planDocument('extra-field'), secret: 'x', steps: planDocument('x').steps.map((s: Json) => ({ ...s, colour: 'red' })) } });
    expect(extra.statusCode, extra.body).toBe(200);
    const stored = (await call(admin, 'GET', `/api/v1/plans/${extra.json().id}`)).json().draft;
    expect(stored.secret).toBeUndefined();
    expect(stored.steps[0].colour).toBeUndefined();
    expect((await call(admin, 'GET', '/api/v1/plans?limit=100000')).statusCode).toBe(400);
    expect((await call(admin, 'GET', '/api/v1/plans/x/versions/abc')).statusCode).toBe(400);
  });

  it('lets readers read and only plans:write change the library; the checklist needs incidents permissions', async () => {
    expect((await call(engineer, 'GET', '/api/v1/plans')).statusCode).toBe(200);
    const denied = await call(engineer, 'POST', '/api/v1/plans', { document: planDocument('engineer-plan') });
    expect(denied.statusCode).toBe(403);
    expect((await call(client, 'GET', '/api/v1/plans')).statusCode).toBe(403);
    const gate = await planByKey('gate-failure');
    expect((await call(engineer, 'DELETE', `/api/v1/plans/${gate.id}`)).statusCode).toBe(403);
    expect((await call(engineer, 'POST', `/api/v1/plans/${gate.id}/publish`, { version: gate.version })).statusCode).toBe(403);

    const incident = await openIncident();
    expect((await call(client, 'POST', `/api/v1/incidents/${incident.id}/plan`, { planId: gate.id })).statusCode).toBe(403);
    expect((await call(engineer, 'POST', `/api/v1/incidents/${incident.id}/plan`, { planId: gate.id })).statusCode).toBe(200);
    expect((await call(client, 'GET', `/api/v1/incidents/${incident.id}/plan`)).statusCode).toBe(200);
    expect((await call(client, 'PATCH', `/api/v1/incidents/${incident.id}/plan/steps/report`, { action: 'done', version: 1 })).statusCode).toBe(403);
  });

  it("suggests the self-service payment plan first for a payment-failure-rate alert, with the reasons, and leaves archived plans out", async () => {
    // The rule counts by site: its alert has neither subsystem nor device, and the rule alone decides.
    const bySite = await ruleAlert('payment-failure-rate', { subsystem: null, level: 1 });
    const siteWide = (await call(engineer, 'GET', `/api/v1/plans/suggestions?alertId=${bySite}`)).json().items as Json[];
    expect(siteWide.map((s) => s.key)).toEqual(['selfpay-system-failure']);
    expect(siteWide[0]).toMatchObject({ score: 105 });

    const alertId = await ruleAlert('payment-failure-rate', { subsystem: 'selfpay', level: 1 });
    const res = await call(engineer, 'GET', `/api/v1/plans/suggestions?alertId=${alertId}`);
    expect(res.statusCode, res.body).toBe(200);
    const items = res.json().items as Json[];
    expect(items.map((s) => s.key)).toEqual(['selfpay-system-failure', 'selfpay-data-errors', 'selfpay-kiosk-hardware-failure', 'selfpay-network-interruption']);
    expect(items[0]).toMatchObject({ score: 125, version: 1 });
    expect(items[0]!.reasons).toEqual([
      { kind: 'alertRule', value: 'payment-failure-rate', alertId },
      { kind: 'subsystem', value: 'selfpay', alertId },
      { kind: 'level', value: '1', alertId },
    ]);
    // At level 3 the plans that list levels 1–2 are not suggested.
    const minor = await ruleAlert('payment-failure-rate', { subsystem: 'selfpay', level: 3 });
    const keys = (await call(engineer, 'GET', `/api/v1/plans/suggestions?alertId=${minor}`)).json().items.map((s: Json) => s.key);
    expect(keys).not.toContain('selfpay-system-failure');
    expect(keys).toContain('selfpay-kiosk-hardware-failure');

    const data = await planByKey('selfpay-data-errors');
    await call(admin, 'DELETE', `/api/v1/plans/${data.id}`);
    expect((await call(engineer, 'GET', `/api/v1/plans/suggestions?alertId=${alertId}`)).json().items.map((s: Json) => s.key)).not.toContain('selfpay-data-errors');

    expect((await call(engineer, 'GET', '/api/v1/plans/suggestions')).statusCode).toBe(400);
    expect((await call(engineer, 'GET', `/api/v1/plans/suggestions?alertId=${alertId}&incidentId=x`)).statusCode).toBe(400);
    const unknown = await call(engineer, 'GET', '/api/v1/plans/suggestions?alertId=nope');
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error.details[0]).toMatchObject({ field: 'querystring.alertId', code: 'unknownAlert' });

    // An incident of the alert gets the same first suggestion. The alert intake opens one for a level-1 alert on its
    // own: let it finish first, so the button finds that one instead of racing it.
    await t.services.events.drain();
    const fromAlert = await call(admin, 'POST', '/api/v1/incidents/from-alert', { alertId });
    expect(fromAlert.statusCode, fromAlert.body).toBe(200);
    const incident = fromAlert.json().incident;
    const forIncident = (await call(engineer, 'GET', `/api/v1/plans/suggestions?incidentId=${incident.id}`)).json().items;
    expect(forIncident[0].key).toBe('selfpay-system-failure');
  });

  it('turns the plan into the checklist, assigned by role, and runs its steps: start, done, skip with a reason, reassign, 409 on a stale version', async () => {
    const incident = await openIncident();
    const plan = await planByKey('selfpay-system-failure');
    const attached = await call(engineer, 'POST', `/api/v1/incidents/${incident.id}/plan`, { planId: plan.id });
    expect(attached.statusCode, attached.body).toBe(200);
    const checklist = attached.json();
    const document = DEFAULT_PLANS.find((p) => p.key === 'selfpay-system-failure')!;
    expect(checklist).toMatchObject({ planKey: 'selfpay-system-failure', planVersion: 1, attachedBy: { userId: engineer.userId } });
    expect(checklist.steps.map((s: Json) => s.key)).toEqual(document.steps.map((s) => s.key));
    for (const step of checklist.steps) {
      expect(step.status).toBe('pending');
      // The on-site engineer's steps go to the incident's assignee; roles no roster holds start unassigned.
      if (step.role === 'onsite-engineer') expect(step.assignee).toEqual({ userId: engineer.userId, name: engineer.username });
      if (step.role === 'finance') expect(step.assignee).toBeNull();
    }
    expect(checklist.steps.find((s: Json) => s.key === 'backfill-counter').backfill).toBe(true);
    expect((await call(engineer, 'POST', `/api/v1/incidents/${incident.id}/plan`, { planId: plan.id })).json().error.code).toBe('INCIDENT_PLAN_ATTACHED');

    const step = (key: string) => `/api/v1/incidents/${incident.id}/plan/steps/${key}`;
    const first = checklist.steps[0];
    const started = (await call(engineer, 'PATCH', step(first.key), { action: 'start', version: 1 })).json();
    const startedStep = started.steps[0];
    expect(startedStep).toMatchObject({ status: 'started', startedBy: { userId: engineer.userId }, elapsedMinutes: 0, version: 2 });
    expect((await call(engineer, 'PATCH', step(first.key), { action: 'start', version: 2 })).json().error.code).toBe('PLAN_STEP_STARTED');
    const stale = await call(engineer, 'PATCH', step(first.key), { action: 'done', version: 1 });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error.code).toBe('PLAN_STEP_CHANGED');

    t.clock.advance((first.expectedMinutes + 5) * 60_000);
    const running = (await call(engineer, 'GET', `/api/v1/incidents/${incident.id}/plan`)).json().steps[0];
    expect(running).toMatchObject({ elapsedMinutes: first.expectedMinutes + 5, overdue: true });
    const done = (await call(engineer, 'PATCH', step(first.key), { action: 'done', version: 2 })).json().steps[0];
    expect(done).toMatchObject({ status: 'done', doneBy: { userId: engineer.userId }, elapsedMinutes: first.expectedMinutes + 5 });
    expect((await call(engineer, 'PATCH', step(first.key), { action: 'skip', version: 3, reason: '已完成' })).json().error.code).toBe('PLAN_STEP_FINISHED');

    const second = checklist.steps[1];
    const noReason = await call(engineer, 'PATCH', step(second.key), { action: 'skip', version: 1 });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().error.details[0]).toMatchObject({ field: 'reason', code: 'required' });
    expect((await call(engineer, 'PATCH', step(second.key), { action: 'skip', version: 1, reason: '   ' })).statusCode).toBe(400);
    const skipped = (await call(engineer, 'PATCH', step(second.key), { action: 'skip', version: 1, reason: '仅一台终端受影响' })).json().steps[1];
    expect(skipped).toMatchObject({ status: 'skipped', skipReason: '仅一台终端受影响', skippedBy: { userId: engineer.userId } });

    const third = checklist.steps[2];
    const ghost = await call(engineer, 'PATCH', step(third.key), { action: 'reassign', version: 1, userId: 'ghost' });
    expect(ghost.statusCode).toBe(400);
    expect(ghost.json().error.details[0]).toMatchObject({ field: 'userId', code: 'unknownUser' });
    const reassigned = (await call(engineer, 'PATCH', step(third.key), { action: 'reassign', version: 1, userId: dispatcher.userId })).json().steps[2];
    expect(reassigned.assignee).toEqual({ userId: dispatcher.userId, name: dispatcher.username });
    expect((await call(engineer, 'PATCH', step(third.key), { action: 'teleport', version: 2 })).statusCode).toBe(400);
    expect((await call(engineer, 'PATCH', step('no-such-step'), { action: 'done', version: 1 })).statusCode).toBe(404);
    expect((await call(engineer, 'PATCH', step('x%00'), { action: 'done', version: 1 })).statusCode).toBe(400);

    const timeline = (await call(engineer, 'GET', `/api/v1/incidents/${incident.id}`)).json().timeline.map((e: Json) => e.kind);
    expect(timeline.filter((k: string) => k.startsWith('plan_'))).toEqual(['plan_attached', 'plan_step_done', 'plan_step_skipped']);
    const told = await t.db.kysely.selectFrom('domain_events').select('payload').where('type', '=', 'incident.changed').execute();
    const kinds = told.map((e) => JSON.parse(e.payload) as Json).filter((e) => e.incidentId === incident.id).map((e) => e.kind);
    expect(kinds).toEqual(expect.arrayContaining(['plan_attached', 'plan_step_start', 'plan_step_done', 'plan_step_skipped', 'plan_step_reassign']));
    const audited = await t.db.kysely.selectFrom('audit_log').select('action').where('target_id', '=', incident.id).where('action', 'like', 'incident.plan%').execute();
    expect(audited.map((a) => a.action).sort()).toEqual(['incident.plan_attach', 'incident.plan_step', 'incident.plan_step', 'incident.plan_step', 'incident.plan_step']);
    expect((await call(engineer, 'GET', `/api/v1/incidents/${(await openIncident()).id}/plan`)).statusCode).toBe(404);
  });

  it('lets only one of two simultaneous attaches or creations of one key win; the other gets 409', async () => {
    const incident = await openIncident();
    const gate = await planByKey('gate-failure');
    const attaches = await Promise.all([0, 1].map(() => call(engineer, 'POST', `/api/v1/incidents/${incident.id}/plan`, { planId: gate.id })));
    expect(attaches.map((r) => r.statusCode).sort()).toEqual([200, 409]);
    const creations = await Promise.all([0, 1].map(() => call(admin, 'POST', '/api/v1/plans', { document: planDocument('raced') })));
    expect(creations.map((r) => r.statusCode).sort()).toEqual([200, 409]);
  });

  it('keeps a running checklist on the version it started with when the plan is edited and published again', async () => {
    const created = (await call(admin, 'POST', '/api/v1/plans', { document: planDocument('versioned') })).json();
    await call(admin, 'POST', `/api/v1/plans/${created.id}/publish`, { version: 1 });
    const incident = await openIncident();
    const before = (await call(engineer, 'POST', `/api/v1/incidents/${incident.id}/plan`, { planId: created.id })).json();

    const doc = planDocument('versioned');
    const edited = (await call(admin, 'PUT', `/api/v1/plans/${created.id}`, { version: 2, document: { ...doc, steps: [{ ...doc.steps[0], title: { zh: '改过的上报' }, expectedMinutes: 99 }, ...doc.steps.slice(2)] } })).json();
    expect((await call(admin, 'POST', `/api/v1/plans/${created.id}/publish`, { version: edited.version })).json().publishedVersion).toBe(2);

    const after = (await call(engineer, 'GET', `/api/v1/incidents/${incident.id}/plan`)).json();
    expect(after.planVersion).toBe(1);
    expect(after.steps).toEqual(before.steps);
    // A new incident gets the new version.
    const next = await openIncident();
    const fresh = (await call(engineer, 'POST', `/api/v1/incidents/${next.id}/plan`, { planId: created.id })).json();
    expect(fresh.planVersion).toBe(2);
    expect(fresh.steps.map((s: Json) => s.key)).toEqual(['report', 'backfill']);
    expect(fresh.steps[0]).toMatchObject({ title: { zh: '改过的上报' }, expectedMinutes: 99 });
  });

  it('refuses to close an incident while its plan’s back-fill step is open, and closes it once the step is done', async () => {
    const created = (await call(admin, 'POST', '/api/v1/plans', { document: planDocument('closing') })).json();
    await call(admin, 'POST', `/api/v1/plans/${created.id}/publish`, { version: 1 });
    const incident = await openIncident();
    await call(engineer, 'POST', `/api/v1/incidents/${incident.id}/plan`, { planId: created.id });
    const move = (caller: Caller, body: Json) => call(caller, 'POST', `/api/v1/incidents/${incident.id}/transitions`, body);
    for (const body of [{ kind: 'acknowledge' }, { kind: 'start_work' }, { kind: 'resolve', fix: '更换交换机', causeCategory: 'hardware' }]) {
      const res = await move(engineer, body);
      expect(res.statusCode, res.body).toBe(200);
    }
    expect((await move(admin, { kind: 'confirm' })).statusCode).toBe(200);
    const refused = await move(engineer, { kind: 'close' });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error).toMatchObject({ code: 'INCIDENT_CLOSE_BLOCKED', details: { blockers: [expect.objectContaining({ source: 'plans.backfill', ref: 'backfill' })] } });
    expect((await call(engineer, 'GET', `/api/v1/incidents/${incident.id}`)).json().incident.state).toBe('confirmed');

    // Other steps may stay open; the back-fill step may be ticked after the fix.
    expect((await call(engineer, 'PATCH', `/api/v1/incidents/${incident.id}/plan/steps/backfill`, { action: 'done', version: 1 })).statusCode).toBe(200);
    const closed = await move(engineer, { kind: 'close' });
    expect(closed.statusCode, closed.body).toBe(200);
    expect(closed.json().state).toBe('closed');
    const late = await call(engineer, 'PATCH', `/api/v1/incidents/${incident.id}/plan/steps/report`, { action: 'done', version: 1 });
    expect(late.statusCode).toBe(409);
    expect(late.json().error.code).toBe('INCIDENT_CLOSED');
  });
  it('ticks verifiable steps as opsdesk once their checks pass (the every-minute job), and leaves failing ones open', async () => {
    expect((await call(admin, 'POST', '/api/v1/devices', { code: 'GATE-S1', name: '南门闸机1', type: 'gate', subsystem: 'ticketing', siteId: site.id })).statusCode).toBe(200);
    await call(admin, 'POST', '/api/v1/devices', { code: 'GATE-S2', name: '南门闸机2', type: 'gate', subsystem: 'ticketing', siteId: site.id });
    const health = (code: string, value: string) => t.db.kysely.updateTable('devices').set({ health: value as 'online' }).where('code', '=', code).execute();
    await health('GATE-S1', 'offline');
    await health('GATE-S2', 'online');
    const doc = planDocument('verified', {
      steps: [
        { key: 'gate-back', title: { zh: '闸机1恢复' }, role: 'onsite-engineer', expectedMinutes: 10, phase: 'verification', check: { kind: 'device-online', device: 'GATE-S1' } },
        { key: 'gates-back', title: { zh: '全部闸机恢复' }, role: 'onsite-engineer', expectedMinutes: 10, phase: 'verification', check: { kind: 'devices-online', deviceType: 'gate' } },
        { key: 'alert-gone', title: { zh: '告警恢复' }, role: 'onsite-engineer', expectedMinutes: 10, phase: 'verification', check: { kind: 'alert-resolved', rule: 'terminal-silent' } },
        { key: 'no-kiosks', title: { zh: '自助机恢复' }, role: 'onsite-engineer', expectedMinutes: 10, phase: 'verification', check: { kind: 'devices-online', deviceType: 'kiosk' } },
        { key: 'backfill', title: { zh: '补录' }, role: 'onsite-engineer', expectedMinutes: 60, phase: 'recovery' },
      ],
    });
    const created = await call(admin, 'POST', '/api/v1/plans', { document: doc });
    expect(created.statusCode, created.body).toBe(200);
    await call(admin, 'POST', `/api/v1/plans/${created.json().id}/publish`, { version: 1 });
    const alertId = await ruleAlert('terminal-silent', { subsystem: 'ticketing', level: 2 });
    const incident = await openIncident({ alertIds: [alertId] });
    await call(engineer, 'POST', `/api/v1/incidents/${incident.id}/plan`, { planId: created.json().id });
    const status = async () => Object.fromEntries((await call(engineer, 'GET', `/api/v1/incidents/${incident.id}/plan`)).json().steps.map((s: Json) => [s.key, s.status]));

    expect(await t.services.plans.verifySteps()).toBe(0);
    await health('GATE-S1', 'online');
    // (Other incidents of this site whose plans check the gates are ticked too: the gate-failure plan above.)
    expect(await t.services.plans.verifySteps()).toBeGreaterThanOrEqual(2);
    expect(await status()).toEqual({ 'gate-back': 'done', 'gates-back': 'done', 'alert-gone': 'pending', 'no-kiosks': 'pending', backfill: 'pending' });
    await t.db.kysely.updateTable('alerts').set({ state: 'resolved', resolved_at: t.clock.now() }).where('id', '=', alertId).execute();
    expect(await t.services.plans.verifySteps()).toBe(1);
    expect(await status()).toEqual({ 'gate-back': 'done', 'gates-back': 'done', 'alert-gone': 'done', 'no-kiosks': 'pending', backfill: 'pending' });
    const ticked = (await call(engineer, 'GET', `/api/v1/incidents/${incident.id}/plan`)).json().steps[0];
    expect(ticked).toMatchObject({ verified: true, doneBy: null });
    // Nothing more to tick: the job is idempotent.
    expect(await t.services.plans.verifySteps()).toBe(0);
  });
});
