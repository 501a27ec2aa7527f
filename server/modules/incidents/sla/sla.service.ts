import { toIso } from '../../../clock.ts';
import type { Executor } from '../../../db/types.ts';
import { ConflictError, NotFoundError } from '../../../errors.ts';
import { fieldProblem, invalidFields, throwIfProblems, type FieldProblem } from '../../../field-problems.ts';
import { newId } from '../../../ids.ts';
import type { ModuleContext } from '../../../module.ts';
import { requirePermission, type RequestContext } from '../../auth/index.ts';
import { checkBusinessCalendar, holidayCoverage, NoWorkingTimeError, WEEKDAYS, type WorkingCalendar } from '../../calendar/index.ts';
import { siteRecords } from '../../sites/index.ts';
import { SLA_CLOCKS } from '../workflow/model.ts';
import { startTarget } from './sla-engine.ts';
import { checkSlaPolicy, DEFAULT_SLA_CALENDARS, DEFAULT_SLA_POLICY_NAME, defaultSlaPolicy, policyCalendarIds, policyCoversSite, SLA_LEVEL_KEYS, type SlaLevelKey, type SlaPolicy } from './sla-policy.ts';
import { slaCalendarsRepository, slaPoliciesRepository } from './sla.repository.ts';
import type { CreateSlaCalendarBody, CreateSlaPolicyBody, SlaCalendar as SlaCalendarView, SlaPolicy as SlaPolicyView, SlaPreview, UpdateSlaCalendarBody, UpdateSlaPolicyBody } from './sla.schemas.ts';
import type { SlaCalendarsTable, SlaPoliciesTable } from './sla.tables.ts';

/** A stored policy as the incident service uses it. */
export interface SlaPolicyRecord extends SlaPolicy {
  readonly id: string;
  readonly name: string;
}

/** Preview instants are refused outside these years: the engine measures spans of at most a century. */
const PREVIEW_FROM = Date.parse('2000-01-01T00:00:00Z');
const PREVIEW_TO = Date.parse('2100-01-01T00:00:00Z');

export const parseSlaPolicyRow = (row: SlaPoliciesTable): SlaPolicyRecord => ({
  id: row.id,
  name: row.name,
  targets: JSON.parse(row.targets) as SlaPolicy['targets'],
  warnShare: Number(row.warn_share),
  siteIds: row.site_ids === null ? null : (JSON.parse(row.site_ids) as string[]),
  position: row.position,
});

const parseCalendar = (row: SlaCalendarsTable): WorkingCalendar => JSON.parse(row.calendar) as WorkingCalendar;

function policyView(row: SlaPoliciesTable): SlaPolicyView {
  const p = parseSlaPolicyRow(row);
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    targets: p.targets,
    warnShare: p.warnShare,
    siteIds: p.siteIds === null ? null : [...p.siteIds],
    position: row.position,
    version: row.version,
    createdAt: toIso(row.created_at),
    updatedAt: toIso(row.updated_at),
  };
}

function calendarView(row: SlaCalendarsTable, policies: readonly SlaPolicyRecord[]): SlaCalendarView {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    calendar: parseCalendar(row),
    usedBy: policies.filter((p) => policyCalendarIds(p).includes(row.id)).map((p) => ({ id: p.id, name: p.name })),
    version: row.version,
    createdAt: toIso(row.created_at),
    updatedAt: toIso(row.updated_at),
  };
}

/**
 * The calendar as it will be stored, or the problems naming its fields under `calendar.`: checkBusinessCalendar's,
 * and a week without any business hours, which would leave every target of the calendar without a due instant.
 */
function checkedCalendar(input: unknown): WorkingCalendar {
  const { calendar, problems } = checkBusinessCalendar(input);
  const all: FieldProblem[] = problems.map((p) => ({ ...p, field: p.field === '' ? 'calendar' : `calendar.${p.field}` }));
  if (problems.length === 0 && WEEKDAYS.every((d) => (calendar.weekly[d] ?? []).length === 0)) all.push(fieldProblem('calendar.weekly', 'required'));
  throwIfProblems(all);
  return calendar;
}

/** SLA policies and calendars are contract-wide: a user limited to some sites may read them but not change them. */
function requireWriter(rc: RequestContext): void {
  requirePermission(rc.actor, 'incidents:assign');
  if (rc.actor.siteIds !== null) throw new ConflictError('Only a user who sees every site can change SLA calendars and policies', 'SCOPE_TOO_NARROW');
}

function changedMeanwhile(what: 'calendar' | 'policy', current: number): ConflictError {
  return new ConflictError(`The SLA ${what} changed meanwhile (it is at version ${current}): reload it and try again`, what === 'calendar' ? 'SLA_CALENDAR_CHANGED' : 'SLA_POLICY_CHANGED', { version: current });
}

