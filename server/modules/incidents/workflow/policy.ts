import { fieldProblem, type FieldProblem } from '../../../field-problems.ts';
import { checkMajorPolicy, DEFAULT_MAJOR_POLICY, type MajorIncidentPolicy } from '../grading/major.ts';
import { integerProblems } from '../problems.ts';
import { WAITING_REASONS, type WaitingReason } from './model.ts';

/** The workflow's editable numbers. The service stores one per deployment and passes it to every transition. */
export interface WorkflowPolicy {
  /**
   * A resolved incident the client has not confirmed is closed by opsdesk after this many days (counted from its
   * resolution, calendar days). 0 turns auto-close off.
   */
  readonly autoCloseAfterDays: number;
  /** A closed incident may be reopened for this many days after closing; later, a recurrence is a new incident. */
  readonly reopenWindowDays: number;
  /** The waiting reasons that pause the SLA clocks: the client's side, not ours (see README, "Decisions"). */
  readonly pausingWaitReasons: readonly WaitingReason[];
  readonly major: MajorIncidentPolicy;
}

export const DEFAULT_WORKFLOW_POLICY: WorkflowPolicy = Object.freeze({
  autoCloseAfterDays: 7,
  reopenWindowDays: 7,
  pausingWaitReasons: Object.freeze(['customer'] as const),
  major: DEFAULT_MAJOR_POLICY,
});

export const DAY_MS = 24 * 60 * 60 * 1000;
export const POLICY_DAYS = { min: 0, max: 90 } as const;

export function checkWorkflowPolicy(value: unknown): FieldProblem[] {
  if (typeof value !== 'object' || value === null) return [fieldProblem('policy', 'type', { type: 'object' })];
  const policy = value as Record<string, unknown>;
  const problems = [
    ...integerProblems('autoCloseAfterDays', policy.autoCloseAfterDays, POLICY_DAYS.min, POLICY_DAYS.max),
    ...integerProblems('reopenWindowDays', policy.reopenWindowDays, POLICY_DAYS.min, POLICY_DAYS.max),
    ...checkMajorPolicy(policy.major),
  ];
  const reasons = policy.pausingWaitReasons;
  if (!Array.isArray(reasons)) problems.push(fieldProblem('pausingWaitReasons', 'type', { type: 'array' }));
  else {
    reasons.forEach((reason, i) => {
      if (!WAITING_REASONS.includes(reason as WaitingReason)) {
        problems.push(fieldProblem(`pausingWaitReasons.${i}`, 'enum', { allowedValues: WAITING_REASONS.join(', ') }));
      }
    });
    const repeated = reasons.find((reason, i) => reasons.indexOf(reason) !== i);
    if (repeated !== undefined) problems.push(fieldProblem('pausingWaitReasons', 'duplicateValue', { value: String(repeated) }));
  }
  return problems;
}
