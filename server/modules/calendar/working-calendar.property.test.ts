import days from 'chinese-days/dist/chinese-days.json' with { type: 'json' };
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CALENDAR_YEARS, calendarArb, dayRangesArb, zoneArb } from './calendar.testing.ts';
import { addWorkingMinutes, isWorkingTime, nextWorkingStart, workingMinutesBetween, type WorkingCalendar } from './working-calendar.ts';
import { addDays, localDateOf, startOfLocalDay, weekdayOf } from './zones.ts';

/**
 * The business-hour arithmetic as properties over random calendars (zones with and without daylight saving, up to
 * three ranges a day, China's holidays on or off, custom dates) and random instants in 2025–2026, which chinese-days
 * covers. Holidays and make-up days are read from the package's data here, not through the module under test.
 */

const HOLIDAYS = Object.keys(days.holidays).filter((d) => d >= '2025' && d < '2027');
const MAKE_UP_DAYS = Object.keys(days.workdays).filter((d) => d >= '2025' && d < '2027');
const { from: FROM, to: TO } = CALENDAR_YEARS;
const calendar = calendarArb;
const zone = zoneArb;
const dayRanges = dayRangesArb;
/** China's holidays on, and no custom date on a holiday (a custom date may open one on purpose). */
const holidayCalendar = calendar.map((c) => ({
  ...c,
  chinaHolidays: true,
  customDates: Object.fromEntries(Object.entries(c.customDates ?? {}).filter(([d]) => !HOLIDAYS.includes(d))),
}));
const instant = fc.integer({ min: FROM, max: TO });
const minutes = fc.integer({ min: 0, max: 20_000 });
const ms = (minutes: number) => Math.round(minutes * 60_000);

describe('working calendar arithmetic (properties)', () => {
  it('adding N working minutes and measuring from the start to the result gives N back', () => {
    fc.assert(
      fc.property(calendar, instant, minutes, (cal, start, n) => {
        const due = addWorkingMinutes(cal, start, n);
        expect(due).toBeGreaterThanOrEqual(start);
        expect(workingMinutesBetween(cal, start, due)).toBe(n);
        // the last minute counted is working time
        if (n > 0) expect(isWorkingTime(cal, due - 1)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('is additive: measuring a to c is measuring a to b plus b to c', () => {
    fc.assert(
      fc.property(calendar, fc.tuple(instant, instant, instant), (cal, points) => {
        const [a, b, c] = points.sort((x, y) => x - y) as [number, number, number];
        expect(ms(workingMinutesBetween(cal, a, b)) + ms(workingMinutesBetween(cal, b, c))).toBe(ms(workingMinutesBetween(cal, a, c)));
      }),
      { numRuns: 300 },
    );
  });

  it('starts the next working time at once when it is working time, else later with nothing counted before it', () => {
    fc.assert(
      fc.property(calendar, instant, (cal, t) => {
        const next = nextWorkingStart(cal, t);
        expect(next).toBeGreaterThanOrEqual(t);
        expect(isWorkingTime(cal, next)).toBe(true);
        expect(workingMinutesBetween(cal, t, next)).toBe(0);
        if (isWorkingTime(cal, t)) expect(next).toBe(t);
      }),
    );
  });

  it('never counts a minute of a public holiday', () => {
    fc.assert(
      fc.property(holidayCalendar, fc.constantFrom(...HOLIDAYS), fc.double({ min: 0, max: 1, noNaN: true }), instant, minutes, (cal, holiday, share, start, n) => {
        const from = startOfLocalDay(holiday, cal.zone);
        const to = startOfLocalDay(addDays(holiday, 1), cal.zone);
        expect(workingMinutesBetween(cal, from, to)).toBe(0);
        expect(isWorkingTime(cal, from + Math.floor(share * (to - from - 1)))).toBe(false);
        // whatever the start and the amount, the last minute counted is not on a holiday
        const due = addWorkingMinutes(cal, start, n + 1);
        expect(HOLIDAYS).not.toContain(localDateOf(due - 1, cal.zone));
      }),
      { numRuns: 300 },
    );
  });

  it('counts a make-up Saturday or Sunday (调休) with the workday hours, and only with China holidays on', () => {
    // What the package says, checked first: these are weekend days that are worked.
    expect(MAKE_UP_DAYS).toEqual(expect.arrayContaining(['2025-09-28', '2025-10-11', '2026-02-14', '2026-02-28', '2026-10-10']));
    for (const d of MAKE_UP_DAYS) expect(['sat', 'sun']).toContain(weekdayOf(d));
    const weekdaysOnly = fc.tuple(zone, dayRanges.filter((r) => r.length > 0), fc.array(dayRanges, { minLength: 4, maxLength: 4 }));
    fc.assert(
      fc.property(weekdaysOnly, fc.constantFrom(...MAKE_UP_DAYS), fc.boolean(), ([zone, monday, rest], date, chinaHolidays) => {
        const cal: WorkingCalendar = { zone, weekly: { mon: monday, tue: rest[0], wed: rest[1], thu: rest[2], fri: rest[3] }, chinaHolidays };
        const start = startOfLocalDay(date, zone);
        const counted = workingMinutesBetween(cal, start, startOfLocalDay(addDays(date, 1), zone));
        // Monday's hours (none of these dates is a day on which one of these zones changes its clocks)
        const monMinutes = monday.reduce((sum, [s, e]) => sum + (toMinutes(e) - toMinutes(s)), 0);
        expect(counted).toBe(chinaHolidays ? monMinutes : 0);
        expect(isWorkingTime(cal, start + toMinutes(monday[0]![0]) * 60_000)).toBe(chinaHolidays);
      }),
      { numRuns: 200 },
    );
  });
});

const toMinutes = (t: string) => (t === '24:00' ? 1440 : Number(t.slice(0, 2)) * 60 + Number(t.slice(3)));
