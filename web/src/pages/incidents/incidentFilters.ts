/** The incident list's filters, kept in the URL (?state=all&level=1&site=…&mine=1&q=…) so links and back keep them. */
import type { IncidentListQuery, IncidentState } from './incidentsApi';
import { isLevel, LEVELS, OPEN_STATES, STATES, type IncidentLevel } from './incidentValues';

/** `open` (new … waiting: the default), one state, or `all`. */
export type StateFilter = 'open' | 'all' | IncidentState;

export interface IncidentFilterValues {
  state: StateFilter;
  levels: IncidentLevel[];
  site?: string;
  /** only the incidents assigned to the signed-in person */
  mine: boolean;
  /** words of the title, or the number (INC-000123) */
  q?: string;
}

export const DEFAULT_FILTERS: IncidentFilterValues = { state: 'open', levels: [], mine: false };

const isStateFilter = (value: string | undefined): value is StateFilter =>
  value === 'open' || value === 'all' || (STATES as readonly string[]).includes(value ?? '');

export function filtersFromParams(params: URLSearchParams): IncidentFilterValues {
  const get = (name: string) => params.get(name)?.trim() || undefined;
  const state = get('state');
  const levels = (get('level') ?? '').split(',').map(Number).filter(isLevel);
  return {
    state: isStateFilter(state) ? state : 'open',
    levels: LEVELS.filter((l) => levels.includes(l)),
    site: get('site'),
    mine: get('mine') === '1',
    q: get('q'),
  };
}

export function filtersToParams(filters: IncidentFilterValues): URLSearchParams {
  const params = new URLSearchParams();
  if (filters.state !== 'open') params.set('state', filters.state);
  if (filters.levels.length > 0) params.set('level', filters.levels.join(','));
  if (filters.site) params.set('site', filters.site);
  if (filters.mine) params.set('mine', '1');
  if (filters.q?.trim()) params.set('q', filters.q.trim());
  return params;
}

export function toListQuery(filters: IncidentFilterValues): IncidentListQuery {
  return {
    state: filters.state === 'all' ? undefined : filters.state,
    level: filters.levels.length > 0 ? filters.levels.join(',') : undefined,
    site: filters.site,
    assignee: filters.mine ? 'me' : undefined,
    q: filters.q?.trim() || undefined,
  };
}

/**
 * Whether an incident, as a live change describes it, may belong in the list as filtered (the words of a search are
 * not in the event: a search reloads on any change that passes the rest).
 */
export function mayMatchFilters(
  event: { state: string; level: number; siteId: string; assigneeUserId: string | null },
  filters: IncidentFilterValues,
  myUserId: string,
): boolean {
  const open = (OPEN_STATES as readonly string[]).includes(event.state);
  if (filters.state === 'open' ? !open : filters.state !== 'all' && event.state !== filters.state) return false;
  if (filters.levels.length > 0 && !filters.levels.includes(event.level as IncidentLevel)) return false;
  if (filters.site && event.siteId !== filters.site) return false;
  if (filters.mine && event.assigneeUserId !== myUserId) return false;
  return true;
}
