import days from 'chinese-days/dist/chinese-days.json' with { type: 'json' };
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../../clock.ts';
import type { TimeRange } from '../weekly.ts';
import { NoWorkingTimeError, ROUND_THE_CLOCK, type WorkingCalendar } from '../working-calendar.ts';
import { instantOf, localPartsOf } from '../zones.ts';
import { addBusinessDays, addBusinessMinutes, businessMinutesBetween, dueInstant, targetMinutes, type SlaTarget } from './business-time.ts';
import { NINE_TO_SIX, OFFICE, OFFICE_NO_HOLIDAYS } from '../calendar.testing.ts';

const WITH_LUNCH: TimeRange[] = [['09:00', '12:00'], ['13:30', '18:00']];
const DESK: WorkingCalendar = {
  zone: 'Asia/Shanghai',
  weekly: { mon: WITH_LUNCH, tue: WITH_LUNCH, wed: WITH_LUNCH, thu: WITH_LUNCH, fri: WITH_LUNCH },
  chinaHolidays: true,
};

/** Issue 11's default level-3 targets. */
const LEVEL_3 = { respond: { minutes: 120 }, onSite: { businessDays: 1 }, resolve: { businessDays: 3 } } satisfies Record<string, SlaTarget>;

/** 'YYYY-MM-DD HH:MM' local → instant, and back. */
const at = (local: string, zone = 'Asia/Shanghai'): number => {
  const [y, mo, d, h, mi] = local.split(/[- :]/).map(Number);
  return instantOf({ year: y!, month: mo!, day: d!, hour: h!, minute: mi! }, zone);
};
const show = (ms: number, zone = 'Asia/Shanghai'): string => {
  const p = localPartsOf(ms, zone);
  return `${p.date} ${p.weekday} ${String(p.hour).padStart(2, '0')}:${String(p.minute).padStart(2, '0')}`;
};
const HOUR = 60;

describe('what chinese-days 1.5.7 says about October 2026 and Spring Festival 2026 (the examples below rest on it)', () => {
  it('National Day is 10-01 to 10-07 (with Mid-Autumn on 09-25 to 09-27); Sunday 09-20 and Saturday 10-10 are make-up workdays', () => {
    const keys = (o: Record<string, string>, prefix: string) => Object.keys(o).filter((d) => d.startsWith(prefix)).sort();
    expect(keys(days.holidays, '2026-10')).toEqual(['2026-10-01', '2026-10-02', '2026-10-03', '2026-10-04', '2026-10-05', '2026-10-06', '2026-10-07']);
    expect(keys(days.holidays, '2026-09')).toEqual(['2026-09-25', '2026-09-26', '2026-09-27']);
    expect([...keys(days.workdays, '2026-09'), ...keys(days.workdays, '2026-10')]).toEqual(['2026-09-20', '2026-10-10']);
    // so the example stands as written: Saturday 2026-10-10 is worked
  });

  it('Spring Festival is 02-15 to 02-23, with Saturdays 02-14 and 02-28 worked', () => {
    expect(Object.keys(days.holidays).filter((d) => d.startsWith('2026-02')).sort()).toEqual(
      ['15', '16', '17', '18', '19', '20', '21', '22', '23'].map((d) => `2026-02-${d}`),
    );
    expect(Object.keys(days.workdays).filter((d) => d.startsWith('2026-02')).sort()).toEqual(['2026-02-14', '2026-02-28']);
  });
});

