/**
 * A problem's states and moves as the server allows them (server/modules/incidents/problems/problem-states.ts): the
 * page offers only these moves, and asks for the root cause before a move that needs one. The server checks again.
 */
import type { ProblemState } from './problemsApi';

export const PROBLEM_STATES: readonly ProblemState[] = ['open', 'known_error', 'resolved', 'closed'];

/** open → known_error → resolved → closed; open may skip to resolved, and a resolved problem may fail again (open). */
export const PROBLEM_MOVES: Readonly<Record<ProblemState, readonly ProblemState[]>> = {
  open: ['known_error', 'resolved'],
  known_error: ['resolved'],
  resolved: ['closed', 'open'],
  closed: [],
};

/** A known error is one whose cause is known; a resolved problem's too. */
export const NEEDS_ROOT_CAUSE: readonly ProblemState[] = ['known_error', 'resolved'];

export const PROBLEM_STATE_COLOR: Record<ProblemState, string> = {
  open: 'volcano',
  known_error: 'gold',
  resolved: 'success',
  closed: 'default',
};

/** The states a list filter may name: anything else in the URL is dropped rather than sent (the server would refuse it). */
export const parseStates = (value: string | null): ProblemState[] =>
  (value ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s): s is ProblemState => (PROBLEM_STATES as readonly string[]).includes(s));

/** Whether moving to `to` may be sent with this root cause: a move that needs one is refused on an empty one. */
export const moveBlockedByRootCause = (to: ProblemState, rootCause: string | null | undefined): boolean =>
  NEEDS_ROOT_CAUSE.includes(to) && !(rootCause ?? '').trim();

/** Problems still being worked on: what an incident may be linked to (a closed problem refuses new links). */
export const LINKABLE_STATES: readonly ProblemState[] = ['open', 'known_error', 'resolved'];
