import { Type } from '@sinclair/typebox';

export const ItemResultSchema = Type.Object({
  index: Type.Integer(),
  id: Type.Union([Type.String(), Type.Null()]),
  status: Type.Union([Type.Literal('accepted'), Type.Literal('duplicate'), Type.Literal('rejected')]),
  error: Type.Optional(Type.Object({ code: Type.String(), message: Type.String(), field: Type.Optional(Type.String()) })),
});

export const IngestResponse = Type.Object({
  received: Type.Integer(),
  accepted: Type.Integer(),
  duplicates: Type.Integer(),
  rejected: Type.Integer(),
  results: Type.Array(ItemResultSchema, { description: 'one per item in order; with ?results=errors only the items not accepted' }),
});

export const IngestQuery = Type.Object({
  results: Type.Optional(Type.Union([Type.Literal('all'), Type.Literal('errors')], { default: 'all' })),
});

/** The body is parsed by the route's own content-type parsers (JSON array or object, NDJSON), so it is declared loosely. */
export const IngestBody = Type.Unknown({ description: 'a JSON array of envelopes (SPEC §5.3), one envelope, or NDJSON; gzip accepted' });
