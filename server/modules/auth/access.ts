import type { Executor } from '../../db/types.ts';
import { fromJsonText } from '../../db/types.ts';
import { rolesRepository } from '../roles/roles.repository.ts';
import type { RolesTable } from '../roles/roles.tables.ts';
import { usersRepository } from '../users/users.repository.ts';
import type { UsersTable } from '../users/users.tables.ts';
import type { Actor } from './actor.ts';
import { ADMIN_ROLE_ID, ALL_PERMISSIONS, isPermission, type Permission } from './permissions.ts';

/** The union of the roles' permissions; the admin role always means all of them. Unknown keys are ignored. */
export function effectivePermissions(roles: readonly Pick<RolesTable, 'id' | 'permissions'>[]): Set<Permission> {
  if (roles.some((r) => r.id === ADMIN_ROLE_ID)) return new Set(ALL_PERMISSIONS);
  const result = new Set<Permission>();
  for (const role of roles) for (const p of fromJsonText<string[]>(role.permissions)) if (isPermission(p)) result.add(p);
  return result;
}

export interface LoadedUser {
  user: UsersTable;
  roles: RolesTable[];
  actor: Actor;
}

/** Builds the actor for an active user as of now (roles and scope are read fresh on every request). */
export async function loadUserActor(
  db: Executor,
  userId: string,
  via: Actor['via'],
  extra: { sessionId?: string; tokenId?: string } = {},
): Promise<LoadedUser | null> {
  const user = await usersRepository.findById(db, userId);
  if (!user || user.status !== 'active') return null;
  const roleIds = (await usersRepository.rolesOf(db, [user.id])).get(user.id) ?? [];
  const roles = await rolesRepository.findByIds(db, roleIds);
  const siteIds = user.all_sites ? null : ((await usersRepository.sitesOf(db, [user.id])).get(user.id) ?? []);
  return {
    user,
    roles,
    actor: {
      kind: 'user',
      userId: user.id,
      username: user.username,
      roleIds,
      permissions: effectivePermissions(roles),
      siteIds,
      via,
      ...extra,
    },
  };
}
