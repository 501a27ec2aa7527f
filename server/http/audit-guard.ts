import type { FastifyInstance } from 'fastify';
import type { AuditLogTable } from '../modules/audit/index.ts';
import type { Metrics } from './metrics.ts';

const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Every successful state-changing request must leave exactly one audit record (SPEC C9.1). Services write it; this
 * guard counts what they wrote per request id and reports any request that wrote none or several, so a forgotten
 * record shows up in the logs and in /metrics rather than in an auditor's finding.
 */
export function createAuditGuard(metrics: Metrics) {
  const counts = new Map<string, number>();
  return {
    onAppend(row: AuditLogTable): void {
      metrics.auditRecords.inc({ action: row.action });
      if (row.request_id) counts.set(row.request_id, (counts.get(row.request_id) ?? 0) + 1);
    },
    register(app: FastifyInstance): void {
      app.addHook('onResponse', async (request, reply) => {
        const written = counts.get(request.id) ?? 0;
        counts.delete(request.id);
        if (!WRITES.has(request.method) || reply.statusCode >= 400 || !request.routeOptions.url?.startsWith('/api/')) return;
        if (request.routeOptions.config?.auditExempt) return;
        if (written !== 1) {
          const route = `${request.method} ${request.routeOptions.url}`;
          metrics.auditGaps.inc({ route });
          request.log.error({ route, written }, 'a state-changing request did not write exactly one audit record');
        }
      });
    },
  };
}
