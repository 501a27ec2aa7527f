/** Incident states, levels, grades and SLA clocks: their order, colours, and the small rules the pages share. */
import type { Grade, Incident, IncidentState, SlaClock, SlaStanding, SlaTarget } from './incidentsApi';

export const STATES: readonly IncidentState[] = ['new', 'assigned', 'acknowledged', 'in_progress', 'waiting', 'resolved', 'confirmed', 'closed'];
/** What the list's "open" means, as the server reads `state=open`. */
export const OPEN_STATES: readonly IncidentState[] = ['new', 'assigned', 'acknowledged', 'in_progress', 'waiting'];
export const LEVELS = [1, 2, 3] as const;
export type IncidentLevel = (typeof LEVELS)[number];
export const GRADES: readonly Grade[] = ['high', 'medium', 'low'];
export const CLOCKS: readonly SlaClock[] = ['respond', 'on_site', 'resolve'];

export const isLevel = (value: unknown): value is IncidentLevel => value === 1 || value === 2 || value === 3;

/** antd Tag preset colours, as the alert pages use them: 一级 red, 二级 orange, 三级 gold. */
export const LEVEL_COLOR: Record<IncidentLevel, string> = { 1: 'red', 2: 'orange', 3: 'gold' };

export const STATE_COLOR: Record<IncidentState, string> = {
  new: 'magenta',
  assigned: 'volcano',
  acknowledged: 'processing',
  in_progress: 'blue',
  waiting: 'warning',
  resolved: 'success',
  confirmed: 'cyan',
  closed: 'default',
};

/** A clock's standing as a colour: on time green, close to due orange, late red; met and paused quiet. */
export const STANDING_COLOR: Record<SlaStanding, string> = {
  ok: 'success',
  warning: 'warning',
  breached: 'error',
  met: 'default',
  paused: 'default',
};

/**
 * issue 11's default grading (server/modules/incidents/grading/matrix.ts DEFAULT_GRADING_MATRIX): impact × urgency →
 * level. The request form shows it as a hint only; the server grades with the matrix its settings hold.
 */
export const DEFAULT_GRADING: Record<Grade, Record<Grade, IncidentLevel>> = {
  high: { high: 1, medium: 1, low: 2 },
  medium: { high: 1, medium: 2, low: 3 },
  low: { high: 2, medium: 3, low: 3 },
};

export const gradeOf = (impact: Grade | undefined, urgency: Grade | undefined): IncidentLevel | null =>
  impact && urgency ? DEFAULT_GRADING[impact][urgency] : null;

/** The clocks in their fixed order (respond, on-site, resolve), whatever order the server sent. */
export function orderedTargets(sla: readonly SlaTarget[]): SlaTarget[] {
  return [...sla].sort((a, b) => CLOCKS.indexOf(a.clock) - CLOCKS.indexOf(b.clock));
}

/**
 * The target the list shows: the first clock still running (it is the next promise at stake), else the first paused
 * one, else the resolution target's result (met or breached) once everything has stopped.
 */
export function leadingTarget(sla: readonly SlaTarget[]): SlaTarget | null {
  const ordered = orderedTargets(sla);
  return (
    ordered.find((s) => s.status === 'running') ??
    ordered.find((s) => s.status === 'paused') ??
    ordered.find((s) => s.clock === 'resolve') ??
    ordered.at(-1) ??
    null
  );
}

/** Business minutes as hours and minutes; the sign is the caller's (remaining or overdue). */
export function splitMinutes(minutes: number): { hours: number; minutes: number } {
  const whole = Math.round(Math.abs(minutes));
  return { hours: Math.floor(whole / 60), minutes: whole % 60 };
}

export const isOpenState = (state: IncidentState): boolean => OPEN_STATES.includes(state);

/** The assignee as a line: a person's name, or a team's marked as a team by the caller. */
export const assigneeName = (incident: Pick<Incident, 'assignee'>): string | null => incident.assignee?.name ?? null;
