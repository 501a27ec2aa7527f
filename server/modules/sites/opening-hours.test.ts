import { describe, expect, it } from 'vitest';
import { normalizeOpeningHours } from './opening-hours.ts';

describe('opening hours', () => {
  it('fills in every day and sorts the ranges', () => {
    const { hours, problems } = normalizeOpeningHours({ mon: [['11:00', '13:30'], ['06:30', '09:00']], sun: [['00:00', '24:00']] });
    expect(problems).toEqual([]);
    expect(hours.mon).toEqual([['06:30', '09:00'], ['11:00', '13:30']]);
    expect(hours.sun).toEqual([['00:00', '24:00']]);
    expect(hours.tue).toEqual([]);
    expect(Object.keys(hours)).toEqual(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun']);
  });

  it('names the day and range at fault', () => {
    const { problems } = normalizeOpeningHours({
      monday: [],
      tue: [['09:00', '08:00']],
      wed: [['7:00', '09:00']],
      thu: [['08:00', '12:00'], ['11:00', '14:00']],
      fri: 'all day',
      sat: [['24:00', '24:00']],
    });
    expect(problems.map((p) => p.field)).toEqual(['openingHours.monday', 'openingHours.tue[0]', 'openingHours.wed[0]', 'openingHours.thu', 'openingHours.fri', 'openingHours.sat[0]']);
  });
});
