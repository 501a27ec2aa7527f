import { describe, expect, it } from 'vitest';
import { filtersForTreeKey, filtersFromParams, filtersToParams, treeKeyOf } from './estateFilters';

describe('device list filters', () => {
  it('round-trip through the URL and drop what is not a filter', () => {
    const params = new URLSearchParams('site=s1&subsystem=consumption&health=offline&q=POS&x=1');
    const filters = filtersFromParams(params);
    expect(filters).toEqual({ siteId: 's1', subsystem: 'consumption', type: undefined, health: 'offline', q: 'POS' });
    expect(filtersToParams(filters).toString()).toBe('site=s1&subsystem=consumption&health=offline&q=POS');
    expect(filtersFromParams(new URLSearchParams('health=sideways')).health).toBeUndefined();
  });

  it('map tree nodes to site and subsystem filters and back', () => {
    const base = { health: 'online' as const };
    expect(filtersForTreeKey('site:s1', base)).toEqual({ health: 'online', siteId: 's1', subsystem: undefined });
    expect(filtersForTreeKey('sub:s1:water', base)).toEqual({ health: 'online', siteId: 's1', subsystem: 'water' });
    expect(filtersForTreeKey('all', { siteId: 's1', subsystem: 'water' })).toEqual({ siteId: undefined, subsystem: undefined });
    expect(treeKeyOf({ siteId: 's1', subsystem: 'water' })).toBe('sub:s1:water');
    expect(treeKeyOf({ siteId: 's1' })).toBe('site:s1');
    expect(treeKeyOf({})).toBe('all');
  });
});
