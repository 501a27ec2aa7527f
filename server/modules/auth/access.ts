import type { Dialect } from '../../db/database.ts';
import { LOCK_KEYS, lockUntilCommit } from '../../db/locks.ts';
import { ConflictError } from '../../errors.ts';
import type { Executor } from '../../db/types.ts';
import { fromJsonText } from '../../db/types.ts';
import { roleRecords, type RolesTable } from '../roles/index.ts';
import { userAccounts, type UsersTable } from '../users/index.ts';
import type { Actor } from './actor.ts';
import { accessChanging } from './actor-cache.ts';
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

/**
 * Builds the actor for an active user as of now from the database. Sessions reuse it for a few seconds
 * (actor-cache.ts); whatever changes roles, scope or status takes lockAccessChanges, which ends that at once.
 */
export async function loadUserActor(
  db: Executor,
  userId: string,
  via: Actor['via'],
  extra: { sessionId?: string; tokenId?: string } = {},
): Promise<LoadedUser | null> {
  const user = await userAccounts.findById(db, userId);
  if (!user || user.status !== 'active') return null;
  const roleIds = (await userAccounts.rolesOf(db, [user.id])).get(user.id) ?? [];
  const roles = await roleRecords.findByIds(db, roleIds);
  const siteIds = user.all_sites ? null : ((await userAccounts.sitesOf(db, [user.id])).get(user.id) ?? []);
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

/**
 * Serialises changes that can take an administrator away, until the caller's transaction ends, so that two of them
 * cannot each see the other administrator still standing and both go ahead. SQLite transactions are exclusive
 * already (BEGIN IMMEDIATE); on PostgreSQL they queue on an advisory lock. Take it before reading anything.
 */
export async function lockAccessChanges(trx: Executor, dialect: Dialect): Promise<void> {
  await lockUntilCommit(trx, dialect, LOCK_KEYS.access);
  // Roles, sites or a user's status are about to change: no cached actor may outlive the change on this node.
  accessChanging();
}

/**
 * The administrators: active users who hold every permission (the admin role, or roles that add up to all of them)
 * and see every site. Only such a user can grant anything (grants.ts), so opsdesk must never run out of them.
 */
export async function activeAdministrators(db: Executor): Promise<string[]> {
  const roles = new Map((await roleRecords.all(db)).map((r) => [r.id, r]));
  const heldBy = new Map<string, RolesTable[]>();
  for (const { user_id, role_id } of await userAccounts.activeUnrestrictedRoles(db)) {
    const role = roles.get(role_id);
    if (role) heldBy.set(user_id, [...(heldBy.get(user_id) ?? []), role]);
  }
  return [...heldBy].filter(([, held]) => effectivePermissions(held).size === ALL_PERMISSIONS.length).map(([userId]) => userId).sort();
}

/**
 * Runs a change that may take administrators away (inside the caller's transaction, after lockAccessChanges) and
 * refuses it with 409 LAST_ADMIN when it would leave none.
 */
export async function keepingAnAdministrator<T>(trx: Executor, change: () => Promise<T>): Promise<T> {
  const before = await activeAdministrators(trx);
  const result = await change();
  if (before.length > 0 && (await activeAdministrators(trx)).length === 0) {
    throw new ConflictError('This would leave opsdesk without an active administrator', 'LAST_ADMIN', { userIds: before });
  }
  return result;
}
