/**
 * A working calendar as a timeline: for each local year, its working intervals as sorted instants with the working
 * time before each, so "how much working time between a and b" and "when have n ms of working time passed" are a
 * binary search instead of a walk over days or minutes (issue 11: 100,000 due instants in ≤ 1 s, on every list page).
 *
 * The day rules are not repeated here: each day's ranges come from `describeDate` of the working calendar (custom
 * date, then China's holidays and make-up workdays from chinese-days, then the week), and become instants through the
 * zone arithmetic of zones.ts, so a daylight-saving day has its real length. A year is built the first time it is
 * asked for (a few milliseconds) and kept per calendar, by object and by content: treat a calendar as immutable once
 * used, as the working calendar's own compiled form already requires.
 */
import { minuteOfDay, WEEKDAYS } from '../weekly.ts';
import { describeDate, MAX_IDLE_DAYS, NoWorkingTimeError, type WorkingCalendar } from '../working-calendar.ts';
import { DAY_MS, dateOfDayNumber, dayNumberOf, instantOfWallMs, localDayNumberOf, zoneOffsetMs } from '../zones.ts';

const MINUTE_MS = 60_000;
/** Longest span measured or walked, in years: beyond it the caller has made a mistake (the working calendar's is ~100). */
export const MAX_SPAN_YEARS = 100;
/**
 * Years kept per calendar before its cache starts afresh: a year is ~15 KB for an office week, ~70 KB at 8 ranges every
 * day, and SLA clocks live in this year and the next; a preview can ask about any year, so the cache stays small.
 */
const MAX_CACHED_YEARS = 8;
/** Years outside which instants are refused: dates are 'YYYY-MM-DD' with four digits. */
const FIRST_YEAR = 1;
const LAST_YEAR = 9998;

/** One local year of a calendar: its working intervals [starts[i], ends[i]) in order, not touching or overlapping. */
export interface Year {
  year: number;
  /** instants at which the year begins and the next one begins (local midnights) */
  from: number;
  to: number;
  starts: Float64Array;
  ends: Float64Array;
  /** working ms from the year's start to ends[i] */
  through: Float64Array;
  total: number;
  /** day numbers of the days that have working time, in order, and each one's close of business (its last end) */
  workDays: Int32Array;
  closes: Float64Array;
}

interface Timeline {
  zone: string;
  /** every minute works: wall-clock arithmetic, no years needed */
  roundTheClock: boolean;
  years: Map<number, Year>;
  /** the year last asked for: consecutive questions are nearly always about the same year, so no zone lookup */
  recent?: Year;
}

const timelines = new WeakMap<WorkingCalendar, Timeline>();
/**
 * Timelines by content too: a caller that reads the same calendar from the database for each request gets a new object
 * each time, and would otherwise build its years again for every list page.
 */
const byContent = new Map<string, Timeline>();
const MAX_SHARED_TIMELINES = 64;

export function timelineOf(cal: WorkingCalendar): Timeline {
  let t = timelines.get(cal);
  if (t) return t;
  describeDate(cal, '2000-01-01'); // checks the calendar once (RangeError naming its problems) before anything is built
  const key = JSON.stringify([cal.zone, cal.weekly, cal.chinaHolidays, cal.customDates ?? {}]);
  t = byContent.get(key);
  if (!t) {
    t = { zone: cal.zone, roundTheClock: isRoundTheClock(cal), years: new Map() };
    if (byContent.size >= MAX_SHARED_TIMELINES) byContent.clear();
    byContent.set(key, t);
  }
  timelines.set(cal, t);
  return t;
}

/** Every weekday 00:00–24:00, no holidays, no custom dates: wall-clock minutes, whatever the zone. */
function isRoundTheClock(cal: WorkingCalendar): boolean {
  if (cal.chinaHolidays || Object.keys(cal.customDates ?? {}).length > 0) return false;
  return WEEKDAYS.every((d) => {
    const ranges = cal.weekly[d];
    return ranges?.length === 1 && ranges[0]![0] === '00:00' && ranges[0]![1] === '24:00';
  });
}

/** The local year of an instant in the timeline's zone. */
function yearOf(t: Timeline, ms: number): number {
  const year = new Date(ms + zoneOffsetMs(ms, t.zone)).getUTCFullYear();
  if (year < FIRST_YEAR || year > LAST_YEAR) throw new RangeError(`instant ${ms} is outside the years ${FIRST_YEAR}–${LAST_YEAR}`);
  return year;
}

const firstDayOf = (year: number): number => dayNumberOf(`${String(year).padStart(4, '0')}-01-01`);

/** The year whose span holds the instant `ms`. */
function yearAt(cal: WorkingCalendar, t: Timeline, ms: number): Year {
  const recent = t.recent;
  if (recent && ms >= recent.from && ms < recent.to) return recent;
  return (t.recent = yearSpans(cal, t, yearOf(t, ms)));
}

function yearSpans(cal: WorkingCalendar, t: Timeline, year: number): Year {
  let y = t.years.get(year);
  if (y) return y;
  y = buildYear(cal, t.zone, year);
  if (t.years.size >= MAX_CACHED_YEARS) t.years.clear();
  t.years.set(year, y);
  return y;
}

