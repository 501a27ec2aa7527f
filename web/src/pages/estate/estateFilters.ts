/** The device list's filters, kept in the URL (?site=…&subsystem=…) so that links and the back button keep them. */
import type { DeviceHealth, DeviceListQuery, DeviceType, Subsystem } from '../../api/types';
import { isDeviceHealth } from '../../app/health';

export interface DeviceFilterValues {
  siteId?: string;
  subsystem?: Subsystem;
  type?: DeviceType;
  health?: DeviceHealth;
  q?: string;
}

const PARAMS: Record<keyof DeviceFilterValues, string> = {
  siteId: 'site',
  subsystem: 'subsystem',
  type: 'type',
  health: 'health',
  q: 'q',
};

export function filtersFromParams(params: URLSearchParams): DeviceFilterValues {
  const get = (name: string) => params.get(name)?.trim() || undefined;
  const health = get(PARAMS.health);
  return {
    siteId: get(PARAMS.siteId),
    subsystem: get(PARAMS.subsystem) as Subsystem | undefined,
    type: get(PARAMS.type) as DeviceType | undefined,
    health: isDeviceHealth(health) ? health : undefined,
    q: get(PARAMS.q),
  };
}

export function filtersToParams(filters: DeviceFilterValues): URLSearchParams {
  const params = new URLSearchParams();
  for (const key of Object.keys(PARAMS) as (keyof DeviceFilterValues)[]) {
    const value = filters[key];
    if (value) params.set(PARAMS[key], value);
  }
  return params;
}

export function toListQuery(filters: DeviceFilterValues): DeviceListQuery {
  return {
    siteId: filters.siteId,
    subsystem: filters.subsystem,
    type: filters.type,
    health: filters.health,
    q: filters.q,
  };
}

/** Tree node keys: `all`, `site:<id>`, `sub:<siteId>:<subsystem>`. */
export function treeKeyOf(filters: DeviceFilterValues): string {
  if (!filters.siteId) return 'all';
  return filters.subsystem ? `sub:${filters.siteId}:${filters.subsystem}` : `site:${filters.siteId}`;
}

export function filtersForTreeKey(key: string, current: DeviceFilterValues): DeviceFilterValues {
  const [kind, siteId, subsystem] = key.split(':');
  if (kind === 'site') return { ...current, siteId, subsystem: undefined };
  if (kind === 'sub') return { ...current, siteId, subsystem: subsystem as Subsystem };
  return { ...current, siteId: undefined, subsystem: undefined };
}
