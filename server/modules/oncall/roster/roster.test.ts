import { describe, expect, it } from 'vitest';
import { instantOf, localPartsOf } from '../../calendar/index.ts';
import { dutyAt, dutyNowAndNext, MAX_RANGE_DAYS, ShiftRangeError, shiftsBetween } from './roster.ts';
import type { HolidayDuty, RosterDefinition, RosterLayer, RosterOverride, Rotation } from './roster.types.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** 'YYYY-MM-DD HH:MM' in a zone → instant, and back. */
const at = (local: string, zone = 'Asia/Shanghai'): number => {
  const [y, mo, d, h, mi] = local.split(/[- :]/).map(Number);
  return instantOf({ year: y!, month: mo!, day: d!, hour: h!, minute: mi! }, zone);
};
const show = (ms: number | null, zone = 'Asia/Shanghai'): string | null => {
  if (ms === null) return null;
  const p = localPartsOf(ms, zone);
  return `${p.date} ${String(p.hour).padStart(2, '0')}:${String(p.minute).padStart(2, '0')}`;
};

const layer = (id: string, rotation: Partial<Rotation> & Pick<Rotation, 'kind'>): RosterLayer => ({
  id,
  name: id,
  rotation: { handover: '08:30', startDate: '2026-03-02', participants: ['a', 'b', 'c'], ...rotation },
});
const roster = (parts: Partial<RosterDefinition>): RosterDefinition => ({
  zone: 'Asia/Shanghai',
  layers: [],
  overrides: [],
  holidays: [],
  chinaHolidays: true,
  holidayHandover: '08:30',
  ...parts,
});
/** Who is on at a local time, as "a" or "a+b", or "-" for nobody. */
const who = (def: RosterDefinition, local: string): string => dutyAt(def, at(local, def.zone)).userIds.join('+') || '-';

describe('rotations', () => {
  it('daily, hand-over at 08:30 Asia/Shanghai: nobody before the start date, then one day each in turn', () => {
    const def = roster({ layers: [layer('day', { kind: 'daily' })] });
    expect(dutyAt(def, at('2026-03-02 08:29'))).toMatchObject({ userIds: [], source: 'none', layerId: null });
    expect(who(def, '2026-03-02 08:30')).toBe('a');
    expect(who(def, '2026-03-03 08:29')).toBe('a');
    expect(who(def, '2026-03-03 08:30')).toBe('b');
    expect(who(def, '2026-03-04 23:00')).toBe('c');
    expect(who(def, '2026-03-05 09:00')).toBe('a');
    expect(who(def, '2026-12-31 09:00')).toBe(['a', 'b', 'c'][304 % 3]); // 304 days after 03-02
    const now = dutyAt(def, at('2026-03-03 12:00'));
    expect(now).toMatchObject({ userIds: ['b'], source: 'rotation', layerId: 'day', leaderUserId: null, holiday: null });
    expect([show(now.shiftStart), show(now.shiftEnd)]).toEqual(['2026-03-03 08:30', '2026-03-04 08:30']);
  });

  it('weekly: seven days from the hand-over on the start date', () => {
    const def = roster({ layers: [layer('week', { kind: 'weekly', handover: '09:00' })] });
    expect(who(def, '2026-03-09 08:59')).toBe('a');
    expect(who(def, '2026-03-09 09:00')).toBe('b');
    expect(who(def, '2026-03-23 09:00')).toBe('a');
    const now = dutyAt(def, at('2026-03-11 15:00'));
    expect([show(now.shiftStart), show(now.shiftEnd)]).toEqual(['2026-03-09 09:00', '2026-03-16 09:00']);
  });

  it('custom: N hours of real time from the first hand-over', () => {
    const def = roster({ layers: [layer('twelve', { kind: 'custom', shiftHours: 12 })] });
    expect(who(def, '2026-03-02 20:29')).toBe('a');
    expect(who(def, '2026-03-02 20:30')).toBe('b');
    expect(who(def, '2026-03-03 08:30')).toBe('c');
    expect(who(def, '2026-03-03 20:30')).toBe('a');
    const odd = roster({ layers: [layer('odd', { kind: 'custom', shiftHours: 10 })] });
    expect(dutyAt(odd, at('2026-03-03 07:00'))).toMatchObject({ userIds: ['c'] });
    expect(show(dutyAt(odd, at('2026-03-03 07:00')).shiftStart)).toBe('2026-03-03 04:30');
  });

  it('a rotation of one person is one stretch: its ends lie beyond the 35 days dutyAt looks', () => {
    const def = roster({ chinaHolidays: false, layers: [layer('solo', { kind: 'daily', participants: ['a'] })] });
    const now = dutyAt(def, at('2026-06-01 12:00'));
    expect(now).toMatchObject({ userIds: ['a'], shiftStart: null, shiftEnd: null });
    expect(shiftsBetween(def, at('2026-06-01 00:00'), at('2026-07-01 00:00'))).toHaveLength(1);
    expect(dutyNowAndNext(def, at('2026-06-01 12:00')).next).toBeNull();
    // China's holidays mark their days, so there the stretch ends at the Dragon Boat Festival (06-19)
    const marked = dutyAt({ ...def, chinaHolidays: true }, at('2026-06-01 12:00'));
    expect([show(marked.shiftStart), show(marked.shiftEnd)]).toEqual(['2026-05-06 08:30', '2026-06-19 08:30']);
  });
});

