import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CALENDAR_YEARS, calendarArb } from '../../calendar/calendar.testing.ts';
import type { SlaTarget } from '../../calendar/index.ts';
import { SLA_CLOCKS } from '../workflow/model.ts';
import { applyClockAction, slaStanding, standingHoldsUntil, startTarget, type SlaTargetState } from './sla-engine.ts';

/**
 * standingHoldsUntil bounds how long a cached view of a target stays right (the incident list's answer cache): at
 * every instant before it, the view as the list shows it (whole minutes, the standing) must be what it was.
 */

const MINUTE = 60_000;
const opened = fc.integer({ min: CALENDAR_YEARS.from / 1000, max: (CALENDAR_YEARS.from + 300 * 86_400_000) / 1000 }).map((s) => s * 1000);
const target: fc.Arbitrary<SlaTarget> = fc.oneof(fc.integer({ min: 1, max: 600 }).map((minutes) => ({ minutes })), fc.integer({ min: 1, max: 3 }).map((businessDays) => ({ businessDays })));

/** What the list shows of a target at `now`, rounded as sla-ledger.ts rounds it. */
function shown(state: SlaTargetState, now: number) {
  const s = slaStanding(state, now);
  return { standing: s.standing, elapsed: Math.floor(s.elapsedMinutes), remaining: Math.ceil(s.remainingMinutes) };
}

describe('standingHoldsUntil', () => {
  it('nothing the list shows changes before it, and for a running target it is never more than a minute away', () => {
    fc.assert(
      fc.property(
        calendarArb,
        fc.constantFrom(...SLA_CLOCKS),
        target,
        opened,
        fc.integer({ min: 0, max: 5 * 24 * 60 * 60 }),
        fc.option(fc.integer({ min: 1, max: 600 }), { nil: undefined }),
        fc.array(fc.integer({ min: 0, max: 1000 }), { minLength: 1, maxLength: 8 }),
        (calendar, clock, goal, at, secondsLater, pausedForMinutes, probes) => {
          let state = startTarget(clock, goal, calendar, at, 0.75);
          let now = at + secondsLater * 1000;
          if (pausedForMinutes !== undefined) {
            state = applyClockAction(state, { clock, action: 'pause', at: now }, 0.75);
            now += pausedForMinutes * MINUTE;
            state = applyClockAction(state, { clock, action: 'resume', at: now }, 0.75);
            now += 1234;
          }
          const view = slaStanding(state, now);
          const until = standingHoldsUntil(state, view, now);
          expect(until).toBeGreaterThan(now);
          expect(until - now).toBeLessThanOrEqual(MINUTE);
          const expected = shown(state, now);
          // The last millisecond before it, and instants spread over the interval.
          for (const t of [until - 1, ...probes.map((p) => now + Math.floor(((until - 1 - now) * p) / 1000))]) expect(shown(state, t)).toEqual(expected);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('a paused or stopped target holds for ever', () => {
    fc.assert(
      fc.property(calendarArb, target, opened, (cal, goal, at) => {
        const running = startTarget('respond', goal, cal, at, 0.75);
        const paused = applyClockAction(running, { clock: 'respond', action: 'pause', at: at + MINUTE }, 0.75);
        const stopped = applyClockAction(running, { clock: 'respond', action: 'stop', at: at + MINUTE }, 0.75);
        for (const state of [paused, stopped]) expect(standingHoldsUntil(state, slaStanding(state, at + 2 * MINUTE), at + 2 * MINUTE)).toBe(Number.POSITIVE_INFINITY);
      }),
      { numRuns: 50 },
    );
  });
});
