import { fieldProblem, type FieldProblem } from '../../../field-problems.ts';
import {
  DEFAULT_ZONE,
  describeDate,
  instantOf,
  isCalendarDate,
  isValidTimeZone,
  normalizeWeeklyRanges,
  type HolidayName,
  type Weekday,
  type WeeklyRanges,
  type WorkingCalendar,
} from '../../calendar/index.ts';
import { MAX_PARTICIPANTS, MAX_SHIFT_HOURS, ROTATION_KINDS, type HolidayDuty, type RosterDefinition, type RosterOverride, type RotationKind } from './roster.types.ts';

/**
 * A roster definition checked for what makes it unreadable, and compiled into the form the evaluation in roster.ts
 * walks. checkRoster (roster.check.ts) shows these problems to a person saving a roster; compileRoster refuses only a
 * roster it cannot evaluate at all, so that a bad override or holiday row in storage cannot stop paging.
 */

const HHMM = /^([01]\d|2[0-3]):([0-5]\d)$/;

export interface HourMinute {
  hour: number;
  minute: number;
}

/** 'HH:MM' from 00:00 to 23:59 (a hand-over at 24:00 is 00:00 of the next day: write that). */
export function parseHHMM(text: unknown): HourMinute | null {
  const m = typeof text === 'string' ? HHMM.exec(text) : null;
  return m ? { hour: Number(m[1]), minute: Number(m[2]) } : null;
}

/**
 * The instant of a local date and time in `zone` (the calendar module's rules: a time that occurs twice is the earlier,
 * one skipped by a clock change moves forward by the gap). 24:00 as end of a range is the next day's midnight.
 */
export function wallInstant(date: string, time: HourMinute, zone: string): number {
  return instantOf({ year: Number(date.slice(0, 4)), month: Number(date.slice(5, 7)), day: Number(date.slice(8, 10)), hour: time.hour, minute: time.minute }, zone);
}

/** Whether a date is one of China's public holidays does not depend on the zone: one calendar serves every roster. */
const CHINA: WorkingCalendar = Object.freeze({ zone: DEFAULT_ZONE, weekly: {}, chinaHolidays: true });

/** China's public holiday on a checked 'YYYY-MM-DD' date, or null (an ordinary day, a make-up workday, a year not covered). */
export function publicHolidayOn(date: string): HolidayName | null {
  const day = describeDate(CHINA, date);
  return day.source === 'holiday' ? (day.holiday ?? null) : null;
}

const isNonEmptyString = (v: unknown): v is string => typeof v === 'string' && v.length > 0;
const isInstant = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/** Whether an override can be in force at all: finite instants, end after start. */
export const isUsableOverride = (o: RosterOverride): boolean => isInstant(o.startAt) && isInstant(o.endAt) && o.endAt > o.startAt;

/** An override's person for the overlap rule: the one it covers for, or the one it adds. */
const overlapKey = (o: RosterOverride): string => (o.replacesUserId !== null ? `covers:${o.replacesUserId}` : `adds:${o.userId}`);

/**
 * Everything wrong with a definition that does not depend on the time of asking. Fields are named
 * as request validation names them (layers.0.rotation.handover, overrides.2.startAt, holidays.1.date); inside weekly
 * ranges the calendar module's own (layers.0.rotation.activeRanges.mon[1]).
 */
