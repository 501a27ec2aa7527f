import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DomainError } from '../../../errors.ts';
import { newId } from '../../../ids.ts';
import { createTestApp, type TestApp } from '../../../testing/app.ts';
import { incidentRow } from '../../../testing/incidents.ts';
import { describeEachDatabase } from '../../../testing/each-database.ts';
import { systemContext, type Permission, type RequestContext } from '../../auth/index.ts';
import { DEFAULT_GRADING_MATRIX } from '../grading/matrix.ts';
import type { IncidentState } from '../workflow/model.ts';
import { DEFAULT_WORKFLOW_POLICY } from '../workflow/policy.ts';
import { createIncidentSettingsService, type IncidentSettingsService } from './settings.service.ts';
import { DEFAULT_INTAKE, loadIncidentSettings } from './settings.ts';

/** The settings service on a real database: defaults, checks by field, optimistic versions, causes in use, teams. */
const NOW = Date.parse('2026-10-09T08:30:00Z');

/** A person holding exactly these permissions (the service checks them; the routes' access is tested over HTTP). */
const as = (userId: string, permissions: readonly Permission[]): RequestContext => ({
  actor: { kind: 'user', userId, username: userId, roleIds: [], permissions: new Set(permissions), siteIds: null, via: 'session' },
  ip: '127.0.0.1',
  requestId: null,
});

/** What the service threw: status, code, and the fields it named. */
async function refusal(promise: Promise<unknown>): Promise<{ status: number; code: string; fields: string[]; details: unknown }> {
  const error = await promise.then(
    () => expect.fail('expected a refusal'),
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DomainError);
  const { status, code, details } = error as DomainError;
  const fields = Array.isArray(details) ? (details as { field: string; code: string }[]).map((d) => `${d.field}:${d.code}`).sort() : [];
  return { status, code, fields, details };
}

