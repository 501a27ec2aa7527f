/**
 * Working calendars: when the clock of a business-hours target runs (SLA response and resolution times, rosters,
 * inspections "during working hours", reports per working day).
 *
 * A day's working ranges are decided in this order:
 *   1. a custom date of the calendar (the campus's own vacation, a special opening) wins over everything;
 *   2. with `chinaHolidays`, a public holiday does not work, and a make-up workday (调休, a Saturday or Sunday the
 *      State Council turns into a workday) works the calendar's workday ranges: those of the first of Monday–Friday
 *      that has any. The official notices do not say which weekday a make-up day stands in for, and a calendar almost
 *      always has the same hours from Monday to Friday; one that does not (a short Friday) gets Monday's on a make-up day;
 *   3. otherwise the weekly ranges of that weekday.
 *
 * Arithmetic goes day by day over each day's ranges turned into instants (cached per calendar and day), never minute
 * by minute. Working minutes are real elapsed minutes: on the day Berlin moves its clocks forward, 01:00–04:00 is two
 * hours. A search that finds no working time for two years throws NoWorkingTimeError instead of looping.
 *
 * A calendar is a plain value (it can be stored as JSON); treat it as immutable once used, since its compiled form is
 * cached by object identity.
 */
import { fieldProblem, type FieldProblem } from '../../field-problems.ts';
import { chinaDayOn, type HolidayName } from './china-holidays.ts';
import { hhmmOf, minuteOfDay, normalizeTimeRanges, normalizeWeeklyRanges, WEEKDAYS, type TimeRange, type Weekday } from './weekly.ts';
import {
  DAY_MS,
  DEFAULT_ZONE,
  dateOfDayNumber,
  dayNumberOf,
  instantOfWallMs,
  isCalendarDate,
  isValidTimeZone,
  localDayNumberOf,
  weekdayOfDayNumber,
} from './zones.ts';

/** A date that differs from the week: closed, or working with its own ranges (or, without, the workday ranges). */
export type CustomDate = { working: false } | { working: true; ranges?: TimeRange[] };

export interface WorkingCalendar {
  /** IANA zone the ranges and dates are read in */
  zone: string;
  /** working ranges per weekday; a day left out or empty does not work */
  weekly: Partial<Record<Weekday, TimeRange[]>>;
  /** apply China's public holidays (not working) and make-up workdays (调休, working) from chinese-days */
  chinaHolidays: boolean;
  /** 'YYYY-MM-DD' → that date's own rule; wins over the week and over China's holidays */
  customDates?: Record<string, CustomDate>;
}

const ALL_DAY: TimeRange[] = [['00:00', '24:00']];

/** 7×24: every minute works, holidays included. */
export const ROUND_THE_CLOCK: WorkingCalendar = Object.freeze({
  zone: DEFAULT_ZONE,
  weekly: Object.freeze(Object.fromEntries(WEEKDAYS.map((d) => [d, ALL_DAY]))),
  chinaHolidays: false,
});

/** No working time within this many days of where a search starts: the calendar is taken to have none at all. */
export const MAX_IDLE_DAYS = 731;
/** Longest span walked or measured (about 100 years): beyond it the caller has made a mistake. */
const MAX_SPAN_DAYS = 36_600;
const MINUTE_MS = 60_000;

/** The calendar has no working time within MAX_IDLE_DAYS of the instant asked about. */
export class NoWorkingTimeError extends Error {
  constructor(from: string) {
    super(`the working calendar has no working time in the ${MAX_IDLE_DAYS} days from ${from}`);
    this.name = 'NoWorkingTimeError';
  }
}

// ---------------------------------------------------------------- checking a definition

/**
 * Checks a calendar as a caller sent or stored it and returns it in one shape (all seven days, ranges sorted, custom
 * dates in date order), with problems naming the field: zone, weekly.mon[1], customDates.2026-07-01.ranges[0].
 */
