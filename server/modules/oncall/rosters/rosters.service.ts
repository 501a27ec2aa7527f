import { toIso } from '../../../clock.ts';
import type { Executor } from '../../../db/types.ts';
import { ConflictError, NotFoundError } from '../../../errors.ts';
import { fieldProblem, invalidFields, throwIfProblems, type FieldProblem } from '../../../field-problems.ts';
import { newId } from '../../../ids.ts';
import type { ModuleContext } from '../../../module.ts';
import { requirePermission, type RequestContext } from '../../auth/index.ts';
import { DEFAULT_ZONE } from '../../calendar/index.ts';
import { policiesRepository } from '../policies/policies.repository.ts';
import { parsePolicy } from '../policies/policy-match.ts';
import {
  checkRoster,
  dutyNowAndNext,
  peopleOnDuty,
  MAX_RANGE_DAYS,
  shiftsBetween,
  ShiftRangeError,
  toICalendar,
  type DutyNow,
  type HolidayDuty,
  type RosterDefinition,
  type RosterLayer,
  type RosterWarning,
  type Shift,
} from '../roster/index.ts';
import type { RosterOverridesTable, RostersTable } from '../oncall.tables.ts';
import { rostersRepository } from './rosters.repository.ts';
import type { CreateRosterBody, Roster, UpdateRosterBody } from './rosters.schemas.ts';

const DAY_MS = 86_400_000;
/** Overrides this far back still show in the calendar; older ones change nothing anyone looks at. */
const OVERRIDES_BACK_MS = MAX_RANGE_DAYS * DAY_MS;

function definitionOf(row: RostersTable, overrides: readonly RosterOverridesTable[]): RosterDefinition {
  return {
    zone: row.zone,
    layers: JSON.parse(row.layers) as RosterLayer[],
    holidays: JSON.parse(row.holidays) as HolidayDuty[],
    overrides: overrides.map((o) => ({ id: o.id, userId: o.user_id, replacesUserId: o.replaces_user_id, startAt: o.start_at, endAt: o.end_at, reason: o.reason })),
    chinaHolidays: row.china_holidays === 1,
    holidayHandover: row.holiday_handover,
  };
}

const dutyView = (d: DutyNow) => ({
  at: toIso(d.at),
  userIds: d.userIds,
  leaderUserId: d.leaderUserId,
  source: d.source,
  layerId: d.layerId,
  holiday: d.holiday,
  shiftStart: d.shiftStart === null ? null : toIso(d.shiftStart),
  shiftEnd: d.shiftEnd === null ? null : toIso(d.shiftEnd),
});

const shiftView = (s: Shift) => ({ start: toIso(s.start), end: toIso(s.end), userIds: s.userIds, leaderUserId: s.leaderUserId, source: s.source, layerId: s.layerId, holiday: s.holiday });

function warningView(w: RosterWarning) {
  switch (w.code) {
    case 'gap':
      return { code: w.code, from: toIso(w.from), to: toIso(w.to), message: w.message };
    case 'holidayWithoutLeader':
      return { code: w.code, date: w.date, holiday: w.holiday, message: w.message };
    case 'notAHoliday':
      return { code: w.code, field: w.field, date: w.date, message: w.message };
    case 'beyondHolidayData':
      return { code: w.code, field: w.field, date: w.date, lastYear: w.lastYear, message: w.message };
  }
}

/** Every person a roster names: participants, holiday duty and leaders, overrides. */
function peopleOf(def: RosterDefinition): string[] {
  return [
    ...new Set([
      ...def.layers.flatMap((l) => l.rotation.participants),
      ...def.holidays.flatMap((h) => [...(h.userIds ?? []), ...(h.leaderUserId ? [h.leaderUserId] : [])]),
      ...def.overrides.flatMap((o) => [o.userId, ...(o.replacesUserId ? [o.replacesUserId] : [])]),
    ]),
  ];
}

/**
 * Duty rosters (值班表, SPEC C4.3): layers of rotations, holiday duty days with the leader on duty (领导带班) on China's
 * public holidays and make-up workdays, overrides; who is on duty now and next; the calendar; an .ics feed. The
 * calendar logic is roster/ (pure); this service stores rosters and answers for them.
 */
