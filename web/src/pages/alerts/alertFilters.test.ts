import { describe, expect, it } from 'vitest';
import { alertsLink, DEFAULT_FILTERS, filtersFromParams, filtersToParams, matchesFilters, toggleLevel, toListQuery } from './alertFilters';

const event = { state: 'firing' as const, level: 1, siteId: 's1', subsystem: 'consumption', source: 'rule', parentId: null };

describe('alert list filters', () => {
  it('default to open top-level alerts of every level, and keep the default out of the URL', () => {
    const filters = filtersFromParams(new URLSearchParams(''));
    expect(filters).toEqual({ ...DEFAULT_FILTERS, site: undefined, subsystem: undefined, source: undefined });
    expect(filtersToParams(filters).toString()).toBe('');
    expect(toListQuery(filters)).toMatchObject({ state: 'open', parent: 'none', level: undefined });
  });

  it('survive a round trip through the URL', () => {
    const filters = { state: 'acknowledged' as const, levels: [1, 2] as (1 | 2 | 3)[], site: 's1', subsystem: 'access', source: 'alertmanager' as const };
    expect(filtersFromParams(filtersToParams(filters))).toEqual(filters);
    expect(toListQuery(filters)).toEqual({ state: 'acknowledged', level: '1,2', site: 's1', subsystem: 'access', source: 'alertmanager', parent: 'none' });
  });

  it('ignore what a hand-edited URL gets wrong', () => {
    const filters = filtersFromParams(new URLSearchParams('state=burning&level=0,2,9,x,1&source=nagios'));
    expect(filters.state).toBe('open');
    expect(filters.levels).toEqual([1, 2]);
    expect(filters.source).toBeUndefined();
  });

  it("filter by every source the server names, reconciliation's too", () => {
    for (const source of ['rule', 'topology', 'alertmanager', 'grafana', 'recon']) {
      const filters = filtersFromParams(new URLSearchParams(`source=${source}`));
      expect(filters.source).toBe(source);
      expect(toListQuery(filters).source).toBe(source);
    }
  });

  it('ask for every state with "all"', () => {
    expect(toListQuery({ ...DEFAULT_FILTERS, state: 'all' }).state).toBeUndefined();
  });

  it('toggle a level count: that level only, then all again', () => {
    const one = toggleLevel(DEFAULT_FILTERS, 2);
    expect(one.levels).toEqual([2]);
    expect(toggleLevel(one, 2).levels).toEqual([]);
    expect(toggleLevel(one, 1).levels).toEqual([1]);
  });

  it('link the home page’s counts to the list filtered the same way', () => {
    expect(alertsLink({})).toBe('/alerts');
    expect(alertsLink({ level: 1, site: 's1' })).toBe('/alerts?level=1&site=s1');
  });

  it('tell whether a live change belongs in the list as filtered', () => {
    expect(matchesFilters(event, DEFAULT_FILTERS)).toBe(true);
    expect(matchesFilters({ ...event, state: 'resolved' }, DEFAULT_FILTERS)).toBe(false);
    expect(matchesFilters({ ...event, parentId: 'p' }, DEFAULT_FILTERS)).toBe(false);
    expect(matchesFilters(event, { ...DEFAULT_FILTERS, levels: [2, 3] })).toBe(false);
    expect(matchesFilters(event, { ...DEFAULT_FILTERS, site: 's2' })).toBe(false);
    expect(matchesFilters(event, { ...DEFAULT_FILTERS, subsystem: 'access' })).toBe(false);
    expect(matchesFilters(event, { ...DEFAULT_FILTERS, source: 'grafana' })).toBe(false);
    expect(matchesFilters({ ...event, state: 'resolved' }, { ...DEFAULT_FILTERS, state: 'resolved' })).toBe(true);
    expect(matchesFilters({ ...event, state: 'resolved' }, { ...DEFAULT_FILTERS, state: 'all' })).toBe(true);
  });
});
