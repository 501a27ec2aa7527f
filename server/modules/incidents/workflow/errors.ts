import { ConflictError, ForbiddenError } from '../../../errors.ts';
import type { IncidentPermission, IncidentState } from './model.ts';
import type { RequestKind } from './requests.ts';

/**
 * The workflow's refusals. They are ordinary domain errors (server/errors.ts), so the one error handler maps them:
 * 409 for what the incident's state does not allow, 403 for who may not do it. Bad values in a request are the usual
 * 400 VALIDATION_FAILED with field problems (field-problems.ts). The console words each code (`error.<CODE>`).
 */

/** 409: the incident's state has no such transition. Names the state and what it does allow. */
export class TransitionNotAllowedError extends ConflictError {
  constructor(state: IncidentState, requested: RequestKind, allowed: readonly RequestKind[]) {
    const can = allowed.length > 0 ? `from ${state} it can only: ${allowed.join(', ')}` : `nothing can be done to a ${state} incident`;
    super(`Cannot ${requested} an incident that is ${state}: ${can}`, 'INCIDENT_TRANSITION_NOT_ALLOWED', { state, requested, allowed });
  }
}

/** 403: the actor holds none of the permissions the transition needs. Same code as every missing permission. */
export class TransitionPermissionError extends ForbiddenError {
  constructor(requested: RequestKind, permissions: readonly IncidentPermission[]) {
    super(`${requested} needs the permission ${permissions.join(' or ')}`, { permission: permissions.join(' or '), requested });
  }
}

/** Who may act, beyond the permission: the assignee in person, a person rather than opsdesk, opsdesk alone… */
export type ActorRefusalCode =
  | 'INCIDENT_NOT_ASSIGNEE'
  | 'INCIDENT_PERSON_ONLY'
  | 'INCIDENT_SYSTEM_ONLY'
  | 'INCIDENT_OUTSIDE_YOUR_SITES'
  | 'INCIDENT_CONFIRM_OWN_FIX';

/** 403: the permission is there, but this actor is not the one who may do it to this incident. */
export class TransitionActorError extends ForbiddenError {
  constructor(message: string, code: ActorRefusalCode, requested: RequestKind) {
    super(message, { requested }, code);
  }
}

export type GuardRefusalCode =
  | 'INCIDENT_SAME_ASSIGNEE'
  | 'INCIDENT_LEVEL_NOT_RAISED'
  | 'INCIDENT_ALREADY_MAJOR'
  | 'INCIDENT_REVIEW_REQUIRED'
  | 'INCIDENT_REOPEN_WINDOW_PASSED'
  | 'INCIDENT_AUTO_CLOSE_NOT_DUE';

/** 409: the state allows the transition, but a rule about this incident's facts refuses it now. */
export class TransitionGuardError extends ConflictError {
  constructor(message: string, code: GuardRefusalCode, details: Record<string, unknown>) {
    super(message, code, details);
  }
}
