import { toIso, toIsoOrNull } from '../../clock.ts';
import type { Executor } from '../../db/types.ts';
import { ConflictError, NotFoundError } from '../../errors.ts';
import { fieldProblem, invalidFields } from '../../field-problems.ts';
import { cursorPage, type CursorPage, type ListRequest } from '../../http/cursor.ts';
import { newId } from '../../ids.ts';
import type { ModuleContext } from '../../module.ts';
import { requirePermission, systemContext, type RequestContext } from '../auth/index.ts';
import { publishedPlanVersion, type PublishedPlan } from '../plans/index.ts';
import { createDrillNotice, noticeSentAt, toldOf } from './drill-notice.ts';
import type { DrillsContext, Person } from './drills.context.ts';
import { drillsRepository, RUN_ORDER, type RunFilter } from './drills.repository.ts';
import type { CompleteRunBody, CreateRunBody, RunDetail, StepUpdateBody } from './drills.schemas.ts';
import type { DrillRunsTable, DrillSchedulesTable, DrillStepsTable } from './drills.tables.ts';
import { followingOccurrence } from './occurrences.ts';
import { stepStatus, stepTimings } from './report.ts';
import { timingOf } from './schedules.service.ts';

/** Schedules whose occurrence came, taken per worker run; the rest wait for the next minute. */
const DUE_BATCH = 100;

type LocalText = PublishedPlan['document']['title'];
export type RunView = Omit<RunDetail, 'participants' | 'steps' | 'notice' | 'findingCount'>;

/** A run's copy of the plan version's steps, so a later publish never changes a drill under way (as an incident's checklist). */
function stepsOf(runId: string, plan: PublishedPlan): DrillStepsTable[] {
  return plan.document.steps.map((step, i) => ({
    run_id: runId,
    step_key: step.key,
    position: i + 1,
    title: JSON.stringify(step.title),
    detail: step.detail ? JSON.stringify(step.detail) : null,
    role: step.role,
    phase: step.phase,
    expected_minutes: step.expectedMinutes,
    started_at: null,
    started_by: null,
    done_at: null,
    done_by: null,
    skipped_at: null,
    skipped_by: null,
    skip_reason: null,
    version: 1,
  }));
}

/**
 * Drill runs (SPEC C6.3): made by the worker when a schedule's occurrence comes, or by hand; scheduled → running →
 * completed, or cancelled. The checklist is the plan's steps in **drill mode**: ticking steps pages nobody and no
 * communication template is ever sent — the drill copies the plan's steps and nothing else, and never calls oncall.
 * The one thing it sends: a notice to its participants and owner when the worker makes its run or someone starts it
 * (drill-notice.ts), once per run.
 */
