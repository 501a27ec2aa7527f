import { describe, expect, it } from 'vitest';
import type { Shift } from '../../api/oncall';
import { calendarDays, rangeOf, shiftAnchor, viewDates } from './calendar';

const ZONE = 'Asia/Shanghai';
const shift = (start: string, end: string, userIds: string[], extra: Partial<Shift> = {}): Shift => ({
  start,
  end,
  userIds,
  leaderUserId: null,
  source: 'rotation',
  layerId: 'l1',
  holiday: null,
  ...extra,
});

describe('roster calendar', () => {
  it('shows a month as whole weeks from Monday, and a week from its Monday', () => {
    // October 2026 begins on a Thursday and ends on a Saturday.
    const month = viewDates('month', '2026-10-15');
    expect(month[0]).toBe('2026-09-28');
    expect(month.at(-1)).toBe('2026-11-01');
    expect(month).toHaveLength(35);
    expect(viewDates('week', '2026-10-01')).toEqual(['2026-09-28', '2026-09-29', '2026-09-30', '2026-10-01', '2026-10-02', '2026-10-03', '2026-10-04']);
    expect(shiftAnchor('month', '2026-01-31', 1)).toBe('2026-02-28');
    expect(shiftAnchor('week', '2026-10-01', -1)).toBe('2026-09-24');
  });

  it('asks for the instants of local midnights in the roster’s zone', () => {
    expect(rangeOf(['2026-10-01', '2026-10-02'], ZONE)).toEqual({ from: '2026-09-30T16:00:00.000Z', to: '2026-10-02T16:00:00.000Z' });
    expect(rangeOf(['2026-03-29'], 'Europe/Berlin')).toEqual({ from: '2026-03-28T23:00:00.000Z', to: '2026-03-29T22:00:00.000Z' });
  });

  it('cuts shifts to each day, marks the duty on now, and the holiday with its leader', () => {
    const shifts = [
      // Daily hand-over at 08:00 local (00:00Z).
      shift('2026-09-30T00:00:00Z', '2026-10-01T00:00:00Z', ['zhang']),
      shift('2026-10-01T00:00:00Z', '2026-10-02T00:00:00Z', ['li'], { source: 'holiday', leaderUserId: 'wang', holiday: { date: '2026-10-01', name: '国庆节' } }),
      shift('2026-10-02T00:00:00Z', '2026-10-02T04:00:00Z', []),
    ];
    const now = Date.parse('2026-10-01T06:00:00Z'); // 14:00 local on 1 October
    const [sep30, oct1, oct2] = calendarDays(['2026-09-30', '2026-10-01', '2026-10-02'], shifts, ZONE, now, '2026-10');
    expect(sep30!.inMonth).toBe(false);
    expect(sep30!.segments.map((s) => [s.from, s.to, s.userIds])).toEqual([['08:00', '24:00', ['zhang']]]);
    expect(oct1).toMatchObject({ today: true, inMonth: true, holiday: { name: '国庆节' }, leaderUserId: 'wang' });
    expect(oct1!.segments.map((s) => [s.from, s.to, s.userIds, s.current])).toEqual([
      ['00:00', '08:00', ['zhang'], false],
      ['08:00', '24:00', ['li'], true],
    ]);
    expect(oct2!.holiday).toBeNull();
    expect(oct2!.segments.map((s) => [s.from, s.to, s.userIds, s.allDay])).toEqual([
      ['00:00', '08:00', ['li'], false],
      ['08:00', '12:00', [], false],
    ]);
    const week = calendarDays(['2026-10-05'], [shift('2026-10-04T00:00:00Z', '2026-10-11T00:00:00Z', ['zhao'])], ZONE, now);
    expect(week[0]!.segments[0]).toMatchObject({ from: '00:00', to: '24:00', allDay: true, current: false });
    // One stretch over many days (a one-person rotation) is the duty on now in today's cell only.
    const long = calendarDays(['2026-09-30', '2026-10-01', '2026-10-02'], [shift('2026-09-20T00:00:00Z', '2026-10-20T00:00:00Z', ['zhao'])], ZONE, now);
    expect(long.map((d) => d.segments.map((s) => s.current))).toEqual([[false], [true], [false]]);
  });
});
