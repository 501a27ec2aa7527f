import { addDays, localDateOf, weekdayOf } from '../../calendar/index.ts';
import { compileRoster, publicHolidayOn, wallInstant, type CompiledLayer, type CompiledRoster, type DayFacts, type HourMinute } from './definition.ts';
import type { Duty, DutyNow, DutySource, HolidayDuty, HolidayRef, RosterDefinition, Shift } from './roster.types.ts';

/**
 * Who is on duty: the roster's layers, holiday duty days and overrides reduced to one schedule.
 *
 * At an instant, in this order:
 *   1. the topmost layer in force (started, and inside its active ranges if it has any) supplies its rotation's
 *      person for the shift containing the instant;
 *   2. if the instant falls in a holiday day (a public holiday when chinaHolidays is on, or any date with a holiday
 *      duty row), that day's list replaces the rotation's people when it names any, and its leader (领导带班) is
 *      reported either way;
 *   3. overrides in force, by start: one covering for someone on duty (the leader included) takes their place, one
 *      with replacesUserId null adds its person.
 *
 * The schedule over a range is built from the instants where any of these can change (hand-overs, active-range edges,
 * holiday-day edges, override edges) and evaluated once per stretch between them, never minute by minute. dutyAt
 * evaluates through the same stretches, so the two cannot disagree (roster.property.test.ts).
 *
 * Shifts are hand-over to hand-over at the local wall time: daily and weekly shifts on the days Berlin changes its
 * clocks are 23 or 25 hours (or 7 days less or more an hour) long; custom shifts are N hours of real time counted from
 * the first hand-over, so their hand-over drifts by the clock change.
 */

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

/** The longest range shiftsBetween serves: a quarter (the console's month view needs 42 days). */
export const MAX_RANGE_DAYS = 92;
/** How far dutyNowAndNext looks for the next change, and dutyAt for the ends of the current stretch. */
export const NEXT_CHANGE_DAYS = 35;

/** A range shiftsBetween refuses: `reason` lets the API name the field problem (rangeOrder, rangeTooLong). */
export class ShiftRangeError extends RangeError {
  constructor(
    readonly reason: 'instant' | 'order' | 'tooLong',
    message: string,
  ) {
    super(message);
    this.name = 'ShiftRangeError';
  }
}

/** Whole days from date a to date b ('YYYY-MM-DD'): arithmetic on dates alone, no zone involved. */
const daysBetween = (a: string, b: string): number => Math.round((Date.parse(b) - Date.parse(a)) / DAY_MS);

/** A checked 'HH:MM' of a weekly range, where 24:00 (the next midnight) is allowed. */
const rangeTime = (hhmm: string): HourMinute => ({ hour: Number(hhmm.slice(0, 2)), minute: Number(hhmm.slice(3, 5)) });

/** A local date's neighbours, weekday and holiday hand-over. */
export function dayFacts(c: CompiledRoster, date: string): DayFacts {
  let facts = c.days.get(date);
  if (!facts) {
    facts = { prev: addDays(date, -1), next: addDays(date, 1), weekday: weekdayOf(date), holidayStart: wallInstant(date, c.holidayHandover, c.zone) };
    c.days.set(date, facts);
  }
  return facts;
}

// ---------------------------------------------------------------- one layer

interface LayerShift {
  index: number;
  start: number;
  end: number;
}

/** The start of a layer's shift number `index` (0: the first hand-over). */
function shiftStartOf(c: CompiledRoster, layer: CompiledLayer, index: number): number {
  if (layer.shiftMs !== null) return layer.first + index * layer.shiftMs;
  let start = layer.shiftStarts.get(index);
  if (start === undefined) {
    start = wallInstant(addDays(layer.startDate, index * layer.periodDays!), layer.handover, c.zone);
    layer.shiftStarts.set(index, start);
  }
  return start;
}

/** The layer's shift containing `t` (whose local date is `date`); null before its first hand-over. */
function shiftAt(c: CompiledRoster, layer: CompiledLayer, t: number, date = localDateOf(t, c.zone)): LayerShift | null {
  if (t < layer.first) return null;
  // A first guess from the elapsed time or the local date, then moved to the shift that really holds t: on the
  // hand-over day t may fall before that day's hand-over, and a clock change can move a hand-over across a guess.
  let index = Math.max(
    0,
    layer.shiftMs !== null
      ? Math.floor((t - layer.first) / layer.shiftMs)
      : Math.floor(daysBetween(layer.startDate, date) / layer.periodDays!),
  );
  let start = shiftStartOf(c, layer, index);
  while (t < start && index > 0) start = shiftStartOf(c, layer, --index);
  let end = shiftStartOf(c, layer, index + 1);
  while (t >= end) {
    start = end;
    end = shiftStartOf(c, layer, ++index + 1);
  }
  return { index, start, end };
}

/** A date's active ranges as instants [start0, end0, …] (memo per compiled roster). */
function rangeInstantsOn(c: CompiledRoster, layer: CompiledLayer, date: string): number[] {
  let out = layer.rangeInstants.get(date);
  if (out) return out;
  out = [];
  for (const [s, e] of layer.ranges![dayFacts(c, date).weekday] ?? []) {
    const from = wallInstant(date, rangeTime(s), c.zone);
    const to = wallInstant(date, rangeTime(e), c.zone);
    if (to > from) out.push(from, to);
  }
  layer.rangeInstants.set(date, out);
  return out;
}