describeEachDatabase('incident settings service on %s', (dialect) => {
  let t: TestApp;
  let service: IncidentSettingsService;
  let dispatcher: RequestContext;
  let engineer: RequestContext;
  let nobody: RequestContext;
  let incidentNumber = 0;

  beforeAll(async () => {
    t = await createTestApp(dialect);
    t.clock.set(NOW);
    service = createIncidentSettingsService({ db: t.db, clock: t.clock, config: t.config, audit: t.services.audit, signer: t.signer, events: t.services.events });
    const admin = await t.loginAdmin();
    dispatcher = as(admin.userId, ['incidents:read', 'incidents:assign']);
    engineer = as(admin.userId, ['incidents:read', 'incidents:write']);
    nobody = as(admin.userId, []);
    // The app may seed the module's defaults itself; these tests start from an empty settings table and taxonomy.
    await t.db.kysely.deleteFrom('incident_settings').execute();
    await t.db.kysely.deleteFrom('cause_categories').execute();
  });
  afterAll(async () => t.close());

  /** An incident row as the incident service stores it, in a given state (only the columns these checks read matter). */
  async function incident(fields: { state: IncidentState; cause_category?: string | null; assignee_team_id?: string | null }): Promise<string> {
    const id = newId();
    incidentNumber += 1;
    await t.db.kysely
      .insertInto('incidents')
      .values(incidentRow({ id, number: incidentNumber, state: fields.state, cause_category: fields.cause_category ?? null, assignee_team_id: fields.assignee_team_id ?? null, created_at: NOW }))
      .execute();
    return id;
  }

  describe('settings', () => {
    it('answers the defaults before anything is stored, and ensureDefaults stores them and the taxonomy once', async () => {
      expect(await service.get(engineer)).toEqual({ grading: DEFAULT_GRADING_MATRIX, workflow: DEFAULT_WORKFLOW_POLICY, intake: DEFAULT_INTAKE, version: 0 });
      expect((await service.listCauses(engineer)).items).toEqual([]);

      const before = await t.auditCount();
      await service.ensureDefaults(systemContext('test'));
      expect(await t.auditCount()).toBe(before + 2);
      expect(await service.get(engineer)).toMatchObject({ grading: DEFAULT_GRADING_MATRIX, intake: { fromAlerts: { levels: [1], ruleIds: [] } }, version: 1 });
      const causes = (await service.listCauses(engineer)).items;
      expect(causes.map((c) => c.code)).toEqual(['hardware', 'network', 'software', 'power', 'operation', 'third_party_payment', 'environment', 'security', 'other']);
      expect(causes[5]).toEqual({ code: 'third_party_payment', nameZh: '第三方支付', nameEn: 'Third-party payment', enabled: true });

      await service.ensureDefaults(systemContext('test'));
      expect(await t.auditCount()).toBe(before + 2);
      expect((await service.listCauses(engineer)).items).toHaveLength(9);
    });

    it('refuses a matrix that grades a worse fault lower, naming the cells, and saves nothing', async () => {
      const { version } = await service.get(engineer);
      // high impact × high urgency at level 3, below the milder cells around it
      const grading = { ...DEFAULT_GRADING_MATRIX, high: { high: 3, medium: 1, low: 2 } };
      const refused = await refusal(service.update(dispatcher, { grading, version }));
      expect(refused).toMatchObject({ status: 400, code: 'VALIDATION_FAILED' });
      expect(refused.fields).toEqual(['grading.high.high:gradingOrder', 'grading.high.high:gradingOrder']);
      expect((await service.get(engineer)).version).toBe(version);
    });

    it('names every bad field of the workflow policy and the intake, and rules that do not exist', async () => {
      const { version } = await service.get(engineer);
      const workflow = { ...DEFAULT_WORKFLOW_POLICY, autoCloseAfterDays: -1, pausingWaitReasons: ['customer', 'holiday'], major: { communicationEveryMinutes: 1, reviewRequired: true } };
      const bad = await refusal(service.update(dispatcher, { workflow: workflow as never, intake: { fromAlerts: { levels: [1, 4, 1] as never, ruleIds: [] } }, version }));
      expect(bad.fields).toEqual([
        'intake.fromAlerts.levels.1:enum',
        'intake.fromAlerts.levels:duplicateValue',
        'workflow.autoCloseAfterDays:minimum',
        'workflow.major.communicationEveryMinutes:minimum',
        'workflow.pausingWaitReasons.1:enum',
      ]);
      const unknownRule = await refusal(service.update(dispatcher, { intake: { fromAlerts: { levels: [1], ruleIds: ['no-such-rule'] } }, version }));
      expect(unknownRule.fields).toEqual(['intake.fromAlerts.ruleIds.0:unknownRule']);
      expect((await service.get(engineer)).version).toBe(version);
    });

    it('saves a change to the version read, refuses one made to an older version with 409, and audits it', async () => {
      const read = await service.get(engineer);
      const rule = await t.db.kysely.selectFrom('alert_rules').select('id').orderBy('id').executeTakeFirstOrThrow();
      const grading = { ...DEFAULT_GRADING_MATRIX, medium: { high: 1, medium: 1, low: 3 } };
      const before = await t.auditCount();
      const saved = await service.update(dispatcher, { grading, intake: { fromAlerts: { levels: [2, 1], ruleIds: [rule.id] } }, version: read.version });
      expect(saved).toEqual({ grading, workflow: read.workflow, intake: { fromAlerts: { levels: [1, 2], ruleIds: [rule.id] } }, version: read.version + 1 });
      expect(await service.get(engineer)).toEqual(saved);
      expect(await loadIncidentSettings(t.db.kysely)).toMatchObject({ grading, version: read.version + 1 });
      expect(await t.auditCount()).toBe(before + 1);
      const record = await t.db.kysely.selectFrom('audit_log').select(['action', 'target_id']).orderBy('seq', 'desc').executeTakeFirstOrThrow();
      expect(record).toEqual({ action: 'incident_settings.update', target_id: 'default' });

      const stale = await refusal(service.update(dispatcher, { workflow: { ...DEFAULT_WORKFLOW_POLICY, autoCloseAfterDays: 3 }, version: read.version }));
      expect(stale).toMatchObject({ status: 409, code: 'INCIDENT_SETTINGS_CHANGED', details: { version: read.version + 1 } });
      expect((await service.get(engineer)).workflow.autoCloseAfterDays).toBe(DEFAULT_WORKFLOW_POLICY.autoCloseAfterDays);
    });

    it('falls back to the default of each damaged part alone, never throwing', async () => {
      const stored = await service.get(engineer);
      await t.db.kysely.updateTable('incident_settings').set({ grading: '{"high":', workflow: JSON.stringify({ ...DEFAULT_WORKFLOW_POLICY, reopenWindowDays: 'seven' }) }).execute();
      const loaded = await loadIncidentSettings(t.db.kysely);
      expect(loaded).toEqual({ grading: DEFAULT_GRADING_MATRIX, workflow: DEFAULT_WORKFLOW_POLICY, intake: stored.intake, version: stored.version });
      // and the next save writes whole documents again
      await service.update(dispatcher, { grading: DEFAULT_GRADING_MATRIX, workflow: DEFAULT_WORKFLOW_POLICY, version: stored.version });
      const row = await t.db.kysely.selectFrom('incident_settings').selectAll().executeTakeFirstOrThrow();
      expect(JSON.parse(row.grading)).toEqual(DEFAULT_GRADING_MATRIX);
    });

    it('lets incidents:read holders read and only incidents:assign holders change', async () => {
      const { version } = await service.get(engineer);
      expect(await refusal(service.update(engineer, { version }))).toMatchObject({ status: 403, details: { permission: 'incidents:assign' } });
      expect(await refusal(service.get(nobody))).toMatchObject({ status: 403, details: { permission: 'incidents:read' } });
      expect(await refusal(service.listCauses(nobody))).toMatchObject({ status: 403 });
      expect(await refusal(service.replaceCauses(engineer, []))).toMatchObject({ status: 403 });
      expect(await refusal(service.listTeams(nobody))).toMatchObject({ status: 403 });
      expect(await refusal(service.createTeam(engineer, { name: 'x', memberIds: [] }))).toMatchObject({ status: 403 });
      expect(await refusal(service.removeTeam(engineer, 'x'))).toMatchObject({ status: 403 });
    });
  });

  describe('cause categories', () => {
    it('replaces the taxonomy in order; a cause incidents record may be disabled, not removed', async () => {
      await service.ensureDefaults(systemContext('test'));
      await incident({ state: 'closed', cause_category: 'power' });
      const current = (await service.listCauses(engineer)).items;
      const withoutPower = current.filter((c) => c.code !== 'power');
      const refused = await refusal(service.replaceCauses(dispatcher, withoutPower));
      expect(refused).toMatchObject({ status: 409, code: 'CAUSE_CATEGORY_IN_USE', details: { codes: ['power'] } });
      expect((await service.listCauses(engineer)).items).toEqual(current);

      const next = [
        { code: 'ups', nameZh: 'UPS 故障', nameEn: 'UPS failure', enabled: true },
        ...current.filter((c) => c.code !== 'other').map((c) => (c.code === 'power' ? { ...c, enabled: false } : c)),
      ];
      const before = await t.auditCount();
      const saved = await service.replaceCauses(dispatcher, next);
      expect(saved.items).toEqual(next);
      expect((await service.listCauses(engineer)).items).toEqual(next);
      expect(await t.auditCount()).toBe(before + 1);
    });

    it('refuses a code given twice', async () => {
      const twice = [
        { code: 'hardware', nameZh: '硬件', nameEn: 'Hardware', enabled: true },
        { code: 'hardware', nameZh: '硬件故障', nameEn: 'Hardware failure', enabled: true },
      ];
      const refused = await refusal(service.replaceCauses(dispatcher, twice));
      expect(refused.fields).toEqual(['items.1.code:duplicateValue']);
    });
  });

  describe('teams', () => {
    it('refuses unknown and disabled members and a name in use, naming the fields', async () => {
      const admin = await t.loginAdmin();
      const member = await t.userWith(admin, ['engineer']);
      const leaver = await t.userWith(admin, ['engineer']);
      const disabled = await t.call(admin, { method: 'PATCH', url: `/api/v1/users/${leaver.userId}`, payload: { status: 'disabled' } });
      expect(disabled.statusCode, disabled.body).toBe(200);
      const refused = await refusal(service.createTeam(dispatcher, { name: '网络组', memberIds: [member.userId, 'nobody', leaver.userId] }));
      expect(refused).toMatchObject({ status: 400, code: 'VALIDATION_FAILED' });
      expect(refused.fields).toEqual(['memberIds.1:unknownUser', 'memberIds.2:unknownUser']);
      expect((await service.listTeams(engineer)).items.some((team) => team.name === '网络组')).toBe(false);

      await service.createTeam(dispatcher, { name: '网络组', memberIds: [member.userId] });
      expect((await refusal(service.createTeam(dispatcher, { name: '网络组', memberIds: [] }))).fields).toEqual(['name:nameTaken']);
    });

    it('creates, changes and lists a team with its members by name', async () => {
      const admin = await t.loginAdmin();
      const a = await t.userWith(admin, ['engineer']);
      const b = await t.userWith(admin, ['engineer']);
      const created = await service.createTeam(dispatcher, { name: '一卡通组', description: '消费机与圈存机', memberIds: [b.userId, a.userId] });
      expect(created).toMatchObject({ name: '一卡通组', description: '消费机与圈存机', createdAt: new Date(NOW).toISOString() });
      expect(created.members.map((m) => m.id).sort()).toEqual([a.userId, b.userId].sort());
      expect(created.members.map((m) => m.displayName)).toEqual([a.username, b.username].sort());

      t.clock.set(NOW + 60_000);
      const changed = await service.updateTeam(dispatcher, created.id, { memberIds: [a.userId], description: null });
      expect(changed).toMatchObject({ name: '一卡通组', description: null, members: [{ id: a.userId, displayName: a.username }], updatedAt: new Date(NOW + 60_000).toISOString() });
      expect(await service.getTeam(engineer, created.id)).toEqual(changed);
      expect((await service.listTeams(engineer)).items).toContainEqual(changed);
      expect((await refusal(service.updateTeam(dispatcher, created.id, { memberIds: ['ghost'] }))).fields).toEqual(['memberIds.0:unknownUser']);
      expect(await refusal(service.getTeam(engineer, 'ghost'))).toMatchObject({ status: 404 });
    });

    it('refuses to delete a team while an open incident is assigned to it, and deletes it once none is', async () => {
      const team = await service.createTeam(dispatcher, { name: '机房组', memberIds: [] });
      const open = await incident({ state: 'waiting', assignee_team_id: team.id });
      await incident({ state: 'closed', assignee_team_id: team.id });
      const refused = await refusal(service.removeTeam(dispatcher, team.id));
      expect(refused).toMatchObject({ status: 409, code: 'TEAM_IN_USE', details: { incidentNumbers: [incidentNumber - 1] } });
      expect(await service.getTeam(engineer, team.id)).toEqual(team);

      await t.db.kysely.updateTable('incidents').set({ state: 'resolved' }).where('id', '=', open).execute();
      const before = await t.auditCount();
      await service.removeTeam(dispatcher, team.id);
      expect(await t.auditCount()).toBe(before + 1);
      expect(await refusal(service.getTeam(engineer, team.id))).toMatchObject({ status: 404 });
      expect(await refusal(service.removeTeam(dispatcher, team.id))).toMatchObject({ status: 404 });
    });
  });
});
