import { describe, expect, it } from 'vitest';
import type { SlaCalendar } from './slaApi';
import { calendarToForm, copyDay, customDatePath, firstOverlap, formToCalendar, nextRange, rangeProblem, repeatedDates } from './calendarForm';

const stored: SlaCalendar = {
  id: 'c1',
  name: '工作日',
  description: null,
  calendar: {
    zone: 'Asia/Shanghai',
    weekly: { mon: [['08:30', '12:00'], ['13:30', '17:30']], tue: [['09:00', '18:00']], wed: [], thu: [], fri: [], sat: [], sun: [] },
    chinaHolidays: true,
    customDates: { '2026-07-20': { working: false }, '2026-07-15': { working: true, ranges: [['09:00', '12:00']] } },
  },
  usedBy: [],
  version: 3,
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
};

describe('the calendar editor’s ranges', () => {
  it('checks each range: HH:MM up to 24:00, the end after the start', () => {
    expect(rangeProblem(['09:00', '18:00'])).toBeNull();
    expect(rangeProblem(['00:00', '24:00'])).toBeNull();
    expect(rangeProblem(['18:00', '09:00'])).toBe('order');
    expect(rangeProblem(['09:00', '09:00'])).toBe('order');
    expect(rangeProblem(['9:00', '18:00'])).toBe('time');
    expect(rangeProblem(['24:00', '24:00'])).toBe('time');
    expect(rangeProblem(['09:00', '24:30'])).toBe('time');
    expect(rangeProblem([undefined, '18:00'])).toBe('time');
  });

  it('finds two ranges of a day that overlap, touching ones allowed, whatever their order', () => {
    expect(firstOverlap([['08:30', '12:00'], ['12:00', '17:30']])).toBeNull();
    expect(firstOverlap([['13:00', '18:00'], ['08:00', '09:00'], ['08:30', '12:00']])).toEqual([1, 2]);
    expect(firstOverlap([['09:00', '18:00'], ['12:00', '13:00']])).toEqual([0, 1]);
    // A range that is itself wrong is left to its own message.
    expect(firstOverlap([['18:00', '09:00'], ['10:00', '11:00']])).toBeNull();
  });

  it('offers 09:00–18:00 on an empty day, then an hour after the latest end, and nothing once the day is full', () => {
    expect(nextRange([])).toEqual(['09:00', '18:00']);
    expect(nextRange([['08:30', '12:00']])).toEqual(['12:00', '13:00']);
    expect(nextRange([['13:30', '23:30'], ['08:30', '12:00']])).toEqual(['23:30', '24:00']);
    expect(nextRange([['00:00', '24:00']])).toBeNull();
  });

  it('copies one day’s ranges onto others without sharing them', () => {
    const form = calendarToForm(stored);
    const copied = copyDay(form.calendar.weekly, 'mon', ['mon', 'tue', 'wed', 'thu', 'fri']);
    expect(copied.fri).toEqual([['08:30', '12:00'], ['13:30', '17:30']]);
    expect(copied.sat).toEqual([]);
    copied.fri[0]![0] = '07:00';
    expect(copied.mon[0]![0]).toBe('08:30');
  });
});

describe('the calendar editor’s values', () => {
  it('round-trips a stored calendar, custom dates as rows in date order', () => {
    const form = calendarToForm(stored);
    expect(form.calendar.customDates).toEqual([
      { date: '2026-07-15', working: true, ranges: [['09:00', '12:00']] },
      { date: '2026-07-20', working: false, ranges: [] },
    ]);
    expect(formToCalendar(form)).toEqual({ name: '工作日', description: null, calendar: stored.calendar });
  });

  it('starts a new calendar as Monday–Friday 09:00–18:00 in Asia/Shanghai with China’s holidays', () => {
    const body = formToCalendar({ ...calendarToForm(null), name: '  机房  ' });
    expect(body.name).toBe('机房');
    expect(body.calendar.weekly).toMatchObject({ mon: [['09:00', '18:00']], fri: [['09:00', '18:00']], sat: [], sun: [] });
    expect(body.calendar).toMatchObject({ zone: 'Asia/Shanghai', chinaHolidays: true, customDates: {} });
  });

  it('sends an open custom day without ranges as the workday hours, and a closed one without its ranges', () => {
    const form = calendarToForm(null);
    form.calendar.customDates = [
      { date: '2026-08-01', working: true, ranges: [] },
      { date: '2026-08-02', working: false, ranges: [['09:00', '10:00']] },
      { working: false, ranges: [] },
    ];
    expect(formToCalendar(form).calendar.customDates).toEqual({ '2026-08-01': { working: true }, '2026-08-02': { working: false } });
  });

  it('names dates entered twice, and puts a problem named by its date on that date’s row', () => {
    const rows = [{ date: '2026-07-15', working: false, ranges: [] }, { date: '2026-07-20', working: true, ranges: [] }, { date: '2026-07-15', working: true, ranges: [] }];
    expect([...repeatedDates(rows)]).toEqual(['2026-07-15']);
    expect(customDatePath(['calendar', 'customDates', '2026-07-20', 'ranges', 0], rows)).toEqual(['calendar', 'customDates', 1, 'ranges', 0]);
    expect(customDatePath(['calendar', 'customDates', '2026-02-30'], rows)).toEqual(['calendar', 'customDates']);
    expect(customDatePath(['calendar', 'weekly', 'mon', 1], rows)).toEqual(['calendar', 'weekly', 'mon', 1]);
  });
});