function inForce(c: CompiledRoster, layer: CompiledLayer, t: number, date: string): boolean {
  if (t < layer.first) return false;
  if (!layer.ranges) return true;
  const { prev, next } = dayFacts(c, date);
  // Where clocks go back at midnight (Santiago), the repeated hour carries the earlier date but follows the first
  // midnight of the next: a date's ranges can hold instants of the dates either side.
  for (const d of [date, prev, next]) {
    const iv = rangeInstantsOn(c, layer, d);
    for (let i = 0; i < iv.length; i += 2) if (t >= iv[i]! && t < iv[i + 1]!) return true;
  }
  return false;
}

// ---------------------------------------------------------------- holiday days

/** Whether a local date is a holiday day, its public holiday's name and its duty row (memo per compiled roster). */
export function holidayDayOf(c: CompiledRoster, date: string): { name: string | null; duty: HolidayDuty | null } | null {
  let day = c.holidayDays.get(date);
  if (day !== undefined) return day;
  const duty = c.holidayDuties.get(date) ?? null;
  const holiday = c.chinaHolidays ? publicHolidayOn(date) : null;
  day = duty !== null || holiday !== null ? { name: holiday?.zh ?? null, duty } : null;
  c.holidayDays.set(date, day);
  return day;
}

export const holidayStart = (c: CompiledRoster, date: string): number => dayFacts(c, date).holidayStart;

/** The holiday day containing `t` (from the holiday hand-over on its date to the one on the next), or null. */
function holidayAt(c: CompiledRoster, t: number, localDate: string) {
  const facts = dayFacts(c, localDate);
  const date = t < facts.holidayStart ? facts.prev : localDate;
  const day = holidayDayOf(c, date);
  return day ? { date, ...day } : null;
}

// ---------------------------------------------------------------- composing one instant

const unique = (ids: readonly string[]): string[] => [...new Set(ids)];

/** Who is on duty at `t`, evaluated directly (dutyAt's answer; segmentsOf calls it once per stretch). */
export function composeAt(c: CompiledRoster, t: number): Duty {
  const date = localDateOf(t, c.zone);
  let people: string[] = [];
  let source: DutySource = 'none';
  let layerId: string | null = null;
  for (let i = c.layers.length - 1; i >= 0; i--) {
    const layer = c.layers[i]!;
    if (!inForce(c, layer, t, date)) continue;
    const shift = shiftAt(c, layer, t, date)!;
    people = [layer.participants[shift.index % layer.participants.length]!];
    source = 'rotation';
    layerId = layer.id;
    break;
  }

  const day = holidayAt(c, t, date);
  let leaderUserId = day?.duty?.leaderUserId ?? null;
  if (day?.duty?.userIds) {
    people = unique(day.duty.userIds);
    source = 'holiday';
    layerId = null;
  }

  let changed = false;
  for (const o of c.overrides) {
    if (o.startAt > t) break;
    if (t >= o.endAt) continue;
    if (o.replacesUserId === null) {
      if (!people.includes(o.userId)) {
        people.push(o.userId);
        changed = true;
      }
      continue;
    }
    const at = people.indexOf(o.replacesUserId);
    if (at >= 0) {
      if (people.includes(o.userId)) people.splice(at, 1);
      else people[at] = o.userId;
      changed = true;
    }
    if (leaderUserId === o.replacesUserId) {
      leaderUserId = o.userId;
      changed = true;
    }
  }
  if (changed) source = 'override';
  if (people.length === 0) source = 'none';
  const holiday: HolidayRef | null = day ? { date: day.date, name: day.name } : null;
  return { userIds: people, leaderUserId, source, layerId, holiday };
}

const sameList = (a: readonly string[], b: readonly string[]): boolean => a.length === b.length && a.every((x, i) => x === b[i]);

/**
 * Stretches are merged only when nothing a reader sees differs: the people and leader, and also where they come from
 * (source, layer, holiday day), so a calendar never shows a holiday or an override reaching into ordinary time.
 */
const sameDuty = (a: Duty, b: Duty): boolean =>
  sameList(a.userIds, b.userIds) &&
  a.leaderUserId === b.leaderUserId &&
  a.source === b.source &&
  a.layerId === b.layerId &&
  a.holiday?.date === b.holiday?.date;

/** The same people and leader, in any order: what "a change of people" means for dutyNowAndNext. */
export const samePeople = (a: Duty, b: Duty): boolean =>
  a.leaderUserId === b.leaderUserId && a.userIds.length === b.userIds.length && a.userIds.every((u) => b.userIds.includes(u));

// ---------------------------------------------------------------- the schedule over a range

