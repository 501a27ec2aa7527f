import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyBaseLogger, FastifyInstance, RawReplyDefaultExpression, RawRequestDefaultExpression, RawServerDefault } from 'fastify';
import type { RequestContext, Permission, Authenticated } from '../modules/auth/index.ts';

export type App = FastifyInstance<RawServerDefault, RawRequestDefaultExpression, RawReplyDefaultExpression, FastifyBaseLogger, TypeBoxTypeProvider>;

/**
 * What a route needs from its caller. Every /api route must declare one (http/auth.ts refuses to register a route
 * without it): a permission, 'authenticated' (any signed-in caller), or 'public'.
 */
export type RouteAccess = Permission | 'authenticated' | 'public';

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: RouteAccess;
    /**
     * Why a state-changing route writes no audit record. Only for machine traffic whose own storage is the record
     * (telemetry ingestion) and for POSTs that change nothing (a silence's preview, a rule's backtest): operator
     * actions are always audited.
     */
    auditExempt?: string;
    /** A call to this route is not user activity: it does not extend the session's idle timeout (the live stream). */
    passiveSession?: boolean;
  }
  interface FastifyRequest {
    /** Who is calling (anonymous on public routes); set by the auth plugin before any handler runs. */
    ctx: RequestContext;
    /** The signed-in user (with the session when it came by cookie); null on public routes. */
    principal: Authenticated | null;
    /** true when personal fields in this response go out whole (unmasking asked for, allowed and audited). */
    unmasked: boolean;
  }
}
