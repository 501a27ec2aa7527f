import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CALENDAR_YEARS, calendarArb, dateIn2025or2026Arb, zoneArb } from '../calendar.testing.ts';
import { WEEKDAYS, type TimeRange, type Weekday } from '../weekly.ts';
import { addWorkingMinutes, isWorkingTime, workingMinutesBetween, type WorkingCalendar } from '../working-calendar.ts';
import { addDays, localDateOf, startOfLocalDay } from '../zones.ts';
import { addBusinessDays, addBusinessMinutes, businessMinutesBetween, type Pause } from './business-time.ts';

/**
 * The SLA engine as properties over random calendars (zones with and without daylight saving, up to three ranges a
 * day, China's holidays on or off, custom dates), random pauses and random instants in 2025–2026, which chinese-days
 * covers. Two references that share nothing with the engine's timelines: the working calendar's day-by-day
 * arithmetic, and a walk minute by minute asking isWorkingTime.
 */

const { from: FROM, to: TO } = CALENDAR_YEARS;
const MINUTE = 60_000;
const zone = zoneArb;
const calendar = calendarArb;
const dateIn2025or2026 = dateIn2025or2026Arb;
const instant = fc.integer({ min: FROM, max: TO });
const minutes = fc.integer({ min: 0, max: 20_000 });
/** Up to four pauses of up to three days, overlapping or not, in any order. */
const pauses: fc.Arbitrary<Pause[]> = fc.array(
  fc.tuple(instant, fc.integer({ min: 0, max: 3 * 24 * 60 })).map(([from, length]): Pause => [from, from + length * MINUTE]),
  { maxLength: 4 },
);
const minuteOf = (ms: number) => Math.floor(ms / MINUTE) * MINUTE;
const paused = (p: readonly Pause[], t: number) => p.some(([from, to]) => t >= from && t < to);

describe('business time (properties)', () => {
  it('adding N business minutes and measuring from the start to the due instant gives N back, pauses and all', () => {
    fc.assert(
      fc.property(calendar, instant, minutes, pauses, (cal, start, n, p) => {
        const due = addBusinessMinutes(cal, start, n, p);
        expect(due).toBeGreaterThanOrEqual(start);
        expect(businessMinutesBetween(cal, start, due, p)).toBe(n);
        // the last millisecond counted is business time and not paused
        if (n > 0) expect(isWorkingTime(cal, due - 1) && !paused(p, due - 1)).toBe(true);
      }),
      { numRuns: 400 },
    );
  });

  it('agrees with the working calendar walked day by day when nothing pauses the clock', () => {
    fc.assert(
      fc.property(calendar, instant, instant, minutes, (cal, a, b, n) => {
        expect(addBusinessMinutes(cal, a, n)).toBe(addWorkingMinutes(cal, a, n));
        expect(businessMinutesBetween(cal, a, b)).toBe(workingMinutesBetween(cal, a, b));
      }),
      { numRuns: 400 },
    );
  });

  it('agrees with a walk minute by minute, pauses included', () => {
    fc.assert(
      fc.property(calendar, instant.map(minuteOf), fc.integer({ min: 1, max: 240 }), pauses, (cal, start, n, p) => {
        const aligned = p.map(([from, to]): Pause => [minuteOf(from), minuteOf(to)]);
        let t = start;
        let left = n;
        for (let steps = 0; left > 0; steps++, t += MINUTE) {
          if (steps > 120 * 24 * 60) return; // a calendar with almost no working time: the other properties cover it
          if (isWorkingTime(cal, t) && !paused(aligned, t)) left--;
        }
        expect(addBusinessMinutes(cal, start, n, aligned)).toBe(t);
      }),
      { numRuns: 150 },
    );
  });

  it('is monotonic in N: a larger target is never due earlier', () => {
    fc.assert(
      fc.property(calendar, instant, minutes, minutes, pauses, (cal, start, x, y, p) => {
        const [small, large] = x <= y ? [x, y] : [y, x];
        expect(addBusinessMinutes(cal, start, small, p)).toBeLessThanOrEqual(addBusinessMinutes(cal, start, large, p));
      }),
      { numRuns: 300 },
    );
  });

  it('pauses never shorten: one more pause never brings the due instant forward nor adds elapsed minutes', () => {
    fc.assert(
      fc.property(calendar, instant, instant, minutes, pauses, pauses, (cal, start, end, n, p, more) => {
        const fewer = addBusinessMinutes(cal, start, n, p);
        expect(fewer).toBeGreaterThanOrEqual(addBusinessMinutes(cal, start, n));
        expect(addBusinessMinutes(cal, start, n, [...p, ...more])).toBeGreaterThanOrEqual(fewer);
        const elapsed = businessMinutesBetween(cal, start, end, p);
        expect(elapsed).toBeGreaterThanOrEqual(0);
        expect(elapsed).toBeLessThanOrEqual(businessMinutesBetween(cal, start, end));
        expect(businessMinutesBetween(cal, start, end, [...p, ...more])).toBeLessThanOrEqual(elapsed);
      }),
      { numRuns: 300 },
    );
  });

  it('7×24 is wall-clock minutes in every zone, minus the paused wall-clock time', () => {
    const allDay = Object.fromEntries(WEEKDAYS.map((d) => [d, [['00:00', '24:00']]])) as Record<Weekday, TimeRange[]>;
    // the custom date changes nothing (a working day with the workday hours, 00:00–24:00) but takes the timeline path
    const roundTheClock = fc.tuple(zone, fc.boolean(), dateIn2025or2026).map(([z, viaTimeline, date]): WorkingCalendar => ({
      zone: z,
      weekly: allDay,
      chinaHolidays: false,
      ...(viaTimeline && { customDates: { [date]: { working: true } } }),
    }));
    fc.assert(
      fc.property(roundTheClock, instant, instant, minutes, pauses, (cal, a, b, n, p) => {
        expect(addBusinessMinutes(cal, a, n)).toBe(a + n * MINUTE);
        const [from, to] = a <= b ? [a, b] : [b, a];
        // the wall-clock time in [from, to) that no pause covers, counted on the merged pauses' union
        const cuts = [from, to, ...p.flat().filter((t) => t > from && t < to)].sort((x, y) => x - y);
        let running = 0;
        for (let i = 0; i + 1 < cuts.length; i++) if (!paused(p, cuts[i]!)) running += cuts[i + 1]! - cuts[i]!;
        expect(businessMinutesBetween(cal, from, to, p)).toBe(running / MINUTE);
      }),
      { numRuns: 300 },
    );
  });

  it('N business days end at the close of business of the Nth day with business hours after the opening day', () => {
    const dayHasWork = (cal: WorkingCalendar, date: string) => workingMinutesBetween(cal, startOfLocalDay(date, cal.zone), startOfLocalDay(addDays(date, 1), cal.zone)) > 0;
    fc.assert(
      fc.property(calendar, instant, fc.integer({ min: 1, max: 5 }), (cal, start, n) => {
        const due = addBusinessDays(cal, start, n);
        const dueDate = localDateOf(due - 1, cal.zone);
        let worked = 0;
        for (let date = addDays(localDateOf(start, cal.zone), 1); date <= dueDate; date = addDays(date, 1)) if (dayHasWork(cal, date)) worked++;
        expect(worked).toBe(n);
        // business time runs up to it, and none is left on that day after it
        expect(isWorkingTime(cal, due - 1)).toBe(true);
        expect(workingMinutesBetween(cal, due, startOfLocalDay(addDays(dueDate, 1), cal.zone))).toBe(0);
      }),
      { numRuns: 300 },
    );
  });
});
