import { requirePermission, type RequestContext } from '../auth/index.ts';

/**
 * Who may add to an incident's timeline (a comment, an attachment): whoever reads incidents and also works on them
 * (incidents:write) or is the client (incidents:create, incidents:confirm) — on an incident they can see, which the
 * caller checks. Otherwise 403 naming incidents:write.
 */
export function requireTimelineAccess(rc: RequestContext): void {
  requirePermission(rc.actor, 'incidents:read');
  const { permissions } = rc.actor;
  if (!permissions.has('incidents:write') && !permissions.has('incidents:confirm') && !permissions.has('incidents:create')) requirePermission(rc.actor, 'incidents:write');
}
