import fs from 'node:fs';
import path from 'node:path';
import { Type, type TSchema } from '@sinclair/typebox';
import Fastify from 'fastify';
import { beforeAll, describe, expect, it } from 'vitest';
import { fieldProblem, PROBLEM_CODES, problemParamNames } from './field-problems.ts';
import { registerErrorHandler } from './http/error-handler.ts';
import { createValidatorCompiler } from './http/validation.ts';

const catalog = (name: string) => JSON.parse(fs.readFileSync(path.resolve(import.meta.dirname, `../web/src/i18n/${name}.json`), 'utf8')) as { problem: Record<string, string> };

/**
 * One refusal for each Ajv keyword whose code the console words (`problem.<keyword>`), as a body field or a query
 * parameter with a value that breaks it. Sent through the server's own validator compiler and error handler, so the
 * values seen are those a browser receives. A keyword the validation never reports (additionalProperties: unknown
 * fields are dropped) has no place here, nor a translation.
 */
const AJV_REFUSALS: Record<string, { schema: TSchema; value: unknown; in?: 'query' }> = {
  required: { schema: Type.Object({ x: Type.String() }), value: {} },
  minLength: { schema: Type.String({ minLength: 2 }), value: 'a' },
  maxLength: { schema: Type.String({ maxLength: 1 }), value: 'ab' },
  pattern: { schema: Type.String({ pattern: '^a$' }), value: 'b' },
  format: { schema: Type.String({ format: 'date-time' }), value: 'soon' },
  type: { schema: Type.Integer(), value: 'x' },
  minimum: { schema: Type.Integer({ minimum: 1 }), value: 0 },
  maximum: { schema: Type.Integer({ maximum: 1 }), value: 2 },
  minItems: { schema: Type.Array(Type.String(), { minItems: 1 }), value: [] },
  maxItems: { schema: Type.Array(Type.String(), { maxItems: 0 }), value: ['a'] },
  enum: { schema: Type.Unsafe({ type: 'string', enum: ['a', 'b'] }), value: 'c' },
  const: { schema: Type.Literal('a'), value: 'b' },
  uniqueItems: { schema: Type.Array(Type.String(), { uniqueItems: true }), value: ['a', 'a'] },
  discriminator: {
    schema: Type.Unsafe({ type: 'object', required: ['kind'], oneOf: [Type.Object({ kind: Type.Literal('a') })], discriminator: { propertyName: 'kind' } }),
    value: { kind: 'z' },
  },
  nulCharacter: { schema: Type.String(), value: 'a\u0000b' },
  finiteNumber: { schema: Type.Number(), value: 'Infinity', in: 'query' },
};

/** code → the names of the values the server sends with it, once per place that sends it (Ajv, a domain check). */
const senders = new Map<string, { who: string; params: string[] }[]>();
const sentBy = (code: string, who: string, params: readonly string[]) => senders.set(code, [...(senders.get(code) ?? []), { who, params: [...params] }]);

beforeAll(async () => {
  for (const code of PROBLEM_CODES) sentBy(code, 'field-problems.ts', problemParamNames(code));
  const app = Fastify();
  app.setValidatorCompiler(createValidatorCompiler());
  registerErrorHandler(app);
  const inBody = Object.entries(AJV_REFUSALS).filter(([, r]) => r.in !== 'query');
  const inQuery = Object.entries(AJV_REFUSALS).filter(([, r]) => r.in === 'query');
  app.post('/body', { schema: { body: Type.Object(Object.fromEntries(inBody.map(([k, r]) => [k, r.schema]))) } }, async () => ({}));
  app.get('/query', { schema: { querystring: Type.Partial(Type.Object(Object.fromEntries(inQuery.map(([k, r]) => [k, r.schema])))) } }, async () => ({}));
  const seen: { field: string; code: string; params?: Record<string, unknown> }[] = [];
  seen.push(...(await app.inject({ method: 'POST', url: '/body', payload: Object.fromEntries(inBody.map(([k, r]) => [k, r.value])) })).json().error.details);
  for (const [k, r] of inQuery) seen.push(...(await app.inject({ method: 'GET', url: `/query?${k}=${encodeURIComponent(String(r.value))}` })).json().error.details);
  await app.close();
  for (const keyword of Object.keys(AJV_REFUSALS)) {
    const found = seen.find((p) => p.code === keyword);
    expect(found, `the validation never reported ${keyword}: ${JSON.stringify(seen)}`).toBeDefined();
    sentBy(keyword, 'request validation (Ajv)', Object.keys(found!.params ?? {}));
  }
});

describe('field problems', () => {
  it('carry a code, its values and the English sentence', () => {
    expect(fieldProblem('name', 'maxLength', { limit: 100 })).toEqual({ field: 'name', code: 'maxLength', params: { limit: 100 }, message: 'must be at most 100 characters' });
    expect(fieldProblem('code', 'required')).toEqual({ field: 'code', code: 'required', message: 'is required' });
    // @ts-expect-error: upstreamLater is sent with upstream and line, not with row (caught by the typecheck)
    expect(fieldProblem('upstream', 'upstreamLater', { upstream: 'SW-1', row: 7 }).message).toContain('SW-1');
  });

  it.each(['zh-CN', 'en'])('every code the server sends has a translation in the console (%s)', (name) => {
    const problems = catalog(name).problem;
    const missing = PROBLEM_CODES.filter((code) => typeof problems[code] !== 'string');
    expect(missing, `problem.* missing from ${name}.json`).toEqual([]);
  });

  it.each(['zh-CN', 'en'])('every translation (%s) names only values the server sends with that code, wherever it sends it', (name) => {
    const wrong: string[] = [];
    for (const [code, text] of Object.entries(catalog(name).problem)) {
      const from = senders.get(code);
      if (!from) {
        wrong.push(`problem.${code}: the server never sends this code`);
        continue;
      }
      for (const [, placeholder] of text.matchAll(/\{\{\s*(\w+)\s*\}\}/g)) {
        for (const sender of from) {
          if (!sender.params.includes(placeholder!)) wrong.push(`problem.${code} names {{${placeholder}}}, which ${sender.who} does not send (it sends: ${sender.params.join(', ') || 'nothing'})`);
        }
      }
    }
    expect(wrong).toEqual([]);
  });
});
