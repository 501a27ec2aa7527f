import { Type, type TSchema } from '@sinclair/typebox';

/**
 * Where a body schema keeps its OpenAPI description: a symbol key, as TypeBox keeps its own, so that the validator
 * (and its search for `$id`s) never sees it; the OpenAPI transform (app.ts) reads it.
 */
export const DOCUMENTED_BODY = Symbol.for('opsdesk.documentedBody');

const COMPONENTS = '#/components/schemas/';

/**
 * The body of a route that reads its body itself (ingest parses a stream item by item, counting against its limits as
 * the bytes come, and validates each item on its own): Fastify must neither validate nor buffer it, so the route's
 * schema accepts anything, and the body is described for the OpenAPI document alone — one schema per media type.
 * Schemas in it with an `$id` become named components.
 */
export const DocumentedBody = (description: string, content: Record<string, TSchema>) =>
  Type.Unknown({
    description,
    [DOCUMENTED_BODY]: { description, required: true, content: Object.fromEntries(Object.entries(content).map(([mediaType, schema]) => [mediaType, { schema }])) },
  });

/** Plain JSON of a schema (TypeBox's symbol keys dropped), each nested schema with an `$id` replaced by a reference. */
function hoist(value: unknown, components: Record<string, unknown>, root: boolean): unknown {
  if (Array.isArray(value)) return value.map((v) => hoist(v, components, false));
  if (typeof value !== 'object' || value === null) return value;
  const { $id, ...rest } = value as Record<string, unknown>;
  const plain = Object.fromEntries(Object.entries(rest).map(([key, v]) => [key, hoist(v, components, false)]));
  if (typeof $id !== 'string' || root) return plain;
  const known = components[$id];
  if (known !== undefined && JSON.stringify(known) !== JSON.stringify(plain)) throw new Error(`two different schemas are named ${$id}`);
  components[$id] = plain;
  return { $ref: `${COMPONENTS}${$id}` };
}

/**
 * The OpenAPI request body a route declared with DocumentedBody, or undefined for any other body. Its named schemas
 * are added to `components` (the document's components.schemas) and referred to from the body.
 */
export function documentedBody(body: unknown, components: Record<string, unknown>): Record<string, unknown> | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const documented = (body as Record<symbol, unknown>)[DOCUMENTED_BODY];
  if (documented === undefined) return undefined;
  return hoist(documented, components, true) as Record<string, unknown>;
}