export function rosterProblems(def: RosterDefinition): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (!isValidTimeZone(def.zone)) problems.push(fieldProblem('zone', 'timeZone', { value: String(def.zone) }));
  if (!parseHHMM(def.holidayHandover)) problems.push(fieldProblem('holidayHandover', 'hhmm'));

  const layerIds = new Set<string>();
  (def.layers ?? []).forEach((layer, i) => {
    const at = `layers.${i}`;
    if (!isNonEmptyString(layer.id)) problems.push(fieldProblem(`${at}.id`, 'required'));
    else if (layerIds.has(layer.id)) problems.push(fieldProblem(`${at}.id`, 'duplicateValue', { value: layer.id }));
    else layerIds.add(layer.id);
    const r = layer.rotation;
    if (!r || typeof r !== 'object') {
      problems.push(fieldProblem(`${at}.rotation`, 'required'));
      return;
    }
    if (!(ROTATION_KINDS as readonly string[]).includes(r.kind)) {
      problems.push(fieldProblem(`${at}.rotation.kind`, 'enum', { allowedValues: ROTATION_KINDS.join(', ') }));
    }
    if (r.kind === 'custom') {
      if (r.shiftHours === undefined || r.shiftHours === null) problems.push(fieldProblem(`${at}.rotation.shiftHours`, 'required'));
      else if (!Number.isInteger(r.shiftHours) || r.shiftHours < 1 || r.shiftHours > MAX_SHIFT_HOURS) {
        problems.push(fieldProblem(`${at}.rotation.shiftHours`, 'shiftHours', { min: 1, max: MAX_SHIFT_HOURS }));
      }
    }
    if (!parseHHMM(r.handover)) problems.push(fieldProblem(`${at}.rotation.handover`, 'hhmm'));
    if (typeof r.startDate !== 'string' || !isCalendarDate(r.startDate)) problems.push(fieldProblem(`${at}.rotation.startDate`, 'calendarDate'));
    if (!Array.isArray(r.participants) || r.participants.length < 1 || r.participants.length > MAX_PARTICIPANTS) {
      problems.push(fieldProblem(`${at}.rotation.participants`, 'participantCount', { min: 1, max: MAX_PARTICIPANTS }));
    } else {
      r.participants.forEach((p, j) => {
        if (!isNonEmptyString(p)) problems.push(fieldProblem(`${at}.rotation.participants.${j}`, 'required'));
      });
    }
    if (r.activeRanges !== undefined && r.activeRanges !== null) {
      problems.push(...normalizeWeeklyRanges(r.activeRanges as Partial<Record<string, unknown>>, `${at}.rotation.activeRanges`).problems);
    }
  });

  const overrideIds = new Set<string>();
  const byPerson = new Map<string, number[]>();
  (def.overrides ?? []).forEach((o, i) => {
    const at = `overrides.${i}`;
    if (!isNonEmptyString(o.id)) problems.push(fieldProblem(`${at}.id`, 'required'));
    else if (overrideIds.has(o.id)) problems.push(fieldProblem(`${at}.id`, 'duplicateValue', { value: o.id }));
    else overrideIds.add(o.id);
    if (!isNonEmptyString(o.userId)) problems.push(fieldProblem(`${at}.userId`, 'required'));
    else if (o.replacesUserId === o.userId) problems.push(fieldProblem(`${at}.replacesUserId`, 'overrideSelf'));
    if (!isUsableOverride(o)) {
      problems.push(fieldProblem(`${at}.startAt`, 'rangeOrder'));
      return;
    }
    const key = overlapKey(o);
    byPerson.set(key, [...(byPerson.get(key) ?? []), i]);
  });
  // Two overrides covering for the same person at once (or adding the same person twice) contradict each other: which
  // one pages? Refused, naming both, rather than silently taking one.
  for (const indexes of byPerson.values()) {
    const sorted = indexes.map((i) => ({ i, o: def.overrides[i]! })).sort((a, b) => a.o.startAt - b.o.startAt || a.i - b.i);
    let latest = sorted[0]!;
    for (const next of sorted.slice(1)) {
      if (next.o.startAt < latest.o.endAt) {
        problems.push(fieldProblem(`overrides.${next.i}`, 'overrideOverlap', { first: latest.o.id, second: next.o.id }));
      }
      if (next.o.endAt > latest.o.endAt) latest = next;
    }
  }

  const dates = new Set<string>();
  (def.holidays ?? []).forEach((h, i) => {
    const at = `holidays.${i}`;
    if (typeof h.date !== 'string' || !isCalendarDate(h.date)) problems.push(fieldProblem(`${at}.date`, 'calendarDate'));
    else if (dates.has(h.date)) problems.push(fieldProblem(`${at}.date`, 'duplicateValue', { value: h.date }));
    else dates.add(h.date);
    if (h.leaderUserId !== null && !isNonEmptyString(h.leaderUserId)) problems.push(fieldProblem(`${at}.leaderUserId`, 'required'));
    if (h.userIds !== null) {
      if (!Array.isArray(h.userIds) || h.userIds.length < 1 || h.userIds.length > MAX_PARTICIPANTS) {
        problems.push(fieldProblem(`${at}.userIds`, 'participantCount', { min: 1, max: MAX_PARTICIPANTS }));
      } else {
        h.userIds.forEach((u, j) => {
          if (!isNonEmptyString(u)) problems.push(fieldProblem(`${at}.userIds.${j}`, 'required'));
        });
      }
    }
  });
  return problems;
}

