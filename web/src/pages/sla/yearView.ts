/**
 * The year view's day kinds, computed in the browser from the calendar and the `chinese-days` package — the same
 * package and the same order of precedence as the server's working calendars (server/modules/calendar/README.md):
 *
 * 1. a custom date of the calendar: closed, or open with its own ranges (without them, the workday ranges);
 * 2. with `chinaHolidays`, a public holiday is closed, and a make-up workday (调休上班) works the workday ranges —
 *    those of the first of Monday–Friday that has any;
 * 3. the weekly ranges of that weekday.
 *
 * We read the package's JSON (as the server does) rather than call its functions, which parse dates in the browser's
 * own zone; here a date is only ever a 'YYYY-MM-DD' key, already local to the calendar's zone.
 */
import days from 'chinese-days/dist/chinese-days.json';
import type { WorkingCalendar } from './slaApi';

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];
export type TimeRange = string[];

/** What a day is on a calendar; `customOpen`/`customClosed` are the campus's own dates. */
export type DayKind = 'workday' | 'restDay' | 'holiday' | 'makeUpWorkday' | 'customClosed' | 'customOpen';

export interface HolidayName {
  zh: string;
  en: string;
}

export interface YearDay {
  date: string;
  weekday: Weekday;
  kind: DayKind;
  /** the day's business hours, as the SLA clocks count them */
  ranges: TimeRange[];
  /** the public holiday or make-up workday the package names for that date, when the calendar observes them */
  holiday?: HolidayName;
}

type ChinaDay = { kind: 'holiday' | 'makeUpWorkday'; name: HolidayName };

/** "National Day,国庆节,3": English, Chinese, and the number of days off. */
function nameOf(text: string): HolidayName {
  const [en = '', zh = ''] = text.split(',');
  return { en, zh };
}

const chinaDays = new Map<string, ChinaDay>();
const knownYears = new Set<number>();
for (const [date, text] of Object.entries(days.holidays as Record<string, string>)) {
  chinaDays.set(date, { kind: 'holiday', name: nameOf(text) });
  knownYears.add(Number(date.slice(0, 4)));
}
for (const [date, text] of Object.entries(days.workdays as Record<string, string>)) {
  chinaDays.set(date, { kind: 'makeUpWorkday', name: nameOf(text) });
}

/** The last year whose public holidays and make-up workdays the installed package knows; later years are ordinary. */
export const HOLIDAYS_KNOWN_UNTIL = Math.max(...knownYears);

/** The public holiday or make-up workday on a date, if the package has one. */
export const chinaDayOn = (date: string): ChinaDay | undefined => chinaDays.get(date);

const pad = (n: number) => String(n).padStart(2, '0');

/** Monday-first weekday of a 'YYYY-MM-DD' date (the date is a calendar date, not an instant: UTC arithmetic only). */
export function weekdayOf(date: string): Weekday {
  const day = new Date(`${date}T00:00:00Z`).getUTCDay();
  return WEEKDAYS[(day + 6) % 7]!;
}

/** Every date of a year, in order. */
export function datesOfYear(year: number): string[] {
  const out: string[] = [];
  for (let t = Date.UTC(year, 0, 1); new Date(t).getUTCFullYear() === year; t += 86_400_000) {
    const d = new Date(t);
    out.push(`${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`);
  }
  return out;
}

/** The ranges a make-up workday (or a custom open day without its own) works: the first weekday's that has any. */
export function workdayRanges(calendar: WorkingCalendar): TimeRange[] {
  for (const day of WEEKDAYS.slice(0, 5)) {
    const ranges = calendar.weekly[day] ?? [];
    if (ranges.length > 0) return ranges;
  }
  return [];
}

/** One date on a calendar. */
export function describeDay(calendar: WorkingCalendar, date: string): YearDay {
  const weekday = weekdayOf(date);
  const china = calendar.chinaHolidays ? chinaDayOn(date) : undefined;
  const named = china ? { holiday: china.name } : {};
  const custom = calendar.customDates?.[date];
  if (custom) {
    if (!custom.working) return { date, weekday, kind: 'customClosed', ranges: [], ...named };
    return { date, weekday, kind: 'customOpen', ranges: custom.ranges ?? workdayRanges(calendar), ...named };
  }
  if (china?.kind === 'holiday') return { date, weekday, kind: 'holiday', ranges: [], ...named };
  if (china?.kind === 'makeUpWorkday') return { date, weekday, kind: 'makeUpWorkday', ranges: workdayRanges(calendar), ...named };
  const ranges = calendar.weekly[weekday] ?? [];
  return { date, weekday, kind: ranges.length > 0 ? 'workday' : 'restDay', ranges };
}

/** Every day of a year on a calendar. */
export const yearDays = (calendar: WorkingCalendar, year: number): YearDay[] => datesOfYear(year).map((date) => describeDay(calendar, date));

/** A month as whole weeks, Monday first: null where a week's day lies in another month. */
export function monthWeeks(days: readonly YearDay[], month: number): (YearDay | null)[][] {
  const inMonth = days.filter((d) => Number(d.date.slice(5, 7)) === month);
  if (inMonth.length === 0) return [];
  const cells: (YearDay | null)[] = [...Array<null>(WEEKDAYS.indexOf(inMonth[0]!.weekday)).fill(null), ...inMonth];
  while (cells.length % 7 !== 0) cells.push(null);
  const weeks: (YearDay | null)[][] = [];
  for (let i = 0; i < cells.length; i += 7) weeks.push(cells.slice(i, i + 7));
  return weeks;
}

/** How many days of each kind a year has (the legend's counts). */
export function countKinds(days: readonly YearDay[]): Record<DayKind, number> {
  const counts: Record<DayKind, number> = { workday: 0, restDay: 0, holiday: 0, makeUpWorkday: 0, customClosed: 0, customOpen: 0 };
  for (const d of days) counts[d.kind] += 1;
  return counts;
}