/**
 * SLA calendars (business hours, 7×24; China's holidays and make-up workdays; the campus's own dates) and SLA
 * policies (per level, the response, on-site and resolution targets, each on a calendar), with issue 11's defaults on
 * a new database and the preview a dispatcher reads to a caller. Reading needs incidents:read; changing needs
 * incidents:assign (the dispatcher's "派单与升级事件, 盯住 SLA 计时"; there is no settings permission for incidents)
 * and a user who sees every site. An edited calendar changes no incident: each target keeps the copy it started with.
 */
export function createSlaService(ctx: ModuleContext) {
  const { db, clock, audit } = ctx;
  const k = db.kysely;

  const allPolicies = async (d: Executor) => (await slaPoliciesRepository.list(d)).map(parseSlaPolicyRow);

  async function foundCalendar(d: Executor, id: string) {
    const row = await slaCalendarsRepository.findById(d, id);
    if (!row) throw new NotFoundError('SLA calendar', id);
    return row;
  }

  async function foundPolicy(d: Executor, id: string) {
    const row = await slaPoliciesRepository.findById(d, id);
    if (!row) throw new NotFoundError('SLA policy', id);
    return row;
  }

  async function calendarNameFree(d: Executor, name: string, except: string | null) {
    const other = await slaCalendarsRepository.findByName(d, name);
    if (other && other.id !== except) throw invalidFields([fieldProblem('name', 'nameTaken', { name })]);
  }

  async function policyNameFree(d: Executor, name: string, except: string | null) {
    const other = await slaPoliciesRepository.findByName(d, name);
    if (other && other.id !== except) throw invalidFields([fieldProblem('name', 'nameTaken', { name })]);
  }

  /** The policy as stored, or 400 naming each field: its shape, its calendars, its sites. */
  async function checkedPolicy(d: Executor, body: CreateSlaPolicyBody, position: number): Promise<SlaPolicy> {
    const { policy, problems } = checkSlaPolicy({ targets: body.targets, warnShare: body.warnShare, siteIds: body.siteIds ?? null, position }, await slaCalendarsRepository.ids(d));
    const siteIds = body.siteIds ?? [];
    const known = await siteRecords.existingIds(d, siteIds);
    siteIds.forEach((s, i) => known.has(s) || problems.push(fieldProblem(`siteIds.${i}`, 'unknownSite', { site: s })));
    throwIfProblems(problems);
    return policy!;
  }

  const policyColumns = (body: CreateSlaPolicyBody, policy: SlaPolicy) => ({
    name: body.name,
    description: body.description ?? null,
    targets: JSON.stringify(policy.targets),
    warn_share: policy.warnShare,
    site_ids: policy.siteIds === null ? null : JSON.stringify(policy.siteIds),
    position: policy.position,
  });

  async function nextPosition(d: Executor): Promise<number> {
    return (await slaPoliciesRepository.list(d)).reduce((m, p) => Math.max(m, p.position + 10), 10);
  }

  return {
    // ------------------------------------------------------------ calendars

    async listCalendars(rc: RequestContext) {
      requirePermission(rc.actor, 'incidents:read');
      const policies = await allPolicies(k);
      return { items: (await slaCalendarsRepository.list(k)).map((r) => calendarView(r, policies)), holidaysKnownUntil: holidayCoverage().lastYear };
    },

    async getCalendar(rc: RequestContext, id: string) {
      requirePermission(rc.actor, 'incidents:read');
      return calendarView(await foundCalendar(k, id), await allPolicies(k));
    },

    async createCalendar(rc: RequestContext, body: CreateSlaCalendarBody) {
      requireWriter(rc);
      const calendar = checkedCalendar(body.calendar);
      const now = clock.now();
      return k.transaction().execute(async (trx) => {
        await calendarNameFree(trx, body.name, null);
        const row: SlaCalendarsTable = { id: newId(), name: body.name, description: body.description ?? null, calendar: JSON.stringify(calendar), version: 1, created_at: now, updated_at: now };
        await slaCalendarsRepository.insert(trx, row);
        const view = calendarView(row, []);
        await audit.append(trx, rc, { action: 'sla_calendar.create', targetType: 'sla_calendar', targetId: row.id, after: view });
        return view;
      });
    },

    /** The whole calendar at the version read. Incidents already running keep the copy they started with. */
    async updateCalendar(rc: RequestContext, id: string, body: UpdateSlaCalendarBody) {
      requireWriter(rc);
      const calendar = checkedCalendar(body.calendar);
      const now = clock.now();
      return k.transaction().execute(async (trx) => {
        const before = await foundCalendar(trx, id);
        if (before.version !== body.version) throw changedMeanwhile('calendar', before.version);
        await calendarNameFree(trx, body.name, id);
        const after: SlaCalendarsTable = { ...before, name: body.name, description: body.description ?? null, calendar: JSON.stringify(calendar), version: before.version + 1, updated_at: now };
        if (!(await slaCalendarsRepository.update(trx, id, before.version, after))) throw changedMeanwhile('calendar', before.version + 1);
        const policies = await allPolicies(trx);
        const view = calendarView(after, policies);
        await audit.append(trx, rc, { action: 'sla_calendar.update', targetType: 'sla_calendar', targetId: id, before: calendarView(before, policies), after: view });
        return view;
      });
    },

    /** Refused (409 SLA_CALENDAR_IN_USE, naming them) while a policy's target runs on it. */
    async removeCalendar(rc: RequestContext, id: string, version?: number) {
      requireWriter(rc);
      await k.transaction().execute(async (trx) => {
        const before = await foundCalendar(trx, id);
        if (version !== undefined && before.version !== version) throw changedMeanwhile('calendar', before.version);
        const users = (await slaPoliciesRepository.mentioning(trx, id)).map(parseSlaPolicyRowLoose).filter((p) => policyCalendarIds(p).includes(id));
        if (users.length > 0) {
          throw new ConflictError(`SLA policies use this calendar: ${users.map((p) => p.name).join(', ')}`, 'SLA_CALENDAR_IN_USE', { policies: users.map((p) => ({ id: p.id, name: p.name })) });
        }
        if (!(await slaCalendarsRepository.delete(trx, id, before.version))) throw changedMeanwhile('calendar', before.version + 1);
        await audit.append(trx, rc, { action: 'sla_calendar.delete', targetType: 'sla_calendar', targetId: id, before: calendarView(before, []) });
      });
    },

    // ------------------------------------------------------------ policies

    async listPolicies(rc: RequestContext) {
      requirePermission(rc.actor, 'incidents:read');
      return { items: (await slaPoliciesRepository.list(k)).map(policyView) };
    },

    async getPolicy(rc: RequestContext, id: string) {
      requirePermission(rc.actor, 'incidents:read');
      return policyView(await foundPolicy(k, id));
    },

    async createPolicy(rc: RequestContext, body: CreateSlaPolicyBody) {
      requireWriter(rc);
      const now = clock.now();
      return k.transaction().execute(async (trx) => {
        await policyNameFree(trx, body.name, null);
        const policy = await checkedPolicy(trx, body, body.position ?? (await nextPosition(trx)));
        const row: SlaPoliciesTable = { id: newId(), ...policyColumns(body, policy), version: 1, created_at: now, updated_at: now };
        await slaPoliciesRepository.insert(trx, row);
        const view = policyView(row);
        await audit.append(trx, rc, { action: 'sla_policy.create', targetType: 'sla_policy', targetId: row.id, after: view });
        return view;
      });
    },

    /**
     * The whole policy at the version read. Incidents already open keep their targets; a later level change takes
     * the new level's targets from the policy as it is then.
     */
    async updatePolicy(rc: RequestContext, id: string, body: UpdateSlaPolicyBody) {
      requireWriter(rc);
      const now = clock.now();
      return k.transaction().execute(async (trx) => {
        const before = await foundPolicy(trx, id);
        if (before.version !== body.version) throw changedMeanwhile('policy', before.version);
        await policyNameFree(trx, body.name, id);
        const policy = await checkedPolicy(trx, body, body.position ?? before.position);
        const after: SlaPoliciesTable = { ...before, ...policyColumns(body, policy), version: before.version + 1, updated_at: now };
        if (!(await slaPoliciesRepository.update(trx, id, before.version, after))) throw changedMeanwhile('policy', before.version + 1);
        const view = policyView(after);
        await audit.append(trx, rc, { action: 'sla_policy.update', targetType: 'sla_policy', targetId: id, before: policyView(before), after: view });
        return view;
      });
    },

    /** Incidents opened under it keep their targets (each has its own copy). */
    async removePolicy(rc: RequestContext, id: string, version?: number) {
      requireWriter(rc);
      await k.transaction().execute(async (trx) => {
        const before = await foundPolicy(trx, id);
        if (version !== undefined && before.version !== version) throw changedMeanwhile('policy', before.version);
        if (!(await slaPoliciesRepository.delete(trx, id, before.version))) throw changedMeanwhile('policy', before.version + 1);
        await audit.append(trx, rc, { action: 'sla_policy.delete', targetType: 'sla_policy', targetId: id, before: policyView(before) });
      });
    },

    /**
     * Issue 11's defaults on a new database: the calendars 工作日 and 7×24 and the default policy over them, when
     * there are neither calendars nor policies. Called at every start; once anything exists it does nothing, so an
     * administrator who deleted the default policy on purpose does not get it back.
     */
    async ensureDefaults(system: RequestContext): Promise<{ calendarIds: string[]; policyId: string } | null> {
      return k.transaction().execute(async (trx) => {
        if ((await slaCalendarsRepository.count(trx)) > 0 || (await slaPoliciesRepository.count(trx)) > 0) return null;
        const now = clock.now();
        const ids = { workingDays: newId(), roundTheClock: newId() };
        for (const key of ['workingDays', 'roundTheClock'] as const) {
          const def = DEFAULT_SLA_CALENDARS[key];
          await slaCalendarsRepository.insert(trx, { id: ids[key], name: def.name, description: def.description, calendar: JSON.stringify(checkBusinessCalendar(def.calendar).calendar), version: 1, created_at: now, updated_at: now });
        }
        const policy = defaultSlaPolicy(ids);
        const row: SlaPoliciesTable = {
          id: newId(),
          name: DEFAULT_SLA_POLICY_NAME,
          description: '一级全部 7×24；二级解决时限按工作日计时；三级全部按工作日计时',
          targets: JSON.stringify(policy.targets),
          warn_share: policy.warnShare,
          site_ids: null,
          position: policy.position,
          version: 1,
          created_at: now,
          updated_at: now,
        };
        await slaPoliciesRepository.insert(trx, row);
        await audit.append(trx, system, { action: 'sla_policy.seed', targetType: 'sla_policy', targetId: row.id, after: { calendars: [ids.workingDays, ids.roundTheClock], policy: policyView(row) } });
        return { calendarIds: [ids.workingDays, ids.roundTheClock], policyId: row.id };
      });
    },

    /** The policy an incident at `siteId` runs on: the first by position that covers the site, or null. */
    async policyFor(d: Executor, siteId: string): Promise<SlaPolicyRecord | null> {
      return (await allPolicies(d)).find((p) => policyCoversSite(p, siteId)) ?? null;
    },

    /**
     * Each level's (or one level's) three targets for an incident opened at `openedAt`: due and warning instants on
     * the calendars as they are now, so a dispatcher can tell the caller when to expect someone.
     */
    async preview(rc: RequestContext, policyId: string, openedAt: string, level?: SlaLevelKey): Promise<SlaPreview> {
      requirePermission(rc.actor, 'incidents:read');
      const opened = Date.parse(openedAt);
      if (!(opened >= PREVIEW_FROM)) throw invalidFields([fieldProblem('querystring.openedAt', 'minimum', { limit: toIso(PREVIEW_FROM) })]);
      if (opened >= PREVIEW_TO) throw invalidFields([fieldProblem('querystring.openedAt', 'maximum', { limit: toIso(PREVIEW_TO) })]);
      const policy = parseSlaPolicyRow(await foundPolicy(k, policyId));
      const calendars = new Map((await slaCalendarsRepository.findByIds(k, policyCalendarIds(policy))).map((r) => [r.id, { name: r.name, calendar: parseCalendar(r) }]));
      const levels = level ? [level] : [...SLA_LEVEL_KEYS];
      return {
        policyId,
        openedAt: toIso(opened),
        holidaysKnownUntil: holidayCoverage().lastYear,
        levels: levels.map((l) => ({
          level: l,
          targets: SLA_CLOCKS.map((c) => {
            const spec = policy.targets[l][c];
            const cal = calendars.get(spec.calendarId);
            if (!cal) throw new ConflictError(`The SLA calendar ${spec.calendarId} of this policy no longer exists`, 'SLA_CALENDAR_MISSING', { calendarId: spec.calendarId });
            const state = startOrExplain(() => startTarget(c, spec.target, cal.calendar, opened, policy.warnShare, spec.calendarId), cal.name);
            return { clock: c, target: spec.target, calendarId: spec.calendarId, calendarName: cal.name, dueAt: toIso(state.dueAt), warnAt: toIso(state.warnAt) };
          }),
        })),
      };
    },
  };
}

/** A calendar whose custom dates close two whole years has no due instant: a clear 409, not a 500. */
function startOrExplain<T>(start: () => T, calendarName: string): T {
  try {
    return start();
  } catch (error) {
    if (error instanceof NoWorkingTimeError) throw new ConflictError(`The SLA calendar ${calendarName} has no business hours in the two years from then`, 'SLA_NO_BUSINESS_TIME', { calendar: calendarName });
    throw error;
  }
}

const parseSlaPolicyRowLoose = (row: Pick<SlaPoliciesTable, 'id' | 'name' | 'targets'>) => ({ id: row.id, name: row.name, targets: JSON.parse(row.targets) as SlaPolicy['targets'] });

export type SlaService = ReturnType<typeof createSlaService>;
