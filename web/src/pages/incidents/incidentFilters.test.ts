import { describe, expect, it } from 'vitest';
import { parseIncidentEvent } from '../../app/incidentEvent';
import { DEFAULT_FILTERS, filtersFromParams, filtersToParams, mayMatchFilters, toListQuery } from './incidentFilters';

describe('incident list filters', () => {
  it('keep open incidents by default and round-trip through the URL', () => {
    expect(filtersFromParams(new URLSearchParams())).toEqual(DEFAULT_FILTERS);
    const filters = filtersFromParams(new URLSearchParams('state=waiting&level=2,9,1&site=s1&mine=1&q=INC-000007'));
    expect(filters).toEqual({ state: 'waiting', levels: [1, 2], site: 's1', mine: true, q: 'INC-000007' });
    expect(filtersFromParams(filtersToParams(filters))).toEqual(filters);
    expect(filtersFromParams(new URLSearchParams('state=bogus')).state).toBe('open');
  });

  it('ask the server for open, one state or all, mine as assignee=me', () => {
    expect(toListQuery(DEFAULT_FILTERS)).toEqual({ state: 'open', level: undefined, site: undefined, assignee: undefined, q: undefined });
    expect(toListQuery({ state: 'all', levels: [1, 2], mine: true, q: '  刷卡 ' })).toEqual({ state: undefined, level: '1,2', site: undefined, assignee: 'me', q: '刷卡' });
  });

  it('tell whether a live change may belong in the list', () => {
    const event = { state: 'assigned', level: 2, siteId: 's1', assigneeUserId: 'u1' };
    expect(mayMatchFilters(event, DEFAULT_FILTERS, 'u1')).toBe(true);
    expect(mayMatchFilters({ ...event, state: 'closed' }, DEFAULT_FILTERS, 'u1')).toBe(false);
    expect(mayMatchFilters({ ...event, state: 'closed' }, { ...DEFAULT_FILTERS, state: 'all' }, 'u1')).toBe(true);
    expect(mayMatchFilters(event, { ...DEFAULT_FILTERS, levels: [1] }, 'u1')).toBe(false);
    expect(mayMatchFilters(event, { ...DEFAULT_FILTERS, site: 's2' }, 'u1')).toBe(false);
    expect(mayMatchFilters(event, { ...DEFAULT_FILTERS, mine: true }, 'u2')).toBe(false);
  });
});

describe('incident.changed on the stream', () => {
  it('is read with its fields, and anything else is not an incident change', () => {
    const data = { type: 'incident.changed', incidentId: 'i1', number: 7, kind: 'take', previous: 'new', state: 'acknowledged', level: 1, siteId: 's1', assigneeUserId: 'u1', assigneeTeamId: null, at: 1 };
    expect(parseIncidentEvent(JSON.stringify(data))).toEqual(data);
    expect(parseIncidentEvent(JSON.stringify({ ...data, previous: null, assigneeUserId: 3 }))).toMatchObject({ previous: null, assigneeUserId: null });
    expect(parseIncidentEvent(JSON.stringify({ ...data, incidentId: undefined }))).toBeNull();
    expect(parseIncidentEvent('[]')).toBeNull();
    expect(parseIncidentEvent('not json')).toBeNull();
  });
});