describe('daylight saving (Europe/Berlin)', () => {
  const BERLIN = 'Europe/Berlin';
  const berlin = (parts: Partial<RosterDefinition>) => roster({ zone: BERLIN, chinaHolidays: false, ...parts });

  it('a daily shift on the change day is 23 h in spring and 25 h in autumn; the hand-over stays at 08:30 local', () => {
    const def = berlin({ layers: [layer('day', { kind: 'daily', startDate: '2026-03-20' })] });
    const spring = dutyAt(def, at('2026-03-28 20:00', BERLIN));
    expect([show(spring.shiftStart, BERLIN), show(spring.shiftEnd, BERLIN)]).toEqual(['2026-03-28 08:30', '2026-03-29 08:30']);
    expect(spring.shiftEnd! - spring.shiftStart!).toBe(23 * HOUR);
    const autumn = dutyAt(def, at('2026-10-24 20:00', BERLIN));
    expect([show(autumn.shiftStart, BERLIN), show(autumn.shiftEnd, BERLIN)]).toEqual(['2026-10-24 08:30', '2026-10-25 08:30']);
    expect(autumn.shiftEnd! - autumn.shiftStart!).toBe(25 * HOUR);
    // the day after is an ordinary 24 h again
    const after = dutyAt(def, at('2026-10-25 20:00', BERLIN));
    expect(after.shiftEnd! - after.shiftStart!).toBe(24 * HOUR);
  });

  it('a hand-over at a wall time the spring change skips moves forward by the gap, and back the day after', () => {
    const def = berlin({ layers: [layer('night', { kind: 'daily', startDate: '2026-03-20', handover: '02:30' })] });
    const before = dutyAt(def, at('2026-03-28 12:00', BERLIN));
    expect(show(before.shiftEnd, BERLIN)).toBe('2026-03-29 03:30'); // 02:30 does not exist that night
    expect(before.shiftEnd! - before.shiftStart!).toBe(24 * HOUR);
    const next = dutyAt(def, at('2026-03-29 12:00', BERLIN));
    expect([show(next.shiftStart, BERLIN), show(next.shiftEnd, BERLIN)]).toEqual(['2026-03-29 03:30', '2026-03-30 02:30']);
    expect(next.userIds).not.toEqual(before.userIds);
  });

  it('a weekly shift over the change is 7 days less an hour; a custom 24 h shift drifts by the hour instead', () => {
    const weekly = berlin({ layers: [layer('w', { kind: 'weekly', startDate: '2026-03-23' })] });
    const w = dutyAt(weekly, at('2026-03-26 12:00', BERLIN));
    expect(w.shiftEnd! - w.shiftStart!).toBe(7 * DAY - HOUR);
    const custom = berlin({ layers: [layer('c', { kind: 'custom', shiftHours: 24, startDate: '2026-03-27' })] });
    const c = dutyAt(custom, at('2026-03-29 12:00', BERLIN));
    expect([show(c.shiftStart, BERLIN), show(c.shiftEnd, BERLIN)]).toEqual(['2026-03-29 09:30', '2026-03-30 09:30']);
  });
});

