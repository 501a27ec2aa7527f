import { MINUTE } from './windows.ts';

/**
 * The lifecycle of one series' alert, as one pure decision shared by the evaluator (engine/rule-alerts.ts, which turns
 * it into rows and timeline entries) and the backtest (backtest/lifecycle.ts, which replays it without rows), so the
 * two cannot drift apart: pending for the rule's `for`, firing, kept firing for `keep firing for` after the condition
 * clears (at least FLAP_WINDOW_MS while it flaps), resolved. A pending alert whose condition clears goes away without
 * having fired.
 */

/** A state that starts firing more than FLAP_LIMIT times in FLAP_WINDOW_MS is flapping: kept open, not re-notified. */
export const FLAP_WINDOW_MS = 30 * MINUTE;
export const FLAP_LIMIT = 4;

/** What the decision needs to know of the alert as it stands. */
export interface AlertLife {
  /** idle: no open alert; firing covers an acknowledged one too */
  state: 'idle' | 'pending' | 'firing';
  /** pending: when it fires if the condition still holds */
  firesAt: number | null;
  /** firing: when the condition stopped holding, or null while it holds */
  clearSince: number | null;
  flapping: boolean;
}

export interface LifeRule {
  forMs: number;
  keepFiringMs: number;
}

export type Transition =
  /** no alert, the condition holds, the rule has a `for`: open a pending alert that fires at firesAt */
  | { kind: 'openPending'; firesAt: number }
  /** no alert, the condition holds, no `for`: open a firing alert (flapping when this start makes too many) */
  | { kind: 'openFiring'; flapping: boolean }
  /** pending, the condition still holds and `for` is over: it fires (flapping when this start makes too many) */
  | { kind: 'fire'; flapping: boolean }
  /** firing and clearing, the condition holds again: the same alert goes on (its clear_since is cleared) */
  | { kind: 'hold' }
  /** firing, the condition stopped holding: kept open until keepUntil; startsFlapping when it is found flapping now */
  | { kind: 'startClearing'; keepUntil: number; startsFlapping: boolean }
  /** firing and clearing, still inside its keep: nothing changes until keepUntil */
  | { kind: 'kept'; keepUntil: number }
  /** pending, the condition stopped holding: it goes away without having fired */
  | { kind: 'dropPending' }
  /** firing, clear (and kept for long enough): resolved */
  | { kind: 'resolve' }
  /** nothing to decide: idle and clear, pending before its `for`, firing while the condition holds */
  | { kind: 'nothing' };

/** The fire starts inside the flap window that ends at `at`. */
const startsWithin = (fireStarts: readonly number[], at: number): number[] => fireStarts.filter((t) => t > at - FLAP_WINDOW_MS);

/** The fire-start history after a start at `at` (older starts than the flap window are dropped). */
export function withFireStart(fireStarts: readonly number[], at: number): number[] {
  return [...startsWithin(fireStarts, at), at];
}

/** Whether a start at `at` makes more than FLAP_LIMIT starts within the flap window. */
const startFlaps = (fireStarts: readonly number[], at: number): boolean => startsWithin(fireStarts, at).length + 1 > FLAP_LIMIT;

/**
 * What happens to the alert given whether its condition holds at `at`. `fireStarts` are the instants the series'
 * alert lately started firing (before this decision); a start this decision makes (openFiring, fire) is the caller's
 * to record with withFireStart.
 */
export function transition(life: AlertLife, active: boolean, at: number, rule: LifeRule, fireStarts: readonly number[]): Transition {
  if (active) {
    if (life.state === 'idle') return rule.forMs <= 0 ? { kind: 'openFiring', flapping: startFlaps(fireStarts, at) } : { kind: 'openPending', firesAt: at + rule.forMs };
    if (life.state === 'pending' && life.firesAt !== null && at >= life.firesAt) return { kind: 'fire', flapping: startFlaps(fireStarts, at) };
    return life.clearSince !== null ? { kind: 'hold' } : { kind: 'nothing' };
  }
  if (life.state === 'idle') return { kind: 'nothing' };
  if (life.state === 'pending') return { kind: 'dropPending' };
  // Flapping: it clears, but it has fired too often lately: keep it open and quiet until it has been clear a while.
  const flappingNow = life.flapping || startsWithin(fireStarts, at).length > FLAP_LIMIT;
  const keepMs = flappingNow ? Math.max(rule.keepFiringMs, FLAP_WINDOW_MS) : rule.keepFiringMs;
  if (keepMs <= 0) return { kind: 'resolve' };
  if (life.clearSince === null) return { kind: 'startClearing', keepUntil: at + keepMs, startsFlapping: flappingNow && !life.flapping };
  const keepUntil = life.clearSince + keepMs;
  return at < keepUntil ? { kind: 'kept', keepUntil } : { kind: 'resolve' };
}