function buildYear(cal: WorkingCalendar, zone: string, year: number): Year {
  const firstDay = firstDayOf(year);
  const lastDay = firstDayOf(year + 1) - 1;
  const from = instantOfWallMs(firstDay * DAY_MS, zone);
  const to = instantOfWallMs((lastDay + 1) * DAY_MS, zone);
  const starts: number[] = [];
  const ends: number[] = [];
  const workDays: number[] = [];
  const closes: number[] = [];
  for (let day = firstDay; day <= lastDay; day++) {
    let worked = false;
    for (const [s, e] of describeDate(cal, dateOfDayNumber(day)).ranges) {
      // A clock change can push a range into the one before it (or past the year's end): clip, then join touching ones.
      const last = ends.length > 0 ? ends[ends.length - 1]! : from;
      const start = Math.min(Math.max(instantOfWallMs(day * DAY_MS + minuteOfDay(s) * MINUTE_MS, zone), last), to);
      const end = Math.min(instantOfWallMs(day * DAY_MS + minuteOfDay(e) * MINUTE_MS, zone), to);
      if (end <= start) continue;
      if (ends.length > 0 && start === last) {
        ends[ends.length - 1] = end;
      } else {
        starts.push(start);
        ends.push(end);
      }
      worked = true;
    }
    if (worked) {
      workDays.push(day);
      closes.push(ends[ends.length - 1]!);
    }
  }
  const through = new Float64Array(starts.length);
  let total = 0;
  for (let i = 0; i < starts.length; i++) through[i] = total += ends[i]! - starts[i]!;
  return {
    year,
    from,
    to,
    starts: Float64Array.from(starts),
    ends: Float64Array.from(ends),
    through,
    total,
    workDays: Int32Array.from(workDays),
    closes: Float64Array.from(closes),
  };
}

/** Index of the first interval that ends after `ms` (the number of intervals if none does). */
function firstEndingAfter(y: Year, ms: number): number {
  let lo = 0;
  let hi = y.ends.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (y.ends[mid]! <= ms) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Working ms of the year before the instant `ms` (which lies in the year). */
function workedBefore(y: Year, ms: number): number {
  const i = firstEndingAfter(y, ms);
  if (i === y.ends.length) return y.total;
  const before = i === 0 ? 0 : y.through[i - 1]!;
  return before + Math.max(0, ms - y.starts[i]!);
}

function checkSpan(fromYear: number, toYear: number): void {
  if (toYear - fromYear > MAX_SPAN_YEARS) throw new RangeError(`working time asked over more than ${MAX_SPAN_YEARS} years`);
}

/** Working ms in [a, b); 0 when b is not after a. */
export function workingMsBetween(cal: WorkingCalendar, a: number, b: number): number {
  if (b <= a) return 0;
  const t = timelineOf(cal);
  if (t.roundTheClock) return b - a;
  const first = yearAt(cal, t, a);
  if (b < first.to) return workedBefore(first, b) - workedBefore(first, a);
  const last = yearAt(cal, t, b);
  checkSpan(first.year, last.year);
  let sum = first.total - workedBefore(first, a);
  for (let year = first.year + 1; year < last.year; year++) sum += yearSpans(cal, t, year).total;
  return sum + workedBefore(last, b);
}

/**
 * The earliest instant at which `ms` (> 0) of working time have passed since `start`: inside a working interval, or at
 * the end of one (a target that fits exactly into the day is due at 18:00, not at 09:00 the next morning).
 */
export function advanceWorkingMs(cal: WorkingCalendar, start: number, ms: number): number {
  const t = timelineOf(cal);
  if (t.roundTheClock) return start + ms;
  let y = yearAt(cal, t, start);
  const firstYear = y.year;
  let target = workedBefore(y, start) + ms;
  let idleFrom = firstYear;
  for (;;) {
    if (target <= y.total) {
      let lo = 0;
      let hi = y.through.length - 1;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (y.through[mid]! < target) lo = mid + 1;
        else hi = mid;
      }
      return y.ends[lo]! - (y.through[lo]! - target);
    }
    target -= y.total;
    if (y.total > 0) idleFrom = y.year + 1;
    // Whole years without working time: after more than MAX_IDLE_DAYS of them the calendar is taken to have none.
    else if ((y.year + 1 - idleFrom) * 365 > MAX_IDLE_DAYS) throw new NoWorkingTimeError(dateOfDayNumber(firstDayOf(idleFrom)));
    checkSpan(firstYear, y.year + 1);
    y = yearSpans(cal, t, y.year + 1);
  }
}

/**
 * Close of business (the end of the last working range) of the `n`th day (n ≥ 1) after the local date of `start` that
 * has working time. For 7×24 that is the next midnights.
 */
export function closeOfNthWorkingDayAfter(cal: WorkingCalendar, start: number, n: number): number {
  const t = timelineOf(cal);
  const startDay = localDayNumberOf(start, t.zone);
  if (t.roundTheClock) return instantOfWallMs((startDay + n + 1) * DAY_MS, t.zone);
  let y = yearAt(cal, t, start);
  const firstYear = y.year;
  let i = 0;
  let hi = y.workDays.length;
  while (i < hi) {
    const mid = (i + hi) >>> 1;
    if (y.workDays[mid]! <= startDay) i = mid + 1;
    else hi = mid;
  }
  let left = n;
  let idleFrom = firstYear;
  for (;;) {
    const available = y.workDays.length - i;
    if (left <= available) return y.closes[i + left - 1]!;
    left -= available;
    if (y.total > 0) idleFrom = y.year + 1;
    else if ((y.year + 1 - idleFrom) * 365 > MAX_IDLE_DAYS) throw new NoWorkingTimeError(dateOfDayNumber(firstDayOf(idleFrom)));
    checkSpan(firstYear, y.year + 1);
    y = yearSpans(cal, t, y.year + 1);
    i = 0;
  }
}