describe('holidays (2026 National Day, Asia/Shanghai)', () => {
  // Weekly from Monday 2026-09-07: a, b, c, d; so d has the week of 09-28 and a the week of 10-05.
  const holidays: HolidayDuty[] = [
    { date: '2026-10-01', leaderUserId: 'lead1', userIds: ['h1', 'h2'] },
    { date: '2026-10-02', leaderUserId: 'lead2', userIds: null },
    { date: '2026-10-05', leaderUserId: 'lead1', userIds: ['h3'] },
  ];
  const def = roster({
    layers: [layer('week', { kind: 'weekly', startDate: '2026-09-07', participants: ['a', 'b', 'c', 'd'] })],
    holidays,
  });

  it('a holiday duty list replaces the rotation from the holiday hand-over, and names the leader', () => {
    expect(dutyAt(def, at('2026-10-01 08:29'))).toMatchObject({ userIds: ['d'], source: 'rotation', holiday: null, leaderUserId: null });
    const first = dutyAt(def, at('2026-10-01 10:00'));
    expect(first).toMatchObject({ userIds: ['h1', 'h2'], leaderUserId: 'lead1', source: 'holiday', layerId: null, holiday: { date: '2026-10-01', name: '国庆节' } });
    expect([show(first.shiftStart), show(first.shiftEnd)]).toEqual(['2026-10-01 08:30', '2026-10-02 08:30']);
    // the night after the holiday date still belongs to it, until the next hand-over
    expect(dutyAt(def, at('2026-10-02 03:00'))).toMatchObject({ userIds: ['h1', 'h2'], holiday: { date: '2026-10-01' } });
  });

  it('a holiday row without people keeps the rotation and adds its leader; a holiday without a row is marked', () => {
    expect(dutyAt(def, at('2026-10-02 12:00'))).toMatchObject({ userIds: ['d'], leaderUserId: 'lead2', source: 'rotation', layerId: 'week', holiday: { name: '国庆节' } });
    expect(dutyAt(def, at('2026-10-03 12:00'))).toMatchObject({ userIds: ['d'], leaderUserId: null, source: 'rotation', holiday: { date: '2026-10-03', name: '国庆节' } });
    expect(dutyAt(def, at('2026-10-05 12:00'))).toMatchObject({ userIds: ['h3'], leaderUserId: 'lead1' });
    expect(dutyAt(def, at('2026-10-08 12:00'))).toMatchObject({ userIds: ['a'], holiday: null });
  });

  it('a make-up workday (调休) is an ordinary rotation day, not a holiday', () => {
    expect(dutyAt(def, at('2026-10-10 12:00'))).toMatchObject({ userIds: ['a'], source: 'rotation', holiday: null, leaderUserId: null }); // Saturday
    expect(dutyAt(def, at('2026-09-20 12:00'))).toMatchObject({ userIds: ['b'], holiday: null }); // Sunday
  });

  it('without China’s holidays only the roster’s own rows are holiday days, without a public name', () => {
    const own = { ...def, chinaHolidays: false };
    expect(dutyAt(own, at('2026-10-01 10:00'))).toMatchObject({ userIds: ['h1', 'h2'], holiday: { date: '2026-10-01', name: null } });
    expect(dutyAt(own, at('2026-10-03 12:00'))).toMatchObject({ holiday: null });
  });

  it('the next change: into the holiday list, and from it back to the rotation', () => {
    const eve = dutyNowAndNext(def, at('2026-09-30 20:00'));
    expect(eve.now).toMatchObject({ userIds: ['d'] });
    expect(eve.next).toMatchObject({ userIds: ['h1', 'h2'], leaderUserId: 'lead1' });
    expect(show(eve.next!.at)).toBe('2026-10-01 08:30');
    const after = dutyNowAndNext(def, at('2026-10-01 12:00')).next!;
    expect([show(after.at), after.userIds, after.leaderUserId]).toEqual(['2026-10-02 08:30', ['d'], 'lead2']);
    // 10-02 → 10-03: the leader goes, so the people "change" although d stays
    expect(show(dutyNowAndNext(def, at('2026-10-02 12:00')).next!.at)).toBe('2026-10-03 08:30');
    // 10-03 → 10-04 is d again without a leader: no change until the rotation hands over to a on 10-05 (a holiday row)
    expect(show(dutyNowAndNext(def, at('2026-10-03 12:00')).next!.at)).toBe('2026-10-05 08:30');
  });

  it('the schedule marks each holiday day separately and merges ordinary days of one shift', () => {
    const shifts = shiftsBetween(def, at('2026-09-28 08:30'), at('2026-10-12 08:30'));
    expect(shifts.map((s) => `${show(s.start)} ${s.userIds.join('+')}${s.leaderUserId ? ` (${s.leaderUserId})` : ''}${s.holiday ? ' H' : ''}`)).toEqual([
      '2026-09-28 08:30 d',
      '2026-10-01 08:30 h1+h2 (lead1) H',
      '2026-10-02 08:30 d (lead2) H',
      '2026-10-03 08:30 d H',
      '2026-10-04 08:30 d H',
      '2026-10-05 08:30 h3 (lead1) H',
      '2026-10-06 08:30 a H',
      '2026-10-07 08:30 a H',
      '2026-10-08 08:30 a',
    ]);
    expect(show(shifts.at(-1)!.end)).toBe('2026-10-12 08:30');
  });
});

