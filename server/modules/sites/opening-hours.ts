import type { FieldProblem } from '../../field-problems.ts';
import { normalizeWeeklyRanges, type WeeklyRanges } from '../calendar/index.ts';

/**
 * A site's weekly opening hours, in the site's own time zone, written as the calendar module's weekly ranges (e.g. a
 * canteen { mon: [["06:30", "09:00"], ["11:00", "13:30"]], … }; a day left out is closed). null means always open.
 * Inspection schedules ("every 2 hours during opening hours") and availability figures read this. Unlike a working
 * calendar, opening hours know no public holidays: a canteen or a ticket office keeps its hours on them.
 */
export type OpeningHours = WeeklyRanges;

/**
 * Checks a schedule as a caller sent it and returns it with all seven days, each day's ranges sorted, so that what
 * is stored (and compared in the audit log) has one shape. Problems name the day and range: openingHours.mon[1].
 */
export function normalizeOpeningHours(input: Partial<Record<string, unknown>>): { hours: OpeningHours; problems: FieldProblem[] } {
  const { weekly, problems } = normalizeWeeklyRanges(input, 'openingHours');
  return { hours: weekly, problems };
}
