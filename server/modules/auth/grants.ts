import { ForbiddenError } from '../../errors.ts';
import type { Actor } from './actor.ts';
import { ALL_PERMISSIONS } from './permissions.ts';

/**
 * Delegation: what one user may hand to another. Without these rules `users:write` or `roles:write` is administrator
 * by another name (grant yourself the admin role, or add every permission to a role you hold). The rules, enforced by
 * users.service.ts and roles.service.ts (tokens.service.ts applies the first to API tokens):
 *
 * 1. Nobody grants what they do not hold: a role only if they hold every permission in it, a permission (in a role
 *    they create or edit) only if they hold it, a site scope only within their own; "every site" (null) only if they
 *    see every site themselves.
 * 2. Nobody manages a user who holds more than they do (a permission or a site they lack): changing such a user, or
 *    setting their password, would be a way into what that user holds.
 * 3. Nobody changes their own roles or site scope, and nobody adds permissions to a role they hold.
 * 4. The last administrator (an active user holding every permission and every site) cannot be disabled or demoted,
 *    nor can a role edit take the last one's permissions away (see access.ts).
 *
 * Acting through an API token narrows all of this to the token's permissions. An actor who holds every permission and
 * every site (an administrator, opsdesk itself) passes rules 1 and 2 by definition; rule 3 binds them too, except for
 * adding permissions to their own roles, which cannot give them anything new.
 */

/** What a user holds, or would hold after a change. */
export interface Holding {
  permissions: Iterable<string>;
  /** null: every site */
  siteIds: readonly string[] | null;
}

/** What a refusal names: details of the 403, and `refused` as one line for the console's message. */
export interface Refused {
  roleIds?: string[];
  permissions?: string[];
  siteIds?: string[];
  allSites?: true;
}

export const holdsEverything = (actor: Actor): boolean => actor.siteIds === null && ALL_PERMISSIONS.every((p) => actor.permissions.has(p));

/** The permissions among `wanted` that the actor does not hold, sorted and once each. */
export function permissionsBeyond(actor: Actor, wanted: Iterable<string>): string[] {
  const held: ReadonlySet<string> = actor.permissions;
  return [...new Set(wanted)].filter((p) => !held.has(p)).sort();
}

/** The part of a site scope outside the actor's own: nothing when the actor sees every site. */
export function sitesBeyond(actor: Actor, scope: readonly string[] | null): Pick<Refused, 'siteIds' | 'allSites'> {
  if (actor.siteIds === null) return {};
  if (scope === null) return { allSites: true };
  const own = new Set(actor.siteIds);
  const beyond = [...new Set(scope)].filter((s) => !own.has(s)).sort();
  return beyond.length > 0 ? { siteIds: beyond } : {};
}

/** What of a holding lies beyond the actor's own (empty: the actor holds all of it). */
export function holdingBeyond(actor: Actor, holding: Holding): Refused {
  const permissions = permissionsBeyond(actor, holding.permissions);
  return { ...(permissions.length > 0 && { permissions }), ...sitesBeyond(actor, holding.siteIds) };
}

export const isEmpty = (refused: Refused): boolean =>
  !refused.allSites && !refused.roleIds?.length && !refused.permissions?.length && !refused.siteIds?.length;

function refusal(message: string, code: string, refused: Refused, extra: Record<string, unknown> = {}): ForbiddenError {
  const named = [...(refused.roleIds ?? []), ...(refused.permissions ?? []), ...(refused.siteIds ?? []), ...(refused.allSites ? ['*'] : [])];
  return new ForbiddenError(`${message}: ${named.join(', ')}`, { ...extra, ...refused, refused: named.join(', ') }, code);
}

/** Rule 1: throws GRANT_EXCEEDS_OWN naming the roles, permissions and sites the actor would hand out without holding. */
export function requireGrantable(refused: Refused, message = 'You can grant only what you hold yourself'): void {
  if (!isEmpty(refused)) throw refusal(message, 'GRANT_EXCEEDS_OWN', refused);
}

/** Rule 2: throws TARGET_EXCEEDS_OWN when the user being managed holds something the actor does not. */
export function requireManageable(actor: Actor, target: { id: string } & Holding): void {
  const beyond = holdingBeyond(actor, target);
  if (!isEmpty(beyond)) throw refusal('This user holds what you do not, so you cannot manage them', 'TARGET_EXCEEDS_OWN', beyond, { userId: target.id });
}
