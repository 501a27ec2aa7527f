import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CALENDAR_YEARS, calendarArb } from '../../calendar/calendar.testing.ts';
import { addBusinessMinutes, businessMinutesBetween, ROUND_THE_CLOCK, targetMinutes, type Pause, type SlaTarget, type WorkingCalendar } from '../../calendar/index.ts';
import { SLA_CLOCKS } from '../workflow/model.ts';
import { applyClockAction, fromSlaRow, retarget, slaStanding, startTarget, toSlaRow, type SlaTargetState } from './sla-engine.ts';

/**
 * The engine against a model of its own: random calendars (zones with and without daylight saving, China's holidays
 * on or off, custom dates), random targets and random sequences of the actions the workflow can send a clock (pause ⇄
 * resume, stop, restart after a stop, level changes), at random minute-aligned instants. The model keeps the pauses
 * as the README defines them and asks the business-hours functions directly.
 */

const MINUTE = 60_000;
const start = fc.integer({ min: CALENDAR_YEARS.from / MINUTE, max: (CALENDAR_YEARS.from + 300 * 86_400_000) / MINUTE }).map((m) => m * MINUTE);
const target: fc.Arbitrary<SlaTarget> = fc.oneof(
  fc.integer({ min: 1, max: 3000 }).map((minutes) => ({ minutes })),
  fc.integer({ min: 1, max: 5 }).map((businessDays) => ({ businessDays })),
);
/** A step: which of the allowed actions (by index), how long after the last one (up to 4 days), and for a level change the new target and calendar. */
const step = fc.record({
  pick: fc.nat(),
  gapMinutes: fc.oneof(fc.integer({ min: 0, max: 600 }), fc.integer({ min: 0, max: 4 * 24 * 60 })),
  newTarget: target,
  roundTheClock: fc.boolean(),
});

type Kind = 'stop' | 'pause' | 'resume' | 'restart' | 'retarget';
const ALLOWED: Record<SlaTargetState['status'], Kind[]> = {
  running: ['stop', 'pause', 'retarget'],
  paused: ['resume', 'stop', 'retarget'],
  stopped: ['restart', 'retarget'],
};

describe('SLA engine (properties)', () => {
  it('elapsed at a stop is the business minutes from the start without the pauses, and met ⇔ the stop is not after the due instant', () => {
    let stops = 0;
    fc.assert(
      fc.property(calendarArb, fc.constantFrom(...SLA_CLOCKS), target, start, fc.double({ min: 0.05, max: 0.95, noNaN: true }), fc.array(step, { maxLength: 12 }), (cal, clock, first, opened, share, steps) => {
        let state = startTarget(clock, first, cal, opened, share);
        // the model
        let calendar: WorkingCalendar = cal;
        let goal: SlaTarget = first;
        const pauses: Pause[] = [];
        let openPause: number | null = null;
        let stoppedAt: number | null = null;
        let now = opened;

        const dueWith = (p: readonly Pause[]) => addBusinessMinutes(calendar, opened, targetMinutes(calendar, opened, goal), p);

        for (const s of steps) {
          now += s.gapMinutes * MINUTE;
          const options = ALLOWED[state.status];
          const kind = options[s.pick % options.length]!;
          if (kind === 'retarget') {
            const newCalendar = s.roundTheClock ? ROUND_THE_CLOCK : cal;
            const before = state;
            state = retarget(state, s.newTarget, newCalendar, share);
            if (before.status === 'stopped') {
              expect(state).toBe(before);
            } else {
              calendar = newCalendar;
              goal = s.newTarget;
              expect(state.dueAt).toBe(dueWith(pauses));
            }
            continue;
          }
          state = applyClockAction(state, { clock, action: kind, at: now }, share);
          if (kind === 'pause') openPause = now;
          if (kind === 'resume') {
            pauses.push([openPause!, now]);
            openPause = null;
          }
          if (kind === 'restart') {
            pauses.push([stoppedAt!, now]);
            stoppedAt = null;
          }
          if (kind === 'stop') {
            if (openPause !== null) pauses.push([openPause, now]);
            openPause = null;
            stoppedAt = now;
            stops++;
            const elapsed = businessMinutesBetween(calendar, opened, now, pauses);
            // minute-aligned instants and calendars: the business minutes are whole, so nothing is rounded
            expect(state.elapsedMinutes).toBe(elapsed);
            expect(state.met).toBe(now <= dueWith(pauses));
            expect(state.dueAt).toBe(dueWith(pauses));
            expect(slaStanding(state, now + 86_400_000).standing).toBe(state.met ? 'met' : 'breached');
          }
          if (state.status === 'running') {
            expect(state.dueAt).toBe(dueWith(pauses));
            const standing = slaStanding(state, now);
            expect(standing.elapsedMinutes).toBe(businessMinutesBetween(calendar, opened, now, pauses));
            expect(standing.standing === 'breached').toBe(now > state.dueAt);
          }
          expect(state.pauses).toEqual(pauses);
          expect(state.warnAt).toBeGreaterThanOrEqual(opened);
          expect(state.warnAt).toBeLessThanOrEqual(state.dueAt);
          expect(fromSlaRow(toSlaRow(state))).toEqual(state);
        }
      }),
      { numRuns: 300 },
    );
    // the sequences really stop clocks (not only pause them)
    expect(stops).toBeGreaterThan(100);
  });
});
