/**
 * calendar: time zones, local dates and working calendars (China's public holidays and make-up workdays included).
 * A library module: no tables, no routes. See README.md.
 */
export { TimeZone } from './calendar.schemas.ts';
export { holidayCoverage, type HolidayName } from './china-holidays.ts';
export { normalizeWeeklyRanges, WEEKDAYS, type TimeRange, type Weekday, type WeeklyRanges } from './weekly.ts';
export {
  addWorkingMinutes,
  checkWorkingCalendar,
  describeDate,
  isWorkingTime,
  nextWorkingStart,
  NoWorkingTimeError,
  ROUND_THE_CLOCK,
  workingMinutesBetween,
  type CustomDate,
  type WorkingCalendar,
  type WorkingDay,
} from './working-calendar.ts';
export {
  addDays,
  DEFAULT_ZONE,
  instantOf,
  instantOfWallMs,
  isCalendarDate,
  isValidTimeZone,
  localDateOf,
  localPartsOf,
  startOfLocalDay,
  weekdayOf,
  type LocalDateTime,
  type LocalDateTimeInput,
} from './zones.ts';
