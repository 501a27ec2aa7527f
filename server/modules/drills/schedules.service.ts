import { toIso, toIsoOrNull } from '../../clock.ts';
import { ConflictError, NotFoundError } from '../../errors.ts';
import { fieldProblem, invalidFields, type FieldProblem } from '../../field-problems.ts';
import { cursorPage, type CursorPage, type ListRequest } from '../../http/cursor.ts';
import { newId } from '../../ids.ts';
import type { ModuleContext } from '../../module.ts';
import { canSeeSite, requirePermission, type RequestContext } from '../auth/index.ts';
import { DEFAULT_ZONE, isValidTimeZone } from '../calendar/index.ts';
import { newestPublishedPlan } from '../plans/index.ts';
import { siteRecords } from '../sites/index.ts';
import type { DrillsContext, Person } from './drills.context.ts';
import { drillsRepository, SCHEDULE_ORDER } from './drills.repository.ts';
import type { CreateScheduleBody, Schedule, UpdateScheduleBody } from './drills.schemas.ts';
import type { DrillSchedulesTable } from './drills.tables.ts';
import { cronProblem, nextOccurrence, occurrencesBetween, type DrillTiming } from './occurrences.ts';

const YEAR_MS = 366 * 86_400_000;
/** How many coming occurrences a schedule shows (the calendar reads them). */
const UPCOMING = 4;

export const timingOf = (s: Pick<DrillSchedulesTable, 'cron' | 'once_at' | 'timezone'>): DrillTiming =>
  s.cron !== null ? { kind: 'cron', cron: s.cron, zone: s.timezone } : { kind: 'once', at: s.once_at! };

/**
 * Drill schedules (SPEC C6.3): a plan's drill on a cron expression in the site's time zone (the quarterly switchover
 * drill) or once. `next_due_at` is the next occurrence the worker has not made a run of: set here when a schedule is
 * made, enabled or retimed, moved on by the worker (drills.jobs.ts), cleared when disabled.
 */
