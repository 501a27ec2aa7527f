import type { DomainError } from '../../../errors.ts';
import { reviewMissing } from '../grading/major.ts';
import { TransitionActorError, TransitionGuardError, type ActorRefusalCode, type GuardRefusalCode } from './errors.ts';
import type { Assignee, WorkflowActor, WorkflowIncident } from './model.ts';
import { DAY_MS, type WorkflowPolicy } from './policy.ts';
import type { RequestKind, RequestOf } from './requests.ts';

export interface GuardContext {
  readonly actor: WorkflowActor;
  readonly now: number;
  readonly policy: WorkflowPolicy;
}

/**
 * A rule about this incident's facts (or the request's values against them). `request` is absent when the console
 * asks which actions to offer: a guard that needs the request's values passes then, and judges when it is sent.
 */
export interface Guard<K extends RequestKind> {
  readonly code: GuardRefusalCode | ActorRefusalCode;
  readonly refuse: (incident: WorkflowIncident, request: RequestOf<K> | undefined, ctx: GuardContext) => DomainError | null;
}

/**
 * Who may act, once the permission is there:
 * - anyone: the permission suffices
 * - person: a signed-in person, not opsdesk itself (a client's confirmation, taking an incident)
 * - assignee: the assignee (or a member of the assigned team), or a dispatcher (incidents:assign) acting on their
 *   word, e.g. after a phone call; opsdesk itself counts as a dispatcher (the mail intake resumes on a client's reply)
 * - assignee_in_person: the assignee themselves, never on their behalf: a check-in is evidence of being there
 * - system: opsdesk itself (scheduled work), never a person
 */
export type ActorRule = 'anyone' | 'person' | 'assignee' | 'assignee_in_person' | 'system';

export const isPerson = (actor: WorkflowActor): boolean => actor.kind === 'user' && actor.userId !== null;

export function isAssignee(incident: WorkflowIncident, actor: WorkflowActor): boolean {
  const assignee = incident.assignee;
  if (assignee === null || !isPerson(actor)) return false;
  return assignee.kind === 'user' ? assignee.userId === actor.userId : (actor.teamIds ?? []).includes(assignee.teamId);
}

/**
 * Why a request is refused, as the error to throw when it is made; the console's action list only asks whether, for
 * every action of every incident page, so the error (and its stack) is built only when thrown.
 */
export type Refusal = (() => DomainError) | null;

export function actorRefusal(rule: ActorRule, incident: WorkflowIncident, actor: WorkflowActor, kind: RequestKind): Refusal {
  switch (rule) {
    case 'anyone':
      return null;
    case 'person':
      return isPerson(actor) ? null : () => new TransitionActorError(`Only a person can ${kind} an incident, not opsdesk itself`, 'INCIDENT_PERSON_ONLY', kind);
    case 'assignee':
      return isAssignee(incident, actor) || actor.permissions.has('incidents:assign')
        ? null
        : () => new TransitionActorError(`Only the incident's assignee (or a dispatcher, with incidents:assign) can ${kind} it`, 'INCIDENT_NOT_ASSIGNEE', kind);
    case 'assignee_in_person':
      return isAssignee(incident, actor) ? null : () => new TransitionActorError(`Only the incident's assignee can ${kind}, in person`, 'INCIDENT_NOT_ASSIGNEE', kind);
    case 'system':
      return actor.kind === 'system' ? null : () => new TransitionActorError(`Only opsdesk itself can ${kind} an incident`, 'INCIDENT_SYSTEM_ONLY', kind);
  }
}

/** Every request: the actor must act on their own sites (a client on the sites of their contract). */
export function siteRefusal(incident: WorkflowIncident, actor: WorkflowActor, kind: RequestKind): Refusal {
  if (actor.siteIds === null || actor.siteIds.includes(incident.siteId)) return null;
  return () => new TransitionActorError(`You can only ${kind} incidents of your own sites`, 'INCIDENT_OUTSIDE_YOUR_SITES', kind);
}

const sameAssignee = (a: Assignee | null, b: Assignee): boolean =>
  a !== null && (a.kind === 'user' ? b.kind === 'user' && a.userId === b.userId : b.kind === 'team' && a.teamId === b.teamId);

