import { toIso, toIsoOrNull } from '../../clock.ts';
import type { Executor } from '../../db/types.ts';
import { ConflictError, NotFoundError } from '../../errors.ts';
import { fieldProblem, invalidFields } from '../../field-problems.ts';
import { cursorPage, type ListRequest } from '../../http/cursor.ts';
import { newId } from '../../ids.ts';
import type { ModuleContext } from '../../module.ts';
import { alertFacts, alertRuleKeys } from '../alerting/index.ts';
import { canSeeSite, requirePermission, systemContext, type RequestContext } from '../auth/index.ts';
import { visibleDevice } from '../estate/index.ts';
import { announceIncidentChange, incidentFacts, noteOnIncident, type IncidentFacts } from '../incidents/index.ts';
import { onDutyInEveryRoster } from '../oncall/index.ts';
import { userAccounts } from '../users/index.ts';
import { DEFAULT_PLANS } from './defaults/default-plans.ts';
import { checkPasses } from './checks.ts';
import { backfillSteps, readPlanDocument, type LocalText, type PlanDocument, type StepCheck } from './plan-document.ts';
import { PLANS_ORDER, plansRepository } from './plans.repository.ts';
import type { ChecklistStep, CreatePlanBody, IncidentPlan, PlanDetail, PlanListQuery, PlanSummary, PlanVersion, StepUpdateBody, Suggestion, UpdatePlanBody } from './plans.schemas.ts';
import type { IncidentPlanStepsTable, PlansTable } from './plans.tables.ts';
import { rankPlans, type MatchSubject } from './suggestions.ts';
import { createTriggerCache } from './trigger-cache.ts';

const MINUTE_MS = 60_000;
/** Steps the verification job evaluates per run; the next run takes the rest. */
const VERIFY_LIMIT = 500;
const SYSTEM = systemContext('opsdesk');

/**
 * Who holds a plan role when a plan is attached (issue 12 item 3): the on-site engineer is the incident's assignee
 * (else the first person on duty in the duty rosters); the leader on duty is the rosters' leader on duty; every other
 * role starts unassigned and is given to someone on the checklist (reassign).
 */
async function roleHolders(db: Executor, incident: IncidentFacts, at: number): Promise<Map<string, string | null>> {
  const rosters = await onDutyInEveryRoster(db, at);
  const onDuty = rosters.find((r) => r.userIds.length > 0)?.userIds[0] ?? null;
  const leader = rosters.find((r) => r.leaderUserId !== null)?.leaderUserId ?? null;
  return new Map([
    ['onsite-engineer', incident.assigneeUserId ?? onDuty],
    ['leader-on-duty', leader],
  ]);
}

/** A unique constraint refused the row (SQLite and PostgreSQL word it differently). */
const isUniqueViolation = (error: unknown): boolean => /unique|duplicate/i.test(String((error as Error)?.message));

const stepStatus = (s: IncidentPlanStepsTable): ChecklistStep['status'] => (s.done_at !== null ? 'done' : s.skipped_at !== null ? 'skipped' : s.started_at !== null ? 'started' : 'pending');

/**
 * The plan library (SPEC C6.1) and the plans incidents run (C5.5). A plan is a draft plus immutable published versions;
 * an incident runs one published version as its checklist, copied step by step when attached, so later versions never
 * change a running checklist. Every write is audited; attaching and ticking are told on the incident's timeline.
 */
