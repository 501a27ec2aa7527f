/**
 * The SLA engine (issue 11, C5.3): one target of one incident — its due instant, warning instant and result — driven
 * by the workflow's clock actions (workflow/clocks.ts: start, stop, pause, resume, restart) and level changes, on the
 * business-hours calendar the target runs on (calendar/business-hours). Pure: every function takes the state and an
 * instant and returns a new state; the incident service calls it inside its transaction and stores the result as an
 * incident_sla row (toSlaRow / fromSlaRow).
 *
 * The calendar is a copy taken when the clock starts (or when a level change gives the target a new calendar): an
 * edited calendar, or an update of chinese-days, never rewrites an incident's due instants or results.
 */
import { addBusinessMinutes, businessMinutesBetween, targetMinutes, type Pause, type SlaTarget, type WorkingCalendar } from '../../calendar/index.ts';
import type { ClockAction } from '../workflow/clocks.ts';
import type { ClockStatus, SlaClock } from '../workflow/model.ts';
import type { IncidentSlaTable } from './sla.tables.ts';

export interface SlaTargetState {
  readonly clock: SlaClock;
  readonly target: SlaTarget;
  /** the SLA calendar the copy was taken from (null: none, e.g. a calendar given directly) */
  readonly calendarId: string | null;
  /** the calendar as it was when the clock started: later edits never change this target */
  readonly calendar: WorkingCalendar;
  readonly status: ClockStatus;
  readonly startedAt: number;
  /** closed pauses [from, to): waiting for the customer, and the span between a resolution and its reopening */
  readonly pauses: readonly Pause[];
  /** the open pause's start while paused */
  readonly pausedAt: number | null;
  /** when the target falls due; while paused, what it was when the pause began (the pause's end is not known yet) */
  readonly dueAt: number;
  /** when the warning share of the target's business minutes is used; kept while paused like dueAt */
  readonly warnAt: number;
  readonly stoppedAt: number | null;
  /** business minutes from start to stop, pauses taken off, a started minute counting as a whole one; null until stopped */
  readonly elapsedMinutes: number | null;
  /** stoppedAt <= dueAt; null until stopped */
  readonly met: boolean | null;
  /** when the warning was sent (the SLA sweep's mark: it warns once per target) */
  readonly warnedAt: number | null;
  /** when the breach was escalated (the SLA sweep's mark) */
  readonly breachedAt: number | null;
}

export type SlaStanding = 'ok' | 'warning' | 'breached' | 'met' | 'paused';

/** The workflow asked for something its own rules never produce: a programming error, not a user's. */
export class SlaClockError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SlaClockError';
  }
}

function checkShare(warnShare: number): void {
  if (!(warnShare > 0 && warnShare < 1)) throw new RangeError(`the warning share must be between 0 and 1, not ${warnShare}`);
}

/**
 * The target as a budget of business minutes, fixed by the start: a business-day target is the business time from
 * the start to its Civil Code deadline (calendar/business-hours, targetMinutes).
 */
export const budgetMinutes = (state: Pick<SlaTargetState, 'calendar' | 'startedAt' | 'target'>): number => targetMinutes(state.calendar, state.startedAt, state.target);

/** dueAt and warnAt from the start with the closed pauses. */
function deadlines(calendar: WorkingCalendar, startedAt: number, target: SlaTarget, pauses: readonly Pause[], warnShare: number) {
  const budget = targetMinutes(calendar, startedAt, target);
  return {
    dueAt: addBusinessMinutes(calendar, startedAt, budget, pauses),
    warnAt: addBusinessMinutes(calendar, startedAt, budget * warnShare, pauses),
  };
}

/** A clock started at `at` (the incident opened) on a copy of `calendar`. */
export function startTarget(clock: SlaClock, target: SlaTarget, calendar: WorkingCalendar, at: number, warnShare: number, calendarId: string | null = null): SlaTargetState {
  checkShare(warnShare);
  const copy = structuredClone(calendar);
  return {
    clock,
    target: { ...target },
    calendarId,
    calendar: copy,
    status: 'running',
    startedAt: at,
    pauses: [],
    pausedAt: null,
    ...deadlines(copy, at, target, [], warnShare),
    stoppedAt: null,
    elapsedMinutes: null,
    met: null,
    warnedAt: null,
    breachedAt: null,
  };
}

function expectStatus(state: SlaTargetState, action: ClockAction, allowed: readonly ClockStatus[]): void {
  if (!allowed.includes(state.status)) throw new SlaClockError(`cannot ${action.action} the ${state.clock} clock while it is ${state.status}`);
}

function notBefore(at: number, since: number, action: ClockAction): void {
  if (!Number.isFinite(at) || at < since) throw new SlaClockError(`${action.action} of the ${action.clock} clock at ${at} is before the clock's last event (${since})`);
}

/** Whole business minutes, a started minute counting as one (a response after 29 min 10 s took 30 minutes). */
const wholeMinutes = (minutes: number): number => Math.ceil(minutes);

