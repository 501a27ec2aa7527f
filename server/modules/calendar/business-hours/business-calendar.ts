/**
 * Checking an SLA calendar as a user sends it (issue 11: "overlapping calendar ranges: clear errors"). An SLA
 * calendar is a working calendar — zone, ranges per weekday, China's holidays and make-up workdays on or off, custom
 * dates with or without their own ranges — and 7×24 is the working calendar ROUND_THE_CLOCK; this adds what a stored,
 * user-edited calendar needs on top of the working calendar's own check: a value of any shape answered with problems,
 * never an exception, and limits on its size.
 */
import { fieldProblem, type FieldProblem } from '../../../field-problems.ts';
import type { TimeRange } from '../weekly.ts';
import { checkWorkingCalendar, type CustomDate, type WorkingCalendar } from '../working-calendar.ts';
import { isCalendarDate } from '../zones.ts';

/** Ranges in one day: a service desk has two or three (morning, afternoon, evening); more is a mistake or an attack. */
export const MAX_RANGES_PER_DAY = 8;
/** Custom dates in one calendar: a campus's vacations and special openings for several years. */
export const MAX_CUSTOM_DATES = 1000;

const maxItems = (field: string, limit: number): FieldProblem => fieldProblem(field, 'maxItems', { limit });

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Checks a calendar of unknown shape (a request body, a stored row) and returns it in one shape (all seven days,
 * ranges sorted, custom dates in date order) with every problem naming its field: `zone`, `weekly.mon[1]`,
 * `weekly.tue` (overlap, too many), `customDates.2026-07-01.ranges[0]`, `chinaHolidays`. Use the calendar only when
 * `problems` is empty.
 */
export function checkBusinessCalendar(input: unknown): { calendar: WorkingCalendar; problems: FieldProblem[] } {
  const problems: FieldProblem[] = [];
  const body = isRecord(input) ? input : {};
  if (!isRecord(input)) problems.push(fieldProblem('', 'type', { type: 'object' }));

  const zone = typeof body.zone === 'string' ? body.zone : '';
  if (typeof body.chinaHolidays !== 'boolean') problems.push(fieldProblem('chinaHolidays', 'type', { type: 'boolean' }));

  // Without a prototype, a key "__proto__" from JSON.parse stays a key and is refused by name instead of vanishing.
  const weekly: Record<string, unknown> = Object.create(null);
  if (body.weekly !== undefined && !isRecord(body.weekly)) problems.push(fieldProblem('weekly', 'type', { type: 'object' }));
  for (const [day, ranges] of Object.entries(isRecord(body.weekly) ? body.weekly : {})) {
    if (Array.isArray(ranges) && ranges.length > MAX_RANGES_PER_DAY) problems.push(maxItems(`weekly.${day}`, MAX_RANGES_PER_DAY));
    else weekly[day] = ranges;
  }

  const customDates: Record<string, CustomDate> = {};
  if (body.customDates !== undefined && !isRecord(body.customDates)) {
    problems.push(fieldProblem('customDates', 'type', { type: 'object' }));
  }
  const custom = Object.entries(isRecord(body.customDates) ? body.customDates : {});
  if (custom.length > MAX_CUSTOM_DATES) problems.push(maxItems('customDates', MAX_CUSTOM_DATES));
  for (const [date, rule] of custom.slice(0, MAX_CUSTOM_DATES)) {
    const at = `customDates.${date}`;
    if (!isCalendarDate(date)) {
      problems.push(fieldProblem(at, 'calendarDate'));
    } else if (!isRecord(rule) || typeof rule.working !== 'boolean') {
      problems.push(fieldProblem(`${at}.working`, 'type', { type: 'boolean' }));
    } else if (!rule.working) {
      customDates[date] = { working: false };
    } else if (rule.ranges === undefined) {
      customDates[date] = { working: true };
    } else if (Array.isArray(rule.ranges) && rule.ranges.length > MAX_RANGES_PER_DAY) {
      problems.push(maxItems(`${at}.ranges`, MAX_RANGES_PER_DAY));
    } else {
      // the working calendar's check says what is wrong with a range list that is not one
      customDates[date] = { working: true, ranges: rule.ranges as TimeRange[] };
    }
  }

  const checked = checkWorkingCalendar({ zone, weekly, chinaHolidays: body.chinaHolidays === true, customDates });
  return { calendar: checked.calendar, problems: [...problems, ...checked.problems] };
}
