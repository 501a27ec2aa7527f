import { Type, type TSchema } from '@sinclair/typebox';

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

export const Ok = Type.Object({ ok: Type.Literal(true) });

export const IdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) });

export const Limit = Type.Integer({ minimum: 1, maximum: 200, default: 50 });
export const Cursor = Type.String({ maxLength: 200, description: 'nextCursor of the previous page' });

/** A page of a list: SPEC §5.2 asks for cursor pagination, never an unbounded list. */
export const Page = <T extends TSchema>(item: T) => Type.Object({ items: Type.Array(item), nextCursor: Type.Union([Type.String(), Type.Null()]) });

export const IsoDateTime = Type.String({ format: 'date-time' });
export const NullableIsoDateTime = Type.Union([IsoDateTime, Type.Null()]);

/** The error responses every authenticated route may give, for the OpenAPI document. */
export const errorResponses = {
  400: Type.Ref(ErrorResponse),
  401: Type.Ref(ErrorResponse),
  403: Type.Ref(ErrorResponse),
  404: Type.Ref(ErrorResponse),
  409: Type.Ref(ErrorResponse),
  413: Type.Ref(ErrorResponse),
  429: Type.Ref(ErrorResponse),
} as const;