/**
 * One clock action from the workflow's timeline entry:
 * - stop: the result is final — elapsed business minutes, met = stoppedAt <= dueAt (a pause still open ends at the stop);
 * - pause: counting stops; dueAt and warnAt stay as they were (where they move depends on when the pause ends);
 * - resume: the pause is closed and dueAt / warnAt move by the business time it covered;
 * - restart (a reopen): the clock runs again with the time it had; the span from the stop to the restart becomes a
 *   pause (nobody knew the fix had failed), and the result is cleared until the next stop;
 * - start: refused, a state exists only once its clock started (use startTarget).
 * Anything the workflow never asks (pausing a stopped clock, an action before the clock's last event, another
 * clock's action) throws SlaClockError.
 */
export function applyClockAction(state: SlaTargetState, action: ClockAction, warnShare: number): SlaTargetState {
  checkShare(warnShare);
  if (action.clock !== state.clock) throw new SlaClockError(`a ${action.clock} action given to the ${state.clock} clock`);
  const at = action.at;
  switch (action.action) {
    case 'start':
      throw new SlaClockError(`the ${state.clock} clock has started already`);
    case 'pause':
      expectStatus(state, action, ['running']);
      notBefore(at, lastEvent(state), action);
      return { ...state, status: 'paused', pausedAt: at };
    case 'resume': {
      expectStatus(state, action, ['paused']);
      notBefore(at, state.pausedAt!, action);
      const pauses = [...state.pauses, [state.pausedAt!, at] as const];
      return { ...state, status: 'running', pausedAt: null, pauses, ...deadlines(state.calendar, state.startedAt, state.target, pauses, warnShare) };
    }
    case 'stop': {
      expectStatus(state, action, ['running', 'paused']);
      notBefore(at, lastEvent(state), action);
      const pauses = state.pausedAt === null ? state.pauses : [...state.pauses, [state.pausedAt, at] as const];
      const { dueAt, warnAt } = deadlines(state.calendar, state.startedAt, state.target, pauses, warnShare);
      return {
        ...state,
        status: 'stopped',
        pausedAt: null,
        pauses,
        dueAt,
        warnAt,
        stoppedAt: at,
        elapsedMinutes: wholeMinutes(businessMinutesBetween(state.calendar, state.startedAt, at, pauses)),
        met: at <= dueAt,
      };
    }
    case 'restart': {
      expectStatus(state, action, ['stopped']);
      notBefore(at, state.stoppedAt!, action);
      const pauses = [...state.pauses, [state.stoppedAt!, at] as const];
      return {
        ...state,
        status: 'running',
        pauses,
        ...deadlines(state.calendar, state.startedAt, state.target, pauses, warnShare),
        stoppedAt: null,
        elapsedMinutes: null,
        met: null,
      };
    }
  }
}

/** The latest instant the state knows of: no action may come before it. */
function lastEvent(state: SlaTargetState): number {
  return Math.max(state.startedAt, state.pausedAt ?? -Infinity, state.stoppedAt ?? -Infinity, ...state.pauses.map(([, to]) => to));
}

/**
 * A level change (escalate, declare_major): the new level's target on its calendar (a fresh copy), due recomputed
 * from the original start with the pauses so far. While paused, dueAt and warnAt are what they would be with the
 * closed pauses (the open one is added on resume). A stopped target is final: returned unchanged.
 */
export function retarget(state: SlaTargetState, newTarget: SlaTarget, calendar: WorkingCalendar, warnShare: number, calendarId: string | null = state.calendarId): SlaTargetState {
  checkShare(warnShare);
  if (state.status === 'stopped') return state;
  const copy = structuredClone(calendar);
  return { ...state, target: { ...newTarget }, calendar: copy, calendarId, ...deadlines(copy, state.startedAt, newTarget, state.pauses, warnShare) };
}

export interface SlaStandingView {
  /** business minutes used so far (final once stopped) */
  elapsedMinutes: number;
  /** business minutes left of the target; negative once over */
  remainingMinutes: number;
  /** elapsed / target: 1 is the whole target */
  shareUsed: number;
  /**
   * met / breached once stopped; while running: breached after dueAt, warning from warnAt, else ok; while paused:
   * breached if the pause began after dueAt (a breach stays red), else paused.
   */
  standing: SlaStanding;
}

/** Where a target stands at `now` (the list's countdown badge and the incident page's clock). */
export function slaStanding(state: SlaTargetState, now: number): SlaStandingView {
  const budget = budgetMinutes(state);
  const view = (elapsedMinutes: number, standing: SlaStanding): SlaStandingView => ({
    elapsedMinutes,
    remainingMinutes: budget - elapsedMinutes,
    shareUsed: budget > 0 ? elapsedMinutes / budget : 1,
    standing,
  });
  switch (state.status) {
    case 'stopped':
      return view(state.elapsedMinutes!, state.met ? 'met' : 'breached');
    case 'paused':
      return view(businessMinutesBetween(state.calendar, state.startedAt, state.pausedAt!, state.pauses), state.pausedAt! > state.dueAt ? 'breached' : 'paused');
    case 'running': {
      const elapsed = businessMinutesBetween(state.calendar, state.startedAt, Math.max(now, state.startedAt), state.pauses);
      return view(elapsed, now > state.dueAt ? 'breached' : now >= state.warnAt ? 'warning' : 'ok');
    }
  }
}

