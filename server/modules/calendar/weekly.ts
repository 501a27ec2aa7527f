import { fieldProblem, type FieldProblem } from '../../field-problems.ts';

/**
 * Weekly time ranges: for each weekday a list of [start, end) ranges of local time, e.g. a service desk
 * { mon: [["08:30", "12:00"], ["13:30", "17:30"]], … } or 7×24 as ["00:00", "24:00"] on every day. A day left out or
 * empty has none. Ranges do not cross midnight: 22:00–02:00 is 22:00–24:00 and 00:00–02:00 on the next day. Site
 * opening hours and working calendars are both written this way.
 */
export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];
/** 'HH:MM' from 00:00 to 24:00, start before end */
export type TimeRange = [start: string, end: string];
export type WeeklyRanges = Record<Weekday, TimeRange[]>;

const TIME = /^(?:([01]\d|2[0-3]):([0-5]\d)|24:00)$/;

/** Minutes since midnight of a checked 'HH:MM' (24:00 is 1440). */
export const minuteOfDay = (hhmm: string): number => (hhmm === '24:00' ? 1440 : Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5)));

/** 'HH:MM' of minutes since midnight (0–1440). */
export const hhmmOf = (minutes: number): string => `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;

/**
 * Checks one day's ranges as a caller sent them and returns them sorted. Problems name the range: `<field>[1]` for a
 * bad range, `<field>` for a list that is not one or for two ranges that overlap.
 */
export function normalizeTimeRanges(value: unknown, field: string): { ranges: TimeRange[]; problems: FieldProblem[] } {
  const problems: FieldProblem[] = [];
  if (!Array.isArray(value)) return { ranges: [], problems: [fieldProblem(field, 'timeRanges')] };
  const ranges: TimeRange[] = [];
  value.forEach((range: unknown, i) => {
    const at = `${field}[${i}]`;
    if (!Array.isArray(range) || range.length !== 2 || !range.every((t) => typeof t === 'string' && TIME.test(t))) {
      problems.push(fieldProblem(at, 'timeRange'));
    } else if (minuteOfDay(range[0] as string) >= minuteOfDay(range[1] as string)) {
      problems.push(fieldProblem(at, 'timeRangeOrder', { start: String(range[0]), end: String(range[1]) }));
    } else {
      ranges.push([range[0] as string, range[1] as string]);
    }
  });
  ranges.sort((a, b) => minuteOfDay(a[0]) - minuteOfDay(b[0]));
  for (let i = 1; i < ranges.length; i++) {
    if (minuteOfDay(ranges[i]![0]) < minuteOfDay(ranges[i - 1]![1])) {
      problems.push(fieldProblem(field, 'timeRangeOverlap', { first: ranges[i - 1]!.join('–'), second: ranges[i]!.join('–') }));
    }
  }
  return { ranges, problems };
}

/**
 * Checks a week as a caller sent it and returns it with all seven days, each day's ranges sorted, so that what is
 * stored (and compared in the audit log) has one shape. Problems name the day and range: `<field>.mon[1]`.
 */
export function normalizeWeeklyRanges(input: Partial<Record<string, unknown>>, field: string): { weekly: WeeklyRanges; problems: FieldProblem[] } {
  const problems: FieldProblem[] = [];
  const weekly = Object.fromEntries(WEEKDAYS.map((d) => [d, [] as TimeRange[]])) as WeeklyRanges;
  for (const [day, value] of Object.entries(input)) {
    const at = `${field}.${day}`;
    if (!(WEEKDAYS as readonly string[]).includes(day)) {
      problems.push(fieldProblem(at, 'weekday', { allowed: WEEKDAYS.join(', ') }));
      continue;
    }
    const checked = normalizeTimeRanges(value, at);
    problems.push(...checked.problems);
    weekly[day as Weekday] = checked.ranges;
  }
  return { weekly, problems };
}