export function createRunsService(ctx: ModuleContext, dc: DrillsContext) {
  const { clock, audit } = ctx;
  const { k } = dc;
  const tell = createDrillNotice(ctx);

  function baseView(r: DrillRunsTable, siteIds: string[], people: Map<string, Person>, counts: { total: number; done: number; skipped: number } | undefined): RunView {
    return {
      id: r.id,
      drill: true,
      scheduleId: r.schedule_id,
      occurrenceAt: toIsoOrNull(r.occurrence_at),
      plan: { id: r.plan_id, key: r.plan_key, version: r.plan_version, title: JSON.parse(r.plan_title) as LocalText },
      title: r.title,
      state: r.state,
      scheduledFor: toIso(r.scheduled_for),
      siteIds,
      owner: dc.personOf(people, r.owner_id),
      startedAt: toIsoOrNull(r.started_at),
      startedBy: r.started_by,
      endedAt: toIsoOrNull(r.ended_at),
      endedBy: r.ended_by,
      cancelReason: r.cancel_reason,
      summary: r.summary,
      progress: counts ?? { total: 0, done: 0, skipped: 0 },
      version: r.version,
      createdAt: toIso(r.created_at),
    };
  }

  async function summaries(rows: DrillRunsTable[]) {
    const ids = rows.map((r) => r.id);
    const [sites, counts, people] = await Promise.all([drillsRepository.sitesOf(k, 'run', ids), drillsRepository.stepCounts(k, ids), dc.people(rows.map((r) => r.owner_id))]);
    return rows.map((r) => ({ ...baseView(r, sites.get(r.id) ?? [], people, counts.get(r.id)), participantCount: (JSON.parse(r.participants) as string[]).length }));
  }

  async function detail(run: DrillRunsTable & { siteIds: string[] }): Promise<RunDetail> {
    const now = clock.now();
    const steps = await drillsRepository.steps(k, run.id);
    const participants = JSON.parse(run.participants) as string[];
    const people = await dc.people([...participants, run.owner_id, ...steps.flatMap((s) => [s.started_by, s.done_by, s.skipped_by])]);
    const timings = new Map(stepTimings(run, steps, now).map((t) => [t.key, t]));
    const counts = { total: steps.length, done: steps.filter((s) => s.done_at !== null).length, skipped: steps.filter((s) => s.skipped_at !== null).length };
    return {
      ...baseView(run, run.siteIds, people, counts),
      participants: participants.map((id) => dc.personOf(people, id) as Person),
      steps: steps.map((s) => ({
        key: s.step_key,
        position: s.position,
        title: JSON.parse(s.title) as LocalText,
        detail: s.detail === null ? null : (JSON.parse(s.detail) as LocalText),
        role: s.role,
        phase: s.phase,
        status: stepStatus(s),
        expectedMinutes: s.expected_minutes,
        actualMinutes: timings.get(s.step_key)?.actualMinutes ?? null,
        overdue: timings.get(s.step_key)?.over ?? false,
        startedAt: toIsoOrNull(s.started_at),
        startedBy: s.started_by,
        doneAt: toIsoOrNull(s.done_at),
        doneBy: s.done_by,
        skippedAt: toIsoOrNull(s.skipped_at),
        skippedBy: s.skipped_by,
        skipReason: s.skip_reason,
        version: s.version,
      })),
      notice: (() => {
        const sentAt = noticeSentAt(run);
        return { state: sentAt === null ? ('none' as const) : ('sent' as const), userIds: toldOf(run), sentAt: toIsoOrNull(sentAt) };
      })(),
      findingCount: await drillsRepository.countFindings(k, run.id),
    };
  }

  /** Inserts a run with its sites and steps in the caller's transaction; false when the occurrence already has one. */
  async function insertRun(trx: Executor, row: DrillRunsTable, siteIds: readonly string[], plan: PublishedPlan): Promise<boolean> {
    if (!(await drillsRepository.insertRun(trx, row))) return false;
    await drillsRepository.setSites(trx, 'run', row.id, siteIds);
    await drillsRepository.insertSteps(trx, stepsOf(row.id, plan));
    return true;
  }

  const newRun = (fields: Pick<DrillRunsTable, 'schedule_id' | 'occurrence_at' | 'title' | 'scheduled_for' | 'participants' | 'owner_id' | 'created_by'>, plan: PublishedPlan, now: number): DrillRunsTable => ({
    id: newId(),
    plan_id: plan.planId,
    plan_key: plan.key,
    plan_version: plan.number,
    plan_title: JSON.stringify(plan.document.title),
    state: 'scheduled',
    started_at: null,
    started_by: null,
    ended_at: null,
    ended_by: null,
    cancel_reason: null,
    summary: null,
    version: 1,
    created_at: now,
    ...fields,
  });

  const changed = (run: DrillRunsTable) => new ConflictError('The drill changed meanwhile: reload it and try again', 'DRILL_RUN_CHANGED', { version: run.version });

  async function transition(rc: RequestContext, id: string, version: number, allowed: readonly DrillRunsTable['state'][], patch: (run: DrillRunsTable, now: number) => Partial<DrillRunsTable>, action: 'drill_run.start' | 'drill_run.cancel' | 'drill_run.complete') {
    const run = await dc.visibleRun(rc, id);
    if (!allowed.includes(run.state)) throw new ConflictError(`The drill is ${run.state}`, 'DRILL_RUN_STATE', { state: run.state });
    const now = clock.now();
    const p = patch(run, now);
    // The version the drill copied, for the start's notice (its title and scenario), read before the transaction.
    const plan = action === 'drill_run.start' ? await publishedPlanVersion(k, run.plan_id, run.plan_version) : null;
    await k.transaction().execute(async (trx) => {
      const after = await drillsRepository.updateRunIfVersion(trx, id, version, p);
      if (!after) throw changed(run);
      await audit.append(trx, rc, {
        action,
        targetType: 'drill_run',
        targetId: id,
        before: { state: run.state },
        // Starting tells the participants and nobody else (drill mode): the record says whom.
        after: { state: after.state, ...(action === 'drill_run.start' && { participants: JSON.parse(after.participants) as string[] }), ...(p.summary && { summary: p.summary }) },
        reason: p.cancel_reason ?? null,
      });
      // Last: the outbox's notify.queued event closes the transaction (events are appended last).
      if (plan) await tell(trx, after, run.siteIds, plan, now, now);
    });
    return detail(await dc.visibleRun(rc, id));
  }

  return {
    async list(rc: RequestContext, filter: RunFilter, page: ListRequest): Promise<CursorPage<RunView & { participantCount: number }>> {
      requirePermission(rc.actor, 'plans:read');
      if (filter.from !== undefined && filter.to !== undefined && filter.from >= filter.to) throw invalidFields([fieldProblem('querystring.from', 'rangeOrder')]);
      return cursorPage(RUN_ORDER, page, (p) => drillsRepository.listRuns(k, filter, dc.scopeOf(rc), p), summaries);
    },

    async get(rc: RequestContext, id: string): Promise<RunDetail> {
      requirePermission(rc.actor, 'plans:read');
      return detail(await dc.visibleRun(rc, id));
    },

    /** A summary of one visible run (the report's header). */
    async summary(rc: RequestContext, id: string) {
      const run = await dc.visibleRun(rc, id);
      return { run, view: (await summaries([run]))[0]! };
    },

    /**
     * A run by hand: from a schedule (its plan, title, sites and people unless given; no occurrence, so it is not
     * one of the schedule's) or from a plan (siteIds required). The plan's newest published version is copied now.
     */
    async create(rc: RequestContext, body: CreateRunBody): Promise<RunDetail> {
      requirePermission(rc.actor, 'plans:write');
      if ((body.scheduleId === undefined) === (body.planId === undefined)) throw invalidFields([fieldProblem(body.scheduleId === undefined ? 'planId' : 'scheduleId', 'required')]);
      let schedule: (DrillSchedulesTable & { siteIds: string[] }) | null = null;
      if (body.scheduleId !== undefined) {
        const row = await drillsRepository.findSchedule(k, body.scheduleId);
        const siteIds = row ? ((await drillsRepository.sitesOf(k, 'schedule', [row.id])).get(row.id) ?? []) : [];
        if (!row || (rc.actor.siteIds !== null && !siteIds.some((s) => rc.actor.siteIds!.includes(s)))) throw invalidFields([fieldProblem('scheduleId', 'enum', { allowedValues: 'the id of a drill schedule' })]);
        schedule = { ...row, siteIds };
      }
      const siteIds = body.siteIds ?? schedule?.siteIds;
      if (!siteIds) throw invalidFields([fieldProblem('siteIds', 'required')]);
      const participants = body.participants ?? (schedule ? (JSON.parse(schedule.participants) as string[]) : []);
      const problems = [...(await dc.siteProblems(rc, siteIds)), ...(await dc.peopleProblems(participants, 'participants')), ...(body.ownerId !== undefined ? await dc.peopleProblems([body.ownerId], 'ownerId', true) : [])];
      if (problems.length > 0) throw invalidFields(problems);
      const plan = await dc.drillablePlan(schedule?.plan_id ?? body.planId!, schedule ? 'scheduleId' : 'planId');
      const now = clock.now();
      const row = newRun(
        {
          schedule_id: schedule?.id ?? null,
          occurrence_at: null,
          title: body.title?.trim() ?? schedule?.title ?? `${plan.document.title.zh} 演练`,
          scheduled_for: body.scheduledFor !== undefined ? Date.parse(body.scheduledFor) : now,
          participants: JSON.stringify(participants),
          owner_id: body.ownerId !== undefined ? body.ownerId : (schedule?.owner_id ?? rc.actor.userId),
          created_by: rc.actor.userId,
        },
        plan,
        now,
      );
      const start = body.start === true;
      if (start) Object.assign(row, { state: 'running', started_at: now, started_by: rc.actor.userId });
      await k.transaction().execute(async (trx) => {
        await insertRun(trx, row, siteIds, plan);
        await audit.append(trx, rc, {
          action: 'drill_run.create',
          targetType: 'drill_run',
          targetId: row.id,
          after: { planKey: plan.key, version: plan.number, title: row.title, scheduleId: row.schedule_id, siteIds, participants, state: row.state },
        });
        if (start) await tell(trx, row, siteIds, plan, now, now);
      });
      return detail(await dc.visibleRun(rc, row.id));
    },

    /**
     * The worker's job: a run for every schedule whose occurrence has come. Idempotent per occurrence (the unique
     * (schedule_id, occurrence_at) index: a retry or a second node inserts nothing), the schedule moved past it with
     * a write conditional on where it was. Only the node holding the scheduler lease runs jobs. A plan archived
     * since is not drilled: the occurrence is passed over. Returns the runs made.
     */
    async makeDueRuns(): Promise<string[]> {
      const now = clock.now();
      const system = systemContext('drills');
      const made: string[] = [];
      for (const s of await drillsRepository.dueSchedules(k, now, DUE_BATCH)) {
        const due = s.next_due_at!;
        const next = followingOccurrence(timingOf(s), due, now);
        const siteIds = (await drillsRepository.sitesOf(k, 'schedule', [s.id])).get(s.id) ?? [];
        await k.transaction().execute(async (trx) => {
          if (!(await drillsRepository.advanceSchedule(trx, s.id, due, next))) return;
          const plan = await dc.drillablePlan(s.plan_id, 'planId', trx).catch(() => null);
          if (!plan) return;
          const row = newRun({ schedule_id: s.id, occurrence_at: due, title: s.title, scheduled_for: due, participants: s.participants, owner_id: s.owner_id, created_by: null }, plan, now);
          if (!(await insertRun(trx, row, siteIds, plan))) return;
          await audit.append(trx, system, {
            action: 'drill_run.create',
            targetType: 'drill_run',
            targetId: row.id,
            after: { planKey: plan.key, version: plan.number, title: row.title, scheduleId: s.id, occurrenceAt: due, siteIds, participants: JSON.parse(s.participants) as string[], state: row.state },
          });
          // The occurrence came: the drill's people are told now, with the time it was due.
          await tell(trx, row, siteIds, plan, due, now);
          made.push(row.id);
        });
      }
      return made;
    },

    start: (rc: RequestContext, id: string, version: number) =>
      (requirePermission(rc.actor, 'plans:write'), transition(rc, id, version, ['scheduled'], (_r, now) => ({ state: 'running', started_at: now, started_by: rc.actor.userId }), 'drill_run.start')),

    cancel: (rc: RequestContext, id: string, version: number, reason: string) =>
      (requirePermission(rc.actor, 'plans:write'),
      transition(rc, id, version, ['scheduled', 'running'], (_r, now) => ({ state: 'cancelled', ended_at: now, ended_by: rc.actor.userId, cancel_reason: reason.trim() }), 'drill_run.cancel')),

    complete: (rc: RequestContext, id: string, body: CompleteRunBody) =>
      (requirePermission(rc.actor, 'plans:write'),
      transition(rc, id, body.version, ['running'], (_r, now) => ({ state: 'completed', ended_at: now, ended_by: rc.actor.userId, summary: body.summary?.trim() || null }), 'drill_run.complete')),

    /**
     * One step of a running drill: start (pending → started), done (pending or started → done), skip with a reason.
     * `version` is the step's: 409 DRILL_STEP_CHANGED when someone moved it meanwhile.
     */
    async updateStep(rc: RequestContext, runId: string, key: string, body: StepUpdateBody): Promise<RunDetail> {
      requirePermission(rc.actor, 'plans:read');
      const run = await dc.visibleRun(rc, runId);
      dc.requireDrillWork(rc, run);
      if (body.action === 'skip' && !body.reason?.trim()) throw invalidFields([fieldProblem('reason', 'required')]);
      if (run.state !== 'running') throw new ConflictError(`The drill is ${run.state}: steps move only while it runs`, 'DRILL_RUN_STATE', { state: run.state });
      await k.transaction().execute(async (trx) => {
        const step = await drillsRepository.step(trx, runId, key);
        if (!step) throw new NotFoundError('Drill step', key);
        const status = stepStatus(step);
        if (status === 'done' || status === 'skipped') throw new ConflictError(`Step ${key} is already ${status}`, 'DRILL_STEP_FINISHED', { status });
        if (body.action === 'start' && status !== 'pending') throw new ConflictError(`Step ${key} has already started`, 'DRILL_STEP_STARTED', { status });
        const now = clock.now();
        const by = rc.actor.userId;
        const patch: Partial<DrillStepsTable> =
          body.action === 'start' ? { started_at: now, started_by: by } : body.action === 'done' ? { done_at: now, done_by: by } : { skipped_at: now, skipped_by: by, skip_reason: body.reason!.trim() };
        const after = await drillsRepository.updateStepIfVersion(trx, runId, key, body.version, patch);
        if (!after) throw new ConflictError('The step changed meanwhile: reload the drill and try again', 'DRILL_STEP_CHANGED', { version: step.version });
        await audit.append(trx, rc, {
          action: 'drill_run.step',
          targetType: 'drill_run',
          targetId: runId,
          before: { step: key, status },
          after: { step: key, action: body.action, status: stepStatus(after) },
          reason: body.action === 'skip' ? (patch.skip_reason ?? null) : null,
        });
      });
      return detail(await dc.visibleRun(rc, runId));
    },
  };
}

export type RunsService = ReturnType<typeof createRunsService>;
