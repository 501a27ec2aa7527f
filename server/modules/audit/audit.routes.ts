import type { KeyObject } from 'node:crypto';
import { toIso } from '../../clock.ts';
import { fromJsonText } from '../../db/types.ts';
import { InvalidError } from '../../errors.ts';
import { errorResponses } from '../../http/schemas.ts';
import type { App } from '../../http/types.ts';
import { AuditPage, AuditQuery, VerifyResponse } from './audit.schemas.ts';
import type { AuditLog } from './audit.service.ts';
import type { AuditLogTable } from './audit.tables.ts';

const tags = ['audit'];

const toView = (r: AuditLogTable) => ({
  seq: r.seq,
  ts: toIso(r.ts),
  actorId: r.actor_id,
  actorName: r.actor_name,
  actorRoles: fromJsonText<string[]>(r.actor_roles),
  ip: r.ip,
  action: r.action,
  targetType: r.target_type,
  targetId: r.target_id,
  before: r.before === null ? null : fromJsonText<unknown>(r.before),
  after: r.after === null ? null : fromJsonText<unknown>(r.after),
  reason: r.reason,
  requestId: r.request_id,
  hash: r.hash,
  prevHash: r.prev_hash,
});

function cursorSeq(cursor: string | undefined): number | undefined {
  if (cursor === undefined) return undefined;
  if (!/^\d{1,15}$/.test(cursor)) throw new InvalidError('Invalid cursor', [{ field: 'querystring.cursor', message: 'not a cursor from this list' }], 'VALIDATION_FAILED');
  return Number(cursor);
}

export function auditRoutes(app: App, deps: { audit: AuditLog; trustedKeys: ReadonlyMap<string, KeyObject> }) {
  const { audit, trustedKeys } = deps;

  app.get('/api/v1/audit', {
    config: { access: 'audit:read' },
    schema: { tags, summary: 'Search the audit log, newest first', querystring: AuditQuery, response: { 200: AuditPage, ...errorResponses } },
    handler: async (request) => {
      const { cursor, limit = 50, from, to, ...filter } = request.query;
      const rows = await audit.search(
        { ...filter, beforeSeq: cursorSeq(cursor), from: from === undefined ? undefined : Date.parse(from), to: to === undefined ? undefined : Date.parse(to) },
        limit + 1,
      );
      const page = rows.slice(0, limit);
      return { items: page.map(toView), nextCursor: rows.length > limit ? String(page[page.length - 1]!.seq) : null };
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
