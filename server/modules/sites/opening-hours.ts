import { fieldProblem, type FieldProblem } from '../../field-problems.ts';

/**
 * A site's weekly opening hours: for each weekday a list of [start, end) ranges in the site's own time zone, e.g.
 * a canteen { mon: [["06:30", "09:00"], ["11:00", "13:30"]], … }. null means always open. A day left out is closed.
 * Ranges do not cross midnight: 22:00–02:00 is written as 22:00–24:00 and 00:00–02:00 on the next day. Inspection
 * schedules ("every 2 hours during opening hours") and availability figures read this.
 */
export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];
export type TimeRange = [start: string, end: string];
export type OpeningHours = Record<Weekday, TimeRange[]>;

const TIME = /^(?:([01]\d|2[0-3]):([0-5]\d)|24:00)$/;
const minutes = (hhmm: string): number => (hhmm === '24:00' ? 1440 : Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5)));

/**
 * Checks a schedule as a caller sent it and returns it with all seven days, each day's ranges sorted, so that what
 * is stored (and compared in the audit log) has one shape. Problems name the day and range: openingHours.mon[1].
 */
export function normalizeOpeningHours(input: Partial<Record<string, unknown>>): { hours: OpeningHours; problems: FieldProblem[] } {
  const problems: FieldProblem[] = [];
  const hours = Object.fromEntries(WEEKDAYS.map((d) => [d, [] as TimeRange[]])) as OpeningHours;
  for (const [day, value] of Object.entries(input)) {
    const field = `openingHours.${day}`;
    if (!(WEEKDAYS as readonly string[]).includes(day)) {
      problems.push(fieldProblem(field, 'weekday', { allowed: WEEKDAYS.join(', ') }));
      continue;
    }
    if (!Array.isArray(value)) {
      problems.push(fieldProblem(field, 'timeRanges'));
      continue;
    }
    const ranges: TimeRange[] = [];
    value.forEach((range: unknown, i) => {
      const at = `${field}[${i}]`;
      if (!Array.isArray(range) || range.length !== 2 || !range.every((t) => typeof t === 'string' && TIME.test(t))) {
        problems.push(fieldProblem(at, 'timeRange'));
      } else if (minutes(range[0] as string) >= minutes(range[1] as string)) {
        problems.push(fieldProblem(at, 'timeRangeOrder', { start: String(range[0]), end: String(range[1]) }));
      } else {
        ranges.push([range[0] as string, range[1] as string]);
      }
    });
    ranges.sort((a, b) => minutes(a[0]) - minutes(b[0]));
    for (let i = 1; i < ranges.length; i++) {
      if (minutes(ranges[i]![0]) < minutes(ranges[i - 1]![1])) {
        problems.push(fieldProblem(field, 'timeRangeOverlap', { first: ranges[i - 1]!.join('–'), second: ranges[i]!.join('–') }));
      }
    }
    hours[day as Weekday] = ranges;
  }
  return { hours, problems };
}
