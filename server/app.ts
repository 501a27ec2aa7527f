import fastifyCookie from '@fastify/cookie';
import fastifyHelmet from '@fastify/helmet';
import fastifyRateLimit from '@fastify/rate-limit';
import fastifySwagger, { type SwaggerTransform } from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { type FastifyBaseLogger } from 'fastify';
import { STATUS_CODES } from 'node:http';
import type { Clock } from './clock.ts';
import type { Config } from './config.ts';
import type { Db } from './db/database.ts';
import { createAuditGuard } from './http/audit-guard.ts';
import { registerAuth } from './http/auth.ts';
import { registerErrorHandler } from './http/error-handler.ts';
import { RequestLogController } from './http/request-log.ts';
import { registerMasking } from './http/masking.ts';
import { REQUEST_ID_HEADER, requestIdFor } from './http/request-id.ts';
import { registerUnreadBodyDrain } from './http/unread-body.ts';
import { streamRoutes } from './http/stream.ts';
import { createMetrics, recordIngest, registerHttpMetrics } from './http/metrics.ts';
import { documentedBody } from './http/documented-body.ts';
import { ErrorResponse, MEDIA_TYPE_KEYWORD } from './http/schemas.ts';
import { createValidatorCompiler } from './http/validation.ts';
import type { App } from './http/types.ts';
import { registerWeb } from './http/web.ts';
import type { AuditSigner } from './modules/audit/audit.chain.ts';
import { auditRoutes } from './modules/audit/audit.routes.ts';
import { authRoutes } from './modules/auth/auth.routes.ts';
import { estateRoutes } from './modules/estate/estate.routes.ts';
import { ingestRoutes } from './modules/ingest/ingest.routes.ts';
import { webhooksRoutes } from './modules/ingest/webhooks/webhooks.routes.ts';
import { telemetryRoutes } from './modules/telemetry/telemetry.routes.ts';
import { rolesRoutes } from './modules/roles/roles.routes.ts';
import { sitesRoutes } from './modules/sites/sites.routes.ts';
import type { IntegrityStatus } from './modules/system/integrity.ts';
import { systemRoutes } from './modules/system/system.routes.ts';
import { tokensRoutes } from './modules/tokens/tokens.routes.ts';
import { usersRoutes } from './modules/users/users.routes.ts';
import { createServices } from './services.ts';
import { countJobsByStatus } from './worker/jobs.repository.ts';
import { JOBS_TAG, jobsRoutes } from './worker/jobs.routes.ts';

export interface AppDeps {
  config: Config;
  db: Db;
  clock: Clock;
  signer: AuditSigner;
  /** the process's logger; without it the app logs at config.logLevel, and tests pass `false` for silence */
  logger?: FastifyBaseLogger | false;
  /** serve the built console (off in API tests: they do not need it) */
  serveWeb?: boolean;
  /** the last database integrity check, for /readyz (main.ts runs the checks) */
  integrity?: IntegrityStatus;
}

export const API_VERSION = '0.1.0';

