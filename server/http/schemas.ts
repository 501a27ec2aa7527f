import { Type, type TProperties, type TSchema } from '@sinclair/typebox';

/** SPEC §5.2: every error has this shape. */
export const ErrorResponse = Type.Object(
  {
    error: Type.Object({
      code: Type.String({ description: 'stable, machine-readable' }),
      message: Type.String({ description: 'for people' }),
      details: Type.Optional(Type.Unknown()),
      requestId: Type.Optional(Type.String()),
    }),
  },
  { $id: 'ErrorResponse' },
);

/** A string from a fixed list, as a plain JSON-schema enum (one readable error instead of one per alternative). */
export const StringEnum = <T extends string>(values: readonly T[], options: { description?: string } = {}) =>
  Type.Unsafe<T>({ type: 'string', enum: [...values], ...options });

export const Ok = Type.Object({ ok: Type.Literal(true) });

export const IdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) });

export const Limit = Type.Integer({ minimum: 1, maximum: 200, default: 50 });
export const Cursor = Type.String({ maxLength: 200, description: 'nextCursor of the previous page' });

/**
 * The query string of every list: its own filters, then the page (cursor and limit), so every list pages alike and
 * refuses the same bad pages (an out-of-range or infinite limit: validation.ts).
 */
export const ListQuery = <T extends TProperties = Record<never, never>>(filters?: T) =>
  Type.Object({ ...(filters as T), cursor: Type.Optional(Cursor), limit: Type.Optional(Limit) });

/** A page of a list: SPEC §5.2 asks for cursor pagination, never an unbounded list. */
export const Page = <T extends TSchema>(item: T) => Type.Object({ items: Type.Array(item), nextCursor: Type.Union([Type.String(), Type.Null()]) });

export const IsoDateTime = Type.String({ format: 'date-time' });
export const NullableIsoDateTime = Type.Union([IsoDateTime, Type.Null()]);

/** The error responses every authenticated route may give, for the OpenAPI document (the description is the response's). */
const errorResponse = (description: string) => Type.Ref(ErrorResponse, { description });
export const errorResponses = {
  400: errorResponse('Invalid request: VALIDATION_FAILED (details name each field), INVALID_JSON, or a domain code'),
  401: errorResponse('Not signed in: UNAUTHENTICATED (no or expired session), INVALID_TOKEN, INVALID_CREDENTIALS'),
  403: errorResponse('Not allowed: FORBIDDEN (details name the permission) or CSRF_INVALID (X-CSRF-Token missing on a write)'),
  404: errorResponse('NOT_FOUND'),
  409: errorResponse('Conflict with the current state: CONFLICT or a domain code'),
  413: errorResponse('PAYLOAD_TOO_LARGE'),
  429: errorResponse('RATE_LIMITED: slow down (Retry-After says for how long)'),
} as const;

/** The JSON-schema keyword naming the media type of a response body that is not JSON; the OpenAPI transform reads it. */
export const MEDIA_TYPE_KEYWORD = 'x-media-type';

/**
 * A response body that is text, not JSON (a CSV export, Prometheus metrics). The route sets its own Content-Type;
 * this only makes the OpenAPI document list the body under that media type instead of application/json.
 */
export const TextBody = (mediaType: string, description: string) => Type.String({ description, [MEDIA_TYPE_KEYWORD]: mediaType });
