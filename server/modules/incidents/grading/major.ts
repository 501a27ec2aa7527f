import { fieldProblem, type FieldProblem } from '../../../field-problems.ts';
import { integerProblems } from '../problems.ts';
import { OPEN_STATES, type IncidentState, type WorkflowIncident } from '../workflow/model.ts';

/**
 * A major incident (重大事件) runs its own process on top of the workflow: the client hears from us every N minutes
 * while it is open, and it cannot be closed — by a person or by the auto-close — before its post-incident review is
 * recorded. The seeds promise both: progress reported to 采购人 and users at regular intervals, and every major
 * fault summarised with its lessons (故障处理总结); the contract counts major incidents a year (年度重大事件个数管控).
 */
export interface MajorIncidentPolicy {
  /** minutes between updates to the client while the incident is open (the first counted from the declaration) */
  readonly communicationEveryMinutes: number;
  /** closing needs the post-incident review */
  readonly reviewRequired: boolean;
}

/** 30 minutes: the seeds' own rhythm for a severe fault ("30分钟内启动应急流程"). */
export const DEFAULT_MAJOR_POLICY: MajorIncidentPolicy = Object.freeze({ communicationEveryMinutes: 30, reviewRequired: true });

export const COMMUNICATION_MINUTES = { min: 5, max: 24 * 60 } as const;

export function checkMajorPolicy(value: unknown, field = 'major'): FieldProblem[] {
  if (typeof value !== 'object' || value === null) return [fieldProblem(field, 'type', { type: 'object' })];
  const policy = value as Record<string, unknown>;
  const problems = integerProblems(`${field}.communicationEveryMinutes`, policy.communicationEveryMinutes, COMMUNICATION_MINUTES.min, COMMUNICATION_MINUTES.max);
  if (typeof policy.reviewRequired !== 'boolean') problems.push(fieldProblem(`${field}.reviewRequired`, 'type', { type: 'boolean' }));
  return problems;
}

const open = new Set<IncidentState>(OPEN_STATES);

export interface MajorIncidentSteps {
  /** the next update to the client is due then; null when none is (not major, or no longer open) */
  readonly communicationDueAt: number | null;
  readonly communicationOverdue: boolean;
  readonly reviewRequired: boolean;
  readonly reviewDone: boolean;
}

/** Where a major incident stands in its own process, for the console's checklist and the reminder job. */
export function majorIncidentSteps(incident: WorkflowIncident, policy: MajorIncidentPolicy, now: number): MajorIncidentSteps | null {
  if (incident.major === null) return null;
  const from = incident.major.lastCommunicationAt ?? incident.major.declaredAt;
  const communicationDueAt = open.has(incident.state) ? from + policy.communicationEveryMinutes * 60_000 : null;
  return {
    communicationDueAt,
    communicationOverdue: communicationDueAt !== null && now > communicationDueAt,
    reviewRequired: policy.reviewRequired,
    reviewDone: incident.review !== null,
  };
}

/** The close guard's question: may this incident be closed as far as the major-incident process goes? */
export const reviewMissing = (incident: WorkflowIncident, policy: MajorIncidentPolicy): boolean =>
  incident.major !== null && policy.reviewRequired && incident.review === null;
