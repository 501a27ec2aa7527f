import fastifyCookie from '@fastify/cookie';
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
import { registerSecurityHeaders } from './http/security-headers.ts';
import { registerUnreadBodyDrain } from './http/unread-body.ts';
import { streamRoutes } from './http/stream.ts';
import { IngestRateMessage } from './http/stream.schemas.ts';
import { AlertChangedEvent, DeviceHealthEvent, IncidentChangedEvent, NotifyConsoleEvent, ReconChangedEvent } from './events/index.ts';
import { createMetrics, registerHttpMetrics } from './http/metrics.ts';
import { documentedBody } from './http/documented-body.ts';
import { ErrorResponse, MEDIA_TYPE_KEYWORD } from './http/schemas.ts';
import { createValidatorCompiler } from './http/validation.ts';
import type { App } from './http/types.ts';
import { registerWeb } from './http/web.ts';
import type { RouteContext } from './module.ts';
import { MODULES } from './modules.ts';
import type { AuditSigner } from './modules/audit/index.ts';
import type { IntegrityStatus } from './modules/system/index.ts';
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
    metrics,
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
  // No more timed alerting ticks: the database is about to close.
  app.addHook('onClose', async () => services.alertEvaluator.close());
  // Stops reading domain events and gives the durable consumers' leases up, before the database is closed.
  app.addHook('onClose', () => services.events.stop());
  // The deliverer finishes what it is sending, and the channels let their pooled connections (SMTP) go.
  app.addHook('onClose', () => services.notifyCore.close());
  app.addHook('onSend', async (request, reply) => {
    void reply.header(REQUEST_ID_HEADER, request.id);
  });
  registerErrorHandler(app);
  registerUnreadBodyDrain(app, config.http.bodyLimitBytes);
  app.addSchema(ErrorResponse);

  registerSecurityHeaders(app, { hsts: config.session.cookieSecure });
  await app.register(fastifyCookie);
  if (config.http.rateLimitPerMinute > 0) {
    await app.register(fastifyRateLimit, { global: true, max: config.http.rateLimitPerMinute, timeWindow: '1 minute' });
  }
  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: 'opsdesk API', version: API_VERSION, description: 'Operations desk for one-card, ticketing and payment-kiosk estates. Errors follow { error: { code, message, details } }.' },
      components: {
        // What the live stream sends (GET /api/v1/stream names them under text/event-stream, which @fastify/swagger
        // does not collect), so that the console's types for them come from this document too.
        schemas: { DeviceHealthEvent, AlertChangedEvent, NotifyConsoleEvent, IncidentChangedEvent, ReconChangedEvent, IngestRateMessage },
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: 'opsdesk_session' },
          token: { type: 'http', scheme: 'bearer', description: 'API token (odk_…)' },
        },
      },
      security: [{ session: [] }, { token: [] }],
      tags: [...MODULES.flatMap((m) => m.tags), JOBS_TAG],
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

  const routeContext: RouteContext = { db, config, metrics, ...(deps.integrity && { integrity: deps.integrity }) };
  for (const module of MODULES) module.routes?.(app, services, routeContext);
  streamRoutes(app, { events: services.events, auth: services.auth, limits: config.stream });
  jobsRoutes(app, { jobs: services.jobs });
  app.get('/openapi.json', { config: { access: 'public' }, schema: { hide: true } }, async () => app.swagger());

  if (deps.serveWeb ?? true) await registerWeb(app, config.webDistDir);

  await app.ready();
  return { app, services, metrics };
}

/**
 * A body under its own media type bypasses @fastify/swagger's handling of named schemas: each schema in it with an
 * `$id` (a component: the live stream's messages) is replaced by a reference to it, as a JSON body's would be.
 */
function refsById(schema: unknown, root = true): unknown {
  if (Array.isArray(schema)) return schema.map((s) => refsById(s, false));
  if (typeof schema !== 'object' || schema === null) return schema;
  const { $id, ...rest } = schema as Record<string, unknown>;
  if (!root && typeof $id === 'string') return { $ref: `#/components/schemas/${$id}` };
  return Object.fromEntries(Object.entries(rest).map(([k, v]) => [k, refsById(v, false)]));
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
      if (typeof mediaType === 'string') response[status] = { description, content: { [mediaType]: { schema: refsById(rest) } } };
      else response[status] = description === undefined ? { ...body, 'x-response-description': STATUS_CODES[status] ?? status } : body;
    }
    described.response = response;
  }
  return { url, schema: described };
};

