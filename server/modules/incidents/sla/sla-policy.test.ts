import { describe, expect, it } from 'vitest';
import { OFFICE } from '../../calendar/calendar.testing.ts';
import { checkBusinessCalendar, ROUND_THE_CLOCK } from '../../calendar/index.ts';
import { checkSlaPolicy, DEFAULT_SLA_CALENDARS, defaultSlaPolicy, policyCalendarIds, policyCoversSite } from './sla-policy.ts';

const IDS = { workingDays: 'cal-office', roundTheClock: 'cal-always' };
const KNOWN = new Set(Object.values(IDS));
const fields = (input: unknown, known?: ReadonlySet<string>) =>
  checkSlaPolicy(input, known)
    .problems.map((p) => `${p.field}:${p.code}`)
    .sort();

describe('SLA policies', () => {
  it("issue 11's defaults: 工作日 09:00–18:00 with China's calendar and 7×24; the three levels' targets", () => {
    expect(DEFAULT_SLA_CALENDARS.workingDays.calendar).toEqual(OFFICE);
    expect(DEFAULT_SLA_CALENDARS.roundTheClock.calendar).toBe(ROUND_THE_CLOCK);
    for (const { calendar } of Object.values(DEFAULT_SLA_CALENDARS)) expect(checkBusinessCalendar(calendar).problems).toEqual([]);

    const p = defaultSlaPolicy(IDS);
    const always = (minutes: number) => ({ target: { minutes }, calendarId: 'cal-always' });
    expect(p.targets).toEqual({
      '1': { respond: always(30), on_site: always(60), resolve: always(240) },
      '2': { respond: always(30), on_site: always(240), resolve: { target: { minutes: 480 }, calendarId: 'cal-office' } },
      '3': {
        respond: { target: { minutes: 120 }, calendarId: 'cal-office' },
        on_site: { target: { businessDays: 1 }, calendarId: 'cal-office' },
        resolve: { target: { businessDays: 3 }, calendarId: 'cal-office' },
      },
    });
    expect(p).toMatchObject({ warnShare: 0.75, siteIds: null });
    expect(checkSlaPolicy(p, KNOWN)).toEqual({ policy: p, problems: [] });
    expect(policyCalendarIds(p).sort()).toEqual(['cal-always', 'cal-office']);
  });

  it('applies to every site when siteIds is null, else to the listed ones', () => {
    expect(policyCoversSite({ siteIds: null }, 's1')).toBe(true);
    expect(policyCoversSite({ siteIds: ['s1'] }, 's1')).toBe(true);
    expect(policyCoversSite({ siteIds: ['s1'] }, 's2')).toBe(false);
  });

  it('fills the warning share (0.75) and every site when left out', () => {
    const { targets, position } = defaultSlaPolicy(IDS);
    expect(checkSlaPolicy({ targets, position }).policy).toMatchObject({ warnShare: 0.75, siteIds: null });
  });

  it('names every field at fault and never throws, whatever it is given', () => {
    const good = defaultSlaPolicy(IDS);
    const bad = {
      ...good,
      warnShare: 1,
      siteIds: ['s1', 's1'],
      position: -1,
      targets: {
        ...good.targets,
        '2': { respond: { target: { minutes: 0 }, calendarId: 'cal-always' }, on_site: { target: { minutes: 30, businessDays: 1 }, calendarId: 'cal-always' }, resolve: { target: { businessDays: 1.5 }, calendarId: 'nope' } },
        '3': { respond: good.targets['3'].respond, on_site: good.targets['3'].on_site },
        '4': {},
      },
    };
    expect(fields(bad, KNOWN)).toEqual([
      'position:minimum',
      'siteIds.1:duplicateValue',
      'targets.2.on_site.target:type',
      'targets.2.resolve.calendarId:enum',
      'targets.2.resolve.target.businessDays:type',
      'targets.2.respond.target.minutes:minimum',
      'targets.3.resolve:required',
      'targets.4:enum',
      'warnShare:maximum',
    ]);
    expect(checkSlaPolicy(bad, KNOWN).policy).toBeNull();
    // without the list of calendars, only the shape of a calendar id is checked
    expect(fields({ ...good, targets: { ...good.targets, '1': { ...good.targets['1'], respond: { target: { minutes: 30 }, calendarId: 'nope' } } } })).toEqual([]);

    for (const odd of [null, undefined, 42, 'policy', [], { targets: [] }, { targets: { 1: null } }, { targets: good.targets, position: 10, warnShare: Number.NaN }, { targets: good.targets, position: 10, siteIds: [] }, Object.create(null)]) {
      const result = checkSlaPolicy(odd);
      expect(result.policy).toBeNull();
      expect(result.problems.length).toBeGreaterThan(0);
    }
    expect(fields({ targets: good.targets })).toEqual(['position:required']);
    expect(fields({ position: 1 })).toEqual(['targets:required']);
    expect(fields({ ...good, siteIds: [] })).toEqual(['siteIds:type']);
    expect(fields({ ...good, warnShare: '0.5' })).toEqual(['warnShare:type']);
  });

  it('keeps only the fields it knows in the checked policy', () => {
    const good = defaultSlaPolicy(IDS);
    const withExtra = { ...good, extra: 1, targets: { ...good.targets, '1': { ...good.targets['1'], respond: { target: { minutes: 30 }, calendarId: 'cal-always', note: 'x' } } } };
    const { policy } = checkSlaPolicy(withExtra, KNOWN);
    expect(policy).toEqual(good);
  });
});
