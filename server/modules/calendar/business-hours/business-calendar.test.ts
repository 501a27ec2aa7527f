import { describe, expect, it } from 'vitest';
import { checkBusinessCalendar, MAX_CUSTOM_DATES, MAX_RANGES_PER_DAY } from './business-calendar.ts';

const NINE_TO_SIX = [['09:00', '18:00']];
const OFFICE = { zone: 'Asia/Shanghai', weekly: { mon: NINE_TO_SIX, tue: NINE_TO_SIX, wed: NINE_TO_SIX, thu: NINE_TO_SIX, fri: NINE_TO_SIX }, chinaHolidays: true };

/** field → code of each problem, in the order reported */
const problemsOf = (input: unknown) => checkBusinessCalendar(input).problems.map((p) => `${p.field} ${p.code}`);

describe('checking an SLA calendar as a user sends it', () => {
  it('accepts the default 工作日 09:00–18:00 calendar and returns it in one shape', () => {
    const { calendar, problems } = checkBusinessCalendar({
      ...OFFICE,
      weekly: { ...OFFICE.weekly, sat: [['13:30', '18:00'], ['09:00', '12:00']] },
      customDates: { '2026-07-15': { working: false }, '2026-01-10': { working: true, ranges: [['09:00', '12:00']] } },
    });
    expect(problems).toEqual([]);
    expect(calendar.weekly.sat).toEqual([['09:00', '12:00'], ['13:30', '18:00']]);
    expect(calendar.weekly.sun).toEqual([]);
    expect(Object.keys(calendar.customDates!)).toEqual(['2026-01-10', '2026-07-15']);
  });

  it('names overlapping and reversed ranges, with the values the console words them with', () => {
    const { problems } = checkBusinessCalendar({
      ...OFFICE,
      weekly: { mon: [['09:00', '12:00'], ['11:30', '18:00']], tue: [['18:00', '09:00']] },
      customDates: { '2026-07-18': { working: true, ranges: [['10:00', '10:00']] } },
    });
    expect(problems).toEqual([
      expect.objectContaining({ field: 'weekly.mon', code: 'timeRangeOverlap', params: { first: '09:00–12:00', second: '11:30–18:00' } }),
      expect.objectContaining({ field: 'weekly.tue[0]', code: 'timeRangeOrder', params: { start: '18:00', end: '09:00' } }),
      expect.objectContaining({ field: 'customDates.2026-07-18.ranges[0]', code: 'timeRangeOrder' }),
    ]);
  });

  it('names an unknown or missing zone, and an offset that is not a zone', () => {
    expect(problemsOf({ ...OFFICE, zone: 'Asia/Beijing' })).toEqual(['zone timeZone']);
    expect(problemsOf({ ...OFFICE, zone: '+08:00' })).toEqual(['zone timeZone']);
    const { zone: _, ...withoutZone } = OFFICE;
    expect(problemsOf(withoutZone)).toEqual(['zone timeZone']);
  });

  it('names bad dates and bad times', () => {
    expect(problemsOf({ ...OFFICE, customDates: { '2026-02-30': { working: false }, '26-10-01': { working: false } } })).toEqual([
      'customDates.2026-02-30 calendarDate',
      'customDates.26-10-01 calendarDate',
    ]);
    expect(problemsOf({ ...OFFICE, weekly: { mon: [['9:00', '18:00']], tue: [['09:00', '24:01']], wed: '09:00-18:00', funday: NINE_TO_SIX } })).toEqual([
      'weekly.mon[0] timeRange',
      'weekly.tue[0] timeRange',
      'weekly.wed timeRanges',
      'weekly.funday weekday',
    ]);
  });

  it(`refuses more than ${MAX_RANGES_PER_DAY} ranges in a day and more than ${MAX_CUSTOM_DATES} custom dates`, () => {
    const many = Array.from({ length: MAX_RANGES_PER_DAY + 1 }, (_, i) => [`0${i}:00`, `0${i}:30`]);
    const { problems } = checkBusinessCalendar({ ...OFFICE, weekly: { mon: many }, customDates: { '2026-07-01': { working: true, ranges: many } } });
    expect(problems).toEqual([
      { field: 'weekly.mon', code: 'maxItems', params: { limit: MAX_RANGES_PER_DAY }, message: `must have at most ${MAX_RANGES_PER_DAY} items` },
      expect.objectContaining({ field: 'customDates.2026-07-01.ranges', code: 'maxItems' }),
    ]);
    expect(problemsOf({ ...OFFICE, weekly: { mon: many.slice(0, MAX_RANGES_PER_DAY) } })).toEqual([]);
    const dates = Object.fromEntries(Array.from({ length: MAX_CUSTOM_DATES + 1 }, (_, i) => [new Date(Date.UTC(2026, 0, 1 + i)).toISOString().slice(0, 10), { working: false }]));
    expect(problemsOf({ ...OFFICE, customDates: dates })).toEqual(['customDates maxItems']);
  });

  it('answers a value of the wrong shape with problems, never an exception', () => {
    expect(problemsOf(null)).toEqual([' type', 'chinaHolidays type', 'zone timeZone']);
    expect(problemsOf([])).toContain(' type');
    expect(problemsOf({ ...OFFICE, chinaHolidays: 'yes' })).toEqual(['chinaHolidays type']);
    expect(problemsOf({ ...OFFICE, weekly: [] })).toEqual(['weekly type']);
    expect(problemsOf({ ...OFFICE, customDates: 'none' })).toEqual(['customDates type']);
    expect(problemsOf({ ...OFFICE, customDates: { '2026-07-01': null, '2026-07-02': { working: 'no' } } })).toEqual([
      'customDates.2026-07-01.working type',
      'customDates.2026-07-02.working type',
    ]);
    expect(problemsOf({ ...OFFICE, customDates: { '2026-07-01': { working: true, ranges: 'all day' } } })).toEqual(['customDates.2026-07-01.ranges timeRanges']);
  });

  it('refuses "__proto__" keys by name instead of letting them vanish', () => {
    const hostile = JSON.parse('{"zone":"Asia/Shanghai","chinaHolidays":true,"weekly":{"__proto__":[["09:00","18:00"]]},"customDates":{"__proto__":{"working":false}}}');
    expect(problemsOf(hostile)).toEqual(['customDates.__proto__ calendarDate', 'weekly.__proto__ weekday']);
  });
});