/** Builds the whole HTTP application; main.ts listens with it, tests call app.inject() on it. */
export async function buildApp(deps: AppDeps) {
  const { config, db, clock, signer } = deps;
  const metrics = createMetrics(() => countJobsByStatus(db.kysely));
  const guard = createAuditGuard(metrics);
  const services = createServices({
    db,
    clock,
    config,
    signer,
    onAuditAppend: guard.onAppend,
    ingestCounters: { onBatch: (source, counts) => recordIngest(metrics, source, counts) },
  });

  const app: App = Fastify({
    ...(deps.logger ? { loggerInstance: deps.logger } : { logger: deps.logger ?? { level: config.logLevel } }),
    bodyLimit: config.http.bodyLimitBytes,
    trustProxy: config.http.trustProxy,
    // Fastify would take any X-Request-Id as sent; requestIdFor keeps only a safe one.
    requestIdHeader: false,
    genReqId: requestIdFor,
    // One line per request, at a level by outcome (http/request-log.ts).
    logController: new RequestLogController(),
  }).withTypeProvider<TypeBoxTypeProvider>();

  app.setValidatorCompiler(createValidatorCompiler());
  // The ingest writer thread finishes the batches it holds before the database is closed after this.
  app.addHook('onClose', () => services.ingest.close());
  app.addHook('onSend', async (request, reply) => {
    void reply.header(REQUEST_ID_HEADER, request.id);
  });
  registerErrorHandler(app);
  registerUnreadBodyDrain(app, config.http.bodyLimitBytes);
  app.addSchema(ErrorResponse);

  await app.register(fastifyHelmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        // Ant Design injects its styles at run time.
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        frameAncestors: ["'none'"],
        // The console is often reached over plain HTTP on a LAN address; upgrading would break every asset there.
        upgradeInsecureRequests: null,
      },
    },
    // HSTS only makes sense when opsdesk is served over HTTPS, which is also when cookies are marked Secure.
    strictTransportSecurity: config.session.cookieSecure,
  });
  await app.register(fastifyCookie);
  if (config.http.rateLimitPerMinute > 0) {
    await app.register(fastifyRateLimit, { global: true, max: config.http.rateLimitPerMinute, timeWindow: '1 minute' });
  }
  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: 'opsdesk API', version: API_VERSION, description: 'Operations desk for one-card, ticketing and payment-kiosk estates. Errors follow { error: { code, message, details } }.' },
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: 'opsdesk_session' },
          token: { type: 'http', scheme: 'bearer', description: 'API token (odk_…)' },
        },
      },
      security: [{ session: [] }, { token: [] }],
      tags: [
        { name: 'system', description: 'Liveness, readiness and metrics (no sign-in)' },
        { name: 'auth', description: 'Sessions: sign in, sign out, change your password' },
        { name: 'users', description: 'User accounts and the personal-data export' },
        { name: 'roles', description: 'Roles and the permission catalogue' },
        { name: 'sites', description: 'Sites of the estate' },
        { name: 'estate', description: 'Devices, topology, health, discovered devices and configuration records (SPEC C1.1–C1.3)' },
        { name: 'spare-parts', description: 'Spare parts: stock per warehouse, reorder thresholds, movements (SPEC C1.4)' },
        { name: 'imports', description: 'Bulk import of sites and devices from CSV or XLSX (SPEC C1.1)' },
        { name: 'tokens', description: 'API tokens for scripts and integrations' },
        { name: 'audit', description: 'The hash-chained audit log' },
        { name: 'ingest', description: 'Telemetry in: heartbeats, metrics, events, transactions, logins (SPEC §5.3)' },
        { name: 'telemetry', description: "What devices sent: recent events and one-minute charts" },
        JOBS_TAG,
      ],
    },
    refResolver: { buildLocalReference: (json, _baseUri, _fragment, i) => (typeof json.$id === 'string' ? json.$id : `def-${i}`) },
    transform: describeRoute,
  });
  // /docs runs under the same helmet policy as the console. Swagger UI's own staticCSP would replace it with one that
  // blocks the <style> element Swagger UI injects and adds upgrade-insecure-requests (a blank page over plain HTTP on
  // a LAN address).
  await app.register(fastifySwaggerUi, { routePrefix: '/docs', uiConfig: { docExpansion: 'list' } });

  registerAuth(app, services.auth);
  registerMasking(app, services.audit);
  registerHttpMetrics(app, metrics);
  guard.register(app);

  systemRoutes(app, { db, metrics, ...(deps.integrity && { integrity: deps.integrity }) });
  authRoutes(app, { auth: services.auth, config });
  usersRoutes(app, { users: services.users });
  rolesRoutes(app, { roles: services.roles });
  sitesRoutes(app, { sites: services.sites });
  estateRoutes(app, services);
  tokensRoutes(app, { tokens: services.tokens });
  auditRoutes(app, { audit: services.audit, trustedKeys: services.trustedKeys });
  ingestRoutes(app, { ingest: services.ingest, config: config.ingest });
  webhooksRoutes(app, { webhooks: services.webhooks, bodyLimitBytes: config.ingest.bodyLimitBytes });
  telemetryRoutes(app, { telemetry: services.telemetry });
  streamRoutes(app, { bus: services.bus, auth: services.auth, limits: config.stream });
  jobsRoutes(app, { jobs: services.jobs });
  app.get('/openapi.json', { config: { access: 'public' }, schema: { hide: true } }, async () => app.swagger());

  if (deps.serveWeb ?? true) await registerWeb(app, config.webDistDir);

  await app.ready();
  return { app, services, metrics };
}

/**
 * Shapes each route's entry in the OpenAPI document (the route itself is untouched): public routes need no
 * credentials, text bodies (TextBody) are listed under their own media type, a body the route reads itself
 * (DocumentedBody: ingest's stream) is described per media type with its named schemas, and a response without a
 * description gets the HTTP reason phrase instead of "Default Response".
 */
const describeRoute: SwaggerTransform = ({ schema, url, route, ...document }) => {
  if (!schema) return { schema, url };
  const described: Record<string, unknown> = { ...schema };
  if (route.config?.access === 'public') described.security = [];
  if ('openapiObject' in document) {
    const components = (document.openapiObject.components ??= {}) as { schemas?: Record<string, unknown> };
    const body = documentedBody(schema.body, (components.schemas ??= {}));
    if (body) described.body = body;
  }
  if (schema.response) {
    const response: Record<string, unknown> = {};
    for (const [status, body] of Object.entries(schema.response as Record<string, Record<string, unknown>>)) {
      const { [MEDIA_TYPE_KEYWORD]: mediaType, description, ...rest } = body;
      if (typeof mediaType === 'string') response[status] = { description, content: { [mediaType]: { schema: rest } } };
      else response[status] = description === undefined ? { ...body, 'x-response-description': STATUS_CODES[status] ?? status } : body;
    }
    described.response = response;
  }
  return { url, schema: described };
};