describe('layers', () => {
  // Day layer below; nights and weekends above it (weekday nights 18:00–08:00, Saturday and Sunday all day).
  const NIGHT: [string, string][] = [
    ['00:00', '08:00'],
    ['18:00', '24:00'],
  ];
  const nightsLayer = layer('nights', {
    kind: 'weekly',
    handover: '18:00',
    startDate: '2026-03-02',
    participants: ['n1', 'n2'],
    activeRanges: { mon: NIGHT, tue: NIGHT, wed: NIGHT, thu: NIGHT, fri: NIGHT, sat: [['00:00', '24:00']], sun: [['00:00', '24:00']] },
  });
  const def = roster({ chinaHolidays: false, layers: [layer('day', { kind: 'daily', participants: ['a', 'b'] }), nightsLayer] });

  it('the upper layer wins where it is in force, the lower one shows through elsewhere', () => {
    expect(dutyAt(def, at('2026-03-04 12:00'))).toMatchObject({ userIds: ['a'], layerId: 'day' }); // Wednesday
    expect(dutyAt(def, at('2026-03-04 18:00'))).toMatchObject({ userIds: ['n1'], layerId: 'nights' });
    expect(dutyAt(def, at('2026-03-05 07:59'))).toMatchObject({ userIds: ['n1'], layerId: 'nights' });
    expect(dutyAt(def, at('2026-03-05 08:00'))).toMatchObject({ userIds: ['a'], layerId: 'day' }); // before the 08:30 hand-over
    expect(dutyAt(def, at('2026-03-05 08:30'))).toMatchObject({ userIds: ['b'], layerId: 'day' });
    expect(dutyAt(def, at('2026-03-07 12:00'))).toMatchObject({ userIds: ['n1'], layerId: 'nights' }); // Saturday
    expect(dutyAt(def, at('2026-03-09 18:00'))).toMatchObject({ userIds: ['n2'], layerId: 'nights' }); // next week's hand-over
  });

  it('a night from 18:00 to 08:00 is one stretch across midnight, and a weekend one from Friday to Monday', () => {
    const wed = dutyAt(def, at('2026-03-04 23:00'));
    expect([show(wed.shiftStart), show(wed.shiftEnd)]).toEqual(['2026-03-04 18:00', '2026-03-05 08:00']);
    const sat = dutyAt(def, at('2026-03-07 12:00'));
    expect([show(sat.shiftStart), show(sat.shiftEnd)]).toEqual(['2026-03-06 18:00', '2026-03-09 08:00']);
    const day = shiftsBetween(def, at('2026-03-05 00:00'), at('2026-03-06 00:00'));
    expect(day.map((s) => `${show(s.start)} ${s.userIds.join('+')}`)).toEqual([
      '2026-03-05 00:00 n1',
      '2026-03-05 08:00 a',
      '2026-03-05 08:30 b',
      '2026-03-05 18:00 n1',
    ]);
  });

  it('an upper layer not started yet leaves the lower one in force', () => {
    const later = roster({ chinaHolidays: false, layers: [layer('day', { kind: 'daily' }), layer('new', { kind: 'daily', startDate: '2026-04-01', participants: ['z'] })] });
    expect(dutyAt(later, at('2026-03-31 12:00'))).toMatchObject({ userIds: ['c'], layerId: 'day' }); // 29 days after 03-02
    expect(dutyAt(later, at('2026-04-01 08:30'))).toMatchObject({ userIds: ['z'], layerId: 'new' });
  });
});

