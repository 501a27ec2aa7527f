import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ForbiddenError, UnauthenticatedError } from '../errors.ts';
import { can, type RequestContext, type Authenticated, type AuthService } from '../modules/auth/index.ts';
import { TOKEN_PREFIX } from '../modules/tokens/index.ts';
import type { RouteAccess } from './types.ts';

export interface RouteCatalogEntry {
  method: string;
  url: string;
  access: RouteAccess | undefined;
  auditExempt: string | undefined;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Every route with the access it declared: the permission tests enumerate it. */
    routeCatalog: RouteCatalogEntry[];
  }
}

export const SESSION_COOKIE = 'opsdesk_session';
export const CSRF_HEADER = 'x-csrf-token';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export function anonymousContext(request: FastifyRequest): RequestContext {
  return {
    actor: { kind: 'user', userId: null, username: 'anonymous', roleIds: [], permissions: new Set(), siteIds: null, via: 'session' },
    ip: request.ip,
    requestId: request.id,
  };
}

/**
 * Authentication and authorisation for every route, in one place. Each /api route declares its access in
 * `config.access`; a route that forgets cannot even be registered. API tokens come as `Authorization: Bearer`,
 * people as a session cookie; cookie-authenticated writes must echo the session's CSRF token in X-CSRF-Token.
 */
export function registerAuth(app: FastifyInstance, auth: AuthService): void {
  app.decorateRequest('ctx', null as unknown as RequestContext);
  app.decorateRequest('principal', null);
  app.decorateRequest('unmasked', false);

  app.decorate('routeCatalog', [] as RouteCatalogEntry[]);
  app.addHook('onRoute', (route) => {
    if (route.url.startsWith('/api/') && !route.config?.access) {
      throw new Error(`${String(route.method)} ${route.url} declares no access: set config.access to a permission, 'authenticated' or 'public'`);
    }
    for (const method of [route.method].flat()) {
      if (method !== 'HEAD') app.routeCatalog.push({ method, url: route.url, access: route.config?.access, auditExempt: route.config?.auditExempt });
    }
  });

  async function authenticate(request: FastifyRequest): Promise<Authenticated | null> {
    const header = request.headers.authorization;
    if (header !== undefined) {
      const match = /^Bearer\s+(\S+)$/i.exec(header);
      if (!match || !match[1]!.startsWith(TOKEN_PREFIX)) throw new UnauthenticatedError('The Authorization header must be "Bearer odk_…"', 'INVALID_TOKEN');
      const found = await auth.authenticateToken(match[1]!);
      if (!found) throw new UnauthenticatedError('The API token is invalid, expired or revoked', 'INVALID_TOKEN');
      return found;
    }
    const cookie = request.cookies[SESSION_COOKIE];
    return cookie ? auth.authenticateSession(cookie, { touch: !request.routeOptions.config?.passiveSession }) : null;
  }

  // preParsing: after every onRequest hook (the route's rate limiter first, so a flood of unauthenticated calls is
  // limited before it costs a session lookup) and before a byte of the body is read, so a caller without the right
  // credentials can make the server neither inflate, buffer nor parse anything. Returning nothing keeps the payload.
  app.addHook('preParsing', async (request) => {
    const access = request.routeOptions.config?.access;
    request.ctx = anonymousContext(request);
    if (access === undefined || access === 'public') return;

    const found = await authenticate(request);
    if (!found) throw new UnauthenticatedError('Sign in first: the session is missing or has expired');
    request.ctx = { actor: found.actor, ip: request.ip, requestId: request.id };
    request.principal = found;

    if (access !== 'authenticated' && !can(found.actor, access)) {
      throw new ForbiddenError(`This needs the permission ${access}`, { permission: access });
    }
    if (found.session && !SAFE_METHODS.has(request.method)) {
      const presented = request.headers[CSRF_HEADER];
      if (!auth.csrfMatches(found.session, typeof presented === 'string' ? presented : undefined)) {
        throw new ForbiddenError('The X-CSRF-Token header is missing or wrong; reload the page', undefined, 'CSRF_INVALID');
      }
    }
  });
}
