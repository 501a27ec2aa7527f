import type { FastifyInstance } from 'fastify';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/**
 * One registry per app instance (tests build several apps in one process). `jobsByStatus` is read from the database
 * when scraped, so every node reports the shared queue.
 */
export function createMetrics(jobsByStatus: () => Promise<Record<string, number>>) {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'opsdesk_' });
  return {
    registry,
    httpDuration: new Histogram({
      name: 'opsdesk_http_request_duration_seconds',
      help: 'HTTP request latency by route and status',
      labelNames: ['method', 'route', 'status'] as const,
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [registry],
    }),
    auditRecords: new Counter({ name: 'opsdesk_audit_records_total', help: 'Audit records appended', labelNames: ['action'] as const, registers: [registry] }),
    auditGaps: new Counter({
      name: 'opsdesk_audit_unrecorded_writes_total',
      help: 'Successful state-changing requests that did not write exactly one audit record (should stay 0)',
      labelNames: ['route'] as const,
      registers: [registry],
    }),
    jobs: new Counter({ name: 'opsdesk_jobs_total', help: 'Jobs run on this node by outcome', labelNames: ['name', 'outcome'] as const, registers: [registry] }),
    ingested: new Counter({
      name: 'opsdesk_ingest_items_total',
      help: 'Telemetry items by transport and outcome',
      labelNames: ['source', 'outcome'] as const,
      registers: [registry],
    }),
    jobQueue: new Gauge({
      name: 'opsdesk_jobs',
      help: 'Jobs in the shared queue by status',
      labelNames: ['status'] as const,
      registers: [registry],
      async collect() {
        const counts = await jobsByStatus();
        for (const status of ['queued', 'running', 'done', 'failed']) this.set({ status }, counts[status] ?? 0);
      },
    }),
  };
}

export type Metrics = ReturnType<typeof createMetrics>;

/** Counts one ingested batch by outcome. */
export function recordIngest(metrics: Metrics, source: string, counts: { accepted: number; duplicates: number; rejected: number }): void {
  if (counts.accepted) metrics.ingested.inc({ source, outcome: 'accepted' }, counts.accepted);
  if (counts.duplicates) metrics.ingested.inc({ source, outcome: 'duplicate' }, counts.duplicates);
  if (counts.rejected) metrics.ingested.inc({ source, outcome: 'rejected' }, counts.rejected);
}

export function registerHttpMetrics(app: FastifyInstance, metrics: Metrics): void {
  app.addHook('onResponse', async (request, reply) => {
    metrics.httpDuration.observe(
      { method: request.method, route: request.routeOptions.url ?? 'unmatched', status: String(reply.statusCode) },
      reply.elapsedTime / 1000,
    );
  });
}
