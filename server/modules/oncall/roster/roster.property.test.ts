import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, instantOf, type TimeRange, type WeeklyRanges } from '../../calendar/index.ts';
import { compileRoster } from './definition.ts';
import { composeAt, dutyAt, peopleOnDuty, shiftsBetween } from './roster.ts';
import type { HolidayDuty, RosterDefinition, RosterLayer, RosterOverride, Rotation } from './roster.types.ts';

/**
 * The schedule as properties over random rosters: zones with and without daylight saving (Adelaide's half-hour
 * offset, Santiago's skipped midnight), 1–3 layers of every kind with random hand-overs and active ranges, random
 * holiday rows with China's holidays on or off, and random (even overlapping) overrides; instants in 2025–2026.
 */

const DAY = 86_400_000;
const HOUR = 3_600_000;
const PEOPLE = ['a', 'b', 'c', 'd', 'e'];
const FIRST_DATE = '2025-06-01';

const zone = fc.constantFrom('Asia/Shanghai', 'Europe/Berlin', 'America/New_York', 'Australia/Adelaide', 'America/Santiago');
const hhmm = (m: number) => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
/** Hand-overs on the quarter hour and anywhere, including the hours clock changes skip or repeat. */
const handover = fc.oneof(fc.integer({ min: 0, max: 95 }).map((q) => hhmm(q * 15)), fc.integer({ min: 0, max: 1439 }).map(hhmm));
const date = fc.integer({ min: 0, max: 550 }).map((n) => addDays(FIRST_DATE, n));
const participants = fc.array(fc.constantFrom(...PEOPLE), { minLength: 1, maxLength: 4 });
const dayRanges = fc
  .uniqueArray(fc.integer({ min: 0, max: 48 }).map((h) => h * 30), { maxLength: 4 })
  .map((points) => {
    const sorted = [...points].sort((x, y) => x - y);
    const ranges: TimeRange[] = [];
    for (let i = 0; i + 1 < sorted.length; i += 2) ranges.push([hhmm(sorted[i]!), hhmm(sorted[i + 1]!)]);
    return ranges;
  });
const activeRanges: fc.Arbitrary<WeeklyRanges | null> = fc.option(
  fc.record({ mon: dayRanges, tue: dayRanges, wed: dayRanges, thu: dayRanges, fri: dayRanges, sat: dayRanges, sun: dayRanges }),
  { nil: null },
);
const rotation: fc.Arbitrary<Rotation> = fc
  .record({
    kind: fc.constantFrom('daily' as const, 'weekly' as const, 'custom' as const),
    shiftHours: fc.integer({ min: 1, max: 200 }),
    handover,
    startDate: date,
    participants,
    activeRanges,
  })
  .map(({ shiftHours, ...r }) => (r.kind === 'custom' ? { ...r, shiftHours } : r));
const layers: fc.Arbitrary<RosterLayer[]> = fc
  .array(rotation, { minLength: 1, maxLength: 3 })
  .map((rotations) => rotations.map((r, i) => ({ id: `L${i}`, name: `layer ${i}`, rotation: r })));
const base = Date.parse(`${FIRST_DATE}T00:00:00Z`);
const overrides: fc.Arbitrary<RosterOverride[]> = fc
  .array(
    fc.record({
      userId: fc.constantFrom(...PEOPLE, 'x', 'y'),
      replacesUserId: fc.option(fc.constantFrom(...PEOPLE, 'lead'), { nil: null }),
      startAt: fc.integer({ min: 0, max: 560 * 24 }).map((h) => base + h * HOUR + 7 * 60_000),
      hours: fc.integer({ min: 1, max: 96 }),
    }),
    { maxLength: 6 },
  )
  .map((list) => list.map(({ hours, ...o }, i) => ({ id: `o${i}`, ...o, endAt: o.startAt + hours * HOUR })));