export function checkWorkingCalendar(input: WorkingCalendar): { calendar: WorkingCalendar; problems: FieldProblem[] } {
  const problems: FieldProblem[] = [];
  if (!isValidTimeZone(input.zone)) problems.push(fieldProblem('zone', 'timeZone', { value: String(input.zone) }));
  const { weekly, problems: weekProblems } = normalizeWeeklyRanges(input.weekly ?? {}, 'weekly');
  problems.push(...weekProblems);
  const customDates: Record<string, CustomDate> = {};
  for (const date of Object.keys(input.customDates ?? {}).sort()) {
    const rule = input.customDates![date]!;
    if (!isCalendarDate(date)) {
      problems.push(fieldProblem(`customDates.${date}`, 'calendarDate'));
    } else if (rule.working !== true) {
      customDates[date] = { working: false };
    } else if (rule.ranges === undefined) {
      customDates[date] = { working: true };
    } else {
      const checked = normalizeTimeRanges(rule.ranges, `customDates.${date}.ranges`);
      problems.push(...checked.problems);
      customDates[date] = { working: true, ranges: checked.ranges };
    }
  }
  const calendar: WorkingCalendar = { zone: input.zone, weekly, chinaHolidays: input.chinaHolidays === true };
  if (Object.keys(customDates).length > 0) calendar.customDates = customDates;
  return { calendar, problems };
}

// ---------------------------------------------------------------- compiled form

/** [start, end) in minutes since local midnight */
type Span = readonly [number, number];

interface Compiled {
  zone: string;
  /** Monday first */
  weekly: Span[][];
  /** the workday ranges: make-up workdays and custom working dates without ranges of their own */
  workday: Span[];
  china: boolean;
  custom: Map<number, Span[]>;
  /** day number → its working intervals as instants [start0, end0, start1, end1, …] */
  days: Map<number, number[]>;
}

const compiledCalendars = new WeakMap<WorkingCalendar, Compiled>();
const spansOf = (ranges: TimeRange[]): Span[] => ranges.map(([s, e]) => [minuteOfDay(s), minuteOfDay(e)] as const);

function compiled(cal: WorkingCalendar): Compiled {
  let c = compiledCalendars.get(cal);
  if (c) return c;
  const { calendar, problems } = checkWorkingCalendar(cal);
  if (problems.length > 0) throw new RangeError(`invalid working calendar: ${problems.map((p) => `${p.field} ${p.message}`).join('; ')}`);
  const weekly = WEEKDAYS.map((d) => spansOf(calendar.weekly[d]!));
  c = {
    zone: calendar.zone,
    weekly,
    workday: weekly.slice(0, 5).find((spans) => spans.length > 0) ?? [],
    china: calendar.chinaHolidays,
    custom: new Map(),
    days: new Map(),
  };
  for (const [date, rule] of Object.entries(calendar.customDates ?? {})) {
    c.custom.set(dayNumberOf(date), !rule.working ? [] : rule.ranges ? spansOf(rule.ranges) : c.workday);
  }
  compiledCalendars.set(cal, c);
  return c;
}

type Source = 'weekly' | 'holiday' | 'makeUpWorkday' | 'custom';

function rule(c: Compiled, day: number): { spans: Span[]; source: Source; holiday?: HolidayName } {
  const custom = c.custom.get(day);
  if (custom) return { spans: custom, source: 'custom' };
  if (c.china) {
    const china = chinaDayOn(day);
    if (china?.kind === 'holiday') return { spans: [], source: 'holiday', holiday: china.name };
    if (china?.kind === 'makeUpWorkday') return { spans: c.workday, source: 'makeUpWorkday', holiday: china.name };
  }
  return { spans: c.weekly[(((day + 3) % 7) + 7) % 7]!, source: 'weekly' };
}

/** A day's working time as instants, in order, not overlapping (a clock change can push one range into the next). */
function intervalsOn(c: Compiled, day: number): number[] {
  let out = c.days.get(day);
  if (out) return out;
  out = [];
  for (const [s, e] of rule(c, day).spans) {
    let from = instantOfWallMs(day * DAY_MS + s * MINUTE_MS, c.zone);
    const to = instantOfWallMs(day * DAY_MS + e * MINUTE_MS, c.zone);
    const last = out.length > 0 ? out[out.length - 1]! : -Infinity;
    if (from < last) from = last;
    if (to <= from) continue;
    if (from === last) out[out.length - 1] = to;
    else out.push(from, to);
  }
  if (c.days.size >= 20_000) c.days.clear();
  c.days.set(day, out);
  return out;
}

function checkInstant(ms: number, what: string): void {
  if (!Number.isFinite(ms)) throw new RangeError(`${what} is not an instant: ${ms}`);
}

// ---------------------------------------------------------------- arithmetic

/** Whether the calendar works at the instant `ms`. */
export function isWorkingTime(cal: WorkingCalendar, ms: number): boolean {
  checkInstant(ms, 'isWorkingTime');
  const c = compiled(cal);
  const iv = intervalsOn(c, localDayNumberOf(ms, c.zone));
  for (let i = 0; i < iv.length; i += 2) if (ms >= iv[i]! && ms < iv[i + 1]!) return true;
  return false;
}

