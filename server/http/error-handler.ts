import type { FastifyError, FastifyInstance } from 'fastify';
import { DomainError } from '../errors.ts';

interface ValidationIssue {
  instancePath?: string;
  keyword?: string;
  params?: Record<string, unknown>;
  message?: string;
}

/** Ajv's params that a person can read (limit, format, allowedValues…), as text or numbers; the rest left out. */
function readableParams(params: Record<string, unknown> | undefined): Record<string, string | number> | undefined {
  if (!params) return undefined;
  const out: Record<string, string | number> = {};
  for (const [key, value] of Object.entries(params)) {
    if (typeof value === 'string' || typeof value === 'number') out[key] = value;
    else if (Array.isArray(value) && value.every((v) => typeof v === 'string' || typeof v === 'number')) out[key] = value.join(', ');
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

/** "body/password", "querystring/limit"… from Ajv's instancePath and the part of the request it validated. */
function fieldOf(issue: ValidationIssue, context: string | undefined): string {
  const missing = issue.params?.missingProperty;
  const path = `${issue.instancePath ?? ''}${typeof missing === 'string' ? `/${missing}` : ''}`.replace(/^\//, '').replace(/\//g, '.');
  return [context, path].filter(Boolean).join('.') || (context ?? 'request');
}

const FASTIFY_CODES: Record<string, { status: number; code: string; message: string }> = {
  FST_ERR_CTP_BODY_TOO_LARGE: { status: 413, code: 'PAYLOAD_TOO_LARGE', message: 'The request body is too large' },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: { status: 415, code: 'UNSUPPORTED_MEDIA_TYPE', message: 'Unsupported Content-Type' },
  FST_ERR_CTP_EMPTY_JSON_BODY: { status: 400, code: 'INVALID_JSON', message: 'The JSON body is empty' },
  FST_ERR_CTP_INVALID_JSON_BODY: { status: 400, code: 'INVALID_JSON', message: 'The body is not valid JSON' },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: { status: 400, code: 'INVALID_CONTENT_LENGTH', message: 'Content-Length does not match the body' },
  FST_ERR_CTP_INVALID_TYPE: { status: 400, code: 'INVALID_CONTENT_TYPE', message: 'Invalid Content-Type' },
  // zlib, from a gzip-encoded body
  Z_DATA_ERROR: { status: 400, code: 'INVALID_GZIP', message: 'The gzip body is corrupt' },
  Z_BUF_ERROR: { status: 400, code: 'INVALID_GZIP', message: 'The gzip body is truncated' },
};

/**
 * The one place errors become HTTP (SPEC §5.2). Domain errors keep their status and code; validation names the
 * field; anything unexpected is a 500 that shows nothing of its internals but the request id to quote.
 */
export function registerErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const requestId = request.id;
    if (error instanceof DomainError) {
      if (error.headers) void reply.headers(error.headers);
      return reply.status(error.status).send({ error: { code: error.code, message: error.message, details: error.details, requestId } });
    }
    if (error.validation) {
      // The same shape as the domain's field problems (field-problems.ts): Ajv's keyword is the code.
      const details = (error.validation as ValidationIssue[]).map((issue) => {
        const params = readableParams(issue.params);
        return { field: fieldOf(issue, error.validationContext), code: issue.keyword ?? 'invalid', ...(params && { params }), message: issue.message ?? 'invalid' };
      });
      const message = `Invalid request: ${details.map((d) => `${d.field} ${d.message}`).join('; ')}`;
      return reply.status(400).send({ error: { code: 'VALIDATION_FAILED', message, details, requestId } });
    }
    const known = error.code ? FASTIFY_CODES[error.code] : undefined;
    if (known) return reply.status(known.status).send({ error: { code: known.code, message: known.message, requestId } });
    if (error instanceof SyntaxError || error.code === 'FST_ERR_CTP_INVALID_JSON_BODY') {
      return reply.status(400).send({ error: { code: 'INVALID_JSON', message: 'The body is not valid JSON', requestId } });
    }
    const status = error.statusCode ?? 500;
    if (status === 429) {
      return reply.status(429).send({ error: { code: 'RATE_LIMITED', message: 'Too many requests: slow down', requestId } });
    }
    if (status >= 400 && status < 500) {
      return reply.status(status).send({ error: { code: error.code ?? 'BAD_REQUEST', message: error.message, requestId } });
    }
    request.log.error({ err: error }, 'unhandled error');
    return reply.status(500).send({ error: { code: 'INTERNAL', message: 'Something went wrong on our side; quote the request id when you report it', requestId } });
  });

  app.setNotFoundHandler((request, reply) => {
    return reply.status(404).send({ error: { code: 'NOT_FOUND', message: `No route ${request.method} ${request.url.split('?')[0]}`, requestId: request.id } });
  });
}