/** Every instant in (from, to) where the duty may change, sorted, after `from` itself. */
function changePoints(c: CompiledRoster, from: number, to: number): number[] {
  const points = [from];
  const add = (t: number) => {
    if (t > from && t < to) points.push(t);
  };
  const firstDate = addDays(localDateOf(from, c.zone), -1);
  const lastDate = localDateOf(to, c.zone);
  for (const layer of c.layers) {
    if (layer.first >= to) continue;
    add(layer.first);
    const current = shiftAt(c, layer, Math.max(from, layer.first))!;
    for (let index = current.index + 1; ; index++) {
      const start = shiftStartOf(c, layer, index);
      if (start >= to) break;
      add(start);
    }
    if (layer.ranges) {
      for (let d = firstDate; d <= lastDate; d = dayFacts(c, d).next) for (const t of rangeInstantsOn(c, layer, d)) add(t);
    }
  }
  for (let d = firstDate; d <= lastDate; d = dayFacts(c, d).next) {
    if (!holidayDayOf(c, d)) continue;
    add(holidayStart(c, d));
    add(holidayStart(c, dayFacts(c, d).next));
  }
  for (const o of c.overrides) {
    add(o.startAt);
    add(o.endAt);
  }
  points.sort((a, b) => a - b);
  return points.filter((t, i) => i === 0 || t !== points[i - 1]);
}

/** The schedule in [from, to) of a compiled roster, merged; no limit on the range (callers keep it short). */
export function segmentsOf(c: CompiledRoster, from: number, to: number): Shift[] {
  const points = changePoints(c, from, to);
  const out: Shift[] = [];
  for (let i = 0; i < points.length; i++) {
    const start = points[i]!;
    const end = points[i + 1] ?? to;
    const duty = composeAt(c, start);
    const last = out[out.length - 1];
    if (last && sameDuty(last, duty)) last.end = end;
    else out.push({ start, end, ...duty });
  }
  return out;
}

/**
 * dutyAt over a compiled roster. The duty is evaluated at `at` itself; the stretch around it comes from the schedule
 * 2, then 10, then 35 days either side, so that a property test comparing the two would see a change point missed.
 */
export function dutyAtCompiled(c: CompiledRoster, at: number): DutyNow {
  const duty = composeAt(c, at);
  for (const days of [2, 10, NEXT_CHANGE_DAYS]) {
    const from = at - days * DAY_MS;
    const to = at + days * DAY_MS;
    const shift = segmentsOf(c, from, to).find((s) => s.start <= at && at < s.end)!;
    const openStart = shift.start <= from;
    const openEnd = shift.end >= to;
    if ((!openStart && !openEnd) || days === NEXT_CHANGE_DAYS) {
      return { at, ...duty, shiftStart: openStart ? null : shift.start, shiftEnd: openEnd ? null : shift.end };
    }
  }
  throw new Error('unreachable');
}

function checkInstant(ms: number, what: string): void {
  if (typeof ms !== 'number' || !Number.isFinite(ms)) throw new ShiftRangeError('instant', `${what} is not an instant: ${ms}`);
}

// ---------------------------------------------------------------- public surface

/**
 * Who is on duty at `at`, where from, and the stretch of unchanged duty around it. Throws a RangeError when the
 * roster's zone, a layer or the holiday hand-over is unreadable (checkRoster says which).
 */
export function dutyAt(def: RosterDefinition, at: number): DutyNow {
  checkInstant(at, 'dutyAt');
  return dutyAtCompiled(compileRoster(def), at);
}

/**
 * Who is on duty at `at`, without the stretch around it: what dutyAt answers, for the escalation engine's hot path
 * (microseconds instead of the milliseconds dutyAt spends finding shiftStart and shiftEnd).
 */
export function peopleOnDuty(def: RosterDefinition, at: number): Duty {
  checkInstant(at, 'peopleOnDuty');
  return composeAt(compileRoster(def), at);
}

/** Who is on duty now, and the next change of people or leader within NEXT_CHANGE_DAYS (null: none that soon). */
export function dutyNowAndNext(def: RosterDefinition, at: number): { now: DutyNow; next: DutyNow | null } {
  checkInstant(at, 'dutyNowAndNext');
  const c = compileRoster(def);
  const now = dutyAtCompiled(c, at);
  const change = segmentsOf(c, at, at + NEXT_CHANGE_DAYS * DAY_MS).find((s) => s.start > at && !samePeople(s, now));
  return { now, next: change ? dutyAtCompiled(c, change.start) : null };
}

/**
 * The final schedule in [from, to): contiguous stretches, merged where nothing shown differs (sameDuty), the first
 * starting at `from` and the last ending at `to`; stretches with nobody on duty included (source 'none'). At most
 * MAX_RANGE_DAYS (92 × 24 hours, plus the hour a clock change adds to a quarter); a ShiftRangeError otherwise.
 */
export function shiftsBetween(def: RosterDefinition, from: number, to: number): Shift[] {
  checkInstant(from, 'from');
  checkInstant(to, 'to');
  if (to <= from) throw new ShiftRangeError('order', 'from must be before to');
  if (to - from > MAX_RANGE_DAYS * DAY_MS + HOUR_MS) throw new ShiftRangeError('tooLong', `range longer than ${MAX_RANGE_DAYS} days`);
  return segmentsOf(compileRoster(def), from, to);
}
