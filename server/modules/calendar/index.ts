/**
 * calendar: time zones, local dates and working calendars (China's public holidays and make-up workdays included).
 * A library module: no tables, no routes. See README.md.
 */
export {
  checkBusinessCalendar,
  MAX_CUSTOM_DATES,
  MAX_RANGES_PER_DAY,
} from './business-hours/business-calendar.ts';
export {
  addBusinessDays,
  addBusinessMinutes,
  businessMinutesBetween,
  dueInstant,
  targetMinutes,
  type Pause,
  type SlaTarget,
} from './business-hours/business-time.ts';
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