describe('business minutes on the 工作日 09:00–18:00 calendar', () => {
  it("issue 11's example: opened 16:30 on Friday 2026-10-09, 2 business hours → due 09:30 on the make-up Saturday 10-10, not Monday", () => {
    const opened = at('2026-10-09 16:30');
    expect(show(addBusinessMinutes(OFFICE, opened, 2 * HOUR))).toBe('2026-10-10 sat 09:30');
    expect(businessMinutesBetween(OFFICE, opened, at('2026-10-10 09:30'))).toBe(120);
    // without China's calendar the Saturday is a weekend day
    expect(show(addBusinessMinutes(OFFICE_NO_HOLIDAYS, opened, 2 * HOUR))).toBe('2026-10-12 mon 09:30');
  });

  it('opened before National Day: the seven days off are skipped, the make-up Saturday after them counts', () => {
    expect(show(addBusinessMinutes(OFFICE, at('2026-09-30 17:00'), 2 * HOUR))).toBe('2026-10-08 thu 10:00');
    // 30 business hours from the last afternoon before the holiday: Sep 30 1 h, Oct 8, 9 and 10 27 h, 2 h of Oct 12
    expect(show(addBusinessMinutes(OFFICE, at('2026-09-30 17:00'), 30 * HOUR))).toBe('2026-10-12 mon 11:00');
    expect(businessMinutesBetween(OFFICE, at('2026-09-30 17:00'), at('2026-10-08 10:00'))).toBe(120);
    // the Sunday make-up day before it (09-20) works too
    expect(show(addBusinessMinutes(OFFICE, at('2026-09-19 12:00'), HOUR))).toBe('2026-09-20 sun 10:00');
  });

  it('starts outside business hours at the next business minute: at night, on a weekend, on a holiday', () => {
    expect(show(addBusinessMinutes(OFFICE, at('2026-11-16 07:00'), 30))).toBe('2026-11-16 mon 09:30');
    expect(show(addBusinessMinutes(OFFICE, at('2026-11-16 22:00'), 30))).toBe('2026-11-17 tue 09:30');
    expect(show(addBusinessMinutes(OFFICE, at('2026-11-14 10:00'), 30))).toBe('2026-11-16 mon 09:30');
    expect(show(addBusinessMinutes(OFFICE, at('2026-10-03 12:00'), HOUR))).toBe('2026-10-08 thu 10:00');
    expect(businessMinutesBetween(OFFICE, at('2026-10-01 00:00'), at('2026-10-08 00:00'))).toBe(0);
  });

  it('a target that fits the day exactly is due at close of business, not at the next opening', () => {
    expect(show(addBusinessMinutes(OFFICE, at('2026-11-16 16:00'), 2 * HOUR))).toBe('2026-11-16 mon 18:00');
    expect(show(addBusinessMinutes(DESK, at('2026-11-16 11:00'), HOUR))).toBe('2026-11-16 mon 12:00');
    expect(show(addBusinessMinutes(DESK, at('2026-11-16 11:00'), HOUR + 1))).toBe('2026-11-16 mon 13:31');
  });

  it('a zero target is due at its start, inside business hours or not', () => {
    for (const start of [at('2026-11-16 10:00'), at('2026-11-16 22:00'), at('2026-10-02 10:00')]) {
      expect(addBusinessMinutes(OFFICE, start, 0)).toBe(start);
    }
  });

  it('is exact to the minute and counts parts of a minute', () => {
    expect(show(addBusinessMinutes(OFFICE, at('2026-11-16 09:00'), 1))).toBe('2026-11-16 mon 09:01');
    expect(businessMinutesBetween(OFFICE, at('2026-11-16 08:59'), at('2026-11-16 09:01'))).toBe(1);
    expect(businessMinutesBetween(OFFICE, at('2026-11-16 09:00'), at('2026-11-16 09:00') + 30_000)).toBe(0.5);
    expect(businessMinutesBetween(OFFICE, at('2026-11-16 12:00'), at('2026-11-16 10:00'))).toBe(0);
  });

  it('a long target across Spring Festival 2026 counts both make-up Saturdays and none of the nine days off', () => {
    const opened = at('2026-02-13 10:00'); // Friday
    // Feb 13: 8 h; Sat 14 (make-up): 9 h; 15–23 off; 24, 25, 26, 27: 36 h → 53 h; Sat 28 (make-up): 7 more → 16:00
    expect(show(addBusinessMinutes(OFFICE, opened, 60 * HOUR))).toBe('2026-02-28 sat 16:00');
    expect(businessMinutesBetween(OFFICE, opened, at('2026-02-28 16:00'))).toBe(60 * HOUR);
    expect(businessMinutesBetween(OFFICE, at('2026-02-14 18:00'), at('2026-02-24 09:00'))).toBe(0);
  });

  it('crosses into a year chinese-days does not know as an ordinary year (only its weekly ranges count)', () => {
    // 2027-01-01 is a Friday; its New Year holiday is not in chinese-days 1.5.7, so it counts as a workday
    expect(show(addBusinessMinutes(OFFICE, at('2026-12-31 17:00'), 2 * HOUR))).toBe('2027-01-01 fri 10:00');
  });
});

