import { describe, expect, it } from 'vitest';
import { holidayCoverage, instantOf } from '../../calendar/index.ts';
import { checkRoster, GAP_DAYS } from './roster.check.ts';
import type { RosterDefinition, RosterLayer, Rotation } from './roster.types.ts';

const at = (local: string, zone = 'Asia/Shanghai'): number => {
  const [y, mo, d, h, mi] = local.split(/[- :]/).map(Number);
  return instantOf({ year: y!, month: mo!, day: d!, hour: h!, minute: mi! }, zone);
};
const layer = (id: string, rotation: Partial<Rotation> = {}): RosterLayer => ({
  id,
  name: id,
  rotation: { kind: 'daily', handover: '08:30', startDate: '2026-03-02', participants: ['a', 'b'], ...rotation },
});
const roster = (parts: Partial<RosterDefinition>): RosterDefinition => ({
  zone: 'Asia/Shanghai',
  layers: [layer('day')],
  overrides: [],
  holidays: [],
  chinaHolidays: false,
  holidayHandover: '08:30',
  ...parts,
});
const NOW = at('2026-03-10 12:00');
const codes = (def: RosterDefinition, now = NOW) => checkRoster(def, now).problems.map((p) => `${p.field} ${p.code}`);

describe('checkRoster: problems refuse the save', () => {
  it('a good roster has none', () => {
    expect(checkRoster(roster({}), NOW)).toEqual({ problems: [], warnings: [] });
  });

  it('names the zone, hand-over times, dates, participants, kind and shift length at fault', () => {
    const def = roster({
      zone: 'Asia/Beijing',
      holidayHandover: '24:00',
      layers: [
        layer('one', { handover: '8:30', startDate: '2026-02-30', participants: [] }),
        layer('two', { kind: 'monthly' as Rotation['kind'] }),
        layer('three', { kind: 'custom' }),
        layer('four', { kind: 'custom', shiftHours: 1.5, participants: ['a', ''] }),
        layer('four', { kind: 'custom', shiftHours: 24 * 28 + 1, activeRanges: { mon: [['20:00', '08:00']], xyz: [] } as unknown as Rotation['activeRanges'] }),
      ],
    });
    expect(codes(def)).toEqual([
      'zone timeZone',
      'holidayHandover hhmm',
      'layers.0.rotation.handover hhmm',
      'layers.0.rotation.startDate calendarDate',
      'layers.0.rotation.participants participantCount',
      'layers.1.rotation.kind enum',
      'layers.2.rotation.shiftHours required',
      'layers.3.rotation.shiftHours shiftHours',
      'layers.3.rotation.participants.1 required',
      'layers.4.id duplicateValue',
      'layers.4.rotation.shiftHours shiftHours',
      'layers.4.rotation.activeRanges.mon[0] timeRangeOrder',
      'layers.4.rotation.activeRanges.xyz weekday',
    ]);
    expect(checkRoster(def, NOW).problems[0]).toMatchObject({ params: { value: 'Asia/Beijing' }, message: expect.stringContaining('Asia/Beijing') });
  });

  it('refuses overrides that end before they start, cover for themselves, or overlap for the same person (naming both)', () => {
    const o = (id: string, userId: string, replacesUserId: string | null, from: string, to: string) => ({ id, userId, replacesUserId, startAt: at(from), endAt: at(to) });
    const def = roster({
      overrides: [
        o('back', 'x', 'a', '2026-03-12 12:00', '2026-03-12 12:00'),
        o('self', 'a', 'a', '2026-03-12 12:00', '2026-03-12 13:00'),
        o('cover1', 'x', 'b', '2026-03-13 08:00', '2026-03-13 18:00'),
        o('cover2', 'y', 'b', '2026-03-13 17:00', '2026-03-13 20:00'),
        o('cover3', 'z', 'b', '2026-03-13 20:00', '2026-03-13 22:00'), // touches cover2: no overlap
        o('coverA', 'y', 'a', '2026-03-13 09:00', '2026-03-13 10:00'), // another person: no overlap
        o('add1', 'w', null, '2026-03-14 08:00', '2026-03-15 08:00'),
        o('add2', 'w', null, '2026-03-14 20:00', '2026-03-14 21:00'),
        o('add3', 'v', null, '2026-03-14 20:00', '2026-03-14 21:00'),
      ],
    });
    const { problems } = checkRoster(def, NOW);
    expect(problems.map((p) => `${p.field} ${p.code}`)).toEqual([
      'overrides.0.startAt rangeOrder',
      'overrides.1.replacesUserId overrideSelf',
      'overrides.3 overrideOverlap',
      'overrides.7 overrideOverlap',
    ]);
    expect(problems[2]!.params).toEqual({ first: 'cover1', second: 'cover2' });
    expect(problems[3]!.params).toEqual({ first: 'add1', second: 'add2' });
  });

  it('refuses holiday rows with a bad or repeated date or an empty list', () => {
    const def = roster({
      holidays: [
        { date: '2026-10-01', leaderUserId: 'l', userIds: null },
        { date: '2026-10-01', leaderUserId: 'l', userIds: null },
        { date: '10/02/2026', leaderUserId: null, userIds: ['a'] },
        { date: '2026-10-03', leaderUserId: null, userIds: [] },
      ],
    });
    expect(codes(def)).toEqual(['holidays.1.date duplicateValue', 'holidays.2.date calendarDate', 'holidays.3.userIds participantCount']);
  });
});