export function createPlansService(ctx: ModuleContext) {
  const { db, clock, audit, events } = ctx;
  const k = db.kysely;

  /** Suggestions' triggers, parsed once and reloaded per changed plan (trigger-cache.ts). */
  const triggerCache = createTriggerCache(k);

  async function found(executor: Executor, id: string): Promise<PlansTable> {
    const row = await plansRepository.findById(executor, id);
    if (!row) throw new NotFoundError('Plan', id);
    return row;
  }

  /** The document checked against itself and the alert rules that exist; 400 naming every problem. */
  async function checked(value: unknown, prefix: string): Promise<PlanDocument> {
    const read = readPlanDocument(value, prefix, { ruleKeys: await alertRuleKeys(k) });
    if (read.document === null) throw invalidFields(read.problems);
    return read.document;
  }

  const summary = (row: PlansTable): PlanSummary => ({
    id: row.id,
    key: row.key,
    title: row.title,
    titleEn: (JSON.parse(row.draft) as PlanDocument).title.en ?? null,
    category: row.category,
    state: row.state,
    publishedVersion: row.published_version,
    draftChanged: row.draft_changed === 1,
    builtin: row.builtin === 1,
    version: row.version,
    updatedAt: toIso(row.updated_at),
  });
  const detail = (row: PlansTable): PlanDetail => ({ ...summary(row), draft: JSON.parse(row.draft) as PlanDocument, createdAt: toIso(row.created_at) });

  const notArchived = (row: PlansTable) => {
    if (row.state === 'archived') throw new ConflictError(`Plan ${row.key} is archived`, 'PLAN_ARCHIVED');
  };

  async function people(ids: (string | null)[]): Promise<(id: string | null) => { userId: string; name: string } | null> {
    const names = await plansRepository.userNames(k, [...new Set(ids.filter((id): id is string => id !== null))]);
    return (id) => (id === null ? null : { userId: id, name: names.get(id) ?? id });
  }

  async function visibleIncident(rc: RequestContext, id: string): Promise<IncidentFacts> {
    const incident = await incidentFacts(k, rc.actor, id);
    if (!incident) throw new NotFoundError('Incident', id);
    return incident;
  }

  const notClosed = (incident: IncidentFacts) => {
    if (incident.state === 'closed') throw new ConflictError('The incident is closed: its checklist no longer changes', 'INCIDENT_CLOSED');
  };

  async function checklist(incidentId: string): Promise<IncidentPlan> {
    const attached = await plansRepository.incidentPlan(k, incidentId);
    if (!attached) throw new NotFoundError('Incident plan', incidentId);
    const [steps, plan, version] = await Promise.all([
      plansRepository.steps(k, incidentId),
      plansRepository.findById(k, attached.plan_id),
      plansRepository.version(k, attached.plan_id, attached.plan_version),
    ]);
    const person = await people([attached.attached_by, ...steps.flatMap((s) => [s.assignee_user_id, s.started_by, s.done_by, s.skipped_by])]);
    const now = clock.now();
    const document = JSON.parse(version!.document) as PlanDocument;
    return {
      incidentId,
      planId: attached.plan_id,
      planKey: plan!.key,
      planVersion: attached.plan_version,
      title: document.title,
      attachedAt: toIso(attached.attached_at),
      attachedBy: person(attached.attached_by),
      steps: steps.map((s) => {
        const end = s.done_at ?? s.skipped_at ?? now;
        const elapsed = s.started_at === null ? null : Math.max(0, Math.floor((end - s.started_at) / MINUTE_MS));
        return {
          key: s.step_key,
          position: s.position,
          title: JSON.parse(s.title) as LocalText,
          detail: s.detail === null ? null : (JSON.parse(s.detail) as LocalText),
          role: s.role,
          phase: s.phase as ChecklistStep['phase'],
          check: s.step_check === null ? null : (JSON.parse(s.step_check) as ChecklistStep['check']),
          backfill: s.backfill === 1,
          status: stepStatus(s),
          assignee: person(s.assignee_user_id),
          expectedMinutes: s.expected_minutes,
          elapsedMinutes: elapsed,
          overdue: elapsed !== null && elapsed > s.expected_minutes,
          startedAt: toIsoOrNull(s.started_at),
          startedBy: person(s.started_by),
          doneAt: toIsoOrNull(s.done_at),
          doneBy: person(s.done_by),
          skippedAt: toIsoOrNull(s.skipped_at),
          skippedBy: person(s.skipped_by),
          skipReason: s.skip_reason,
          verified: s.verified === 1,
          version: s.version,
        };
      }),
    };
  }

  /** Ticks one step as opsdesk, verified by its check; false when someone moved it meanwhile. */
  async function tickVerified(step: IncidentPlanStepsTable, at: number): Promise<boolean> {
    return k.transaction().execute(async (trx) => {
      const after = await plansRepository.updateStepIfVersion(trx, step.incident_id, step.step_key, step.version, { done_at: at, done_by: null, verified: 1 });
      if (!after) return false;
      const title = (JSON.parse(step.title) as LocalText).zh;
      await noteOnIncident(trx, events, SYSTEM, step.incident_id, 'plan_step_done', { step: step.step_key, title, verified: true }, at);
      await audit.append(trx, SYSTEM, { action: 'incident.plan_step', targetType: 'incident', targetId: step.incident_id, before: { step: step.step_key, status: stepStatus(step) }, after: { step: step.step_key, action: 'done', status: 'done', verified: true } });
      return true;
    });
  }

  return {
    /**
     * The verification job (every minute): each open step with a check, of an incident not closed, is ticked by
     * opsdesk when its check passes (checks.ts). Returns how many were ticked.
     */
    async verifySteps(): Promise<number> {
      const steps = await plansRepository.openCheckedSteps(k, VERIFY_LIMIT);
      const incidents = new Map<string, IncidentFacts | null>();
      let ticked = 0;
      for (const step of steps) {
        if (!incidents.has(step.incident_id)) incidents.set(step.incident_id, await incidentFacts(k, null, step.incident_id));
        const incident = incidents.get(step.incident_id);
        if (!incident || incident.state === 'closed') continue;
        if (!(await checkPasses(k, JSON.parse(step.step_check!) as StepCheck, incident))) continue;
        if (await tickVerified(step, clock.now())) ticked++;
      }
      return ticked;
    },

    async list(rc: RequestContext, query: Omit<PlanListQuery, 'cursor' | 'limit'>, page: ListRequest) {
      requirePermission(rc.actor, 'plans:read');
      return cursorPage(PLANS_ORDER, page, (p) => plansRepository.list(k, { ...(query.state && { state: query.state }), ...(query.category && { category: query.category }) }, p), (rows) => rows.map(summary));
    },

    async get(rc: RequestContext, id: string): Promise<PlanDetail> {
      requirePermission(rc.actor, 'plans:read');
      return detail(await found(k, id));
    },

    async create(rc: RequestContext, body: CreatePlanBody): Promise<PlanDetail> {
      requirePermission(rc.actor, 'plans:write');
      const document = await checked(body.document, 'body.document');
      return k.transaction().execute(async (trx) => {
        if ((await plansRepository.existingKeys(trx, [document.key])).size > 0) throw new ConflictError(`A plan with the key ${document.key} exists`, 'PLAN_KEY_TAKEN', { field: 'document.key', key: document.key });
        const now = clock.now();
        const row: PlansTable = {
          id: newId(),
          key: document.key,
          state: 'active',
          draft: JSON.stringify(document),
          title: document.title.zh,
          category: document.category,
          published_version: null,
          draft_changed: 1,
          builtin: 0,
          version: 1,
          created_by: rc.actor.userId,
          created_at: now,
          updated_by: rc.actor.userId,
          updated_at: now,
        };
        await plansRepository.insert(trx, row).catch((error: unknown) => {
          // Two creations of one key at once: the loser is told as if it had checked after the winner.
          throw isUniqueViolation(error) ? new ConflictError(`A plan with the key ${document.key} exists`, 'PLAN_KEY_TAKEN', { field: 'document.key', key: document.key }) : error;
        });
        await audit.append(trx, rc, { action: 'plan.create', targetType: 'plan', targetId: row.id, after: { key: row.key, title: row.title } });
        return detail(row);
      });
    },

    /** Edits the draft; published versions stay as they are until the next publish. */
    async update(rc: RequestContext, id: string, body: UpdatePlanBody): Promise<PlanDetail> {
      requirePermission(rc.actor, 'plans:write');
      const before = await found(k, id);
      notArchived(before);
      const document = await checked(body.document, 'body.document');
      if (document.key !== before.key) throw invalidFields([fieldProblem('body.document.key', 'enum', { allowedValues: before.key })]);
      return k.transaction().execute(async (trx) => {
        const draft = JSON.stringify(document);
        const published = before.published_version === null ? null : await plansRepository.version(trx, id, before.published_version);
        const now = clock.now();
        const after = await plansRepository.updateIfVersion(trx, id, body.version, {
          draft,
          title: document.title.zh,
          category: document.category,
          draft_changed: published?.document === draft ? 0 : 1,
          updated_by: rc.actor.userId,
          updated_at: now,
        });
        if (!after) throw new ConflictError('The plan changed meanwhile: reload it and try again', 'PLAN_CHANGED');
        await audit.append(trx, rc, { action: 'plan.update', targetType: 'plan', targetId: id, before: { version: before.version, title: before.title }, after: { version: after.version, title: after.title } });
        return detail(after);
      });
    },

    /** Archives the plan (DELETE): no longer suggested nor attachable; incidents keep the versions they ran. */
    async archive(rc: RequestContext, id: string): Promise<PlanDetail> {
      requirePermission(rc.actor, 'plans:write');
      return k.transaction().execute(async (trx) => {
        const before = await found(trx, id);
        if (before.state === 'archived') return detail(before);
        const after = await plansRepository.updateIfVersion(trx, id, before.version, { state: 'archived', updated_by: rc.actor.userId, updated_at: clock.now() });
        if (!after) throw new ConflictError('The plan changed meanwhile: reload it and try again', 'PLAN_CHANGED');
        await audit.append(trx, rc, { action: 'plan.archive', targetType: 'plan', targetId: id, before: { state: before.state }, after: { state: 'archived' } });
        return detail(after);
      });
    },

    async versions(rc: RequestContext, id: string) {
      requirePermission(rc.actor, 'plans:read');
      await found(k, id);
      const rows = await plansRepository.versions(k, id);
      const person = await people(rows.map((r) => r.published_by));
      return { items: rows.map((r) => ({ number: r.number, publishedAt: toIso(r.published_at), publishedBy: person(r.published_by) })) };
    },

    async version(rc: RequestContext, id: string, number: number): Promise<PlanVersion> {
      requirePermission(rc.actor, 'plans:read');
      await found(k, id);
      const row = await plansRepository.version(k, id, number);
      if (!row) throw new NotFoundError('Plan version', `${id}/${number}`);
      const person = await people([row.published_by]);
      return { planId: id, number: row.number, publishedAt: toIso(row.published_at), publishedBy: person(row.published_by), document: JSON.parse(row.document) as PlanDocument };
    },

    /** Freezes the draft as the next version (the draft is checked again: an alert rule it names may be gone). */
    async publish(rc: RequestContext, id: string, version: number): Promise<PlanDetail> {
      requirePermission(rc.actor, 'plans:write');
      const before = await found(k, id);
      notArchived(before);
      if (before.draft_changed === 0 && before.published_version !== null) {
        throw new ConflictError(`The draft is version ${before.published_version} as published: edit it first`, 'PLAN_UNCHANGED', { publishedVersion: before.published_version });
      }
      const document = await checked(JSON.parse(before.draft), 'draft');
      return k.transaction().execute(async (trx) => {
        const now = clock.now();
        const number = (before.published_version ?? 0) + 1;
        const after = await plansRepository.updateIfVersion(trx, id, version, { published_version: number, draft_changed: 0, updated_by: rc.actor.userId, updated_at: now });
        if (!after || after.draft !== before.draft) throw new ConflictError('The plan changed meanwhile: reload it and try again', 'PLAN_CHANGED');
        await plansRepository.insertVersion(trx, { plan_id: id, number, document: JSON.stringify(document), trigger: JSON.stringify(document.trigger), published_at: now, published_by: rc.actor.userId });
        await audit.append(trx, rc, { action: 'plan.publish', targetType: 'plan', targetId: id, after: { key: before.key, number } });
        return detail(after);
      });
    },

    /**
     * The shipped plans (DEFAULT_PLANS) a library lacks, installed as published version 1. A plan whose key exists —
     * edited, archived, whatever its state — is left as the administrators made it.
     */
    async ensureDefaults(system: RequestContext): Promise<number> {
      return k.transaction().execute(async (trx) => {
        const existing = await plansRepository.existingKeys(trx, DEFAULT_PLANS.map((p) => p.key));
        const missing = DEFAULT_PLANS.filter((p) => !existing.has(p.key));
        if (missing.length === 0) return 0;
        const now = clock.now();
        for (const document of missing) {
          const id = newId();
          const text = JSON.stringify(document);
          await plansRepository.insert(trx, {
            id,
            key: document.key,
            state: 'active',
            draft: text,
            title: document.title.zh,
            category: document.category,
            published_version: 1,
            draft_changed: 0,
            builtin: 1,
            version: 1,
            created_by: null,
            created_at: now,
            updated_by: null,
            updated_at: now,
          });
          await plansRepository.insertVersion(trx, { plan_id: id, number: 1, document: text, trigger: JSON.stringify(document.trigger), published_at: now, published_by: null });
        }
        await audit.append(trx, system, { action: 'plan.seed', targetType: 'plan', targetId: null, after: { keys: missing.map((p) => p.key) } });
        return missing.length;
      });
    },

    /**
     * The published plans that match an alert, or an incident (its linked alerts, its subsystem, device type and
     * level), best first with why (suggestions.ts has the scoring).
     */
    async suggest(rc: RequestContext, query: { alertId?: string | undefined; incidentId?: string | undefined }): Promise<{ items: Suggestion[] }> {
      requirePermission(rc.actor, 'plans:read');
      if ((query.alertId === undefined) === (query.incidentId === undefined)) {
        throw invalidFields([fieldProblem('querystring.alertId', 'required')]);
      }
      const subjects: MatchSubject[] = [];
      // The library's triggers are looked up beside the alert or incident (two round trips at once on PostgreSQL);
      // nothing of them is answered before the caller is known to see the subject.
      const triggers = triggerCache.get();
      triggers.catch(() => {}); // awaited below; a refusal meanwhile must not leave it unhandled
      if (query.alertId !== undefined) {
        requirePermission(rc.actor, 'alerts:read');
        const [alert] = await alertFacts(k, [query.alertId]);
        if (!alert || (alert.siteId === null ? rc.actor.siteIds !== null : !canSeeSite(rc.actor, alert.siteId))) {
          throw invalidFields([fieldProblem('querystring.alertId', 'unknownAlert', { alert: query.alertId })]);
        }
        subjects.push({ alertId: alert.id, ruleKey: alert.ruleKey, alertName: alert.name, subsystem: alert.subsystem, deviceType: alert.deviceType, level: alert.level });
      } else {
        requirePermission(rc.actor, 'incidents:read');
        const incident = await incidentFacts(k, rc.actor, query.incidentId!);
        if (!incident) throw invalidFields([fieldProblem('querystring.incidentId', 'unknownIncident', { incident: query.incidentId! })]);
        for (const alert of await alertFacts(k, incident.alertIds)) {
          subjects.push({ alertId: alert.id, ruleKey: alert.ruleKey, alertName: alert.name, subsystem: alert.subsystem, deviceType: alert.deviceType, level: alert.level });
        }
        const device = incident.deviceId ? await visibleDevice(k, rc.actor, incident.deviceId).catch(() => null) : null;
        subjects.push({ alertId: null, ruleKey: null, alertName: null, subsystem: incident.subsystem, deviceType: device?.type ?? null, level: incident.level });
      }
      return { items: rankPlans(await triggers, subjects) };
    },

    /**
     * Attaches a plan's newest published version to the incident: its steps become the checklist (copied, so later
     * versions never change it), each assigned to the person holding its role (roleHolders).
     */
    async attach(rc: RequestContext, incidentId: string, planId: string): Promise<IncidentPlan> {
      requirePermission(rc.actor, 'incidents:write');
      const incident = await visibleIncident(rc, incidentId);
      notClosed(incident);
      const plan = await plansRepository.findById(k, planId);
      if (!plan) throw invalidFields([fieldProblem('planId', 'enum', { allowedValues: 'the id of a published plan' })]);
      notArchived(plan);
      if (plan.published_version === null) throw new ConflictError(`Plan ${plan.key} has no published version yet`, 'PLAN_NOT_PUBLISHED');
      const now = clock.now();
      const holders = await roleHolders(k, incident, now);
      await k.transaction().execute(async (trx) => {
        if (await plansRepository.incidentPlan(trx, incidentId)) throw new ConflictError('The incident already runs a plan', 'INCIDENT_PLAN_ATTACHED');
        const version = (await plansRepository.version(trx, planId, plan.published_version!))!;
        const document = JSON.parse(version.document) as PlanDocument;
        const backfill = new Set(backfillSteps(document));
        await plansRepository.insertIncidentPlan(trx, { incident_id: incidentId, plan_id: planId, plan_version: version.number, attached_at: now, attached_by: rc.actor.userId }).catch((error: unknown) => {
          throw isUniqueViolation(error) ? new ConflictError('The incident already runs a plan', 'INCIDENT_PLAN_ATTACHED') : error;
        });
        await plansRepository.insertSteps(
          trx,
          document.steps.map((step, i) => ({
            incident_id: incidentId,
            step_key: step.key,
            position: i + 1,
            title: JSON.stringify(step.title),
            detail: step.detail ? JSON.stringify(step.detail) : null,
            role: step.role,
            phase: step.phase,
            step_check: step.check ? JSON.stringify(step.check) : null,
            backfill: backfill.has(step.key) ? 1 : 0,
            assignee_user_id: holders.get(step.role) ?? null,
            expected_minutes: step.expectedMinutes,
            started_at: null,
            started_by: null,
            done_at: null,
            done_by: null,
            skipped_at: null,
            skipped_by: null,
            skip_reason: null,
            verified: 0,
            version: 1,
          })),
        );
        await noteOnIncident(trx, events, rc, incidentId, 'plan_attached', { planId, planKey: plan.key, version: version.number, title: document.title.zh, steps: document.steps.length }, now);
        await audit.append(trx, rc, { action: 'incident.plan_attach', targetType: 'incident', targetId: incidentId, after: { planKey: plan.key, version: version.number } });
      });
      return checklist(incidentId);
    },

    async checklist(rc: RequestContext, incidentId: string): Promise<IncidentPlan> {
      requirePermission(rc.actor, 'incidents:read');
      await visibleIncident(rc, incidentId);
      return checklist(incidentId);
    },

    /**
     * One step of the checklist: start (pending → started), done (pending or started → done), skip with a reason
     * (pending or started → skipped), reassign (to an active user, or nobody) while it is not finished. `version` is
     * the step's: 409 PLAN_STEP_CHANGED when someone moved it meanwhile.
     */
    async updateStep(rc: RequestContext, incidentId: string, key: string, body: StepUpdateBody): Promise<IncidentPlan> {
      requirePermission(rc.actor, 'incidents:write');
      const incident = await visibleIncident(rc, incidentId);
      notClosed(incident);
      if (body.action === 'skip' && !body.reason?.trim()) throw invalidFields([fieldProblem('reason', 'required')]);
      if (body.action === 'reassign') {
        if (body.userId === undefined) throw invalidFields([fieldProblem('userId', 'required')]);
        if (body.userId !== null) {
          const user = await userAccounts.findById(k, body.userId);
          if (!user || user.status !== 'active') throw invalidFields([fieldProblem('userId', 'unknownUser', { user: body.userId })]);
        }
      }
      await k.transaction().execute(async (trx) => {
        const step = await plansRepository.step(trx, incidentId, key);
        if (!step) throw new NotFoundError('Checklist step', key);
        const status = stepStatus(step);
        if (status === 'done' || status === 'skipped') throw new ConflictError(`Step ${key} is already ${status}`, 'PLAN_STEP_FINISHED', { status });
        if (body.action === 'start' && status !== 'pending') throw new ConflictError(`Step ${key} has already started`, 'PLAN_STEP_STARTED', { status });
        const now = clock.now();
        const by = rc.actor.userId;
        const patch: Partial<IncidentPlanStepsTable> =
          body.action === 'start'
            ? { started_at: now, started_by: by }
            : body.action === 'done'
              ? { done_at: now, done_by: by }
              : body.action === 'skip'
                ? { skipped_at: now, skipped_by: by, skip_reason: body.reason!.trim() }
                : { assignee_user_id: body.userId ?? null };
        const after = await plansRepository.updateStepIfVersion(trx, incidentId, key, body.version, patch);
        if (!after) throw new ConflictError('The step changed meanwhile: reload the checklist and try again', 'PLAN_STEP_CHANGED', { version: step.version });
        const title = (JSON.parse(step.title) as LocalText).zh;
        if (body.action === 'done') await noteOnIncident(trx, events, rc, incidentId, 'plan_step_done', { step: key, title }, now);
        if (body.action === 'skip') await noteOnIncident(trx, events, rc, incidentId, 'plan_step_skipped', { step: key, title, reason: patch.skip_reason }, now);
        // Started and reassigned steps have no timeline line, but the live console still hears of them.
        if (body.action === 'start' || body.action === 'reassign') await announceIncidentChange(trx, events, incidentId, `plan_step_${body.action}`, now);
        await audit.append(trx, rc, {
          action: 'incident.plan_step',
          targetType: 'incident',
          targetId: incidentId,
          before: { step: key, status, assignee: step.assignee_user_id },
          after: { step: key, action: body.action, status: stepStatus(after), assignee: after.assignee_user_id },
          reason: body.action === 'skip' ? (patch.skip_reason ?? null) : null,
        });
      });
      return checklist(incidentId);
    },
  };
}

export type PlansService = ReturnType<typeof createPlansService>;
