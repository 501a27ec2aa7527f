import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { TSchema } from '@sinclair/typebox';
import { ForbiddenError, InvalidError } from '../errors.ts';
import { requirePermission } from '../modules/auth/index.ts';
import type { AuditLog } from '../modules/audit/index.ts';
import { compileMasker } from '../modules/personal/index.ts';

export const UNMASK_HEADER = 'x-opsdesk-unmask-reason';

function responseSchema(request: FastifyRequest, status: number): TSchema | undefined {
  const responses = request.routeOptions.schema?.response as Record<string, TSchema> | undefined;
  return responses?.[status] ?? responses?.[String(status)] ?? responses?.[`${String(status)[0]}xx`];
}

/**
 * Personal fields are masked on the way out by the response schema (fields marked with PersonalString). A caller
 * holding personal:unmask may ask for them whole on a read by giving a reason in X-Opsdesk-Unmask-Reason; that
 * leaves one audit record naming the route, its parameters and the reason.
 */
export function registerMasking(app: FastifyInstance, audit: AuditLog): void {
  app.addHook('preHandler', async (request) => {
    const raw = request.headers[UNMASK_HEADER];
    if (raw === undefined) return;
    if (request.method !== 'GET') throw new InvalidError(`${UNMASK_HEADER} is only accepted on reads`, undefined, 'UNMASK_NOT_ALLOWED_HERE');
    if (request.ctx.actor.userId === null) throw new ForbiddenError('Sign in to unmask personal data');
    requirePermission(request.ctx.actor, 'personal:unmask');
    let reason: string;
    try {
      reason = decodeURIComponent(String(raw)).trim();
    } catch {
      throw new InvalidError(`${UNMASK_HEADER} must be URI-encoded text`, undefined, 'UNMASK_REASON_INVALID');
    }
    if (reason.length < 2 || reason.length > 200) throw new InvalidError('Give a reason of 2 to 200 characters for unmasking', undefined, 'UNMASK_REASON_INVALID');
    await audit.record(request.ctx, {
      action: 'personal.unmask',
      targetType: request.routeOptions.url ?? request.url,
      targetId: (request.params as Record<string, string> | undefined)?.id ?? null,
      reason,
      after: { query: request.query ?? null },
    });
    request.unmasked = true;
  });

  app.addHook('preSerialization', async (request, reply, payload) => maskForResponse(request, reply.statusCode, payload));
}

/** The payload as the route's response schema masks it for this caller: what goes out, also for an answer serialized ahead. */
export function maskForResponse(request: FastifyRequest, statusCode: number, payload: unknown): unknown {
  if (request.unmasked) return payload;
  const masker = compileMasker(responseSchema(request, statusCode));
  return masker ? masker(payload) : payload;
}
