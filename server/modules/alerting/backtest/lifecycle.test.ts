import { describe, expect, it } from 'vitest';
import { FLAP_LIMIT, FLAP_WINDOW_MS } from '../engine/lifecycle.ts';
import type { Verdict } from '../engine/judge.ts';
import { advance, newLife, type Change } from './lifecycle.ts';

const MIN = 60_000;
const on = (value: number | null = 1): Verdict => ({ active: true, value, threshold: 0, values: {} });
const off: Verdict = { active: false, value: null, threshold: 0, values: {} };

/** Runs a verdict per minute (true: active) and returns what changed, in minutes. */
function run(pattern: (boolean | number)[], rule: { forMs: number; keepFiringMs: number }): string[] {
  const life = newLife();
  const out: string[] = [];
  pattern.forEach((v, i) => {
    const change: Change = advance(life, v === false ? off : on(v === true ? 1 : v), i * MIN, rule, Math.max);
    if (change?.kind === 'fired') out.push(`fired@${i}`);
    if (change?.kind === 'resolved') out.push(`resolved@${i} from ${change.firedAt / MIN} peak ${change.peak}`);
  });
  return out;
}

describe('the backtest lifecycle (as the evaluator leads an alert)', () => {
  it('fires at once without `for`, and resolves when the condition clears', () => {
    expect(run([false, 5, 9, 7, false, false], { forMs: 0, keepFiringMs: 0 })).toEqual(['fired@1', 'resolved@4 from 1 peak 9']);
  });

  it('stays pending for `for`; a condition that clears while pending never fires', () => {
    expect(run([true, true, true, true, false], { forMs: 3 * MIN, keepFiringMs: 0 })).toEqual(['fired@3', 'resolved@4 from 3 peak 1']);
    expect(run([true, true, false, true, false], { forMs: 3 * MIN, keepFiringMs: 0 })).toEqual([]);
  });

  it('keeps firing for `keep firing for` after it clears, and a new breach meanwhile continues the same alert', () => {
    expect(run([true, false, false, false, false], { forMs: 0, keepFiringMs: 2 * MIN })).toEqual(['fired@0', 'resolved@3 from 0 peak 1']);
    expect(run([true, false, true, false, false, false], { forMs: 0, keepFiringMs: 2 * MIN })).toEqual(['fired@0', 'resolved@5 from 0 peak 1']);
  });

  it('holds a flapping alert open for the flap window once it has fired more than FLAP_LIMIT times in it', () => {
    const flips: boolean[] = [];
    for (let i = 0; i <= FLAP_LIMIT; i++) flips.push(true, false);
    const changes = run([...flips, ...Array<boolean>(FLAP_WINDOW_MS / MIN + 2).fill(false)], { forMs: 0, keepFiringMs: 0 });
    // FLAP_LIMIT + 1 starts: the last one is flapping and is kept open for the flap window after it clears.
    expect(changes.filter((c) => c.startsWith('fired'))).toHaveLength(FLAP_LIMIT + 1);
    const lastClear = 2 * FLAP_LIMIT + 1;
    expect(changes.at(-1)).toBe(`resolved@${lastClear + FLAP_WINDOW_MS / MIN} from ${2 * FLAP_LIMIT} peak 1`);
  });
});
