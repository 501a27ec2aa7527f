/**
 * oncall/roster: the duty roster (值班表) as pure functions — layers of rotations, holiday duty days with their
 * leaders (领导带班), overrides — with no database and no HTTP. Time is always an argument. See README.md.
 */
export { checkRoster, GAP_DAYS, LEADER_DAYS, MAX_GAP_WARNINGS } from './roster.check.ts';
export { escapeText, foldLine, ICAL_UID_DOMAIN, toICalendar, type ICalendarOptions } from './ical.ts';
export { dutyAt, dutyNowAndNext, MAX_RANGE_DAYS, NEXT_CHANGE_DAYS, peopleOnDuty, ShiftRangeError, shiftsBetween } from './roster.ts';
export {
  DutyNowAndNextResponse,
  DutyNowResponse,
  HolidayDutyBody,
  MAX_HOLIDAY_DUTIES,
  MAX_LAYERS,
  RosterDefinitionBody,
  RosterLayerBody,
  RosterOverrideBody,
  RosterWarningResponse,
  RotationBody,
  ShiftResponse,
  ShiftsQuery,
} from './roster.schemas.ts';
export {
  MAX_PARTICIPANTS,
  MAX_SHIFT_HOURS,
  ROTATION_KINDS,
  type Duty,
  type DutyNow,
  type DutySource,
  type HolidayDuty,
  type HolidayRef,
  type RosterDefinition,
  type RosterLayer,
  type RosterOverride,
  type RosterWarning,
  type RosterWarningCode,
  type Rotation,
  type RotationKind,
  type Shift,
} from './roster.types.ts';
