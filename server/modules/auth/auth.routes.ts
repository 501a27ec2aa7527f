import { toIso } from '../../clock.ts';
import { UnauthenticatedError } from '../../errors.ts';
import { SESSION_COOKIE } from '../../http/auth.ts';
import { errorResponses, Ok } from '../../http/schemas.ts';
import type { App } from '../../http/types.ts';
import type { Config } from '../../config.ts';
import type { LoadedUser } from './access.ts';
import { ChangePasswordBody, LoginBody, SessionResponse } from './auth.schemas.ts';
import type { AuthService } from './auth.service.ts';
import type { SessionsTable } from './auth.tables.ts';

const tags = ['auth'];

function sessionResponse(loaded: LoadedUser, session: SessionsTable, idleTimeoutMs: number) {
  const { user, roles, actor } = loaded;
  return {
    user: {
      id: user.id,
      username: user.username,
      displayName: user.display_name,
      email: user.email,
      phone: user.phone,
      roleIds: [...actor.roleIds],
      roleNames: roles.map((r) => r.name),
      permissions: [...actor.permissions].sort(),
      siteIds: actor.siteIds === null ? null : [...actor.siteIds],
      locale: user.locale,
    },
    csrfToken: session.csrf_token,
    idleTimeoutSeconds: Math.round(idleTimeoutMs / 1000),
    expiresAt: toIso(session.expires_at),
  };
}

export function authRoutes(app: App, deps: { auth: AuthService; config: Config }) {
  const { auth, config } = deps;

  app.post('/api/v1/auth/login', {
    config: { access: 'public', rateLimit: { max: 30, timeWindow: '1 minute' } },
    schema: { tags, summary: 'Sign in with username and password; sets the session cookie', body: LoginBody, response: { 200: SessionResponse, ...errorResponses } },
    handler: async (request, reply) => {
      const { secret, session, loaded } = await auth.login(request.body, { ip: request.ip, userAgent: request.headers['user-agent'] ?? null, requestId: request.id });
      void reply.setCookie(SESSION_COOKIE, secret, {
        httpOnly: true,
        sameSite: 'strict',
        secure: config.session.cookieSecure,
        path: '/',
        maxAge: Math.round(config.session.absoluteTimeoutMs / 1000),
      });
      return sessionResponse(loaded, session, auth.policy.idleTimeoutMs);
    },
  });

  app.post('/api/v1/auth/logout', {
    config: { access: 'authenticated' },
    schema: { tags, summary: 'End the current session', response: { 200: Ok, ...errorResponses } },
    handler: async (request, reply) => {
      await auth.logout(request.ctx);
      void reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return { ok: true as const };
    },
  });

  app.get('/api/v1/auth/session', {
    config: { access: 'authenticated' },
    schema: { tags, summary: 'The signed-in user, permissions and CSRF token', response: { 200: SessionResponse, ...errorResponses } },
    handler: async (request) => {
      const session = request.principal?.session;
      if (!request.principal || !session) throw new UnauthenticatedError('This call needs a session, not an API token', 'SESSION_REQUIRED');
      return sessionResponse(request.principal, session, auth.policy.idleTimeoutMs);
    },
  });

  app.post('/api/v1/auth/password', {
    config: { access: 'authenticated' },
    schema: { tags, summary: 'Change your own password (ends your other sessions)', body: ChangePasswordBody, response: { 200: Ok, ...errorResponses } },
    handler: async (request) => {
      await auth.changePassword(request.ctx, request.body.currentPassword, request.body.newPassword);
      return { ok: true as const };
    },
  });
}
