import { Type } from '@sinclair/typebox';
import { sql } from 'kysely';
import type { Db } from '../../db/database.ts';
import { pendingMigrations } from '../../db/migrator.ts';
import type { Metrics } from '../../http/metrics.ts';
import { TextBody } from '../../http/schemas.ts';
import type { App } from '../../http/types.ts';
import type { IntegrityStatus } from './integrity.ts';

const tags = ['system'];

const Health = Type.Object({ status: Type.String() });
const Ready = Type.Object({
  status: Type.Union([Type.Literal('ready'), Type.Literal('not_ready')]),
  database: Type.String(),
  pendingMigrations: Type.Array(Type.String()),
  integrity: Type.Object(
    {
      status: Type.Union([Type.Literal('ok'), Type.Literal('damaged'), Type.Literal('unchecked')]),
      checkedAt: Type.Union([Type.Integer({ description: 'epoch ms' }), Type.Null()]),
    },
    { description: "The last check that the database can be trusted (SQLite's quick_check, the audit chain since its last signed checkpoint): at start-up, then hourly. What it found is in the server's log." },
  ),
  problem: Type.Optional(Type.String()),
});

export function systemRoutes(app: App, deps: { db: Db; metrics: Metrics; integrity?: IntegrityStatus }) {
  const { db, metrics } = deps;

  app.get('/healthz', {
    config: { access: 'public', rateLimit: false },
    schema: { tags, summary: 'Liveness: the process answers', response: { 200: Health } },
    handler: async () => ({ status: 'ok' }),
  });

  app.get('/readyz', {
    config: { access: 'public', rateLimit: false },
    schema: { tags, summary: 'Readiness: the database answers, every migration has run and its last integrity check passed', response: { 200: Ready, 503: Ready } },
    handler: async (_request, reply) => {
      const last = deps.integrity?.latest() ?? null;
      // Only the outcome: what was found (file names, pages) is for the log, not for anyone who asks.
      const integrity = { status: last?.status ?? ('unchecked' as const), checkedAt: last?.checkedAt ?? null };
      const notReady = (problem: string, pending: string[] = []) => reply.status(503).send({ status: 'not_ready', database: db.dialect, pendingMigrations: pending, integrity, problem });
      try {
        await sql`select 1`.execute(db.kysely);
        const pending = await pendingMigrations(db);
        if (pending.length > 0) return notReady('migrations pending', pending);
        if (integrity.status === 'damaged') return notReady('database damaged');
        return { status: 'ready' as const, database: db.dialect, pendingMigrations: [], integrity };
      } catch {
        return notReady('database unreachable');
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