const holidays: fc.Arbitrary<HolidayDuty[]> = fc
  .uniqueArray(
    fc.record({
      date,
      leaderUserId: fc.option(fc.constantFrom('lead', 'boss'), { nil: null }),
      userIds: fc.option(fc.uniqueArray(fc.constantFrom(...PEOPLE, 'h'), { minLength: 1, maxLength: 3 }), { nil: null }),
    }),
    { maxLength: 4, selector: (h) => h.date },
  );
const definition: fc.Arbitrary<RosterDefinition> = fc.record({
  zone,
  layers,
  overrides,
  holidays,
  chinaHolidays: fc.boolean(),
  holidayHandover: handover,
});
const instant = fc.integer({ min: base, max: base + 560 * DAY });

const duty = (d: { userIds: string[]; leaderUserId: string | null; source: string; layerId: string | null; holiday: unknown }) => ({
  userIds: d.userIds,
  leaderUserId: d.leaderUserId,
  source: d.source,
  layerId: d.layerId,
  holiday: d.holiday,
});

describe('the schedule (properties)', () => {
  it('dutyAt(at) is the stretch of shiftsBetween containing at, and the stretches tile [from, to)', () => {
    fc.assert(
      fc.property(definition, instant, fc.integer({ min: 0, max: 20 * DAY }), fc.integer({ min: 1, max: 20 * DAY }), (def, at, back, ahead) => {
        const from = at - back;
        const to = at + ahead;
        const shifts = shiftsBetween(def, from, to);
        expect(shifts[0]!.start).toBe(from);
        expect(shifts.at(-1)!.end).toBe(to);
        for (let i = 0; i < shifts.length; i++) {
          expect(shifts[i]!.end).toBeGreaterThan(shifts[i]!.start);
          if (i > 0) expect(shifts[i]!.start).toBe(shifts[i - 1]!.end);
        }
        const containing = shifts.find((s) => s.start <= at && at < s.end)!;
        const now = dutyAt(def, at);
        expect(duty(now)).toEqual(duty(containing));
        expect(peopleOnDuty(def, at)).toEqual(duty(containing));
        // the stretch around at, as dutyAt reports it, clipped to the range asked for (null: beyond 35 days)
        expect(containing.start).toBe(now.shiftStart === null ? from : Math.max(now.shiftStart, from));
        expect(containing.end).toBe(now.shiftEnd === null ? to : Math.min(now.shiftEnd, to));
        // and every stretch holds what is evaluated at its last instant
        const compiled = compileRoster(def);
        for (const s of shifts) expect(duty(composeAt(compiled, s.end - 1))).toEqual(duty(s));
      }),
      { numRuns: 150 },
    );
  });

  it('a plain rotation puts participant k mod n on duty from the k-th hand-over, counted one by one', () => {
    fc.assert(
      fc.property(zone, rotation, instant, (z, r, at) => {
        const def: RosterDefinition = { zone: z, layers: [{ id: 'L', name: 'L', rotation: { ...r, activeRanges: null } }], overrides: [], holidays: [], chinaHolidays: false, holidayHandover: '08:00' };
        const [y, m, d] = r.startDate.split('-').map(Number);
        const [hour, minute] = r.handover.split(':').map(Number);
        // the k-th hand-over, straight from the definition: N real hours apart, or 1 or 7 local days apart
        const handoverAt = (k: number): number =>
          r.kind === 'custom'
            ? instantOf({ year: y!, month: m!, day: d!, hour, minute }, z) + k * r.shiftHours! * HOUR
            : instantOf({ year: y!, month: m!, day: d! + k * (r.kind === 'daily' ? 1 : 7), hour, minute }, z);
        const now = dutyAt(def, at);
        if (at < handoverAt(0)) {
          expect(now.userIds).toEqual([]);
          return;
        }
        let k = 0;
        while (handoverAt(k + 1) <= at) k++;
        expect(now.userIds).toEqual([r.participants[k % r.participants.length]]);
        expect(now).toMatchObject({ source: 'rotation', layerId: 'L' });
      }),
      { numRuns: 300 },
    );
  });
});
