import fs from 'node:fs';
import { createConfig, lintFromString } from '@redocly/openapi-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_TYPES_FILE, generateApiTypes, OPENAPI_FILE } from '../../scripts/generate-api-types.mjs';
import { createTestApp, type TestApp } from '../testing/app.ts';
import { generateOpenApi } from './openapi.ts';

const STALE = 'is stale: run `npm run openapi` and commit openapi.json and web/src/api/openapi.d.ts';
const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

type Json = Record<string, unknown>;
interface Operation {
  summary?: string;
  tags?: string[];
  security?: unknown[];
  responses?: Record<string, { description?: string; content?: Record<string, { schema?: Json }> }>;
}
interface Document {
  openapi: string;
  tags?: { name: string }[];
  components?: { schemas?: Record<string, unknown> };
  paths: Record<string, Partial<Record<(typeof METHODS)[number], Operation>>>;
}

const readIfExists = (file: string) => (fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '');

function operationsOf(doc: Document): { key: string; path: string; op: Operation }[] {
  return Object.entries(doc.paths).flatMap(([path, item]) =>
    METHODS.filter((m) => item[m]).map((m) => ({ key: `${m.toUpperCase()} ${path}`, path, op: item[m]! })),
  );
}

function refsIn(value: unknown, found: string[] = []): string[] {
  if (Array.isArray(value)) for (const v of value) refsIn(v, found);
  else if (value && typeof value === 'object') {
    for (const [key, v] of Object.entries(value)) {
      if (key === '$ref' && typeof v === 'string') found.push(v);
      else refsIn(v, found);
    }
  }
  return found;
}

/** What the document must satisfy beyond the OpenAPI schema itself; each problem is one readable line. */
function problemsOf(doc: Document): string[] {
  const problems: string[] = [];
  const schemas = doc.components?.schemas ?? {};
  const declaredTags = new Set((doc.tags ?? []).map((t) => t.name));
  if (!('ErrorResponse' in schemas)) problems.push('components.schemas has no ErrorResponse');
  for (const ref of refsIn(doc)) {
    const name = ref.startsWith('#/components/schemas/') ? ref.slice('#/components/schemas/'.length) : null;
    if (name === null || !(name in schemas)) problems.push(`$ref ${ref} does not resolve to components.schemas`);
  }
  for (const { key, path, op } of operationsOf(doc)) {
    if (!op.summary?.trim()) problems.push(`${key} has no summary`);
    if (!op.tags?.length) problems.push(`${key} has no tags`);
    for (const tag of op.tags ?? []) {
      if (!declaredTags.has(tag)) problems.push(`${key}: tag ${tag} is not declared (add it to the swagger tags in server/app.ts)`);
    }
    const responses = Object.entries(op.responses ?? {});
    if (!responses.some(([status]) => /^2\d\d$/.test(status))) problems.push(`${key} declares no 2xx response`);
    for (const [status, response] of responses) {
      if (!response.description || response.description === 'Default Response') problems.push(`${key} ${status} has no description`);
      if (path.startsWith('/api/') && /^[45]\d\d$/.test(status) && response.content?.['application/json']?.schema?.$ref !== '#/components/schemas/ErrorResponse') {
        problems.push(`${key} ${status} is not an ErrorResponse`);
      }
    }
    if (path.startsWith('/api/') && !responses.some(([status]) => status === '401')) problems.push(`${key} does not declare 401`);
  }
  return problems;
}

/**
 * Redocly's linter (what `redocly lint` runs): `struct` checks the OpenAPI 3.1 structure of every object, field and
 * type; the rest of its recommended set checks refs, paths, parameters, security and tags. Off, on purpose: servers
 * (the API is same-origin, and a missing servers list means "/"), a licence (the product is unlicensed), operationIds
 * (not used yet), and a 4xx on the probes (/healthz, /readyz and /metrics answer nothing but 200 or 503).
 */
