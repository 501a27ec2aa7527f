/** The people paging names (roster participants, override and escalation targets) as Select options. */
import { useMemo } from 'react';
import { usersApi } from '../api/users';
import type { User } from '../api/types';
import { useAsync } from './useAsync';
import { useCan } from './usePermission';

const PAGE = 200;
const MAX_PAGES = 10;

let cached: Promise<User[]> | null = null;

/** Every active user, fetched once per page load (a campus has tens to a few hundred people on duty lists). */
function loadActiveUsers(): Promise<User[]> {
  cached ??= (async () => {
    const all: User[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < MAX_PAGES; page++) {
      const result = await usersApi.list({ status: 'active', cursor, limit: PAGE });
      all.push(...result.items);
      if (!result.nextCursor) break;
      cursor = result.nextCursor;
    }
    return all;
  })().catch((error: unknown) => {
    cached = null;
    throw error;
  });
  return cached;
}

export interface PersonOption {
  value: string;
  label: string;
}

/**
 * Active users as options (with users:read), plus the people `known` already names (a roster's `people` map), so that
 * someone without users:read still sees names for whoever is on the list; `name(id)` falls back to the id.
 */
export function usePeople(known: Record<string, string> = {}) {
  const can = useCan();
  const users = useAsync(loadActiveUsers, 'active-users', can('users:read'));
  const knownKey = JSON.stringify(known);
  return useMemo(() => {
    const names = new Map<string, string>(Object.entries(JSON.parse(knownKey) as Record<string, string>));
    for (const user of users.data ?? []) names.set(user.id, user.displayName);
    const usernames = new Map((users.data ?? []).map((u) => [u.id, u.username]));
    const options: PersonOption[] = [...names].map(([value, name]) => ({ value, label: usernames.has(value) ? `${name} (${usernames.get(value)})` : name }));
    options.sort((a, b) => a.label.localeCompare(b.label, 'zh-CN'));
    return { options, name: (id: string | null | undefined) => (id ? (names.get(id) ?? id) : ''), loading: users.loading };
  }, [users.data, users.loading, knownKey]);
}