/**
 * Walks the working intervals that end after `fromMs`, day by day, handing each (clipped to start no earlier than
 * fromMs) to `visit` until it returns a result. Throws NoWorkingTimeError after MAX_IDLE_DAYS without any.
 */
function walk(cal: WorkingCalendar, fromMs: number, visit: (start: number, end: number) => number | undefined): number {
  const c = compiled(cal);
  const first = localDayNumberOf(fromMs, c.zone);
  let idle = 0;
  for (let day = first; day - first <= MAX_SPAN_DAYS; day++) {
    const iv = intervalsOn(c, day);
    let any = false;
    for (let i = 0; i < iv.length; i += 2) {
      const end = iv[i + 1]!;
      if (end <= fromMs) continue;
      any = true;
      const result = visit(Math.max(iv[i]!, fromMs), end);
      if (result !== undefined) return result;
    }
    if (any) idle = 0;
    else if (++idle > MAX_IDLE_DAYS) throw new NoWorkingTimeError(dateOfDayNumber(first));
  }
  throw new RangeError(`working time asked for more than ${MAX_SPAN_DAYS} days ahead of ${dateOfDayNumber(first)}`);
}

/**
 * The instant at which `minutes` working minutes have passed since `startMs` (e.g. an SLA target's due instant).
 * Counting starts at the next working time if `startMs` is outside it; a result at the end of a range stays there
 * (a target met by 18:00 is due at 18:00, not at 09:00 the next morning). 0 minutes: `startMs` itself.
 */
export function addWorkingMinutes(cal: WorkingCalendar, startMs: number, minutes: number): number {
  checkInstant(startMs, 'addWorkingMinutes');
  if (!Number.isFinite(minutes) || minutes < 0) throw new RangeError(`addWorkingMinutes: minutes must be 0 or more, not ${minutes}`);
  let remaining = Math.round(minutes * MINUTE_MS);
  if (remaining === 0) return startMs;
  return walk(cal, startMs, (start, end) => {
    if (remaining <= end - start) return start + remaining;
    remaining -= end - start;
    return undefined;
  });
}

/** Working minutes from `fromMs` to `toMs` (fractions for parts of a minute); 0 when `toMs` is not after `fromMs`. */
export function workingMinutesBetween(cal: WorkingCalendar, fromMs: number, toMs: number): number {
  checkInstant(fromMs, 'workingMinutesBetween');
  checkInstant(toMs, 'workingMinutesBetween');
  if (toMs <= fromMs) return 0;
  const c = compiled(cal);
  const first = localDayNumberOf(fromMs, c.zone);
  const last = localDayNumberOf(toMs, c.zone);
  if (last - first > MAX_SPAN_DAYS) throw new RangeError(`workingMinutesBetween: more than ${MAX_SPAN_DAYS} days apart`);
  let total = 0;
  for (let day = first; day <= last; day++) {
    const iv = intervalsOn(c, day);
    for (let i = 0; i < iv.length; i += 2) {
      const a = Math.max(iv[i]!, fromMs);
      const b = Math.min(iv[i + 1]!, toMs);
      if (b > a) total += b - a;
    }
  }
  return total / MINUTE_MS;
}

/** `ms` itself if the calendar works then, otherwise the start of its next working range. */
export function nextWorkingStart(cal: WorkingCalendar, ms: number): number {
  checkInstant(ms, 'nextWorkingStart');
  return walk(cal, ms, (start) => start);
}

export interface WorkingDay {
  date: string;
  weekday: Weekday;
  working: boolean;
  /** that day's working ranges, local time */
  ranges: TimeRange[];
  /** what decided them */
  source: Source;
  /** the public holiday or make-up workday, when that decided */
  holiday?: HolidayName;
}

/** What the calendar does on a local date ('YYYY-MM-DD'), and why: for a year view of holidays and make-up days. */
export function describeDate(cal: WorkingCalendar, date: string): WorkingDay {
  const day = dayNumberOf(date);
  const { spans, source, holiday } = rule(compiled(cal), day);
  return {
    date,
    weekday: weekdayOfDayNumber(day),
    working: spans.length > 0,
    ranges: spans.map(([s, e]) => [hhmmOf(s), hhmmOf(e)] as TimeRange),
    source,
    ...(holiday && { holiday }),
  };
}