async function lint(text: string) {
  const config = await createConfig({
    extends: ['recommended'],
    rules: {
      'no-unresolved-refs': 'error',
      'operation-tag-defined': 'error',
      'no-empty-servers': 'off',
      'info-license': 'off',
      'info-license-strict': 'off',
      'operation-operationId': 'off',
      'operation-4xx-response': 'off',
    },
  });
  const problems = await lintFromString({ source: text, absoluteRef: '/openapi.json', config });
  return problems.map((p) => `${p.severity} ${p.ruleId}: ${p.message} at ${p.location[0]?.pointer ?? '?'}`);
}

describe('the OpenAPI document', () => {
  let generated: string;
  let doc: Document;
  beforeAll(async () => {
    generated = await generateOpenApi();
    doc = JSON.parse(generated) as Document;
  });

  it('is generated the same way twice (no ids, times or ordering that change per run)', async () => {
    expect(await generateOpenApi()).toBe(generated);
  });

  it('equals the checked-in openapi.json', () => {
    expect(readIfExists(OPENAPI_FILE), `openapi.json ${STALE}`).toBe(generated);
  });

  it('matches the checked-in console types (web/src/api/openapi.d.ts)', async () => {
    const expected = await generateApiTypes(readIfExists(OPENAPI_FILE) || generated);
    expect(readIfExists(API_TYPES_FILE), `web/src/api/openapi.d.ts ${STALE}`).toBe(expected);
  });

  it('is valid OpenAPI 3.1', async () => {
    expect(doc.openapi).toBe('3.1.0');
    expect(await lint(generated)).toEqual([]);
  });

  it('gives every operation a summary, declared tags, described responses, and errors as ErrorResponse', () => {
    expect(problemsOf(doc)).toEqual([]);
    expect(operationsOf(doc).length).toBeGreaterThan(20);
  });

  it('the checks above catch a broken document', async () => {
    const broken = structuredClone(doc);
    const users = broken.paths['/api/v1/users']!.get!;
    delete users.summary;
    users.tags = ['nowhere'];
    users.responses!['404']!.content!['application/json']!.schema = { $ref: '#/components/schemas/Missing' };
    broken.paths['/healthz']!.get!.responses = {};
    (users as { parameters: { in: string }[] }).parameters[0]!.in = 'body';
    expect(problemsOf(broken)).toEqual(
      expect.arrayContaining([
        '$ref #/components/schemas/Missing does not resolve to components.schemas',
        'GET /api/v1/users has no summary',
        'GET /api/v1/users: tag nowhere is not declared (add it to the swagger tags in server/app.ts)',
        'GET /api/v1/users 404 is not an ErrorResponse',
        'GET /healthz declares no 2xx response',
      ]),
    );
    const lintProblems = await lint(JSON.stringify(broken));
    for (const rule of ['struct', 'no-unresolved-refs', 'operation-summary', 'operation-tag-defined', 'operation-2xx-response']) {
      expect(lintProblems.some((p) => p.includes(` ${rule}: `)), `${rule} in ${lintProblems.join('\n')}`).toBe(true);
    }
  });
});