describe('overrides', () => {
  const o = (id: string, userId: string, replacesUserId: string | null, from: string, to: string): RosterOverride => ({ id, userId, replacesUserId, startAt: at(from), endAt: at(to) });
  const base = { chinaHolidays: false, layers: [layer('day', { kind: 'daily' })] };

  it('covering takes the place of the person on duty for the override’s time only', () => {
    const def = roster({ ...base, overrides: [o('o1', 'x', 'a', '2026-03-02 12:00', '2026-03-02 14:00')] });
    expect(dutyAt(def, at('2026-03-02 11:59'))).toMatchObject({ userIds: ['a'], source: 'rotation' });
    const covered = dutyAt(def, at('2026-03-02 12:00'));
    expect(covered).toMatchObject({ userIds: ['x'], source: 'override', layerId: 'day' });
    expect([show(covered.shiftStart), show(covered.shiftEnd)]).toEqual(['2026-03-02 12:00', '2026-03-02 14:00']);
    expect(dutyAt(def, at('2026-03-02 14:00'))).toMatchObject({ userIds: ['a'], source: 'rotation' });
    // covering for someone who is not on duty changes nothing
    expect(dutyAt(roster({ ...base, overrides: [o('o2', 'x', 'b', '2026-03-02 12:00', '2026-03-02 14:00')] }), at('2026-03-02 13:00'))).toMatchObject({ userIds: ['a'], source: 'rotation' });
  });

  it('adding puts a person beside whoever is on, once', () => {
    const def = roster({ ...base, overrides: [o('o1', 'y', null, '2026-03-02 20:00', '2026-03-03 10:00')] });
    expect(dutyAt(def, at('2026-03-02 21:00'))).toMatchObject({ userIds: ['a', 'y'], source: 'override' });
    expect(dutyAt(def, at('2026-03-03 09:00'))).toMatchObject({ userIds: ['b', 'y'], source: 'override' });
    const self = roster({ ...base, overrides: [o('o1', 'a', null, '2026-03-02 20:00', '2026-03-02 22:00')] });
    expect(dutyAt(self, at('2026-03-02 21:00'))).toMatchObject({ userIds: ['a'], source: 'rotation' });
  });

  it('covering for the holiday leader makes the stand-in the leader', () => {
    const def = roster({
      layers: [layer('week', { kind: 'weekly', startDate: '2026-09-07', participants: ['a', 'b', 'c', 'd'] })],
      holidays: [{ date: '2026-10-01', leaderUserId: 'lead1', userIds: ['h1'] }],
      overrides: [o('o1', 'lead2', 'lead1', '2026-10-01 18:00', '2026-10-02 08:30'), o('o2', 'x', 'h1', '2026-10-01 20:00', '2026-10-01 22:00')],
    });
    expect(dutyAt(def, at('2026-10-01 12:00'))).toMatchObject({ userIds: ['h1'], leaderUserId: 'lead1', source: 'holiday' });
    expect(dutyAt(def, at('2026-10-01 19:00'))).toMatchObject({ userIds: ['h1'], leaderUserId: 'lead2', source: 'override' });
    expect(dutyAt(def, at('2026-10-01 21:00'))).toMatchObject({ userIds: ['x'], leaderUserId: 'lead2', source: 'override', layerId: null });
  });

  it('an override alone covers a gap only by adding; nobody on duty stays nobody when someone covers for a person who is not on', () => {
    const def = roster({ chinaHolidays: false, overrides: [o('o1', 'y', null, '2026-03-02 12:00', '2026-03-02 14:00'), o('o2', 'x', 'a', '2026-03-02 12:00', '2026-03-02 16:00')] });
    expect(dutyAt(def, at('2026-03-02 13:00'))).toMatchObject({ userIds: ['y'], source: 'override', layerId: null });
    expect(dutyAt(def, at('2026-03-02 15:00'))).toMatchObject({ userIds: [], source: 'none' });
  });
});