export const differentAssignee: Guard<'reassign'> = {
  code: 'INCIDENT_SAME_ASSIGNEE',
  refuse: (incident, request) =>
    request && sameAssignee(incident.assignee, request.assignee)
      ? new TransitionGuardError('The incident is assigned there already', 'INCIDENT_SAME_ASSIGNEE', { assignee: request.assignee })
      : null,
};

/** Level 1 is the most severe: escalating lowers the number. Lowering the severity is not an escalation. */
export const levelRaised: Guard<'escalate'> = {
  code: 'INCIDENT_LEVEL_NOT_RAISED',
  refuse: (incident, request) =>
    incident.level === 1
      ? new TransitionGuardError('The incident is at level 1 already: it cannot be raised further', 'INCIDENT_LEVEL_NOT_RAISED', { level: incident.level })
      : request && request.level >= incident.level
        ? new TransitionGuardError(`Escalation raises the level: from ${incident.level} only to ${incident.level - 1} or 1`, 'INCIDENT_LEVEL_NOT_RAISED', {
            level: incident.level,
            requested: request.level,
          })
        : null,
};

export const notMajorYet: Guard<'declare_major'> = {
  code: 'INCIDENT_ALREADY_MAJOR',
  refuse: (incident) =>
    incident.major !== null
      ? new TransitionGuardError('The incident is a major incident already', 'INCIDENT_ALREADY_MAJOR', { declaredAt: incident.major.declaredAt })
      : null,
};

/** For close and auto-close alike (a factory, as a guard is typed by the one request it judges). */
export const reviewDone = <K extends 'close' | 'auto_close'>(): Guard<K> => ({
  code: 'INCIDENT_REVIEW_REQUIRED',
  refuse: (incident, _request, { policy }) =>
    reviewMissing(incident, policy.major)
      ? new TransitionGuardError('A major incident is closed only after its post-incident review is recorded', 'INCIDENT_REVIEW_REQUIRED', {})
      : null,
});

/** From closed only: resolved and confirmed incidents may always be reopened. */
export const withinReopenWindow: Guard<'reopen'> = {
  code: 'INCIDENT_REOPEN_WINDOW_PASSED',
  refuse: (incident, _request, { now, policy }) => {
    if (incident.state !== 'closed' || incident.closedAt === null) return null;
    const until = incident.closedAt + policy.reopenWindowDays * DAY_MS;
    return now <= until
      ? null
      : new TransitionGuardError(
          `The incident was closed more than ${policy.reopenWindowDays} days ago: open a new incident for the recurrence`,
          'INCIDENT_REOPEN_WINDOW_PASSED',
          { closedAt: incident.closedAt, reopenWindowDays: policy.reopenWindowDays },
        );
  },
};

export const autoCloseDue: Guard<'auto_close'> = {
  code: 'INCIDENT_AUTO_CLOSE_NOT_DUE',
  refuse: (incident, _request, { now, policy }) => {
    if (policy.autoCloseAfterDays === 0) return new TransitionGuardError('Auto-close is off', 'INCIDENT_AUTO_CLOSE_NOT_DUE', { autoCloseAfterDays: 0 });
    const resolvedAt = incident.resolution?.resolvedAt ?? now;
    const dueAt = resolvedAt + policy.autoCloseAfterDays * DAY_MS;
    return now >= dueAt
      ? null
      : new TransitionGuardError(`The client has until ${new Date(dueAt).toISOString()} to confirm`, 'INCIDENT_AUTO_CLOSE_NOT_DUE', { dueAt });
  },
};

/** The confirmation is the client's word on somebody else's fix, never the fixer's own. */
export const notOwnFix: Guard<'confirm'> = {
  code: 'INCIDENT_CONFIRM_OWN_FIX',
  refuse: (incident, _request, { actor }) =>
    incident.resolution !== null && incident.resolution.resolvedBy !== null && incident.resolution.resolvedBy === actor.userId
      ? new TransitionActorError('The person who resolved an incident cannot confirm it', 'INCIDENT_CONFIRM_OWN_FIX', 'confirm')
      : null,
};
