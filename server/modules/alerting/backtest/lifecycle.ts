import { transition, withFireStart, type LifeRule } from '../engine/lifecycle.ts';
import type { Verdict } from '../engine/judge.ts';

export type { LifeRule } from '../engine/lifecycle.ts';

/**
 * One series' alert as the evaluator leads it, without rows: the same decision (engine/lifecycle.ts, `transition`)
 * applied to a Life in memory. The backtest moves it minute by minute with the verdicts of the same judge() the
 * evaluator uses, and learns when it fired and resolved, and the worst value in between.
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

/** Of two values, the one further on the firing side (the higher for `>`, the lower for `<`). */
export type Worse = (a: number, b: number) => number;

export type Change = { kind: 'fired'; at: number } | { kind: 'resolved'; at: number; firedAt: number; peak: number | null } | null;

function fire(life: Life, at: number, value: number | null, flapping: boolean): Change {
  life.fireStarts = withFireStart(life.fireStarts, at);
  life.flapping = flapping;
  life.state = 'firing';
  life.firedAt = at;
  life.clearSince = null;
  life.peak = value;
  return { kind: 'fired', at };
}

/** Moves the alert on with the verdict at `at`; says when it fired or resolved. */
export function advance(life: Life, verdict: Verdict | null, at: number, rule: LifeRule, worse: Worse): Change {
  const t = transition(life, verdict?.active === true, at, rule, life.fireStarts);
  const value = verdict?.value ?? null;
  switch (t.kind) {
    case 'openPending':
      life.state = 'pending';
      life.firesAt = t.firesAt;
      life.flapping = false;
      return null;
    case 'openFiring':
    case 'fire':
      return fire(life, at, value, t.flapping);
    case 'dropPending':
      life.state = 'idle';
      return null;
    case 'startClearing':
      life.clearSince = at;
      if (t.startsFlapping) life.flapping = true;
      return null;
    case 'kept':
      return null;
    case 'resolve': {
      const change: Change = { kind: 'resolved', at, firedAt: life.firedAt, peak: life.peak };
      life.state = 'idle';
      life.clearSince = null;
      life.peak = null;
      return change;
    }
    case 'hold':
    case 'nothing':
      if (t.kind === 'hold') life.clearSince = null;
      if (life.state === 'firing' && value !== null) life.peak = life.peak === null ? value : worse(life.peak, value);
      return null;
  }
}
