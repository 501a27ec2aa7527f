import { _, Ajv, type KeywordCxt, type Options } from 'ajv';
import addFormats from 'ajv-formats';
import type { FastifySchemaCompiler } from 'fastify';
import { PERSONAL_KEYWORD } from '../modules/personal/index.ts';

/**
 * Request validation. Query strings, params and headers arrive as text, so they are coerced ("50" → 50); bodies are
 * JSON and must carry the right types, so `{ "code": 42 }` for a string is a 400 naming the field, not a silent "42".
 * Unknown body fields are dropped. Every problem is reported at once (bodies are capped by bodyLimit and every array
 * schema has a maxItems, which keeps allErrors cheap).
 *
 * On top of what each schema says, every declared value must be one both databases can store (storableSchema): no
 * NUL character in any text (PostgreSQL refuses it with error 22021, which would otherwise surface as a 500) and no
 * infinite number (Ajv coerces "Infinity", "-Infinity" and "1e309" in a query string to an infinite number and then
 * skips every numeric check, maximum included, so `?limit=Infinity` reached the database).
 */
export function createValidatorCompiler(): FastifySchemaCompiler<unknown> {
  const make = (coerceTypes: Options['coerceTypes']) => {
    const ajv = new Ajv({ coerceTypes, useDefaults: true, removeAdditional: true, allErrors: true, addUsedSchema: false, discriminator: true });
    addFormats.default(ajv);
    ajv.addKeyword(PERSONAL_KEYWORD);
    ajv.addKeyword(NUL_KEYWORD);
    ajv.addKeyword(FINITE_KEYWORD);
    return ajv;
  };
  const strict = make(false);
  const coercing = make('array');
  return ({ schema, httpPart }) => (httpPart === 'body' ? strict : coercing).compile(storableSchema(schema) as object);
}

/** Refuses text holding U+0000. Untyped, so it also sees a value coerced from the query string or the path. */
const NUL_KEYWORD = {
  keyword: 'nulCharacter',
  schemaType: 'boolean',
  error: { message: 'must not contain the NUL character (U+0000)' },
  code(cxt: KeywordCxt) {
    const { data } = cxt;
    // Text, and the names of an object's fields (a Record's keys are stored too).
    cxt.fail(_`(typeof ${data} == "string" && ${data}.includes("\\u0000")) || (${data} && typeof ${data} == "object" && !Array.isArray(${data}) && Object.keys(${data}).some((k) => k.includes("\\u0000")))`);
  },
} as const;

/**
 * Refuses Infinity and -Infinity. Untyped on purpose: Ajv runs the typed numeric keywords (minimum, maximum) only on a
 * value that is already a finite number, while untyped ones see every value after coercion.
 */
const FINITE_KEYWORD = {
  keyword: 'finiteNumber',
  schemaType: 'boolean',
  error: { message: 'must be a finite number' },
  code(cxt: KeywordCxt) {
    const { data } = cxt;
    cxt.fail(_`typeof ${data} == "number" && !isFinite(${data})`);
  },
} as const;

/** Keywords whose value is a schema, a list of schemas, or a map of schemas: where storableSchema looks for more. */
const SUBSCHEMA = ['additionalProperties', 'items', 'additionalItems', 'contains', 'not', 'if', 'then', 'else', 'propertyNames', 'unevaluatedProperties', 'unevaluatedItems'];
const SUBSCHEMA_LISTS = ['anyOf', 'oneOf', 'allOf', 'prefixItems', 'items'];
const SUBSCHEMA_MAPS = ['properties', 'patternProperties', 'dependentSchemas', '$defs', 'definitions'];

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * A copy of a request schema in which every text, object and number it declares also checks that the value can be
 * stored (the keywords above). The route's own schema object is left untouched: the OpenAPI document and the
 * response serialiser read it too. Loosely declared parts (Type.Unknown) are the route's own business: the ingest
 * transports, for instance, validate each envelope themselves and refuse the bad ones one by one.
 */
export function storableSchema(schema: unknown): unknown {
  if (!isObject(schema)) return schema;
  const copy: Record<string, unknown> = { ...schema };
  for (const key of SUBSCHEMA) if (isObject(copy[key])) copy[key] = storableSchema(copy[key]);
  for (const key of SUBSCHEMA_LISTS) if (Array.isArray(copy[key])) copy[key] = (copy[key] as unknown[]).map(storableSchema);
  for (const key of SUBSCHEMA_MAPS) {
    if (isObject(copy[key])) copy[key] = Object.fromEntries(Object.entries(copy[key]).map(([name, sub]) => [name, storableSchema(sub)]));
  }
  const types = [copy.type].flat();
  if (types.includes('string') || types.includes('object')) copy[NUL_KEYWORD.keyword] = true;
  if (types.includes('number') || types.includes('integer')) copy[FINITE_KEYWORD.keyword] = true;
  return copy;
}
