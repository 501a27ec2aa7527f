/**
 * incidents (工单), SPEC C5 / issue 11: the workflow (one table of transitions with guards and SLA clock effects),
 * grading, the major-incident process, SLA targets on working calendars, and the service that runs them. See
 * README.md.
 */
export type { IncidentsTables } from './incidents.tables.ts';
export type { IncidentsService } from './incidents.service.ts';
export { createMailIntakeServer } from './intake/mail/mail-intake-server.ts';
export {
  applyTransition,
  availableActions,
  openIncident,
  type TimelineEntry,
  type TransitionResult,
} from './workflow/apply.ts';
export { type ClockAction, type ClockActionKind, type ClockEffect } from './workflow/clocks.ts';
export {
  TransitionActorError,
  TransitionGuardError,
  TransitionNotAllowedError,
  TransitionPermissionError,
  type ActorRefusalCode,
  type GuardRefusalCode,
} from './workflow/errors.ts';
export {
  INCIDENT_PERMISSIONS,
  INCIDENT_STATES,
  LEVELS,
  OPEN_STATES,
  SLA_CLOCKS,
  WAITING_REASONS,
  type Assignee,
  type ClockStatus,
  type IncidentPermission,
  type IncidentState,
  type Level,
  type MajorIncident,
  type PostIncidentReview,
  type Resolution,
  type SlaClock,
  type WaitingReason,
  type WorkflowActor,
  type WorkflowIncident,
} from './workflow/model.ts';
export { checkWorkflowPolicy, DEFAULT_WORKFLOW_POLICY, type WorkflowPolicy } from './workflow/policy.ts';
export { KEY_LIMIT, TEXT_LIMIT, type GeoLocation, type RequestKind, type RequestOf, type TransitionRequest } from './workflow/requests.ts';
export { kindsFrom, REQUEST_KINDS, TRANSITIONS } from './workflow/transitions.ts';
export { checkGradingMatrix, DEFAULT_GRADING_MATRIX, gradeOf, IMPACTS, parseGradingMatrix, URGENCIES, type GradingMatrix, type Impact, type Urgency } from './grading/matrix.ts';
export { checkMajorPolicy, DEFAULT_MAJOR_POLICY, majorIncidentSteps, type MajorIncidentPolicy, type MajorIncidentSteps } from './grading/major.ts';
export { incidentKnowledge, type IncidentKnowledge } from './knowledge.ts';
export {
  announceIncidentChange,
  closeBlockers,
  IncidentCloseBlockedError,
  incidentFacts,
  noteOnIncident,
  registerCloseBlocker,
  type CloseBlocker,
  type CloseBlockerCheck,
  type IncidentFacts,
} from './incident-hooks.ts';