// ---------------------------------------------------------------- compiled form

export interface CompiledLayer {
  id: string;
  kind: RotationKind;
  participants: readonly string[];
  handover: HourMinute;
  startDate: string;
  /** daily 1, weekly 7; null for custom */
  periodDays: number | null;
  /** custom: shift length in ms; null otherwise */
  shiftMs: number | null;
  /** the first hand-over: nobody from this layer before it */
  first: number;
  /** null: always in force */
  ranges: WeeklyRanges | null;
  /** local date → the ranges of that date as instants [start0, end0, start1, end1, …] */
  rangeInstants: Map<string, number[]>;
  /** shift index → its start (memo) */
  shiftStarts: Map<number, number>;
}

/** What the evaluation asks of a local date again and again (memo per compiled roster: date strings are slow to step). */
export interface DayFacts {
  prev: string;
  next: string;
  weekday: Weekday;
  /** the holiday hand-over on that date */
  holidayStart: number;
}

export interface CompiledRoster {
  zone: string;
  layers: CompiledLayer[];
  /** usable overrides only, in the order they apply: by start, then id */
  overrides: RosterOverride[];
  /** the first duty of each date (checkRoster refuses a second) */
  holidayDuties: Map<string, HolidayDuty>;
  chinaHolidays: boolean;
  holidayHandover: HourMinute;
  /** local date → whether it is a holiday day, and which (memo) */
  holidayDays: Map<string, { name: string | null; duty: HolidayDuty | null } | null>;
  days: Map<string, DayFacts>;
}

/**
 * The compiled form of a definition. Throws a RangeError naming the problems when the zone, a layer or the holiday
 * hand-over is unreadable; an unusable override (end not after start) or holiday row (bad or repeated date) is left
 * out instead, since one bad row must not stop the rest of the roster from paging.
 */
export function compileRoster(def: RosterDefinition): CompiledRoster {
  const fatal = rosterProblems(def).filter((p) => !p.field.startsWith('overrides') && !p.field.startsWith('holidays'));
  if (fatal.length > 0) throw new RangeError(`invalid roster: ${fatal.map((p) => `${p.field} ${p.message}`).join('; ')}`);
  const layers = def.layers.map((layer): CompiledLayer => {
    const r = layer.rotation;
    const handover = parseHHMM(r.handover)!;
    return {
      id: layer.id,
      kind: r.kind,
      participants: [...r.participants],
      handover,
      startDate: r.startDate,
      periodDays: r.kind === 'daily' ? 1 : r.kind === 'weekly' ? 7 : null,
      shiftMs: r.kind === 'custom' ? r.shiftHours! * 3_600_000 : null,
      first: wallInstant(r.startDate, handover, def.zone),
      ranges: r.activeRanges ? normalizeWeeklyRanges(r.activeRanges as Partial<Record<string, unknown>>, 'activeRanges').weekly : null,
      rangeInstants: new Map(),
      shiftStarts: new Map(),
    };
  });
  const overrides = (def.overrides ?? [])
    .filter(isUsableOverride)
    .sort((a, b) => a.startAt - b.startAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const holidayDuties = new Map<string, HolidayDuty>();
  for (const h of def.holidays ?? []) {
    if (typeof h.date === 'string' && isCalendarDate(h.date) && !holidayDuties.has(h.date)) holidayDuties.set(h.date, h);
  }
  return {
    zone: def.zone,
    layers,
    overrides,
    holidayDuties,
    chinaHolidays: def.chinaHolidays === true,
    holidayHandover: parseHHMM(def.holidayHandover)!,
    holidayDays: new Map(),
    days: new Map(),
  };
}
