import { ForbiddenError } from '../../errors.ts';
import { ALL_PERMISSIONS, type Permission } from './permissions.ts';

/** Who is acting: a signed-in user, an API token, or opsdesk itself (bootstrap, scheduled jobs, CLI). */
export interface Actor {
  readonly kind: 'user' | 'system';
  readonly userId: string | null;
  readonly username: string;
  readonly roleIds: readonly string[];
  readonly permissions: ReadonlySet<Permission>;
  /** null: every site. Otherwise the sites this actor may see and act on. */
  readonly siteIds: readonly string[] | null;
  /** how they came: signed in, an API token, opsdesk itself, the CLI, a one-time acknowledgement link, an SMS reply */
  readonly via: 'session' | 'token' | 'system' | 'cli' | 'link' | 'sms';
  readonly sessionId?: string;
  readonly tokenId?: string;
}

/** What a service needs to know about the request it serves: who, from where, which request (for the audit log). */
export interface RequestContext {
  readonly actor: Actor;
  readonly ip: string | null;
  readonly requestId: string | null;
}

export const can = (actor: Actor, permission: Permission): boolean => actor.permissions.has(permission);

export function requirePermission(actor: Actor, permission: Permission): void {
  if (!can(actor, permission)) throw new ForbiddenError(`This needs the permission ${permission}`, { permission });
}

export const canSeeSite = (actor: Actor, siteId: string): boolean => actor.siteIds === null || actor.siteIds.includes(siteId);

export function systemContext(name = 'system', via: 'system' | 'cli' = 'system'): RequestContext {
  return {
    actor: { kind: 'system', userId: null, username: name, roleIds: [], permissions: new Set(ALL_PERMISSIONS), siteIds: null, via },
    ip: null,
    requestId: null,
  };
}