/**
 * Until when a view of `standing` (taken at `now`) stays exactly what slaStanding would show, rounded as the views
 * round (elapsed down, remaining up to whole minutes): the earliest of the next whole business minute either way,
 * warnAt and just after dueAt. Business minutes pass no faster than the wall clock, so this is a lower bound: an
 * answer cached until then is never wrong, at worst recomputed early. Stopped and paused targets do not move.
 */
export function standingHoldsUntil(state: SlaTargetState, standing: SlaStandingView, now: number): number {
  if (state.status !== 'running') return Number.POSITIVE_INFINITY;
  // In whole milliseconds (what the minutes were computed from), so that float noise cannot put a boundary at `now`.
  const intoMinute = (minutes: number) => (((Math.round(minutes * 60_000) % 60_000) + 60_000) % 60_000);
  const toNextElapsed = 60_000 - intoMinute(standing.elapsedMinutes);
  const toNextRemaining = intoMinute(standing.remainingMinutes) || 60_000;
  let until = now + Math.min(toNextElapsed, toNextRemaining);
  if (now < state.warnAt) until = Math.min(until, state.warnAt);
  if (now <= state.dueAt) until = Math.min(until, state.dueAt + 1);
  return until;
}

/**
 * What the SLA sweep owes a running target at `now`: a warning once warnAt has come, a breach escalation once dueAt
 * has passed, each once (warnedAt / breachedAt mark them). A breach not yet warned about needs no separate warning.
 */
export function slaNoticesDue(state: SlaTargetState, now: number): { warn: boolean; breach: boolean } {
  if (state.status !== 'running') return { warn: false, breach: false };
  const breach = state.breachedAt === null && now > state.dueAt;
  return { breach, warn: !breach && state.warnedAt === null && now >= state.warnAt };
}

/** The sweep's marks: set once, never moved. */
export const markWarned = (state: SlaTargetState, at: number): SlaTargetState => (state.warnedAt === null ? { ...state, warnedAt: at } : state);
export const markBreached = (state: SlaTargetState, at: number): SlaTargetState =>
  state.breachedAt === null ? { ...state, breachedAt: at, warnedAt: state.warnedAt ?? at } : state;

// ---------------------------------------------------------------- rows

/** incident_sla's columns except incident_id (the caller adds it). */
export type SlaRowValues = Omit<IncidentSlaTable, 'incident_id'>;

export function toSlaRow(state: SlaTargetState): SlaRowValues {
  return {
    clock: state.clock,
    target: JSON.stringify(state.target),
    calendar_id: state.calendarId,
    calendar: JSON.stringify(state.calendar),
    status: state.status,
    started_at: state.startedAt,
    pauses: JSON.stringify(state.pauses),
    paused_at: state.pausedAt,
    due_at: state.dueAt,
    warn_at: state.warnAt,
    stopped_at: state.stoppedAt,
    elapsed_minutes: state.elapsedMinutes,
    met: state.met === null ? null : state.met ? 1 : 0,
    warned_at: state.warnedAt,
    breached_at: state.breachedAt,
  };
}

/** Numbers as either database returns them: pg's int8 parser gives numbers, a driver without one strings. */
const instantOrNull = (value: number | string | null): number | null => (value === null ? null : Number(value));

/**
 * A stored calendar as one shared object per distinct text. The calendar code compiles a calendar once per object
 * (its years of working ranges), so a page of incidents whose targets copy the same two or three calendars must not
 * hand it a fresh object per row: that was a fifth of the list's CPU (bench:incidents). Frozen, as it is shared.
 */
const parsedCalendars = new Map<string, WorkingCalendar>();
const PARSED_CALENDARS_KEPT = 64;

function calendarOf(text: string): WorkingCalendar {
  let calendar = parsedCalendars.get(text);
  if (!calendar) {
    if (parsedCalendars.size >= PARSED_CALENDARS_KEPT) parsedCalendars.delete(parsedCalendars.keys().next().value!);
    calendar = deepFreeze(JSON.parse(text) as WorkingCalendar);
    parsedCalendars.set(text, calendar);
  }
  return calendar;
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}

/** A stored row back to the state (JSON as written by toSlaRow). */
export function fromSlaRow(row: SlaRowValues): SlaTargetState {
  return {
    clock: row.clock,
    target: JSON.parse(row.target) as SlaTarget,
    calendarId: row.calendar_id,
    calendar: calendarOf(row.calendar),
    status: row.status,
    startedAt: Number(row.started_at),
    pauses: (JSON.parse(row.pauses) as [number, number][]).map(([from, to]) => [from, to] as const),
    pausedAt: instantOrNull(row.paused_at),
    dueAt: Number(row.due_at),
    warnAt: Number(row.warn_at),
    stoppedAt: instantOrNull(row.stopped_at),
    elapsedMinutes: instantOrNull(row.elapsed_minutes),
    met: row.met === null ? null : Number(row.met) === 1,
    warnedAt: instantOrNull(row.warned_at),
    breachedAt: instantOrNull(row.breached_at),
  };
}
