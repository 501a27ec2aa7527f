import { Type } from '@sinclair/typebox';
import { sql } from 'kysely';
import type { Db } from '../../db/database.ts';
import { pendingMigrations } from '../../db/migrator.ts';
import type { Metrics } from '../../http/metrics.ts';
import { TextBody } from '../../http/schemas.ts';
import type { App } from '../../http/types.ts';

const tags = ['system'];

const Health = Type.Object({ status: Type.String() });
const Ready = Type.Object({
  status: Type.Union([Type.Literal('ready'), Type.Literal('not_ready')]),
  database: Type.String(),
  pendingMigrations: Type.Array(Type.String()),
  problem: Type.Optional(Type.String()),
});

export function systemRoutes(app: App, deps: { db: Db; metrics: Metrics }) {
  const { db, metrics } = deps;

  app.get('/healthz', {
    config: { access: 'public', rateLimit: false },
    schema: { tags, summary: 'Liveness: the process answers', response: { 200: Health } },
    handler: async () => ({ status: 'ok' }),
  });

  app.get('/readyz', {
    config: { access: 'public', rateLimit: false },
    schema: { tags, summary: 'Readiness: the database answers and every migration has run', response: { 200: Ready, 503: Ready } },
    handler: async (_request, reply) => {
      try {
        await sql`select 1`.execute(db.kysely);
        const pending = await pendingMigrations(db);
        if (pending.length > 0) return reply.status(503).send({ status: 'not_ready', database: db.dialect, pendingMigrations: pending, problem: 'migrations pending' });
        return { status: 'ready' as const, database: db.dialect, pendingMigrations: [] };
      } catch {
        return reply.status(503).send({ status: 'not_ready', database: db.dialect, pendingMigrations: [], problem: 'database unreachable' });
      }
    },
  });

  app.get('/metrics', {
    config: { access: 'public', rateLimit: false },
    schema: { tags, summary: 'Prometheus metrics', response: { 200: TextBody('text/plain', 'Prometheus text exposition format') } },
    handler: async (_request, reply) => {
      void reply.header('content-type', metrics.registry.contentType);
      return metrics.registry.metrics();
    },
  });
}
