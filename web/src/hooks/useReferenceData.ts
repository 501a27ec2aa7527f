/** Lists the console needs in several places: roles, sites and the permission catalogue. */
import { useMemo } from 'react';
import { rolesApi } from '../api/roles';
import { sitesApi } from '../api/sites';
import type { Permission, Role, Site } from '../api/types';
import { useAsync, type AsyncState } from './useAsync';
import { useCan } from './usePermission';

const SITE_PAGE = 200;
const MAX_SITE_PAGES = 25;

async function loadAllSites(): Promise<Site[]> {
  const all: Site[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < MAX_SITE_PAGES; page++) {
    const result = await sitesApi.list({ cursor, limit: SITE_PAGE });
    all.push(...result.items);
    if (!result.nextCursor) break;
    cursor = result.nextCursor;
  }
  return all;
}

export function useRoles(): AsyncState<Role[]> & { byId: Map<string, Role> } {
  const can = useCan();
  const state = useAsync(async () => (await rolesApi.list()).items, 'roles', can('roles:read'));
  const byId = useMemo(() => new Map((state.data ?? []).map((r) => [r.id, r])), [state.data]);
  return { ...state, byId };
}

export function useSites(): AsyncState<Site[]> & { byId: Map<string, Site> } {
  const can = useCan();
  const state = useAsync(loadAllSites, 'sites', can('sites:read'));
  const byId = useMemo(() => new Map((state.data ?? []).map((s) => [s.id, s])), [state.data]);
  return { ...state, byId };
}

export function usePermissionCatalog(): AsyncState<Permission[]> {
  return useAsync(async () => (await rolesApi.permissions()).items, 'permissions');
}