describe('shiftsBetween', () => {
  const def = roster({ chinaHolidays: false, layers: [layer('day', { kind: 'daily' })] });

  it('covers [from, to) with contiguous stretches, clipped at both ends', () => {
    const shifts = shiftsBetween(def, at('2026-03-01 00:00'), at('2026-03-04 12:00'));
    expect(shifts.map((s) => [show(s.start), show(s.end), s.userIds.join('+') || '-'])).toEqual([
      ['2026-03-01 00:00', '2026-03-02 08:30', '-'],
      ['2026-03-02 08:30', '2026-03-03 08:30', 'a'],
      ['2026-03-03 08:30', '2026-03-04 08:30', 'b'],
      ['2026-03-04 08:30', '2026-03-04 12:00', 'c'],
    ]);
  });

  it('merges consecutive shifts of the same person and leader, not across a change of source', () => {
    const twice = roster({ chinaHolidays: false, layers: [layer('day', { kind: 'daily', participants: ['a', 'a', 'b'] })] });
    expect(shiftsBetween(twice, at('2026-03-02 08:30'), at('2026-03-05 08:30')).map((s) => [show(s.start), s.userIds[0]])).toEqual([
      ['2026-03-02 08:30', 'a'],
      ['2026-03-04 08:30', 'b'],
    ]);
    const covered = { ...def, overrides: [{ id: 'o1', userId: 'a', replacesUserId: 'b', startAt: at('2026-03-03 08:30'), endAt: at('2026-03-03 12:00') }] };
    expect(shiftsBetween(covered, at('2026-03-02 08:30'), at('2026-03-03 20:00')).map((s) => [show(s.start), s.userIds[0], s.source])).toEqual([
      ['2026-03-02 08:30', 'a', 'rotation'],
      ['2026-03-03 08:30', 'a', 'override'],
      ['2026-03-03 12:00', 'b', 'rotation'],
    ]);
  });

  it(`serves at most ${MAX_RANGE_DAYS} days (a quarter across the autumn clock change included), and refuses a reversed range`, () => {
    const from = at('2026-03-01 00:00');
    expect(shiftsBetween(def, from, from + MAX_RANGE_DAYS * DAY).length).toBeGreaterThan(80);
    expect(() => shiftsBetween(def, from, from + MAX_RANGE_DAYS * DAY + HOUR + 1)).toThrow(ShiftRangeError);
    expect(() => shiftsBetween(def, from, from + 365 * DAY)).toThrow(expect.objectContaining({ reason: 'tooLong' }));
    expect(() => shiftsBetween(def, from, from)).toThrow(expect.objectContaining({ reason: 'order' }));
    expect(() => shiftsBetween(def, from, Number.NaN)).toThrow(RangeError);
    const berlin = { ...def, zone: 'Europe/Berlin' };
    const quarter = shiftsBetween(berlin, at('2026-10-01 00:00', 'Europe/Berlin'), at('2027-01-01 00:00', 'Europe/Berlin'));
    expect(quarter.at(-1)!.end - quarter[0]!.start).toBe(92 * DAY + HOUR);
  });

  it('computes a quarter of three layers and twenty overrides from its change points, not minute by minute', () => {
    const busy = roster({
      layers: [
        layer('day', { kind: 'daily', participants: ['a', 'b', 'c', 'd'] }),
        layer('nights', { kind: 'weekly', handover: '18:00', participants: ['n1', 'n2'], activeRanges: { mon: [['18:00', '24:00']], tue: [['00:00', '08:00']] } }),
        layer('twelve', { kind: 'custom', shiftHours: 12, participants: ['x', 'y'], activeRanges: { sat: [['00:00', '24:00']], sun: [['00:00', '24:00']] } }),
      ],
      overrides: Array.from({ length: 20 }, (_, i) => ({
        id: `o${i}`,
        userId: `s${i}`,
        replacesUserId: i % 2 === 0 ? 'a' : null,
        startAt: at('2026-03-02 00:00') + i * 4 * DAY,
        endAt: at('2026-03-02 00:00') + i * 4 * DAY + 30 * HOUR,
      })),
      holidays: [{ date: '2026-04-05', leaderUserId: 'lead', userIds: null }],
    });
    const shifts = shiftsBetween(busy, at('2026-03-01 00:00'), at('2026-03-01 00:00') + 92 * DAY);
    // contiguous, and no two neighbours alike (merging is complete)
    for (let i = 1; i < shifts.length; i++) {
      expect(shifts[i]!.start).toBe(shifts[i - 1]!.end);
      expect(shifts[i]).not.toMatchObject({ userIds: shifts[i - 1]!.userIds, leaderUserId: shifts[i - 1]!.leaderUserId, source: shifts[i - 1]!.source, layerId: shifts[i - 1]!.layerId, holiday: shifts[i - 1]!.holiday });
    }
    expect(dutyAt(busy, at('2026-04-05 12:00'))).toMatchObject({ userIds: ['x'], leaderUserId: 'lead', layerId: 'twelve', holiday: { name: '清明' } });
  });
});

describe('bad definitions', () => {
  it('are refused with a RangeError naming the field, instead of a wrong answer', () => {
    const bad = roster({ zone: 'Mars/Olympus', layers: [layer('day', { kind: 'daily', handover: '8:30' })] });
    expect(() => dutyAt(bad, 0)).toThrow(/zone.*layers\.0\.rotation\.handover/);
    expect(() => dutyAt(roster({}), Number.POSITIVE_INFINITY)).toThrow(RangeError);
  });

  it('a bad override or holiday row is left out rather than stopping the roster', () => {
    const def = roster({
      chinaHolidays: false,
      layers: [layer('day', { kind: 'daily' })],
      overrides: [{ id: 'back', userId: 'x', replacesUserId: 'a', startAt: at('2026-03-02 14:00'), endAt: at('2026-03-02 12:00') }],
      holidays: [{ date: '2026-02-30', leaderUserId: 'l', userIds: ['z'] }],
    });
    expect(dutyAt(def, at('2026-03-02 13:00'))).toMatchObject({ userIds: ['a'], source: 'rotation' });
  });
});
