/**
 * The auth module's public surface: who is asking (the actor and its permissions), the permission catalogue, the
 * rules for granting access, passwords, and sessions. Every other module checks permissions through it.
 */
import type { Executor } from '../../db/types.ts';
import { accessChanging } from './actor-cache.ts';
import { sessionsRepository } from './auth.repository.ts';

export { can, canSeeSite, requirePermission, systemContext, type Actor, type RequestContext } from './actor.ts';
export {
  ADMIN_ROLE_ID,
  ALL_PERMISSIONS,
  BUILT_IN_ROLES,
  CAPABILITY_ACTIONS,
  COMING_CAPABILITIES,
  isPermission,
  type Capability,
  type Permission,
} from './permissions.ts';
export { holdsEverything, permissionsBeyond, requireGrantable, requireManageable, sitesBeyond, type Holding, type Refused } from './grants.ts';
export { effectivePermissions, keepingAnAdministrator, loadUserActor, lockAccessChanges } from './access.ts';
export { hashPassword, passwordProblems, weakPassword } from './passwords.ts';
export type { Authenticated, AuthService } from './auth.service.ts';
export type { AuthTables } from './auth.tables.ts';

export { ACTOR_CACHE_TTL_MS } from './actor-cache.ts';

/**
 * Signs a user out everywhere (disabled, or their password reset by an administrator): on this node at once (no
 * cached actor survives it), on other nodes within ACTOR_CACHE_TTL_MS.
 */
export function revokeSessions(db: Executor, userId: string) {
  accessChanging();
  return sessionsRepository.deleteForUser(db, userId);
}
