/** The incident page's workflow buttons: which act at once, which ask for fields, and the request each one sends. */
import type { ActionKind, AssigneeRef, OnDutyRoster, TransitionBody, WaitingReason } from './incidentsApi';
import { LEVELS, type IncidentLevel } from './incidentValues';

/** The order the buttons appear in (the workflow's order); auto_close is opsdesk's alone and never a button. */
export const ACTION_ORDER: readonly ActionKind[] = [
  'take', 'assign', 'acknowledge', 'start_work', 'check_in', 'wait', 'resume', 'resolve', 'confirm', 'close', 'reopen', 'reassign',
  'escalate', 'declare_major', 'communicate', 'record_review',
];

/** Moves that need nothing but the click (check-in adds the browser's location when it gives one). */
export const DIRECT_KINDS: ReadonlySet<ActionKind> = new Set<ActionKind>(['take', 'acknowledge', 'start_work', 'resume', 'check_in']);

/** The buttons for what the server says the caller may do now, in the workflow's order. */
export function actionButtons(actions: readonly ActionKind[]): ActionKind[] {
  return ACTION_ORDER.filter((kind) => actions.includes(kind));
}

/** What the modal's form holds; each kind reads its own fields. */
export interface TransitionValues {
  /** `user:<id>` or `team:<id>` */
  assignee?: string;
  reason?: string;
  waitReason?: WaitingReason;
  note?: string;
  fix?: string;
  causeCategory?: string;
  comment?: string;
  level?: IncidentLevel;
  message?: string;
  summary?: string;
}

export const assigneeValue = (ref: { kind: 'user' | 'team'; id: string }): string => `${ref.kind}:${ref.id}`;

export function parseAssignee(value: string | undefined): AssigneeRef | null {
  if (!value) return null;
  const at = value.indexOf(':');
  const kind = value.slice(0, at);
  const id = value.slice(at + 1);
  if (at < 0 || id === '') return null;
  if (kind === 'user') return { kind: 'user', userId: id };
  if (kind === 'team') return { kind: 'team', teamId: id };
  return null;
}

const trimmed = (value: string | undefined): string => (value ?? '').trim();
const optional = (value: string | undefined): string | undefined => trimmed(value) || undefined;

/** The levels an escalation may choose: only more severe than now (1 is most severe). */
export const escalationLevels = (current: number): IncidentLevel[] => LEVELS.filter((l) => l < current);

/** Someone a roster has on duty now, offered first when assigning. */
export interface OnDutyPerson {
  userId: string;
  name: string;
  rosterName: string;
  /** the roster's leader on duty rather than one of its people */
  leader: boolean;
}

/** The people the rosters have on duty now, each once (the first roster naming them), leaders after the others. */
export function onDutyPeople(rosters: readonly OnDutyRoster[]): OnDutyPerson[] {
  const people = new Map<string, OnDutyPerson>();
  for (const r of rosters) for (const p of r.people) if (!people.has(p.userId)) people.set(p.userId, { ...p, rosterName: r.rosterName, leader: false });
  for (const r of rosters) if (r.leader && !people.has(r.leader.userId)) people.set(r.leader.userId, { ...r.leader, rosterName: r.rosterName, leader: true });
  return [...people.values()];
}

/** A check-in's location as the browser reports it (WGS 84). */
export interface CheckInLocation {
  latitude: number;
  longitude: number;
  accuracyMeters?: number;
}

/**
 * The request for one move from the form's values. Required fields are the form's to insist on; this only shapes
 * (trims, drops empty optional texts) and refuses an assignee it cannot read.
 */
export function transitionBody(kind: ActionKind, values: TransitionValues, location?: CheckInLocation): TransitionBody {
  switch (kind) {
    case 'assign':
    case 'reassign': {
      const assignee = parseAssignee(values.assignee);
      if (!assignee) throw new Error('an assignee is required');
      return kind === 'assign' ? { kind, assignee } : { kind, assignee, ...(optional(values.reason) && { reason: optional(values.reason) }) };
    }
    case 'check_in':
      return location ? { kind, location } : { kind };
    case 'wait':
      return { kind, reason: values.waitReason ?? 'customer', ...(optional(values.note) && { note: optional(values.note) }) };
    case 'resolve':
      return { kind, fix: trimmed(values.fix), causeCategory: trimmed(values.causeCategory) };
    case 'confirm':
      return optional(values.comment) ? { kind, comment: optional(values.comment) } : { kind };
    case 'reopen':
    case 'declare_major':
      return { kind, reason: trimmed(values.reason) };
    case 'escalate':
      return { kind, level: values.level ?? 1, reason: trimmed(values.reason) };
    case 'communicate':
      return { kind, message: trimmed(values.message) };
    case 'record_review':
      return { kind, summary: trimmed(values.summary) };
    default:
      return { kind };
  }
}

/** The browser's position when it grants it within a few seconds; otherwise none (the check-in goes without it). */
export function currentLocation(geolocation: Geolocation | undefined, timeoutMs = 8_000): Promise<CheckInLocation | undefined> {
  if (!geolocation) return Promise.resolve(undefined);
  return new Promise((resolve) => {
    geolocation.getCurrentPosition(
      (position) =>
        resolve({
          latitude: position.coords.latitude,
          longitude: position.coords.longitude,
          ...(Number.isFinite(position.coords.accuracy) && { accuracyMeters: position.coords.accuracy }),
        }),
      () => resolve(undefined),
      { enableHighAccuracy: true, timeout: timeoutMs, maximumAge: 60_000 },
    );
  });
}
