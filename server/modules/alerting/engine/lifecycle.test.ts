import { describe, expect, it } from 'vitest';
import { FLAP_LIMIT, FLAP_WINDOW_MS, transition, withFireStart, type AlertLife } from './lifecycle.ts';

const MIN = 60_000;
const T = 1_000 * MIN;
const idle: AlertLife = { state: 'idle', firesAt: null, clearSince: null, flapping: false };
const pending = (firesAt: number): AlertLife => ({ state: 'pending', firesAt, clearSince: null, flapping: false });
const firing = (over: Partial<AlertLife> = {}): AlertLife => ({ state: 'firing', firesAt: null, clearSince: null, flapping: false, ...over });
const noFor = { forMs: 0, keepFiringMs: 0 };
/** `n` fire starts a minute apart, the newest one minute before `at`. */
const starts = (n: number, at: number): number[] => Array.from({ length: n }, (_, i) => at - (n - i) * MIN);

describe('the alert lifecycle transition', () => {
  describe('the condition holds', () => {
    it('opens a pending alert that fires after `for`', () => {
      expect(transition(idle, true, T, { forMs: 5 * MIN, keepFiringMs: 0 }, [])).toEqual({ kind: 'openPending', firesAt: T + 5 * MIN });
    });

    it('opens a firing alert at once without `for`', () => {
      expect(transition(idle, true, T, noFor, [])).toEqual({ kind: 'openFiring', flapping: false });
    });

    it('keeps a pending alert pending until its instant, then fires it', () => {
      const rule = { forMs: 5 * MIN, keepFiringMs: 0 };
      expect(transition(pending(T + 1), true, T, rule, [])).toEqual({ kind: 'nothing' });
      expect(transition(pending(T), true, T, rule, [])).toEqual({ kind: 'fire', flapping: false });
    });

    it('never fires a pending alert without an instant', () => {
      expect(transition({ ...pending(0), firesAt: null }, true, T, noFor, [])).toEqual({ kind: 'nothing' });
    });

    it('holds a clearing alert (the same alert goes on) and leaves a firing one as it is', () => {
      expect(transition(firing({ clearSince: T - MIN }), true, T, noFor, [])).toEqual({ kind: 'hold' });
      expect(transition(firing(), true, T, noFor, [])).toEqual({ kind: 'nothing' });
    });
  });

  describe('the condition stops holding', () => {
    it('leaves no alert alone', () => {
      expect(transition(idle, false, T, { forMs: 5 * MIN, keepFiringMs: 5 * MIN }, [])).toEqual({ kind: 'nothing' });
    });

    it('drops a pending alert, which never fired', () => {
      expect(transition(pending(T + MIN), false, T, { forMs: 5 * MIN, keepFiringMs: 5 * MIN }, [])).toEqual({ kind: 'dropPending' });
    });

    it('resolves a firing alert at once without `keep firing for`', () => {
      expect(transition(firing(), false, T, noFor, [])).toEqual({ kind: 'resolve' });
    });

    it('keeps a firing alert for `keep firing for`, then resolves it', () => {
      const rule = { forMs: 0, keepFiringMs: 3 * MIN };
      expect(transition(firing(), false, T, rule, [])).toEqual({ kind: 'startClearing', keepUntil: T + 3 * MIN, startsFlapping: false });
      expect(transition(firing({ clearSince: T }), false, T + 3 * MIN - 1, rule, [])).toEqual({ kind: 'kept', keepUntil: T + 3 * MIN });
      expect(transition(firing({ clearSince: T }), false, T + 3 * MIN, rule, [])).toEqual({ kind: 'resolve' });
    });
  });

  describe('flap detection', () => {
    it(`flags a start as flapping when it is start number ${FLAP_LIMIT + 1} in the flap window, not number ${FLAP_LIMIT}`, () => {
      expect(transition(idle, true, T, noFor, starts(FLAP_LIMIT - 1, T))).toEqual({ kind: 'openFiring', flapping: false });
      expect(transition(idle, true, T, noFor, starts(FLAP_LIMIT, T))).toEqual({ kind: 'openFiring', flapping: true });
      expect(transition(pending(T), true, T, noFor, starts(FLAP_LIMIT - 1, T))).toEqual({ kind: 'fire', flapping: false });
      expect(transition(pending(T), true, T, noFor, starts(FLAP_LIMIT, T))).toEqual({ kind: 'fire', flapping: true });
    });

    it('counts only the starts after the flap window began (one exactly FLAP_WINDOW_MS ago is out)', () => {
      const old = [T - FLAP_WINDOW_MS, ...starts(FLAP_LIMIT - 1, T)];
      expect(transition(idle, true, T, noFor, old)).toEqual({ kind: 'openFiring', flapping: false });
      const justIn = [T - FLAP_WINDOW_MS + 1, ...starts(FLAP_LIMIT - 1, T)];
      expect(transition(idle, true, T, noFor, justIn)).toEqual({ kind: 'openFiring', flapping: true });
    });

    it('keeps a flapping alert for at least the flap window when it clears, even without `keep firing for`', () => {
      expect(transition(firing({ flapping: true }), false, T, noFor, [])).toEqual({ kind: 'startClearing', keepUntil: T + FLAP_WINDOW_MS, startsFlapping: false });
      expect(transition(firing({ flapping: true }), false, T, { forMs: 0, keepFiringMs: FLAP_WINDOW_MS + MIN }, [])).toEqual({ kind: 'startClearing', keepUntil: T + FLAP_WINDOW_MS + MIN, startsFlapping: false });
      expect(transition(firing({ flapping: true, clearSince: T }), false, T + FLAP_WINDOW_MS - 1, noFor, [])).toEqual({ kind: 'kept', keepUntil: T + FLAP_WINDOW_MS });
      expect(transition(firing({ flapping: true, clearSince: T }), false, T + FLAP_WINDOW_MS, noFor, [])).toEqual({ kind: 'resolve' });
    });

    it(`starts flapping as it clears when more than ${FLAP_LIMIT} starts fall in the flap window`, () => {
      expect(transition(firing(), false, T, noFor, starts(FLAP_LIMIT + 1, T))).toEqual({ kind: 'startClearing', keepUntil: T + FLAP_WINDOW_MS, startsFlapping: true });
      expect(transition(firing(), false, T, noFor, starts(FLAP_LIMIT, T))).toEqual({ kind: 'resolve' });
    });
  });

  it('keeps the fire starts of the flap window only, the new one last', () => {
    expect(withFireStart([T - FLAP_WINDOW_MS, T - FLAP_WINDOW_MS + 1, T - MIN], T)).toEqual([T - FLAP_WINDOW_MS + 1, T - MIN, T]);
  });
});