describe('checkRoster: warnings are saved and shown', () => {
  it('finds the stretches of the next four weeks with nobody on duty', () => {
    // a nights-only layer, and the day layer starting only in a week
    const NIGHT: [string, string][] = [
      ['00:00', '08:00'],
      ['20:00', '24:00'],
    ];
    const def = roster({
      layers: [
        layer('day', { startDate: '2026-03-17' }),
        layer('nights', { startDate: '2026-03-01', activeRanges: { mon: NIGHT, tue: NIGHT, wed: NIGHT, thu: NIGHT, fri: NIGHT, sat: NIGHT, sun: NIGHT } }),
      ],
    });
    const gaps = checkRoster(def, NOW).warnings.filter((w) => w.code === 'gap');
    // 03-10 12:00–20:00, then 08:00–20:00 each day up to 03-16, then 08:00–08:30 on 03-17 before the day layer starts
    expect(gaps.map((g) => g.code === 'gap' && [g.from, g.to])).toEqual([
      [NOW, at('2026-03-10 20:00')],
      ...['11', '12', '13', '14', '15', '16'].map((d) => [at(`2026-03-${d} 08:00`), at(`2026-03-${d} 20:00`)]),
      [at('2026-03-17 08:00'), at('2026-03-17 08:30')],
    ]);
    expect(gaps[0]!.message).toBe('nobody is on duty from 2026-03-10T04:00:00.000Z to 2026-03-10T12:00:00.000Z');
    // a roster without layers is one gap of GAP_DAYS
    expect(checkRoster(roster({ layers: [] }), NOW).warnings).toEqual([expect.objectContaining({ code: 'gap', from: NOW, to: NOW + GAP_DAYS * 86_400_000 })]);
  });

  it('warns of holiday days within 90 days without a leader, and of holiday rows on days that are not public holidays', () => {
    const def = roster({
      chinaHolidays: true,
      holidays: [
        { date: '2026-04-04', leaderUserId: 'lead', userIds: null },
        { date: '2026-04-05', leaderUserId: null, userIds: ['a'] },
        { date: '2026-04-10', leaderUserId: 'lead', userIds: null }, // the campus's own day
        { date: '2026-04-25', leaderUserId: null, userIds: null }, // the campus's own day, no leader
      ],
    });
    const { problems, warnings } = checkRoster(def, at('2026-03-20 12:00'));
    expect(problems).toEqual([]);
    expect(warnings.map((w) => `${w.code} ${'date' in w ? w.date : ''}`)).toEqual([
      'notAHoliday 2026-04-10',
      'notAHoliday 2026-04-25',
      'holidayWithoutLeader 2026-04-05',
      'holidayWithoutLeader 2026-04-06',
      'holidayWithoutLeader 2026-04-25',
      ...['01', '02', '03', '04', '05'].map((d) => `holidayWithoutLeader 2026-05-${d}`),
      // the Dragon Boat Festival (06-19) begins after the 90 days (06-18 12:00)
    ]);
    expect(warnings.find((w) => w.code === 'holidayWithoutLeader')).toMatchObject({ holiday: '清明', message: '2026-04-05 (清明) is a holiday day without a leader on duty' });
    expect(warnings.find((w) => w.code === 'notAHoliday')).toMatchObject({ field: 'holidays.2.date' });
    // make-up workdays and the like are no holiday days without China's holidays either: only the rows
    const own = checkRoster({ ...def, chinaHolidays: false }, at('2026-03-20 12:00')).warnings;
    expect(own.map((w) => `${w.code} ${'date' in w ? w.date : ''}`)).toEqual(['holidayWithoutLeader 2026-04-05', 'holidayWithoutLeader 2026-04-25']);
  });

  it('a holiday day under way still counts; one that is over does not', () => {
    const def = roster({ chinaHolidays: true, holidays: [{ date: '2026-10-01', leaderUserId: null, userIds: null }] });
    const dates = (now: number) => checkRoster(def, now).warnings.filter((w) => w.code === 'holidayWithoutLeader').map((w) => 'date' in w && w.date);
    expect(dates(at('2026-10-02 08:00'))[0]).toBe('2026-10-01');
    expect(dates(at('2026-10-02 08:30'))[0]).toBe('2026-10-02');
  });

  it('warns of dates beyond the years the holiday data covers', () => {
    const { lastYear } = holidayCoverage();
    const def = roster({ chinaHolidays: true, holidays: [{ date: `${lastYear + 1}-01-01`, leaderUserId: 'lead', userIds: null }] });
    const warnings = checkRoster(def, at(`${lastYear}-11-20 12:00`)).warnings.filter((w) => w.code === 'beyondHolidayData');
    expect(warnings).toEqual([
      expect.objectContaining({ field: 'holidays.0.date', date: `${lastYear + 1}-01-01`, lastYear }),
      expect.objectContaining({ field: null, date: `${lastYear + 1}-01-01`, lastYear }),
    ]);
    // not while the next 90 days are covered
    expect(checkRoster(roster({ chinaHolidays: true }), at(`${lastYear}-09-01 12:00`)).warnings.filter((w) => w.code === 'beyondHolidayData')).toEqual([]);
  });

  it('still lists problems when the roster cannot be evaluated, without schedule warnings', () => {
    const { problems, warnings } = checkRoster(roster({ zone: 'nowhere', holidays: [{ date: '2026-04-10', leaderUserId: null, userIds: null }], chinaHolidays: true }), NOW);
    expect(problems.map((p) => p.code)).toEqual(['timeZone']);
    expect(warnings.map((w) => w.code)).toEqual(['notAHoliday']);
    expect(() => checkRoster(roster({}), Number.NaN)).toThrow(RangeError);
  });
});