describe('pauses', () => {
  it('pause and resume across a night, moving an injected clock', () => {
    const clock = new ManualClock(at('2026-11-16 17:00')); // Monday: the ticket is opened, 2 business hours to respond
    const opened = clock.now();
    clock.advance(30 * 60_000);
    const pausedAt = clock.now(); // 17:30, waiting for the customer
    clock.set(at('2026-11-17 10:00'));
    const resumedAt = clock.now();
    const pauses = [[pausedAt, resumedAt] as const];

    expect(businessMinutesBetween(OFFICE, opened, clock.now(), pauses)).toBe(30);
    // 90 minutes left from the resumption
    expect(show(addBusinessMinutes(OFFICE, opened, 2 * HOUR, pauses))).toBe('2026-11-17 tue 11:30');
    // without the pause it would have been due an hour and a half earlier
    expect(show(addBusinessMinutes(OFFICE, opened, 2 * HOUR))).toBe('2026-11-17 tue 10:00');
    clock.advance(45 * 60_000);
    expect(businessMinutesBetween(OFFICE, opened, clock.now(), pauses)).toBe(75);
  });

  it('a pause still open is passed as ending now: the elapsed minutes stand still while the clock is stopped', () => {
    const clock = new ManualClock(at('2026-11-16 09:00'));
    const opened = clock.now();
    clock.set(at('2026-11-16 11:00'));
    const pausedAt = clock.now();
    const readings = [0, 60, 24 * 60].map((minutes) => {
      clock.set(pausedAt + minutes * 60_000);
      return businessMinutesBetween(OFFICE, opened, clock.now(), [[pausedAt, clock.now()]]);
    });
    expect(readings).toEqual([120, 120, 120]);
  });

  it('overlapping and touching pauses stop the clock once, and a pause outside business hours changes nothing', () => {
    const opened = at('2026-11-16 09:00');
    const a = [at('2026-11-16 10:00'), at('2026-11-16 11:00')] as const;
    const b = [at('2026-11-16 10:30'), at('2026-11-16 12:00')] as const;
    const c = [at('2026-11-16 12:00'), at('2026-11-16 12:30')] as const;
    expect(businessMinutesBetween(OFFICE, opened, at('2026-11-16 13:00'), [c, a, b])).toBe(90);
    expect(show(addBusinessMinutes(OFFICE, opened, 2 * HOUR, [b, a, c]))).toBe('2026-11-16 mon 13:30');
    const night = [at('2026-11-16 19:00'), at('2026-11-17 08:00')] as const;
    expect(addBusinessMinutes(OFFICE, opened, 10 * HOUR, [night])).toBe(addBusinessMinutes(OFFICE, opened, 10 * HOUR));
  });

  it('a ticket opened during a pause starts counting when the pause ends', () => {
    const pause = [at('2026-11-16 08:00'), at('2026-11-16 14:00')] as const;
    expect(show(addBusinessMinutes(OFFICE, at('2026-11-16 10:00'), 30, [pause]))).toBe('2026-11-16 mon 14:30');
  });

  it('refuses a pause that ends before it starts, or one that is not an instant', () => {
    expect(() => businessMinutesBetween(OFFICE, 0, 1, [[10, 5]])).toThrow(/pause 0 ends/);
    expect(() => addBusinessMinutes(OFFICE, 0, 1, [[Number.NaN, 5]])).toThrow(RangeError);
  });
});

