import { describe, expect, it } from 'vitest';
import { holidayCoverage } from './china-holidays.ts';
import {
  addWorkingMinutes,
  checkWorkingCalendar,
  describeDate,
  isWorkingTime,
  nextWorkingStart,
  NoWorkingTimeError,
  ROUND_THE_CLOCK,
  workingMinutesBetween,
  type WorkingCalendar,
} from './working-calendar.ts';
import { addDays, instantOf, localPartsOf, startOfLocalDay } from './zones.ts';
import { NINE_TO_SIX, OFFICE, OFFICE_NO_HOLIDAYS } from './calendar.testing.ts';


/** 'YYYY-MM-DD HH:MM' in Shanghai → instant, and back. */
const sh = (local: string): number => {
  const [y, mo, d, h, mi] = local.split(/[- :]/).map(Number);
  return instantOf({ year: y!, month: mo!, day: d!, hour: h!, minute: mi! }, 'Asia/Shanghai');
};
const show = (ms: number, zone = 'Asia/Shanghai'): string => {
  const p = localPartsOf(ms, zone);
  return `${p.date} ${String(p.hour).padStart(2, '0')}:${String(p.minute).padStart(2, '0')}`;
};
const dayMinutes = (cal: WorkingCalendar, date: string) =>
  workingMinutesBetween(cal, startOfLocalDay(date, cal.zone), startOfLocalDay(addDays(date, 1), cal.zone));

