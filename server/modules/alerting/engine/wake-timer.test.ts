import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ManualClock } from '../../../clock.ts';
import { createWakeTimer } from './wake-timer.ts';

describe('the evaluator’s wake timer', () => {
  let clock: ManualClock;
  let fired: number[];
  const timer = () => createWakeTimer({ clock, fire: async () => void fired.push(clock.now()), onError: () => {} });

  beforeEach(() => {
    vi.useFakeTimers();
    clock = new ManualClock(Date.parse('2026-11-30T08:00:00Z'));
    fired = [];
  });
  afterEach(() => vi.useRealTimers());

  /** Moves the manual clock and the fake timers together, as real time would. */
  const pass = async (ms: number) => {
    clock.advance(ms);
    await vi.advanceTimersByTimeAsync(ms);
  };

  it('goes off at the instant asked for, not before', async () => {
    const wake = timer();
    wake.at(clock.now() + 30_000);
    await pass(29_999);
    expect(fired).toEqual([]);
    await pass(2);
    expect(fired).toHaveLength(1);
    expect(wake.armedAt).toBe(Infinity);
  });

  it('keeps the earliest of several instants and goes off once for them', async () => {
    const wake = timer();
    const start = clock.now();
    wake.at(start + 60_000);
    wake.at(start + 10_000);
    wake.at(start + 20_000);
    wake.at(null);
    expect(wake.armedAt).toBe(start + 10_000);
    await pass(10_001);
    expect(fired).toEqual([start + 10_001]);
    // The later instants are armed again by whoever asks once the earlier one has been handled.
    await pass(60_000);
    expect(fired).toHaveLength(1);
  });

  it('forgets a wake that a tick has made unneeded, so that a later instant can be armed', async () => {
    const wake = timer();
    const start = clock.now();
    wake.at(start + 10_000);
    wake.at(start + 20_000);
    wake.handledUntil(start + 5_000);
    expect(wake.armedAt).toBe(start + 10_000);
    wake.handledUntil(start + 10_000);
    expect(wake.armedAt).toBe(Infinity);
    wake.at(start + 20_000);
    await pass(20_001);
    expect(fired).toEqual([start + 20_001]);
  });

  it('goes off at once for an instant already past', async () => {
    const wake = timer();
    wake.at(clock.now() - 5_000);
    await vi.advanceTimersByTimeAsync(1);
    expect(fired).toHaveLength(1);
  });

  it('never goes off once closed, and reports a failure to append unless closed', async () => {
    const closed = timer();
    closed.at(clock.now() + 1_000);
    closed.close();
    closed.at(clock.now() + 1_000);
    await pass(5_000);
    expect(fired).toEqual([]);

    const errors: unknown[] = [];
    const failing = createWakeTimer({ clock, fire: () => Promise.reject(new Error('database closed')), onError: (e) => errors.push(e) });
    failing.at(clock.now() + 1_000);
    await pass(1_001);
    expect(errors).toHaveLength(1);
  });
});
