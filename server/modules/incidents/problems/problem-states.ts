import { ConflictError } from '../../../errors.ts';
import type { ProblemsTable } from '../incidents.tables.ts';

export const PROBLEM_STATES = ['open', 'known_error', 'resolved', 'closed'] as const;
export type ProblemState = ProblemsTable['state'];

/**
 * A problem's moves (问题管理, ITIL's problem control). open: being investigated. known_error: the root cause is known
 * and the service desk works around it. resolved: the permanent fix is in place — it may still fail, and go back to
 * open. closed: settled, read-only. A fix found without a workaround phase goes from open to resolved directly.
 */
export const PROBLEM_MOVES: Readonly<Record<ProblemState, readonly ProblemState[]>> = {
  open: ['known_error', 'resolved'],
  known_error: ['resolved'],
  resolved: ['closed', 'open'],
  closed: [],
};

/** States that need the root cause written down first: a known error is one whose cause is known. */
export const NEEDS_ROOT_CAUSE: readonly ProblemState[] = ['known_error', 'resolved'];

export function checkProblemMove(from: ProblemState, to: ProblemState): void {
  if (from === to) return;
  const allowed = PROBLEM_MOVES[from];
  if (!allowed.includes(to)) {
    throw new ConflictError(`A problem cannot go from ${from} to ${to}${allowed.length ? `: from ${from} it may go to ${allowed.join(', ')}` : ': it is closed'}`, 'PROBLEM_STATE_NOT_ALLOWED', { from, to, allowed });
  }
}