describe('business days (Civil Code: the opening day does not count; the last day ends at close of business)', () => {
  it("issue 11's level-3 defaults for the Friday before the make-up Saturday", () => {
    const opened = at('2026-10-09 16:30');
    expect(show(dueInstant(OFFICE, opened, LEVEL_3.respond))).toBe('2026-10-10 sat 09:30');
    expect(show(dueInstant(OFFICE, opened, LEVEL_3.onSite))).toBe('2026-10-10 sat 18:00');
    expect(show(dueInstant(OFFICE, opened, LEVEL_3.resolve))).toBe('2026-10-13 tue 18:00');
  });

  it('opened on a Monday morning, at night, on a Sunday, and before National Day', () => {
    expect(show(addBusinessDays(OFFICE, at('2026-11-16 10:00'), 1))).toBe('2026-11-17 tue 18:00');
    expect(show(addBusinessDays(OFFICE, at('2026-11-16 10:00'), 3))).toBe('2026-11-19 thu 18:00');
    expect(show(addBusinessDays(OFFICE, at('2026-11-16 23:00'), 1))).toBe('2026-11-17 tue 18:00');
    expect(show(addBusinessDays(OFFICE, at('2026-11-15 20:00'), 1))).toBe('2026-11-16 mon 18:00');
    expect(show(addBusinessDays(OFFICE, at('2026-09-30 10:00'), 1))).toBe('2026-10-08 thu 18:00');
    expect(show(addBusinessDays(OFFICE, at('2026-09-30 10:00'), 3))).toBe('2026-10-10 sat 18:00');
    expect(show(addBusinessDays(DESK, at('2026-11-16 10:00'), 1))).toBe('2026-11-17 tue 18:00');
    expect(addBusinessDays(OFFICE, at('2026-11-16 10:00'), 0)).toBe(at('2026-11-16 10:00'));
  });

  it('a business-day target becomes a budget of business minutes when the clock starts, which pauses push back', () => {
    const opened = at('2026-11-16 10:00');
    expect(targetMinutes(OFFICE, opened, LEVEL_3.onSite)).toBe(17 * HOUR); // Monday 8 h + Tuesday 9 h
    expect(targetMinutes(OFFICE, opened, LEVEL_3.respond)).toBe(120);
    const waiting = [[at('2026-11-17 09:00'), at('2026-11-17 12:00')] as const];
    expect(show(dueInstant(OFFICE, opened, LEVEL_3.onSite, waiting))).toBe('2026-11-18 wed 12:00');
  });

  it('refuses a part of a day or a negative number of days', () => {
    expect(() => addBusinessDays(OFFICE, 0, 1.5)).toThrow(/whole number/);
    expect(() => dueInstant(OFFICE, 0, { businessDays: -1 })).toThrow(RangeError);
  });
});

