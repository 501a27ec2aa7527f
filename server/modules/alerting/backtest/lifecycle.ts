import { FLAP_LIMIT, FLAP_WINDOW_MS } from '../engine/evaluator.ts';
import type { Verdict } from '../engine/judge.ts';

/**
 * One series' alert as the evaluator leads it (engine/evaluator.ts, `step`), without rows: pending for the rule's
 * `for`, firing, kept firing for `keep firing for` after the condition clears (at least FLAP_WINDOW_MS while it
 * flaps), resolved. A pending alert whose condition clears goes away without having fired. The backtest moves it
 * minute by minute with the verdicts of the same judge() the evaluator uses.
 */
export interface Life {
  state: 'idle' | 'pending' | 'firing';
  /** pending: when it fires if the condition still holds */
  firesAt: number;
  /** firing: when it started */
  firedAt: number;
  /** firing: when the condition stopped holding, or null while it holds */
  clearSince: number | null;
  flapping: boolean;
  /** when it started firing lately, for flap detection */
  fireStarts: number[];
  /** the worst judged value while firing */
  peak: number | null;
}

export const newLife = (): Life => ({ state: 'idle', firesAt: 0, firedAt: 0, clearSince: null, flapping: false, fireStarts: [], peak: null });

export interface LifeRule {
  forMs: number;
  keepFiringMs: number;
}

/** Of two values, the one further on the firing side (the higher for `>`, the lower for `<`). */
export type Worse = (a: number, b: number) => number;

export type Change = { kind: 'fired'; at: number } | { kind: 'resolved'; at: number; firedAt: number; peak: number | null } | null;

function recordFireStart(life: Life, at: number): number {
  life.fireStarts = life.fireStarts.filter((t) => t > at - FLAP_WINDOW_MS);
  life.fireStarts.push(at);
  return life.fireStarts.length;
}

function fire(life: Life, at: number, value: number | null): Change {
  // As the evaluator: an alert that starts firing more than FLAP_LIMIT times within FLAP_WINDOW_MS is flapping.
  if (recordFireStart(life, at) > FLAP_LIMIT) life.flapping = true;
  life.state = 'firing';
  life.firedAt = at;
  life.clearSince = null;
  life.peak = value;
  return { kind: 'fired', at };
}

/** Moves the alert on with the verdict at `at`; says when it fired or resolved. */
export function advance(life: Life, verdict: Verdict | null, at: number, rule: LifeRule, worse: Worse): Change {
  if (verdict?.active) {
    if (life.state === 'idle') {
      if (rule.forMs <= 0) {
        life.flapping = false;
        return fire(life, at, verdict.value);
      }
      life.state = 'pending';
      life.firesAt = at + rule.forMs;
      life.flapping = false;
      return null;
    }
    if (life.state === 'pending') return at >= life.firesAt ? fire(life, at, verdict.value) : null;
    life.clearSince = null;
    if (verdict.value !== null) life.peak = life.peak === null ? verdict.value : worse(life.peak, verdict.value);
    return null;
  }
  if (life.state === 'idle') return null;
  if (life.state === 'pending') {
    life.state = 'idle';
    return null;
  }
  const flappingNow = life.flapping || life.fireStarts.filter((t) => t > at - FLAP_WINDOW_MS).length > FLAP_LIMIT;
  const keepMs = flappingNow ? Math.max(rule.keepFiringMs, FLAP_WINDOW_MS) : rule.keepFiringMs;
  if (keepMs > 0) {
    if (life.clearSince === null) {
      life.clearSince = at;
      if (flappingNow) life.flapping = true;
      return null;
    }
    if (at < life.clearSince + keepMs) return null;
  }
  const change: Change = { kind: 'resolved', at, firedAt: life.firedAt, peak: life.peak };
  life.state = 'idle';
  life.clearSince = null;
  life.peak = null;
  return change;
}
