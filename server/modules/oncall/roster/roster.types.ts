import type { WeeklyRanges } from '../../calendar/index.ts';

/**
 * The duty roster (值班表) as plain values: what the lead's tables store and what the pure functions of this folder
 * read. Instants are epoch milliseconds (UTC); dates are 'YYYY-MM-DD' and times 'HH:MM' in the roster's zone.
 */

export const ROTATION_KINDS = ['daily', 'weekly', 'custom'] as const;
export type RotationKind = (typeof ROTATION_KINDS)[number];

/** Four weeks: the longest custom shift. */
export const MAX_SHIFT_HOURS = 24 * 28;
export const MAX_PARTICIPANTS = 100;

export interface Rotation {
  kind: RotationKind;
  /** custom only: shift length in whole hours (1..MAX_SHIFT_HOURS), counted in real elapsed time */
  shiftHours?: number;
  /** local time of the hand-over, 'HH:MM' (e.g. '08:30'): shifts start and end at it */
  handover: string;
  /** local date the first participant's first shift starts (at the hand-over time) */
  startDate: string;
  /** user ids, in turn order (1..MAX_PARTICIPANTS); a name may appear more than once to take more turns */
  participants: string[];
  /**
   * The layer is only in force during these weekly local time ranges (nights and weekends, say); outside them the
   * layer below applies. A day left out has none. null or absent: always in force.
   */
  activeRanges?: WeeklyRanges | Partial<WeeklyRanges> | null;
}

/** Later layers win over earlier ones where they are in force. */
export interface RosterLayer {
  id: string;
  name: string;
  rotation: Rotation;
}

export interface RosterOverride {
  id: string;
  userId: string;
  /** null: adds this person beside whoever is on; else covers for them (the holiday leader included) */
  replacesUserId: string | null;
  startAt: number;
  endAt: number;
  reason?: string | null;
}

export interface HolidayDuty {
  date: string;
  /** 领导带班: the leader on duty that day */
  leaderUserId: string | null;
  /** who is on duty that day instead of the rotation; null: the rotation's people */
  userIds: string[] | null;
}

export interface RosterDefinition {
  /** IANA zone every date and 'HH:MM' of the roster is read in */
  zone: string;
  layers: RosterLayer[];
  overrides: RosterOverride[];
  holidays: HolidayDuty[];
  /** China's public holidays decide which days are holiday days (via the calendar module) */
  chinaHolidays: boolean;
  /** a holiday duty day runs from the hand-over on that date to the hand-over on the next; this is that time */
  holidayHandover: string;
}

/** Where the people on duty came from: the layer's rotation, an override changing them, a holiday duty list, nobody. */
export type DutySource = 'rotation' | 'override' | 'holiday' | 'none';

/** The holiday day an instant falls in: a public holiday (name from chinese-days, Chinese) or a campus's own day (name null). */
export interface HolidayRef {
  date: string;
  name: string | null;
}

/** Who is on duty, between two instants or at one. */
export interface Duty {
  /** in order: the rotation's (or holiday list's) people, covered ones replaced in place, added people last */
  userIds: string[];
  leaderUserId: string | null;
  source: DutySource;
  /** the layer whose rotation supplied the people; null when a holiday list or nobody did */
  layerId: string | null;
  holiday: HolidayRef | null;
}

/** A stretch of the final schedule [start, end) with the same duty throughout. */
export interface Shift extends Duty {
  start: number;
  end: number;
}

export interface DutyNow extends Duty {
  at: number;
  /**
   * The stretch of unchanged duty around `at` (what shiftsBetween would give as the segment containing it); null on a
   * side where it reaches more than NEXT_CHANGE_DAYS (35 days) from `at`, e.g. a rotation of one person.
   */
  shiftStart: number | null;
  shiftEnd: number | null;
}

/** A warning of checkRoster: the roster is saved and the console shows it. `message` is English for logs and API clients. */
export type RosterWarning =
  | { code: 'gap'; from: number; to: number; message: string }
  | { code: 'holidayWithoutLeader'; date: string; holiday: string | null; message: string }
  | { code: 'notAHoliday'; field: string; date: string; message: string }
  | { code: 'beyondHolidayData'; field: string | null; date: string; lastYear: number; message: string };
export type RosterWarningCode = RosterWarning['code'];
