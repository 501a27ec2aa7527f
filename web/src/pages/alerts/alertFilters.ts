/** The alert list's filters, kept in the URL (?state=open&level=1,2&site=…) so that links and the back button keep them. */
import type { AlertListQuery, AlertLevel, AlertSource, AlertState } from '../../api/alerts';
import { isLevel, LEVELS, SOURCES, STATES } from './alertValues';

/** `open` (pending, firing, acknowledged: the default), one state, or `all`. */
export type StateFilter = 'open' | 'all' | AlertState;

export interface AlertFilterValues {
  state: StateFilter;
  levels: AlertLevel[];
  site?: string;
  subsystem?: string;
  source?: AlertSource;
}

export const DEFAULT_FILTERS: AlertFilterValues = { state: 'open', levels: [] };

const isStateFilter = (value: string | undefined): value is StateFilter =>
  value === 'open' || value === 'all' || (STATES as readonly string[]).includes(value ?? '');

export function filtersFromParams(params: URLSearchParams): AlertFilterValues {
  const get = (name: string) => params.get(name)?.trim() || undefined;
  const state = get('state');
  const levels = (get('level') ?? '')
    .split(',')
    .map(Number)
    .filter(isLevel);
  const source = get('source');
  return {
    state: isStateFilter(state) ? state : 'open',
    levels: LEVELS.filter((l) => levels.includes(l)),
    site: get('site'),
    subsystem: get('subsystem'),
    source: (SOURCES as readonly string[]).includes(source ?? '') ? (source as AlertSource) : undefined,
  };
}

export function filtersToParams(filters: AlertFilterValues): URLSearchParams {
  const params = new URLSearchParams();
  if (filters.state !== 'open') params.set('state', filters.state);
  if (filters.levels.length > 0) params.set('level', filters.levels.join(','));
  if (filters.site) params.set('site', filters.site);
  if (filters.subsystem) params.set('subsystem', filters.subsystem);
  if (filters.source) params.set('source', filters.source);
  return params;
}

/** The list's query: top-level alerts only (children open under their parent's row). */
export function toListQuery(filters: AlertFilterValues): AlertListQuery {
  return {
    state: filters.state === 'all' ? undefined : filters.state,
    level: filters.levels.length > 0 ? filters.levels.join(',') : undefined,
    site: filters.site,
    subsystem: filters.subsystem,
    source: filters.source,
    parent: 'none',
  };
}

/** The alert list showing what a count on the home page counted. */
export function alertsLink(filter: { level?: AlertLevel; site?: string; subsystem?: string }): string {
  const params = filtersToParams({ ...DEFAULT_FILTERS, levels: filter.level ? [filter.level] : [], site: filter.site, subsystem: filter.subsystem });
  const query = params.toString();
  return query ? `/alerts?${query}` : '/alerts';
}

/** A level count clicked at the top of the list: only that level, or all again when it was the only one shown. */
export function toggleLevel(filters: AlertFilterValues, level: AlertLevel): AlertFilterValues {
  const only = filters.levels.length === 1 && filters.levels[0] === level;
  return { ...filters, levels: only ? [] : [level] };
}

/** Whether an alert as a live change describes it belongs in the list as filtered (top-level alerts only). */
export function matchesFilters(
  alert: { state: AlertState; level: number; siteId: string | null; subsystem: string | null; source: string; parentId: string | null },
  filters: AlertFilterValues,
): boolean {
  if (alert.parentId !== null) return false;
  if (filters.state === 'open' ? alert.state === 'resolved' : filters.state !== 'all' && alert.state !== filters.state) return false;
  if (filters.levels.length > 0 && !filters.levels.includes(alert.level as AlertLevel)) return false;
  if (filters.site && alert.siteId !== filters.site) return false;
  if (filters.subsystem && alert.subsystem !== filters.subsystem) return false;
  if (filters.source && alert.source !== filters.source) return false;
  return true;
}