describe('the ingest envelope in the OpenAPI document', () => {
  type Schema = { $ref?: string; anyOf?: Schema[]; items?: Schema; type?: string; const?: string; required?: string[]; properties?: Record<string, Schema>; enum?: string[] };
  let doc: Document & { components: { schemas: Record<string, Schema> } };
  const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
  beforeAll(async () => {
    doc = JSON.parse(await generateOpenApi());
  });

  it('names the envelope and one component per kind, each with its fields and its data', () => {
    const schemas = doc.components.schemas;
    const kinds = { heartbeat: 'HeartbeatEnvelope', metric: 'MetricEnvelope', event: 'EventEnvelope', txn: 'TxnEnvelope', login: 'LoginEnvelope' };
    expect(schemas.IngestEnvelope!.anyOf).toEqual(Object.values(kinds).map(ref));
    for (const [kind, name] of Object.entries(kinds)) {
      const envelope = schemas[name]!;
      expect(Object.keys(envelope.properties!), name).toEqual(['id', 'kind', 'ts', 'device', 'site', 'labels', 'data']);
      expect(envelope.required, name).toEqual(['id', 'kind', 'ts', 'device', 'data']);
      expect(envelope.properties!.kind, name).toMatchObject({ const: kind });
      expect(envelope.properties!.data!.type, name).toBe('object');
    }
    expect(schemas.TxnEnvelope!.properties!.data).toMatchObject({
      required: ['txnId', 'type', 'amountFen', 'status'],
      properties: { amountFen: { type: 'integer' }, status: { enum: ['ok', 'failed', 'reversed'] } },
    });
    expect(schemas.LoginEnvelope!.properties!.data!.required).toEqual(['account', 'ip', 'result']);
    expect(schemas.MetricEnvelope!.properties!.data!.required).toEqual(['name', 'value']);
  });

  it('is the body of POST /api/v1/ingest: one envelope or an array of them as JSON, one a line as NDJSON', () => {
    const content = (doc.paths['/api/v1/ingest']!.post as { requestBody: { content: Record<string, { schema: Schema }> } }).requestBody.content;
    expect(content['application/json']!.schema.anyOf).toEqual([ref('IngestEnvelope'), expect.objectContaining({ type: 'array', items: ref('IngestEnvelope') })]);
    for (const type of ['application/x-ndjson', 'application/ndjson', 'application/jsonl', 'application/x-jsonlines']) expect(content[type]!.schema, type).toEqual(ref('IngestEnvelope'));
  });

  it('leaves the body to the route: Fastify neither validates nor buffers it, so a bad item is rejected alone', async () => {
    const t = await createTestApp('sqlite');
    try {
      const admin = await t.loginAdmin();
      const secret = (await t.call(admin, { method: 'POST', url: '/api/v1/tokens', payload: { name: 'ingest', permissions: ['ingest:write'] } })).json().secret;
      const res = await t.app.inject({ method: 'POST', url: '/api/v1/ingest', headers: { authorization: `Bearer ${secret}` }, payload: [{ kind: 'nonsense' }, 42] });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json()).toMatchObject({ received: 2, rejected: 2 });
    } finally {
      await t.close();
    }
  });
});

describe('the OpenAPI document served by the app', () => {
  let t: TestApp;
  let doc: Document;
  beforeAll(async () => {
    t = await createTestApp('sqlite');
    doc = JSON.parse(await generateOpenApi()) as Document;
  });
  afterAll(async () => {
    await t.close();
  });

  it('lists every /api route, public ones without credentials and the rest with the global session/token requirement', () => {
    const documented = new Map(operationsOf(doc).map(({ key, op }) => [key, op]));
    const routes = t.app.routeCatalog.filter((r) => r.url.startsWith('/api/'));
    expect(routes.length).toBeGreaterThan(20);
    for (const route of routes) {
      const key = `${route.method} ${route.url.replace(/:(\w+)/g, '{$1}')}`;
      const op = documented.get(key);
      expect(op, `${key} is missing from the OpenAPI document`).toBeDefined();
      if (route.access === 'public') expect(op!.security, `${key} is public`).toEqual([]);
      else expect(op!.security, `${key} needs credentials`).toBeUndefined();
    }
    expect(documented.get('GET /healthz')!.security).toEqual([]);
  });

  it('GET /openapi.json answers the same document', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/openapi.json' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual(doc);
  });

  it('GET /docs serves the Swagger UI page under the same Content-Security-Policy as the rest of the server', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/docs' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.body).toContain('<div id="swagger-ui">');
    const policy = res.headers['content-security-policy'];
    expect(policy).toContain("script-src 'self'");
    expect(policy).not.toContain('upgrade-insecure-requests');
    expect(policy).toBe((await t.app.inject({ method: 'GET', url: '/healthz' })).headers['content-security-policy']);
  });
});
