import type { KeyObject } from 'node:crypto';
import { errorResponses } from '../../http/schemas.ts';
import type { App } from '../../http/types.ts';
import { AuditPage, AuditQuery, VerifyResponse } from './audit.schemas.ts';
import type { AuditLog } from './audit.service.ts';

const tags = ['audit'];

export function auditRoutes(app: App, deps: { audit: AuditLog; trustedKeys: ReadonlyMap<string, KeyObject> }) {
  const { audit, trustedKeys } = deps;

  app.get('/api/v1/audit', {
    config: { access: 'audit:read' },
    schema: { tags, summary: 'Search the audit log, newest first', querystring: AuditQuery, response: { 200: AuditPage, ...errorResponses } },
    handler: async (request) => {
      const { cursor, limit = 50, from, to, ...filter } = request.query;
      return audit.search({ ...filter, from: from === undefined ? undefined : Date.parse(from), to: to === undefined ? undefined : Date.parse(to) }, { cursor, limit });
    },
  });

  app.post('/api/v1/audit/verify', {
    config: { access: 'audit:verify' },
    schema: { tags, summary: 'Verify the hash chain and the signed checkpoints', response: { 200: VerifyResponse, ...errorResponses } },
    handler: async (request) => {
      const report = await audit.verify(trustedKeys);
      // Verifying changes nothing, but who checked the log and what they found is itself worth a record.
      await audit.record(request.ctx, {
        action: 'audit.verify',
        after: { ok: report.ok, recordsChecked: report.recordsChecked, problems: report.problems.length, firstProblem: report.problems[0] ?? null },
      });
      return report;
    },
  });
}