/** Who each roster has on duty at an instant (an incident's dispatcher is offered these people first). */
export async function onDutyInEveryRoster(db: Executor, at: number): Promise<{ rosterId: string; name: string; userIds: string[]; leaderUserId: string | null }[]> {
  const out = [];
  for (const row of await rostersRepository.list(db)) {
    const duty = peopleOnDuty(definitionOf(row, await rostersRepository.overrides(db, row.id, at)), at);
    out.push({ rosterId: row.id, name: row.name, userIds: [...duty.userIds], leaderUserId: duty.leaderUserId });
  }
  return out;
}

export function createRostersService(ctx: ModuleContext) {
  const { db, clock, audit } = ctx;
  const k = db.kysely;

  async function found(db: Executor, id: string): Promise<RostersTable> {
    const row = await rostersRepository.findById(db, id);
    if (!row) throw new NotFoundError('Roster', id);
    return row;
  }

  async function definition(db: Executor, row: RostersTable, at: number): Promise<RosterDefinition> {
    return definitionOf(row, await rostersRepository.overrides(db, row.id, at - OVERRIDES_BACK_MS));
  }

  async function toView(db: Executor, row: RostersTable): Promise<Roster> {
    const now = clock.now();
    const def = await definition(db, row, now);
    const duty = dutyNowAndNext(def, now);
    return {
      id: row.id,
      name: row.name,
      description: row.description,
      zone: row.zone,
      hotline: row.hotline,
      chinaHolidays: row.china_holidays === 1,
      holidayHandover: row.holiday_handover,
      layers: def.layers.map((l) => ({ ...l, rotation: { ...l.rotation, activeRanges: l.rotation.activeRanges ?? null } })) as Roster['layers'],
      holidays: def.holidays,
      version: row.version,
      warnings: checkRoster(def, now).warnings.map(warningView),
      duty: { now: dutyView(duty.now), next: duty.next ? dutyView(duty.next) : null },
      people: await rostersRepository.userNames(db, peopleOf(def)),
      createdAt: toIso(row.created_at),
      updatedAt: toIso(row.updated_at),
    };
  }

  /** The roster as it would be saved: checked by the calendar rules and for people who exist. */
  async function checked(db: Executor, def: RosterDefinition, now: number): Promise<void> {
    const problems: FieldProblem[] = [...checkRoster(def, now).problems];
    const people = peopleOf({ ...def, overrides: [] });
    const active = await rostersRepository.activeUserIds(db, people);
    def.layers.forEach((l, i) => l.rotation.participants.forEach((u, j) => active.has(u) || problems.push(fieldProblem(`layers.${i}.rotation.participants.${j}`, 'unknownUser', { user: u }))));
    def.holidays.forEach((h, i) => {
      if (h.leaderUserId && !active.has(h.leaderUserId)) problems.push(fieldProblem(`holidays.${i}.leaderUserId`, 'unknownUser', { user: h.leaderUserId }));
      (h.userIds ?? []).forEach((u, j) => active.has(u) || problems.push(fieldProblem(`holidays.${i}.userIds.${j}`, 'unknownUser', { user: u })));
    });
    throwIfProblems(problems);
  }

  async function nameFree(db: Executor, name: string, except: string | null): Promise<void> {
    const other = await rostersRepository.findByName(db, name);
    if (other && other.id !== except) throw invalidFields([fieldProblem('name', 'nameTaken', { name })]);
  }

  const withLayerIds = (layers: CreateRosterBody['layers']): RosterLayer[] =>
    layers.map((l) => ({ id: l.id ?? newId(), name: l.name, rotation: { ...l.rotation, activeRanges: (l.rotation.activeRanges ?? null) as RosterLayer['rotation']['activeRanges'] } }));

  function rangeOf(fromIso: string, toIsoText: string): { from: number; to: number } {
    const from = Date.parse(fromIso);
    const to = Date.parse(toIsoText);
    if (!(to > from)) throw invalidFields([fieldProblem('querystring.to', 'rangeOrder')]);
    if (to - from > MAX_RANGE_DAYS * DAY_MS) throw invalidFields([fieldProblem('querystring.to', 'rangeTooLong', { days: MAX_RANGE_DAYS })]);
    return { from, to };
  }

  return {
    async list(rc: RequestContext) {
      requirePermission(rc.actor, 'oncall:read');
      const rows = await rostersRepository.list(k);
      return { items: await Promise.all(rows.map((r) => toView(k, r))) };
    },

    async get(rc: RequestContext, id: string) {
      requirePermission(rc.actor, 'oncall:read');
      return toView(k, await found(k, id));
    },

    async create(rc: RequestContext, body: CreateRosterBody): Promise<Roster> {
      requirePermission(rc.actor, 'oncall:write');
      const now = clock.now();
      const row: RostersTable = {
        id: newId(),
        name: body.name,
        description: body.description ?? null,
        zone: body.zone ?? DEFAULT_ZONE,
        hotline: body.hotline ?? null,
        china_holidays: body.chinaHolidays === false ? 0 : 1,
        holiday_handover: body.holidayHandover ?? '08:30',
        layers: JSON.stringify(withLayerIds(body.layers)),
        holidays: JSON.stringify(body.holidays ?? []),
        version: 1,
        created_by: rc.actor.userId,
        created_at: now,
        updated_at: now,
      };
      return k.transaction().execute(async (trx) => {
        await nameFree(trx, row.name, null);
        await checked(trx, definitionOf(row, []), now);
        await rostersRepository.insert(trx, row);
        const view = await toView(trx, row);
        await audit.append(trx, rc, { action: 'roster.create', targetType: 'roster', targetId: row.id, after: view });
        return view;
      });
    },

    async update(rc: RequestContext, id: string, body: UpdateRosterBody): Promise<Roster> {
      requirePermission(rc.actor, 'oncall:write');
      const now = clock.now();
      return k.transaction().execute(async (trx) => {
        const before = await found(trx, id);
        if (body.name !== undefined) await nameFree(trx, body.name, id);
        const after: RostersTable = {
          ...before,
          ...(body.name !== undefined && { name: body.name }),
          ...(body.description !== undefined && { description: body.description }),
          ...(body.zone !== undefined && { zone: body.zone }),
          ...(body.hotline !== undefined && { hotline: body.hotline }),
          ...(body.chinaHolidays !== undefined && { china_holidays: body.chinaHolidays ? 1 : 0 }),
          ...(body.holidayHandover !== undefined && { holiday_handover: body.holidayHandover }),
          ...(body.layers !== undefined && { layers: JSON.stringify(withLayerIds(body.layers)) }),
          ...(body.holidays !== undefined && { holidays: JSON.stringify(body.holidays) }),
          version: before.version + 1,
          updated_at: now,
        };
        await checked(trx, await definition(trx, after, now), now);
        await rostersRepository.update(trx, id, after);
        const view = await toView(trx, after);
        await audit.append(trx, rc, { action: 'roster.update', targetType: 'roster', targetId: id, before: await toView(trx, before), after: view });
        return view;
      });
    },

    async remove(rc: RequestContext, id: string): Promise<void> {
      requirePermission(rc.actor, 'oncall:write');
      await k.transaction().execute(async (trx) => {
        const before = await found(trx, id);
        const users = (await policiesRepository.list(trx)).filter((p) => parsePolicy(p).steps.some((s) => s.targets.some((t) => t.kind === 'roster' && t.rosterId === id)));
        if (users.length > 0) throw new ConflictError(`Escalation policies page this roster: ${users.map((p) => p.name).join(', ')}`, 'ROSTER_IN_USE');
        await rostersRepository.delete(trx, id);
        await audit.append(trx, rc, { action: 'roster.delete', targetType: 'roster', targetId: id, before: { name: before.name } });
      });
    },

    async onDuty(rc: RequestContext, id: string, atIso?: string) {
      requirePermission(rc.actor, 'oncall:read');
      const at = atIso ? Date.parse(atIso) : clock.now();
      const row = await found(k, id);
      const duty = dutyNowAndNext(await definition(k, row, at), at);
      return { now: dutyView(duty.now), next: duty.next ? dutyView(duty.next) : null };
    },

    async shifts(rc: RequestContext, id: string, query: { from: string; to: string; userId?: string }) {
      requirePermission(rc.actor, 'oncall:read');
      const { from, to } = rangeOf(query.from, query.to);
      const row = await found(k, id);
      try {
        const shifts = shiftsBetween(await definition(k, row, from), from, to);
        const mine = query.userId ? shifts.filter((s) => s.userIds.includes(query.userId!) || s.leaderUserId === query.userId) : shifts;
        return { items: mine.map(shiftView) };
      } catch (error) {
        if (error instanceof ShiftRangeError) throw invalidFields([error.reason === 'tooLong' ? fieldProblem('querystring.to', 'rangeTooLong', { days: MAX_RANGE_DAYS }) : fieldProblem('querystring.to', 'rangeOrder')]);
        throw error;
      }
    },

    /** The roster as iCalendar (RFC 5545): from a week ago to twelve weeks ahead, optionally one person's shifts. */
    async ics(rc: RequestContext, id: string, query: { userId?: string; lang?: 'zh-CN' | 'en' }): Promise<string> {
      requirePermission(rc.actor, 'oncall:read');
      const now = clock.now();
      const row = await found(k, id);
      const def = await definition(k, row, now);
      const shifts = shiftsBetween(def, now - 7 * DAY_MS, now + 85 * DAY_MS);
      return toICalendar(shifts, {
        rosterId: row.id,
        rosterName: row.name,
        userNames: await rostersRepository.userNames(k, peopleOf(def)),
        layerNames: Object.fromEntries(def.layers.map((l) => [l.id, l.name])),
        ...(query.userId && { onlyUserId: query.userId }),
        now,
        locale: query.lang ?? 'zh-CN',
      });
    },

    async overrides(rc: RequestContext, id: string) {
      requirePermission(rc.actor, 'oncall:read');
      await found(k, id);
      const rows = await rostersRepository.overrides(k, id, clock.now() - OVERRIDES_BACK_MS);
      const names = await rostersRepository.userNames(k, rows.flatMap((o) => [o.user_id, ...(o.replaces_user_id ? [o.replaces_user_id] : [])]));
      return {
        items: rows.map((o) => ({
          id: o.id,
          userId: o.user_id,
          userName: names[o.user_id] ?? null,
          replacesUserId: o.replaces_user_id,
          replacesUserName: o.replaces_user_id ? (names[o.replaces_user_id] ?? null) : null,
          startAt: toIso(o.start_at),
          endAt: toIso(o.end_at),
          reason: o.reason,
          createdAt: toIso(o.created_at),
        })),
      };
    },

    /** Swap a shift or cover for someone: refused when it overlaps another override for the same person. */
    async addOverride(rc: RequestContext, id: string, body: { userId: string; replacesUserId: string | null; startAt: string; endAt: string; reason?: string | null }) {
      requirePermission(rc.actor, 'oncall:write');
      const now = clock.now();
      const override: RosterOverridesTable = {
        id: newId(),
        roster_id: id,
        user_id: body.userId,
        replaces_user_id: body.replacesUserId,
        start_at: Date.parse(body.startAt),
        end_at: Date.parse(body.endAt),
        reason: body.reason ?? null,
        created_by: rc.actor.userId,
        created_at: now,
      };
      await k.transaction().execute(async (trx) => {
        const row = await found(trx, id);
        const active = await rostersRepository.activeUserIds(trx, [body.userId]);
        if (!active.has(body.userId)) throw invalidFields([fieldProblem('userId', 'unknownUser', { user: body.userId })]);
        const existing = await rostersRepository.overrides(trx, id, now - OVERRIDES_BACK_MS);
        const def = definitionOf(row, [...existing, override]);
        // Only the new override's problems refuse it (the roster's own were accepted when it was saved).
        const problems = checkRoster(def, now).problems.filter((p) => (p.field === `overrides.${existing.length}` || p.field.startsWith(`overrides.${existing.length}.`)) || (p.params && Object.values(p.params).includes(override.id)));
        throwIfProblems(problems.map((p) => ({ ...p, field: p.field.replace(/^overrides\.\d+\.?/, '') || 'override' })));
        await rostersRepository.insertOverride(trx, override);
        await audit.append(trx, rc, { action: 'roster_override.create', targetType: 'roster', targetId: id, after: { ...override } });
      });
      return (await this.overrides(rc, id)).items.find((o) => o.id === override.id)!;
    },

    async removeOverride(rc: RequestContext, id: string, overrideId: string): Promise<void> {
      requirePermission(rc.actor, 'oncall:write');
      await k.transaction().execute(async (trx) => {
        const before = await rostersRepository.findOverride(trx, id, overrideId);
        if (!before) throw new NotFoundError('Override', overrideId);
        await rostersRepository.deleteOverride(trx, overrideId);
        await audit.append(trx, rc, { action: 'roster_override.delete', targetType: 'roster', targetId: id, before: { ...before } });
      });
    },

    /** Who is on duty at an instant, for escalation (no permission check: the policy's author chose the roster). */
    async onDutyAt(db: Executor, rosterId: string, at: number) {
      const row = await rostersRepository.findById(db, rosterId);
      if (!row) return null;
      const duty = peopleOnDuty(definitionOf(row, await rostersRepository.overrides(db, rosterId, at)), at);
      return { userIds: duty.userIds, leaderUserId: duty.leaderUserId };
    },
  };
}

export type RostersService = ReturnType<typeof createRostersService>;