describe('7×24 and daylight saving', () => {
  it('7×24 is wall-clock time, holidays included', () => {
    const opened = at('2026-10-01 03:00');
    expect(show(dueInstant(ROUND_THE_CLOCK, opened, { minutes: 30 }))).toBe('2026-10-01 thu 03:30');
    expect(businessMinutesBetween(ROUND_THE_CLOCK, opened, at('2026-10-08 03:00'))).toBe(7 * 24 * HOUR);
    expect(show(addBusinessDays(ROUND_THE_CLOCK, opened, 1))).toBe('2026-10-03 sat 00:00');
  });

  it('Berlin business hours across the spring change: local opening hours, real elapsed minutes', () => {
    const berlin: WorkingCalendar = { zone: 'Europe/Berlin', weekly: { mon: [['09:00', '17:00']], fri: [['09:00', '17:00']] }, chinaHolidays: false };
    const due = addBusinessMinutes(berlin, at('2026-03-27 16:00', 'Europe/Berlin'), 2 * HOUR);
    expect(show(due, 'Europe/Berlin')).toBe('2026-03-30 mon 10:00');
    expect(new Date(due).toISOString()).toBe('2026-03-30T08:00:00.000Z'); // CEST, UTC+2 (Friday was UTC+1)
  });

  it('a Berlin day of 23 or 25 hours counts 23 or 25 hours of a 00:00–24:00 range', () => {
    const weekends: WorkingCalendar = { zone: 'Europe/Berlin', weekly: { sat: [['00:00', '24:00']], sun: [['00:00', '24:00']] }, chinaHolidays: false };
    expect(businessMinutesBetween(weekends, at('2026-03-29 00:00', 'Europe/Berlin'), at('2026-03-30 00:00', 'Europe/Berlin'))).toBe(23 * HOUR);
    expect(businessMinutesBetween(weekends, at('2026-10-25 00:00', 'Europe/Berlin'), at('2026-10-26 00:00', 'Europe/Berlin'))).toBe(25 * HOUR);
    // Saturday 12:00 + 24 business hours: 12 h on Saturday, then 12 real hours of a Sunday that skips 02:00–03:00
    expect(show(addBusinessMinutes(weekends, at('2026-03-28 12:00', 'Europe/Berlin'), 24 * HOUR), 'Europe/Berlin')).toBe('2026-03-29 sun 13:00');
  });
});

describe('calendars read again', () => {
  it('a copy with the same content gives the same answers, and a changed copy its own (years are shared by content)', () => {
    const opened = at('2026-10-09 16:30');
    expect(show(addBusinessMinutes(structuredClone(OFFICE), opened, 2 * HOUR))).toBe('2026-10-10 sat 09:30');
    const campusClosed = { ...structuredClone(OFFICE), customDates: { '2026-10-10': { working: false as const } } };
    expect(show(addBusinessMinutes(campusClosed, opened, 2 * HOUR))).toBe('2026-10-12 mon 09:30');
    const shorterDays = { ...structuredClone(OFFICE), weekly: { ...OFFICE.weekly, fri: [['09:00', '17:00']] as TimeRange[] } };
    expect(show(addBusinessMinutes(shorterDays, opened, 2 * HOUR))).toBe('2026-10-10 sat 10:30'); // Friday closes at 17:00
  });
});

describe('calendars that cannot be used', () => {
  it('a calendar without any working time fails clearly instead of looping', () => {
    const closed: WorkingCalendar = { zone: 'Asia/Shanghai', weekly: {}, chinaHolidays: false };
    expect(() => addBusinessMinutes(closed, at('2026-11-16 10:00'), 1)).toThrow(NoWorkingTimeError);
    expect(() => addBusinessDays(closed, at('2026-11-16 10:00'), 1)).toThrow(NoWorkingTimeError);
    expect(businessMinutesBetween(closed, at('2026-01-01 00:00'), at('2027-01-01 00:00'))).toBe(0);
  });

  it('an invalid calendar, a bad instant or a bad target is a RangeError naming it', () => {
    const bad = { zone: 'Mars/Olympus', weekly: { mon: NINE_TO_SIX }, chinaHolidays: false } as WorkingCalendar;
    expect(() => addBusinessMinutes(bad, 0, 1)).toThrow(/zone/);
    expect(() => addBusinessMinutes(OFFICE, Number.NaN, 1)).toThrow(/start/);
    expect(() => addBusinessMinutes(OFFICE, 0, -1)).toThrow(/0 or more/);
    expect(() => businessMinutesBetween(OFFICE, 0, Number.POSITIVE_INFINITY)).toThrow(/to/);
    expect(() => businessMinutesBetween(OFFICE, at('2026-01-01 00:00'), at('2200-01-01 00:00'))).toThrow(/100 years/);
  });
});