export function createSchedulesService(ctx: ModuleContext, dc: DrillsContext) {
  const { clock, audit } = ctx;
  const { k } = dc;

  async function views(rows: DrillSchedulesTable[]): Promise<Schedule[]> {
    const now = clock.now();
    const sites = await drillsRepository.sitesOf(k, 'schedule', rows.map((r) => r.id));
    const ids = rows.flatMap((r) => [...(JSON.parse(r.participants) as string[]), r.owner_id]);
    const people = await dc.people(ids);
    const plans = new Map<string, { id: string; key: string; title: { zh: string; en?: string } }>();
    for (const planId of new Set(rows.map((r) => r.plan_id))) {
      const plan = await newestPublishedPlan(k, planId);
      plans.set(planId, { id: planId, key: plan?.key ?? planId, title: plan?.document.title ?? { zh: planId } });
    }
    return rows.map((r) => ({
      id: r.id,
      plan: plans.get(r.plan_id)!,
      title: r.title,
      cron: r.cron,
      onceAt: toIsoOrNull(r.once_at),
      timezone: r.timezone,
      siteIds: sites.get(r.id) ?? [],
      participants: (JSON.parse(r.participants) as string[]).map((id) => dc.personOf(people, id) as Person),
      owner: dc.personOf(people, r.owner_id),
      enabled: r.enabled === 1,
      nextDueAt: toIsoOrNull(r.next_due_at),
      upcoming: r.enabled === 1 && r.next_due_at !== null ? [r.next_due_at, ...occurrencesBetween(timingOf(r), r.next_due_at, now + YEAR_MS, UPCOMING - 1)].map(toIso) : [],
      version: r.version,
      createdAt: toIso(r.created_at),
      updatedAt: toIso(r.updated_at),
    }));
  }

  async function visibleSchedule(rc: RequestContext, id: string): Promise<DrillSchedulesTable> {
    const row = await drillsRepository.findSchedule(k, id);
    if (!row) throw new NotFoundError('Drill schedule', id);
    if (rc.actor.siteIds !== null) {
      const sites = (await drillsRepository.sitesOf(k, 'schedule', [id])).get(id) ?? [];
      if (!sites.some((s) => canSeeSite(rc.actor, s))) throw new NotFoundError('Drill schedule', id);
    }
    return row;
  }

  /** The zone: given, else the first site's, else Asia/Shanghai. */
  async function zoneFor(given: string | undefined, siteIds: readonly string[]): Promise<string> {
    if (given !== undefined) return given;
    const first = siteIds[0] ? await siteRecords.findById(k, siteIds[0]) : undefined;
    return first?.timezone ?? DEFAULT_ZONE;
  }

  /** Every problem of a schedule's timing (when given: a new or changed one), people and sites, by field. */
  async function check(
    rc: RequestContext,
    t: { timing?: { cron: string | null; onceAt: number | null; timezone: string }; siteIds?: readonly string[] | undefined; participants?: readonly string[] | undefined; ownerId?: string | null | undefined },
    now: number,
  ) {
    const problems: FieldProblem[] = [];
    if (t.timing) {
      const { cron, onceAt, timezone } = t.timing;
      const zoneOk = isValidTimeZone(timezone);
      if (!zoneOk) problems.push(fieldProblem('timezone', 'timeZone', { value: timezone.slice(0, 64) }));
      if (cron === null && onceAt === null) problems.push(fieldProblem('cron', 'required'));
      if (cron !== null && onceAt !== null) problems.push(fieldProblem('onceAt', 'enum', { allowedValues: 'absent when cron is given' }));
      if (cron !== null && zoneOk) {
        const p = cronProblem(cron, timezone, now);
        if (p) problems.push(p);
      }
      if (cron === null && onceAt !== null && onceAt <= now) problems.push(fieldProblem('onceAt', 'future'));
    }
    if (t.siteIds) problems.push(...(await dc.siteProblems(rc, t.siteIds)));
    if (t.participants) problems.push(...(await dc.peopleProblems(t.participants, 'participants')));
    if (t.ownerId !== undefined) problems.push(...(await dc.peopleProblems([t.ownerId], 'ownerId', true)));
    if (problems.length > 0) throw invalidFields(problems);
  }

  return {
    async list(rc: RequestContext, page: ListRequest): Promise<CursorPage<Schedule>> {
      requirePermission(rc.actor, 'plans:read');
      return cursorPage(SCHEDULE_ORDER, page, (p) => drillsRepository.listSchedules(k, dc.scopeOf(rc), p), views);
    },

    async get(rc: RequestContext, id: string): Promise<Schedule> {
      requirePermission(rc.actor, 'plans:read');
      return (await views([await visibleSchedule(rc, id)]))[0]!;
    },

    async create(rc: RequestContext, body: CreateScheduleBody): Promise<Schedule> {
      requirePermission(rc.actor, 'plans:write');
      const now = clock.now();
      const cron = body.cron?.trim() ?? null;
      const onceAt = body.onceAt !== undefined ? Date.parse(body.onceAt) : null;
      const timezone = await zoneFor(body.timezone, body.siteIds);
      await check(rc, { timing: { cron, onceAt, timezone }, siteIds: body.siteIds, participants: body.participants, ownerId: body.ownerId }, now);
      const plan = await dc.drillablePlan(body.planId);
      const enabled = body.enabled ?? true;
      const row: DrillSchedulesTable = {
        id: newId(),
        plan_id: plan.planId,
        title: body.title.trim(),
        cron,
        once_at: onceAt,
        timezone,
        participants: JSON.stringify(body.participants),
        owner_id: body.ownerId ?? rc.actor.userId,
        enabled: enabled ? 1 : 0,
        next_due_at: enabled ? nextOccurrence(timingOf({ cron, once_at: onceAt, timezone }), now) : null,
        version: 1,
        created_by: rc.actor.userId,
        created_at: now,
        updated_by: rc.actor.userId,
        updated_at: now,
      };
      await k.transaction().execute(async (trx) => {
        await drillsRepository.insertSchedule(trx, row);
        await drillsRepository.setSites(trx, 'schedule', row.id, body.siteIds);
        await audit.append(trx, rc, { action: 'drill_schedule.create', targetType: 'drill_schedule', targetId: row.id, after: { planKey: plan.key, title: row.title, cron, onceAt: row.once_at, timezone, siteIds: body.siteIds, participants: body.participants, enabled } });
      });
      return this.get(rc, row.id);
    },

    async update(rc: RequestContext, id: string, body: UpdateScheduleBody): Promise<Schedule> {
      requirePermission(rc.actor, 'plans:write');
      const before = await visibleSchedule(rc, id);
      const now = clock.now();
      // Giving one timing clears the other: a schedule is either recurring or one-off.
      const cron = body.cron !== undefined ? (body.cron === null ? null : body.cron.trim()) : typeof body.onceAt === 'string' ? null : before.cron;
      const onceAt = body.onceAt !== undefined ? (body.onceAt === null ? null : Date.parse(body.onceAt)) : typeof body.cron === 'string' ? null : before.once_at;
      const timezone = body.timezone ?? before.timezone;
      const retimed = cron !== before.cron || onceAt !== before.once_at || timezone !== before.timezone;
      await check(rc, { ...(retimed && { timing: { cron, onceAt, timezone } }), siteIds: body.siteIds, participants: body.participants, ownerId: body.ownerId }, now);
      const enabled = body.enabled ?? before.enabled === 1;
      const wasOn = before.enabled === 1;
      const patch: Partial<DrillSchedulesTable> = {
        title: body.title?.trim() ?? before.title,
        cron,
        once_at: onceAt,
        timezone,
        enabled: enabled ? 1 : 0,
        updated_by: rc.actor.userId,
        updated_at: now,
        ...(body.participants && { participants: JSON.stringify(body.participants) }),
        ...(body.ownerId !== undefined && { owner_id: body.ownerId }),
        // Retimed or switched on: from now. Switched off: nothing to come. Otherwise the worker's position stands.
        ...(!enabled ? { next_due_at: null } : retimed || !wasOn ? { next_due_at: nextOccurrence(timingOf({ cron, once_at: onceAt, timezone }), now) } : {}),
      };
      await k.transaction().execute(async (trx) => {
        const after = await drillsRepository.updateScheduleIfVersion(trx, id, body.version, patch);
        if (!after) throw new ConflictError('The schedule changed meanwhile: reload it and try again', 'DRILL_SCHEDULE_CHANGED', { version: before.version });
        if (body.siteIds) await drillsRepository.setSites(trx, 'schedule', id, body.siteIds);
        await audit.append(trx, rc, {
          action: 'drill_schedule.update',
          targetType: 'drill_schedule',
          targetId: id,
          before: { title: before.title, cron: before.cron, onceAt: before.once_at, timezone: before.timezone, enabled: wasOn, participants: JSON.parse(before.participants) as string[], owner: before.owner_id },
          after: { title: after.title, cron: after.cron, onceAt: after.once_at, timezone: after.timezone, enabled, participants: JSON.parse(after.participants) as string[], owner: after.owner_id, ...(body.siteIds && { siteIds: body.siteIds }) },
        });
      });
      return this.get(rc, id);
    },

    /** Deletes the schedule; the runs it made stay, as runs of no schedule (their occurrence kept). */
    async remove(rc: RequestContext, id: string, version: number): Promise<{ ok: true }> {
      requirePermission(rc.actor, 'plans:write');
      const before = await visibleSchedule(rc, id);
      await k.transaction().execute(async (trx) => {
        if (!(await drillsRepository.deleteScheduleIfVersion(trx, id, version))) throw new ConflictError('The schedule changed meanwhile: reload it and try again', 'DRILL_SCHEDULE_CHANGED', { version: before.version });
        await audit.append(trx, rc, { action: 'drill_schedule.delete', targetType: 'drill_schedule', targetId: id, before: { title: before.title, planId: before.plan_id, cron: before.cron, onceAt: before.once_at } });
      });
      return { ok: true };
    },
  };
}

export type SchedulesService = ReturnType<typeof createSchedulesService>;
