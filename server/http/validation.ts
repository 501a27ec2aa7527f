import { Ajv, type Options } from 'ajv';
import addFormats from 'ajv-formats';
import type { FastifySchemaCompiler } from 'fastify';
import { PERSONAL_KEYWORD } from '../modules/personal/personal.schemas.ts';

/**
 * Request validation. Query strings, params and headers arrive as text, so they are coerced ("50" → 50); bodies are
 * JSON and must carry the right types, so `{ "code": 42 }` for a string is a 400 naming the field, not a silent "42".
 * Unknown body fields are dropped. Every problem is reported at once (bodies are capped by bodyLimit and every array
 * schema has a maxItems, which keeps allErrors cheap).
 */
export function createValidatorCompiler(): FastifySchemaCompiler<unknown> {
  const make = (coerceTypes: Options['coerceTypes']) => {
    const ajv = new Ajv({ coerceTypes, useDefaults: true, removeAdditional: true, allErrors: true, addUsedSchema: false });
    addFormats.default(ajv);
    ajv.addKeyword(PERSONAL_KEYWORD);
    return ajv;
  };
  const strict = make(false);
  const coercing = make('array');
  return ({ schema, httpPart }) => (httpPart === 'body' ? strict : coercing).compile(schema as object);
}