describe('working calendars', () => {
  it('counts a make-up Saturday: 2 business hours from Friday 2026-10-09 16:30 are due at 09:30 on Saturday 10-10', () => {
    expect(show(addWorkingMinutes(OFFICE, sh('2026-10-09 16:30'), 120))).toBe('2026-10-10 09:30');
    expect(show(addWorkingMinutes(OFFICE_NO_HOLIDAYS, sh('2026-10-09 16:30'), 120))).toBe('2026-10-12 09:30');
  });

  it('follows the National Day week of 2025 and its make-up days (Sunday 09-28, Saturday 10-11)', () => {
    for (let d = 1; d <= 8; d++) {
      expect(describeDate(OFFICE, `2025-10-0${d}`)).toMatchObject({ working: false, source: 'holiday', holiday: { zh: d === 6 ? '中秋' : '国庆节' } });
    }
    expect(describeDate(OFFICE, '2025-09-28')).toEqual({
      date: '2025-09-28',
      weekday: 'sun',
      working: true,
      ranges: NINE_TO_SIX,
      source: 'makeUpWorkday',
      holiday: { en: 'National Day', zh: '国庆节' },
    });
    expect(describeDate(OFFICE, '2025-10-11')).toMatchObject({ weekday: 'sat', working: true, source: 'makeUpWorkday' });
    expect(describeDate(OFFICE, '2025-10-12')).toMatchObject({ weekday: 'sun', working: false, source: 'weekly' });
    // Opened on the last afternoon before the holiday: one hour that day, the other on Thursday 10-09.
    expect(show(addWorkingMinutes(OFFICE, sh('2025-09-30 17:00'), 120))).toBe('2025-10-09 10:00');
    // Sun 28, Mon 29, Tue 30, Thu 9, Fri 10, Sat 11: six days of nine hours.
    expect(workingMinutesBetween(OFFICE, sh('2025-09-27 00:00'), sh('2025-10-13 00:00'))).toBe(6 * 540);
    expect(workingMinutesBetween(OFFICE, sh('2025-10-01 00:00'), sh('2025-10-09 00:00'))).toBe(0);
    expect(isWorkingTime(OFFICE, sh('2025-10-08 10:00'))).toBe(false);
    expect(show(nextWorkingStart(OFFICE, sh('2025-09-30 18:00')))).toBe('2025-10-09 09:00');
  });

  it('follows Spring Festival 2026 (02-15 to 02-23) and its make-up Saturdays (02-14, 02-28)', () => {
    expect(describeDate(OFFICE, '2026-02-14')).toMatchObject({ weekday: 'sat', working: true, source: 'makeUpWorkday', holiday: { zh: '春节' } });
    expect(describeDate(OFFICE, '2026-02-28')).toMatchObject({ weekday: 'sat', working: true, source: 'makeUpWorkday' });
    for (let d = 15; d <= 23; d++) expect(describeDate(OFFICE, `2026-02-${d}`)).toMatchObject({ working: false, source: 'holiday' });
    expect(show(addWorkingMinutes(OFFICE, sh('2026-02-13 17:00'), 120))).toBe('2026-02-14 10:00');
    expect(show(addWorkingMinutes(OFFICE, sh('2026-02-14 17:30'), 60))).toBe('2026-02-24 09:30');
    // Mon 9 – Fri 13, Sat 14, Tue 24 – Fri 27, Sat 28: eleven days.
    expect(workingMinutesBetween(OFFICE, sh('2026-02-09 00:00'), sh('2026-03-02 00:00'))).toBe(11 * 540);
    expect(workingMinutesBetween(OFFICE_NO_HOLIDAYS, sh('2026-02-09 00:00'), sh('2026-03-02 00:00'))).toBe(15 * 540);
  });

  it('has several ranges a day and stops a result at the end of a range', () => {
    const split: WorkingCalendar = { zone: 'Asia/Shanghai', weekly: { mon: [['13:30', '17:30'], ['08:30', '12:00']] }, chinaHolidays: false };
    expect(isWorkingTime(split, sh('2026-11-16 12:30'))).toBe(false);
    expect(isWorkingTime(split, sh('2026-11-16 08:30'))).toBe(true);
    expect(isWorkingTime(split, sh('2026-11-16 12:00'))).toBe(false);
    expect(show(nextWorkingStart(split, sh('2026-11-16 12:30')))).toBe('2026-11-16 13:30');
    expect(show(addWorkingMinutes(split, sh('2026-11-16 11:00'), 90))).toBe('2026-11-16 14:00');
    expect(show(addWorkingMinutes(split, sh('2026-11-16 08:30'), 210))).toBe('2026-11-16 12:00');
    expect(show(addWorkingMinutes(split, sh('2026-11-16 08:30'), 450))).toBe('2026-11-16 17:30');
    expect(show(addWorkingMinutes(split, sh('2026-11-16 08:30'), 451))).toBe('2026-11-23 08:31');
    expect(addWorkingMinutes(split, sh('2026-11-16 12:30'), 0)).toBe(sh('2026-11-16 12:30'));
    expect(workingMinutesBetween(split, sh('2026-11-16 11:00'), sh('2026-11-16 14:00'))).toBe(90);
    expect(workingMinutesBetween(split, sh('2026-11-16 14:00'), sh('2026-11-16 11:00'))).toBe(0);
  });

  it('lets custom dates win over the week and over public holidays', () => {
    const campus: WorkingCalendar = {
      ...OFFICE,
      customDates: {
        '2026-07-15': { working: false }, // the campus's own vacation
        '2026-07-18': { working: true }, // a Saturday: workday hours
        '2026-07-19': { working: true, ranges: [['10:00', '12:00']] },
        '2026-10-02': { working: true, ranges: [['09:00', '11:00']] }, // duty during National Day
      },
    };
    expect(dayMinutes(campus, '2026-07-15')).toBe(0);
    expect(dayMinutes(campus, '2026-07-18')).toBe(540);
    expect(dayMinutes(campus, '2026-07-19')).toBe(120);
    expect(dayMinutes(campus, '2026-10-02')).toBe(120);
    expect(dayMinutes(OFFICE, '2026-10-02')).toBe(0);
    expect(describeDate(campus, '2026-10-02')).toMatchObject({ source: 'custom', ranges: [['09:00', '11:00']] });
  });

  it("gives a make-up day the first Monday–Friday ranges when the weekdays differ (a short Friday)", () => {
    const shortFriday: WorkingCalendar = { ...OFFICE, weekly: { ...OFFICE.weekly, mon: [], fri: [['09:00', '15:00']] } };
    expect(describeDate(shortFriday, '2026-10-10').ranges).toEqual(NINE_TO_SIX); // Tuesday's, Monday having none
    const weekendsOnly: WorkingCalendar = { zone: 'Asia/Shanghai', weekly: { sat: NINE_TO_SIX, sun: NINE_TO_SIX }, chinaHolidays: true };
    expect(describeDate(weekendsOnly, '2026-10-10')).toMatchObject({ working: false, source: 'makeUpWorkday' });
  });

  it('is 7×24 with ROUND_THE_CLOCK, and counts real minutes across a clock change', () => {
    expect(workingMinutesBetween(ROUND_THE_CLOCK, sh('2026-09-28 00:00'), sh('2026-10-12 00:00'))).toBe(14 * 1440);
    expect(addWorkingMinutes(ROUND_THE_CLOCK, sh('2026-10-01 03:17'), 240)).toBe(sh('2026-10-01 07:17'));
    const berlin: WorkingCalendar = { ...ROUND_THE_CLOCK, zone: 'Europe/Berlin' };
    expect(dayMinutes(berlin, '2026-03-29')).toBe(23 * 60);
    expect(dayMinutes(berlin, '2026-10-25')).toBe(25 * 60);
    const night: WorkingCalendar = { zone: 'Europe/Berlin', weekly: { sun: [['01:00', '04:00']] }, chinaHolidays: false };
    expect(dayMinutes(night, '2026-03-22')).toBe(180);
    expect(dayMinutes(night, '2026-03-29')).toBe(120);
    expect(dayMinutes(night, '2026-10-25')).toBe(240);
    expect(show(addWorkingMinutes(night, startOfLocalDay('2026-03-29', 'Europe/Berlin'), 90), 'Europe/Berlin')).toBe('2026-03-29 03:30');
  });

  it('throws instead of searching for ever when a calendar has no working time', () => {
    const never: WorkingCalendar = { zone: 'Asia/Shanghai', weekly: {}, chinaHolidays: false };
    expect(() => addWorkingMinutes(never, sh('2026-01-01 00:00'), 1)).toThrow(NoWorkingTimeError);
    expect(() => nextWorkingStart(never, sh('2026-01-01 00:00'))).toThrow(/no working time in the 731 days from 2026-01-01/);
    expect(workingMinutesBetween(never, sh('2026-01-01 00:00'), sh('2026-12-31 00:00'))).toBe(0);
    expect(isWorkingTime(never, sh('2026-01-01 10:00'))).toBe(false);
    // working time that ends: custom dates only
    const once: WorkingCalendar = { ...never, customDates: { '2026-03-02': { working: true, ranges: [['09:00', '10:00']] } } };
    expect(show(addWorkingMinutes(once, sh('2026-01-01 00:00'), 60))).toBe('2026-03-02 10:00');
    expect(() => addWorkingMinutes(once, sh('2026-01-01 00:00'), 61)).toThrow(NoWorkingTimeError);
    expect(() => addWorkingMinutes(OFFICE, sh('2026-01-01 00:00'), -1)).toThrow(RangeError);
    expect(() => addWorkingMinutes(OFFICE, Number.NaN, 1)).toThrow(RangeError);
  });

  it('treats the years chinese-days does not cover as having no public holidays, and says which years it covers', () => {
    const { firstYear, lastYear } = holidayCoverage();
    expect(firstYear).toBeLessThanOrEqual(2025);
    expect(lastYear).toBeGreaterThanOrEqual(2026);
    // 1 January of the first year not covered: a holiday once published, an ordinary weekday until then.
    let date = `${lastYear + 1}-01-01`;
    while (['sat', 'sun'].includes(describeDate(OFFICE, date).weekday)) date = addDays(date, 1);
    expect(describeDate(OFFICE, date)).toMatchObject({ working: true, source: 'weekly' });
    expect(describeDate(OFFICE, `${lastYear}-01-01`)).toMatchObject({ working: false, source: 'holiday' });
  });

  it('checks a definition and names the fields at fault', () => {
    const { calendar, problems } = checkWorkingCalendar({
      zone: 'Asia/Shanghai',
      weekly: { fri: [['13:00', '17:00'], ['08:00', '12:00']] },
      chinaHolidays: true,
      customDates: { '2026-07-02': { working: false }, '2026-07-01': { working: true, ranges: [['10:00', '11:00']] } },
    });
    expect(problems).toEqual([]);
    expect(calendar.weekly.fri).toEqual([['08:00', '12:00'], ['13:00', '17:00']]);
    expect(calendar.weekly.mon).toEqual([]);
    expect(Object.keys(calendar.customDates!)).toEqual(['2026-07-01', '2026-07-02']);

    const bad = checkWorkingCalendar({
      zone: 'Mars/Olympus',
      weekly: { mon: [['09:00', '08:00']], funday: [] } as WorkingCalendar['weekly'],
      chinaHolidays: false,
      customDates: { '2026-02-30': { working: false }, '2026-03-01': { working: true, ranges: [['9:00', '10:00']] } },
    });
    expect(bad.problems.map((p) => `${p.field} ${p.code}`)).toEqual([
      'zone timeZone',
      'weekly.mon[0] timeRangeOrder',
      'weekly.funday weekday',
      'customDates.2026-02-30 calendarDate',
      'customDates.2026-03-01.ranges[0] timeRange',
    ]);
    expect(() => isWorkingTime({ zone: 'Mars/Olympus', weekly: {}, chinaHolidays: false }, 0)).toThrow(/invalid working calendar: zone Mars\/Olympus is not an IANA time zone/);
  });
});
