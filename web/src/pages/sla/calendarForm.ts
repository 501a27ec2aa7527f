/**
 * The SLA calendar editor's values and the body they make. The form keeps the body's shape (`calendar.weekly.mon.1`)
 * so the server's field problems land where they are named; custom dates, a map in the body, are edited as rows, and
 * `customDatePath` moves a problem named by its date onto its row.
 */
import type { NamePath } from '../../app/fieldPaths';
import type { CreateSlaCalendarBody, SlaCalendar } from './slaApi';
import { WEEKDAYS, type TimeRange, type Weekday } from './yearView';

/** As the server allows (MAX_RANGES_PER_DAY, MAX_CUSTOM_DATES). */
export const MAX_RANGES_PER_DAY = 8;
export const MAX_CUSTOM_DATES = 1000;
export const DEFAULT_RANGE: TimeRange = ['09:00', '18:00'];

export interface CustomDateRow {
  date?: string;
  working: boolean;
  /** only for an open day; empty: the workday hours */
  ranges: TimeRange[];
}

export interface CalendarFormValues {
  name: string;
  description?: string | null;
  calendar: {
    zone: string;
    weekly: Record<Weekday, TimeRange[]>;
    chinaHolidays: boolean;
    customDates: CustomDateRow[];
  };
}

const HHMM = /^(?:([01]\d|2[0-3]):([0-5]\d)|24:00)$/;

/** Minutes since midnight of 'HH:MM' ('24:00' is the day's end), or null when it is no time of day. */
export function minuteOf(text: string | undefined): number | null {
  if (!text || !HHMM.test(text)) return null;
  return text === '24:00' ? 1440 : Number(text.slice(0, 2)) * 60 + Number(text.slice(3, 5));
}

const hhmm = (minutes: number) => (minutes >= 1440 ? '24:00' : `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`);

/** What is wrong with one range, as a key of the form's own checks: 'time' (not HH:MM) or 'order' (end not after start). */
export function rangeProblem(range: readonly (string | undefined)[] | undefined): 'time' | 'order' | null {
  const start = minuteOf(range?.[0]);
  const end = minuteOf(range?.[1]);
  if (start === null || end === null || start === 1440) return 'time';
  return end > start ? null : 'order';
}

/** The first pair of a day's ranges that overlap (touching is fine: 12:00–12:00 is no overlap), as indexes. */
export function firstOverlap(ranges: readonly (readonly (string | undefined)[])[]): [number, number] | null {
  const valid = ranges
    .map((r, i) => ({ i, start: minuteOf(r[0]), end: minuteOf(r[1]) }))
    .filter((r): r is { i: number; start: number; end: number } => r.start !== null && r.end !== null && r.end > r.start)
    .sort((a, b) => a.start - b.start);
  for (let k = 1; k < valid.length; k++) {
    if (valid[k]!.start < valid[k - 1]!.end) return [Math.min(valid[k - 1]!.i, valid[k]!.i), Math.max(valid[k - 1]!.i, valid[k]!.i)];
  }
  return null;
}

/**
 * The range "add" offers after a day's ranges: 09:00–18:00 on an empty day, else an hour from the latest end (to the
 * end of the day at most), or null when the day is full up to midnight.
 */
export function nextRange(ranges: readonly (readonly (string | undefined)[])[]): TimeRange | null {
  if (ranges.length === 0) return [...DEFAULT_RANGE];
  const ends = ranges.map((r) => minuteOf(r[1])).filter((m): m is number => m !== null);
  const last = ends.length > 0 ? Math.max(...ends) : 0;
  if (last >= 1440) return null;
  return [hhmm(last), hhmm(Math.min(last + 60, 1440))];
}

/** The weekly ranges with one day's copied onto others (e.g. Monday's onto Tuesday–Friday). */
export function copyDay(weekly: Record<Weekday, TimeRange[]>, from: Weekday, to: readonly Weekday[]): Record<Weekday, TimeRange[]> {
  const source = weekly[from] ?? [];
  const out = { ...weekly };
  for (const day of to) if (day !== from) out[day] = source.map((r) => [...r]);
  return out;
}

/** The form of a stored calendar, or of a new one: Monday to Friday 09:00–18:00 in Asia/Shanghai with China's holidays. */
export function calendarToForm(calendar: SlaCalendar | null): CalendarFormValues {
  if (!calendar) {
    const weekly = Object.fromEntries(WEEKDAYS.map((d, i) => [d, i < 5 ? [[...DEFAULT_RANGE]] : []])) as Record<Weekday, TimeRange[]>;
    return { name: '', description: '', calendar: { zone: 'Asia/Shanghai', weekly, chinaHolidays: true, customDates: [] } };
  }
  const c = calendar.calendar;
  return {
    name: calendar.name,
    description: calendar.description ?? '',
    calendar: {
      zone: c.zone,
      weekly: Object.fromEntries(WEEKDAYS.map((d) => [d, (c.weekly[d] ?? []).map((r) => [...r])])) as Record<Weekday, TimeRange[]>,
      chinaHolidays: c.chinaHolidays,
      customDates: Object.entries(c.customDates ?? {})
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([date, d]) => ({ date, working: d.working, ranges: (d.ranges ?? []).map((r) => [...r]) })),
    },
  };
}

/** The body to create a calendar with, or to replace a stored one's fields (PUT adds the version). */
export function formToCalendar(values: CalendarFormValues): CreateSlaCalendarBody {
  const c = values.calendar;
  const customDates: Record<string, { working: boolean; ranges?: TimeRange[] }> = {};
  for (const row of c.customDates) {
    if (!row.date) continue;
    customDates[row.date] = row.working && row.ranges.length > 0 ? { working: true, ranges: row.ranges.map((r) => [r[0] ?? '', r[1] ?? '']) } : { working: row.working };
  }
  return {
    name: values.name.trim(),
    description: values.description?.trim() || null,
    calendar: {
      zone: c.zone,
      weekly: Object.fromEntries(WEEKDAYS.map((d) => [d, (c.weekly[d] ?? []).map((r) => [r[0] ?? '', r[1] ?? ''])])),
      chinaHolidays: c.chinaHolidays,
      customDates,
    },
  };
}

/** The dates entered more than once (the body is a map: a second row would silently replace the first). */
export function repeatedDates(rows: readonly CustomDateRow[]): Set<string> {
  const seen = new Set<string>();
  const repeated = new Set<string>();
  for (const row of rows) {
    if (!row.date) continue;
    if (seen.has(row.date)) repeated.add(row.date);
    seen.add(row.date);
  }
  return repeated;
}

/**
 * A server problem's path in the form's terms: `calendar.customDates.2026-07-15.ranges.0` names a row by its date,
 * the form by its index. Other paths are the form's own.
 */
export function customDatePath(path: NamePath, rows: readonly CustomDateRow[]): NamePath {
  if (path[0] !== 'calendar' || path[1] !== 'customDates' || path.length < 3) return path;
  const index = rows.findIndex((r) => r.date === String(path[2]));
  return index < 0 ? ['calendar', 'customDates'] : ['calendar', 'customDates', index, ...path.slice(3)];
}
