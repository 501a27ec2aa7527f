import { describe, expect, it } from 'vitest';
import type { WorkingCalendar } from './slaApi';
import { countKinds, describeDay, HOLIDAYS_KNOWN_UNTIL, monthWeeks, yearDays } from './yearView';

const NINE_TO_SIX = [['09:00', '18:00']];
const none: string[][] = [];
const workingDays = (over: Partial<WorkingCalendar> = {}): WorkingCalendar => ({
  zone: 'Asia/Shanghai',
  weekly: { mon: NINE_TO_SIX, tue: NINE_TO_SIX, wed: NINE_TO_SIX, thu: NINE_TO_SIX, fri: NINE_TO_SIX, sat: none, sun: none },
  chinaHolidays: true,
  ...over,
});

describe('the year view’s day kinds', () => {
  it('marks National Day 2026 as public holidays and Saturday 10 October as a make-up workday with the workday hours', () => {
    const cal = workingDays();
    expect(describeDay(cal, '2026-10-01')).toMatchObject({ kind: 'holiday', weekday: 'thu', ranges: [], holiday: { zh: '国庆节', en: 'National Day' } });
    expect(describeDay(cal, '2026-10-10')).toMatchObject({ kind: 'makeUpWorkday', weekday: 'sat', ranges: NINE_TO_SIX, holiday: { zh: '国庆节' } });
    expect(describeDay(cal, '2026-10-09')).toMatchObject({ kind: 'workday', weekday: 'fri', ranges: NINE_TO_SIX });
    expect(describeDay(cal, '2026-10-11')).toMatchObject({ kind: 'restDay', weekday: 'sun', ranges: [] });
    expect(describeDay(cal, '2026-10-11').holiday).toBeUndefined();
  });

  it('ignores China’s arrangement on a calendar that does not observe it', () => {
    const cal = workingDays({ chinaHolidays: false });
    expect(describeDay(cal, '2026-10-01')).toMatchObject({ kind: 'workday', ranges: NINE_TO_SIX });
    expect(describeDay(cal, '2026-10-10')).toMatchObject({ kind: 'restDay' });
    expect(describeDay(cal, '2026-10-01').holiday).toBeUndefined();
  });

  it('lets a custom date win over the public holidays and the week, an open one without ranges working the workday hours', () => {
    const cal = workingDays({
      weekly: { mon: [['08:00', '12:00']], tue: NINE_TO_SIX, wed: NINE_TO_SIX, thu: NINE_TO_SIX, fri: NINE_TO_SIX, sat: none, sun: none },
      customDates: { '2026-07-15': { working: false }, '2026-10-02': { working: true, ranges: [['10:00', '12:00']] }, '2026-07-18': { working: true } },
    });
    expect(describeDay(cal, '2026-07-15')).toMatchObject({ kind: 'customClosed', ranges: [] });
    expect(describeDay(cal, '2026-10-02')).toMatchObject({ kind: 'customOpen', ranges: [['10:00', '12:00']], holiday: { zh: '国庆节' } });
    // A Saturday opened without ranges works Monday's hours, the first weekday that has any.
    expect(describeDay(cal, '2026-07-18')).toMatchObject({ kind: 'customOpen', weekday: 'sat', ranges: [['08:00', '12:00']] });
    expect(describeDay(cal, '2026-10-10')).toMatchObject({ kind: 'makeUpWorkday', ranges: [['08:00', '12:00']] });
  });

  it('counts a whole year and lays each month out in Monday-first weeks', () => {
    const days = yearDays(workingDays({ customDates: { '2026-07-15': { working: false } } }), 2026);
    expect(days).toHaveLength(365);
    const counts = countKinds(days);
    // 2026: 33 public holiday dates (several on weekends), 6 make-up Saturdays/Sundays, one campus day off.
    expect(counts.holiday).toBe(33);
    expect(counts.makeUpWorkday).toBe(6);
    expect(counts.customClosed).toBe(1);
    expect(counts.workday + counts.restDay + counts.holiday + counts.makeUpWorkday + counts.customClosed + counts.customOpen).toBe(365);
    // October 2026 begins on a Thursday: three empty cells before it, five weeks in all.
    const october = monthWeeks(days, 10);
    expect(october).toHaveLength(5);
    expect(october[0]!.slice(0, 3)).toEqual([null, null, null]);
    expect(october[0]![3]!.date).toBe('2026-10-01');
    expect(october.at(-1)!.filter(Boolean).at(-1)!.date).toBe('2026-10-31');
    expect(yearDays(workingDays(), 2028)).toHaveLength(366);
  });

  it('knows which years the installed package covers, and treats later ones as ordinary years', () => {
    expect(HOLIDAYS_KNOWN_UNTIL).toBeGreaterThanOrEqual(2026);
    const later = yearDays(workingDays(), HOLIDAYS_KNOWN_UNTIL + 1);
    expect(countKinds(later).holiday).toBe(0);
    expect(countKinds(later).makeUpWorkday).toBe(0);
  });
});
