import { gzipSync } from 'node:zlib';
import fc from 'fast-check';

/**
 * Requests for the API fuzz test (fuzz.test.ts), generated from the OpenAPI document: every operation, every path,
 * query and body parameter, drawn from its declared schema and, now and then, replaced by something hostile (wrong
 * types, huge and infinite numbers, NUL and control characters, deep nesting, unknown fields, invalid UTF-8, broken
 * percent-encoding, oversized text, wrong or lying content types, corrupt gzip).
 *
 * A request names the objects it wants (a device, a user…) by kind and index into a pool the test fills before it
 * starts, so the same seed gives the same sequence of requests whatever ids the database hands out.
 */

type Schema = Record<string, unknown>;
type Parameter = { in: 'path' | 'query' | 'header' | 'cookie'; name: string; required?: boolean; schema?: Schema };
type OperationObject = { parameters?: Parameter[]; requestBody?: { content?: Record<string, { schema?: Schema }> } };
export type OpenApiDocument = { paths: Record<string, Record<string, OperationObject>>; components?: { schemas?: Record<string, Schema> } };

export interface Operation {
  method: string;
  /** the OpenAPI path, e.g. /api/v1/devices/{id} */
  path: string;
  parameters: Parameter[];
  /** media type → body schema */
  bodies: Record<string, Schema>;
  public: boolean;
}

/** What a pool index refers to: filled by the test with real objects before the run. */
export type PoolKind =
  | 'site' | 'device' | 'part' | 'user' | 'role' | 'token' | 'job' | 'discovered' | 'metric' | 'version' | 'username' | 'permission' | 'channel' | 'roster' | 'policy'
  | 'alert' | 'incident' | 'problem' | 'team' | 'calendar' | 'slaPolicy' | 'view' | 'cause' | 'plan' | 'step' | 'article'
  | 'drillSchedule' | 'drillRun' | 'drillStep' | 'drillFinding'
  | 'reconColumnMapping'
  | 'reconProposal'
  | 'reconImport' | 'reconJob' | 'reconDifference' | 'reconChannel';
export type Pool = Record<PoolKind, string[]>;
export class PoolRef {
  constructor(
    readonly kind: PoolKind,
    readonly index: number,
  ) {}
}

/** Text sent as it is in a JSON body (a number JSON cannot hold, such as 1e309, or a broken fragment). */
export class RawJson {
  constructor(readonly text: string) {}
}

/** One request before its pool references are resolved. */
export interface FuzzRequest {
  operation: Operation;
  anonymous: boolean;
  /** leave the X-CSRF-Token header out (a cookie-authenticated write without it must be a 403) */
  withoutCsrf: boolean;
  pathParams: Record<string, unknown>;
  /** query string pieces, in order: [name, value] to percent-encode, or a raw fragment sent as it is */
  query: ([string, unknown] | { raw: string })[];
  headers: Record<string, string>;
  body: { kind: 'json'; value: unknown } | { kind: 'bytes'; bytes: Uint8Array } | { kind: 'none' };
  gzip: 'no' | 'yes' | 'corrupt';
}

export const HTTP_METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;

export function operationsOf(document: OpenApiDocument, exclude: (method: string, path: string) => boolean): Operation[] {
  const operations: Operation[] = [];
  for (const [path, item] of Object.entries(document.paths)) {
    for (const method of HTTP_METHODS) {
      const op = item[method] as (OperationObject & { security?: unknown[] }) | undefined;
      if (!op || exclude(method.toUpperCase(), path)) continue;
      const bodies: Record<string, Schema> = {};
      for (const [type, media] of Object.entries(op.requestBody?.content ?? {})) bodies[type] = media.schema ?? {};
      operations.push({ method: method.toUpperCase(), path, parameters: op.parameters ?? [], bodies, public: Array.isArray(op.security) && op.security.length === 0 });
    }
  }
  return operations;
}

// ---------------------------------------------------------------------------------------------------------------
// Hostile values

const nested = (depth: number, leaf: unknown): unknown => {
  let value = leaf;
  for (let i = 0; i < depth; i++) value = i % 2 ? { a: value } : [value];
  return value;
};

const HOSTILE_TEXT = [
  '',
  ' ',
  '\u0000',
  'a\u0000b',
  '\u0001\u0002\u001b[31m\u007f',
  '\r\nX-Injected: 1',
  '\ud800',
  '\udfff\ud800',
  '\ufeff',
  '\u202e\u0644\u0627',
  '💥'.repeat(50),
  'null',
  'undefined',
  'true',
  'Infinity',
  '-Infinity',
  '1e309',
  'NaN',
  '-0',
  '0x1F',
  '99999999999999999999999',
  '%00',
  '%',
  "' OR 1=1 --",
  '"; DROP TABLE users; --',
  '\\',
  '%_%',
  '../../../../etc/passwd',
  '<script>alert(1)</script>',
  '=cmd|" /C calc"!A0',
  '${jndi:ldap://x}',
  '__proto__',
  'constructor',
  '2026-02-30T25:61:61Z',
  '9999-12-31T23:59:59.999Z',
  '0000-01-01T00:00:00Z',
];

const hostileText: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...HOSTILE_TEXT) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 40 }).map((s) => `${s}\u0000`) },
  { weight: 1, arbitrary: fc.constantFrom(65, 101, 257, 1_025, 70_000, 300_000).map((n) => 'x'.repeat(n)) },
);

const hostileNumber: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(0, -1, -0, 0.5, 1e308, -1e308, 2 ** 31, 2 ** 31 - 1, -(2 ** 31) - 1, 2 ** 53, 2 ** 53 + 2, 2 ** 63, Number.MIN_VALUE),
  fc.constantFrom(new RawJson('1e309'), new RawJson('-1e309'), new RawJson('1e-400'), new RawJson('123456789012345678901234567890'), new RawJson('-0.0e0')),
  fc.double(),
  fc.integer(),
);

const hostileStructure: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(null, true, false, [], {}, [null], { '': null }),
  fc.constantFrom(new RawJson('{"__proto__":{"polluted":true}}'), new RawJson('{"constructor":{"prototype":{"polluted":true}}}')),
  fc.integer({ min: 20, max: 3_000 }).map((depth) => nested(depth, 'deep')),
  fc.constantFrom(1_000, 20_000).map((n) => Array.from({ length: n }, (_, i) => i)),
  fc.jsonValue({ maxDepth: 3 }),
);

/** Anything but what the schema asked for. */
export const hostileValue: fc.Arbitrary<unknown> = fc.oneof({ weight: 3, arbitrary: hostileText }, { weight: 2, arbitrary: hostileNumber }, { weight: 2, arbitrary: hostileStructure });

// ---------------------------------------------------------------------------------------------------------------
// Values from the declared schemas

/** Which pool a field of this name most likely refers to (siteId, roleIds, upstreamId…). */
function poolFor(name: string | undefined): PoolKind | undefined {
  if (!name) return undefined;
  const n = name.toLowerCase();
  if (n.startsWith('site')) return 'site';
  if (n.startsWith('role')) return 'role';
  if (n.startsWith('permission')) return 'permission';
  if (n.startsWith('upstream') || n.startsWith('device')) return 'device';
  if (n === 'username' || n === 'actor') return 'username';
  if (n.startsWith('user')) return 'user';
  if (n.startsWith('channel')) return 'channel';
  if (n.startsWith('roster')) return 'roster';
  if (n.startsWith('alert')) return 'alert';
  if (n.startsWith('incident')) return 'incident';
  if (n.startsWith('team') || n === 'memberids') return n === 'memberids' ? 'user' : 'team';
  if (n.startsWith('calendar')) return 'calendar';
  if (n.startsWith('part')) return 'part';
  if (n === 'causecategory') return 'cause';
  if (n.startsWith('plan')) return 'plan';
  if (n.startsWith('article')) return 'article';
  if (n === 'scheduleid') return 'drillSchedule';
  if (n === 'stepkey') return 'drillStep';
  if (n === 'leftimportids' || n === 'rightimportids') return 'reconImport';
  return undefined;
}

const poolRef = (kind: PoolKind) => fc.nat({ max: 63 }).map((i) => new PoolRef(kind, i));

const FORMATS: Record<string, fc.Arbitrary<string>> = {
  'date-time': fc.date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2100-01-01T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString()),
  date: fc.date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2100-01-01T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)),
  email: fc.emailAddress(),
  ipv4: fc.ipV4(),
  ipv6: fc.ipV6(),
  uri: fc.webUrl(),
  uuid: fc.uuid(),
};

export interface ValueOptions {
  /** weight of a hostile value against 10 for a declared one, at every level */
  hostility: number;
  document: OpenApiDocument;
}

/** A value for `schema`: mostly what it declares, sometimes (by `hostility`) something hostile at any depth. */
export function valueFor(schema: Schema | undefined, options: ValueOptions, name?: string, depth = 0): fc.Arbitrary<unknown> {
  const declared = declaredValue(schema ?? {}, options, name, depth);
  if (options.hostility === 0) return declared;
  return fc.oneof({ weight: 10, arbitrary: declared }, { weight: options.hostility, arbitrary: hostileValue });
}

function declaredValue(schema: Schema, options: ValueOptions, name: string | undefined, depth: number): fc.Arbitrary<unknown> {
  const ref = schema.$ref;
  if (typeof ref === 'string') {
    const target = options.document.components?.schemas?.[ref.split('/').pop()!];
    return target ? declaredValue(target, options, name, depth) : fc.constant(null);
  }
  if ('const' in schema) return fc.constant(schema.const);
  if (Array.isArray(schema.enum)) return fc.constantFrom(...(schema.enum as unknown[]));
  for (const key of ['anyOf', 'oneOf'] as const) {
    const members = schema[key];
    if (Array.isArray(members) && members.length > 0) return fc.oneof(...(members as Schema[]).map((m) => declaredValue(m, options, name, depth)));
  }
  const types = [schema.type ?? 'any'].flat() as string[];
  if (types.length > 1) return fc.oneof(...types.map((type) => declaredValue({ ...schema, type }, options, name, depth)));
  const child = (sub: Schema | undefined, childName?: string) => (depth >= 4 ? fc.constant(null) : valueFor(sub, options, childName, depth + 1));
  switch (types[0]) {
    case 'string': {
      const pool = poolFor(name);
      const text = stringFor(schema);
      return pool ? fc.oneof({ weight: 2, arbitrary: poolRef(pool) }, { weight: 1, arbitrary: text }) : text;
    }
    case 'integer':
      return fc.integer({ min: bound(schema.minimum, -1e6), max: bound(schema.maximum, 1e6) });
    case 'number':
      return fc.double({ min: bound(schema.minimum, -1e6), max: bound(schema.maximum, 1e6), noNaN: true, noDefaultInfinity: true });
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'array': {
      const items = Array.isArray(schema.items) ? undefined : (schema.items as Schema | undefined);
      const minLength = Math.min(Number(schema.minItems ?? 0), 5);
      return fc.array(child(items, name), { minLength, maxLength: Math.max(minLength, Math.min(Number(schema.maxItems ?? 4), 4)) });
    }
    case 'object': {
      const properties = (schema.properties ?? {}) as Record<string, Schema>;
      const required = new Set((schema.required ?? []) as string[]);
      const model: Record<string, fc.Arbitrary<unknown>> = {};
      for (const [key, sub] of Object.entries(properties)) model[key] = child(sub, key);
      const record = fc.record(model, { requiredKeys: Object.keys(properties).filter((k) => required.has(k)) });
      const free = (schema.additionalProperties && typeof schema.additionalProperties === 'object' ? schema.additionalProperties : undefined) as Schema | undefined;
      const patterned = Object.values((schema.patternProperties ?? {}) as Record<string, Schema>)[0];
      const extraValue = free ?? patterned;
      // Unknown fields, now and then: they must be dropped or refused, never stored or a 500.
      const extras = fc.oneof(
        { weight: 6, arbitrary: fc.constant({}) },
        { weight: extraValue ? 3 : 0, arbitrary: fc.dictionary(fc.string({ minLength: 1, maxLength: 10 }), child(extraValue), { maxKeys: 3 }) },
        { weight: 1, arbitrary: fc.dictionary(fc.oneof(fc.constantFrom('isAdmin', 'id', 'createdAt', 'permissions', 'a\u0000'), hostileText), hostileValue, { maxKeys: 3 }) },
      );
      return fc.tuple(record, extras).map(([known, extra]) => ({ ...extra, ...known }));
    }
    default:
      return fc.jsonValue({ maxDepth: 2 });
  }
}

const bound = (value: unknown, fallback: number) => (typeof value === 'number' && Number.isFinite(value) ? Math.max(Math.min(value, 1e9), -1e9) : fallback);

function stringFor(schema: Schema): fc.Arbitrary<string> {
  const format = typeof schema.format === 'string' ? FORMATS[schema.format] : undefined;
  if (format) return format;
  const minLength = Number(schema.minLength ?? 0);
  const maxLength = Math.max(minLength, Math.min(Number(schema.maxLength ?? 40), 40));
  if (typeof schema.pattern === 'string') {
    const fits = (s: string) => s.length >= minLength && s.length <= Number(schema.maxLength ?? Infinity);
    // Short matches are the interesting ones, but a minimum length that short matches rarely reach would make the
    // filter look for ever (a phone of at least 3 characters out of "xsmall" matches of `[0-9+() -]+`).
    return fc.stringMatching(new RegExp(schema.pattern), { size: minLength > 1 ? 'medium' : 'xsmall' }).filter(fits);
  }
  // the plausible words that fit: filtering the arbitrary instead would look for ever when none does (minLength 10)
  const words = ['一食堂', 'admin', 'pos', 'POS-001', 'online', 'A'].filter((s) => s.length >= minLength && s.length <= maxLength);
  return fc.oneof(
    fc.string({ minLength, maxLength }),
    fc.string({ unit: 'grapheme', minLength, maxLength }),
    ...(words.length ? [fc.constantFrom(...words)] : []),
  );
}

// ---------------------------------------------------------------------------------------------------------------
// Whole requests

const RAW_QUERY = ['%', '%ZZ', '%C0%80', '%FF%FE', '%ED%A0%80', 'a=%00', 'limit=1e309', 'limit=Infinity', 'limit=-Infinity', 'limit=', 'limit', '&&&', '=x', 'x[y]=1', 'limit=1&limit=2', 'cursor=%00', 'q=%F0%9F', 'unknown=1'];

const CONTENT_TYPES = ['application/json', 'application/json; charset=utf-8', 'application/json; charset=latin1', 'text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/xml', 'text/csv', 'application/octet-stream', '*/*', 'application/json, text/csv', ''];

const INVALID_UTF8 = [
  [0xff, 0xfe, 0xfd],
  [0xc0, 0x80],
  [0xed, 0xa0, 0x80],
  [0xf4, 0x90, 0x80, 0x80],
  [0xe2, 0x82],
];

/** Bytes that are not quite JSON: invalid UTF-8 inside a string, BOMs, UTF-16, truncation, trailing garbage. */
const brokenJsonBytes = (valid: fc.Arbitrary<unknown>): fc.Arbitrary<Uint8Array> =>
  fc.tuple(valid, fc.constantFrom(...INVALID_UTF8), fc.nat({ max: 5 })).map(([value, bad, how]) => {
    const text = serialiseJson(value) ?? 'null';
    const utf8 = Buffer.from(text, 'utf8');
    switch (how) {
      case 0: {
        // invalid UTF-8 inside the first string value
        const quote = utf8.indexOf(0x22, utf8.indexOf(0x3a) + 1);
        return quote > 0 ? Buffer.concat([utf8.subarray(0, quote + 1), Buffer.from(bad), utf8.subarray(quote + 1)]) : Buffer.concat([Buffer.from(bad), utf8]);
      }
      case 1:
        return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), utf8]);
      case 2:
        return Buffer.from(`\ufeff${text}`, 'utf16le');
      case 3:
        return utf8.subarray(0, Math.max(1, Math.floor(utf8.length / 2)));
      case 4:
        return Buffer.concat([utf8, Buffer.from(',}]\u0000', 'utf8')]);
      default:
        return Buffer.from(bad);
    }
  });

/**
 * Any operation, equally often; for each, two requests in five as declared, two with a hostile value here and there,
 * one mostly hostile. The arbitraries are built once, here: building them per request would cost more than sending.
 */
export function requestArbitrary(operations: Operation[], document: OpenApiDocument, bodies: LooseBodies = {}): fc.Arbitrary<FuzzRequest> {
  const hostilities = [0, 0, 2, 2, 10];
  return fc.oneof(...operations.map((operation) => fc.oneof(...hostilities.map((hostility) => requestFor(operation, { hostility, document }, bodies[`${operation.method} ${operation.path}`])))));
}

/**
 * Bodies for operations whose schema says little (the ingest batch is declared as "unknown": its envelopes are checked
 * one by one by the module), keyed by "METHOD /path": what a caller would send there, given the hostility.
 */
export type LooseBodies = Record<string, (options: ValueOptions) => fc.Arbitrary<unknown>>;

/** Telemetry envelopes (SPEC §5.3) as a device would send them, with hostile fields by the given hostility. */
export function envelopeBatch(options: ValueOptions): fc.Arbitrary<unknown> {
  const field = <T>(declared: fc.Arbitrary<T>) => (options.hostility === 0 ? declared : fc.oneof({ weight: 10, arbitrary: declared as fc.Arbitrary<unknown> }, { weight: options.hostility, arbitrary: hostileValue }));
  const data = fc.oneof(
    fc.record({ name: fc.constantFrom('cpu', 'pos.txn_latency_ms', 'queue'), value: fc.double({ noNaN: true, noDefaultInfinity: true }) }),
    fc.record({ account: fc.string({ maxLength: 20 }), card: fc.string({ maxLength: 20 }), amount: fc.integer(), balance: fc.integer() }, { requiredKeys: [] }),
    fc.record({ account: fc.string({ maxLength: 20 }), ip: fc.ipV4(), ok: fc.boolean() }, { requiredKeys: [] }),
    fc.dictionary(fc.string({ maxLength: 10 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 4 }),
  );
  const envelope = fc.record(
    {
      id: field(fc.stringMatching(/^[0-9A-HJKMNP-TV-Z]{26}$/)),
      kind: field(fc.constantFrom('heartbeat', 'metric', 'event', 'txn', 'login')),
      ts: field(FORMATS['date-time']!),
      device: field(fc.oneof(fc.constantFrom('POS-C1-001', 'GATE-N-01', 'POS-NEW-1'), fc.string({ maxLength: 70 }))),
      site: field(fc.constantFrom('canteen-1', 'gate-n', 'nowhere')),
      data: field(data),
      labels: fc.option(field(fc.dictionary(fc.string({ maxLength: 10 }), fc.string({ maxLength: 10 }), { maxKeys: 3 }))),
    },
    { requiredKeys: ['id', 'kind', 'ts', 'device', 'data'] },
  );
  return fc.oneof(fc.array(envelope, { maxLength: 20 }), envelope);
}

function requestFor(operation: Operation, opts: ValueOptions, looseBody?: (options: ValueOptions) => fc.Arbitrary<unknown>): fc.Arbitrary<FuzzRequest> {
  const calm: ValueOptions = { ...opts, hostility: 0 };
  const pathParams: Record<string, fc.Arbitrary<unknown>> = {};
  const query: fc.Arbitrary<[string, unknown] | null>[] = [];
  for (const p of operation.parameters) {
    if (p.in === 'path') pathParams[p.name] = pathValue(operation.path, p, opts);
    if (p.in === 'query') query.push(fc.option(valueFor(p.schema, opts, p.name).map((v) => [p.name, v] as [string, unknown]), { freq: 2 }));
  }
  const rawQuery = fc.oneof({ weight: 8, arbitrary: fc.constant([] as { raw: string }[]) }, { weight: 2, arbitrary: fc.array(fc.constantFrom(...RAW_QUERY).map((raw) => ({ raw })), { minLength: 1, maxLength: 3 }) });

  const mediaTypes = Object.keys(operation.bodies);
  const jsonSchema = operation.bodies['application/json'];
  const declaredBody = (options: ValueOptions) => (looseBody ? looseBody(options) : valueFor(jsonSchema, options));
  const body: fc.Arbitrary<{ type: string | undefined; body: FuzzRequest['body'] }> =
    mediaTypes.length === 0
      ? fc.oneof({ weight: 9, arbitrary: fc.constant({ type: undefined, body: { kind: 'none' as const } }) }, { weight: 1, arbitrary: hostileValue.map((value) => ({ type: 'application/json', body: { kind: 'json' as const, value } })) })
      : jsonSchema
        ? fc.oneof(
            { weight: 8, arbitrary: declaredBody(opts).map((value) => ({ type: 'application/json', body: { kind: 'json' as const, value } })) },
            { weight: 1, arbitrary: brokenJsonBytes(declaredBody(calm)).map((bytes) => ({ type: 'application/json', body: { kind: 'bytes' as const, bytes } })) },
            { weight: 1, arbitrary: fc.tuple(declaredBody(calm), fc.constantFrom(...CONTENT_TYPES)).map(([value, type]) => ({ type: type || undefined, body: { kind: 'json' as const, value } })) },
          )
        : fc.tuple(fc.constantFrom(...mediaTypes, ...CONTENT_TYPES), fileBytes).map(([type, bytes]) => ({ type: type || undefined, body: { kind: 'bytes' as const, bytes } }));

  // Extra headers on one request in five: more would stop most requests before they reach a service.
  const headers = fc.oneof(
    { weight: 8, arbitrary: fc.constant({}) },
    {
      weight: 2,
      arbitrary: fc.record(
        {
          'x-request-id': fc.oneof(fc.stringMatching(/^[A-Za-z0-9._-]{1,64}$/), fc.constantFrom('x'.repeat(5_000), '<id>', 'ид')),
          'x-opsdesk-unmask-reason': fc.oneof(fc.constantFrom('annual access review', '', 'x'.repeat(1_000)), fc.string({ maxLength: 20 })),
          'accept-language': fc.constantFrom('zh-CN', 'en', 'xx;q=abc', '*'),
          accept: fc.constantFrom('application/json', 'text/csv', 'text/event-stream', '*/*', 'image/png'),
        },
        { requiredKeys: [] },
      ),
    },
  );

  return fc.record({
    operation: fc.constant(operation),
    anonymous: operation.public ? fc.constant(true) : fc.boolean().chain((b) => (b ? fc.nat({ max: 9 }).map((n) => n === 0) : fc.constant(false))),
    withoutCsrf: fc.nat({ max: 19 }).map((n) => n === 0),
    pathParams: fc.record(pathParams),
    query: fc.tuple(fc.tuple(...query), rawQuery).map(([declared, raw]) => [...declared.filter((q): q is [string, unknown] => q !== null), ...raw]),
    headers: fc.tuple(headers, body).map(([h, b]) => Object.fromEntries(Object.entries({ ...h, 'content-type': b.type }).filter(([, v]) => typeof v === 'string' && isHeaderSafe(v))) as Record<string, string>),
    body: body.map((b) => b.body),
    gzip: fc.constantFrom('no', 'no', 'no', 'no', 'no', 'no', 'yes', 'corrupt'),
  });
}

/** Node refuses to send a header value with control or non-Latin-1 characters; those cannot reach a server anyway. */
const isHeaderSafe = (value: string) => /^[\t\x20-\x7e\x80-\xff]*$/.test(value);

/** Uploads (imports): CSV text with odd rows, random bytes, a zip header with garbage. */
const fileBytes: fc.Arbitrary<Uint8Array> = fc.oneof(
  fc.array(fc.array(fc.oneof(fc.string({ maxLength: 12 }), hostileText.filter((s) => s.length < 200)), { maxLength: 6 }).map((cells) => cells.join(',')), { maxLength: 8 }).map((rows) => Buffer.from(['code,name,type,subsystem,site', ...rows].join('\n'))),
  fc.uint8Array({ maxLength: 2_000 }),
  fc.uint8Array({ maxLength: 500 }).map((rest) => Buffer.concat([Buffer.from('PK\u0003\u0004'), rest])),
  fc.constantFrom(Buffer.from('"unclosed,quote\n1,2'), Buffer.from([0xa4, 0xa4, 0xa4, 0xe5, 0x2c, 0x0a]), Buffer.alloc(0)),
);

function pathValue(path: string, parameter: Parameter, opts: ValueOptions): fc.Arbitrary<unknown> {
  const kind = poolForPath(path, parameter.name);
  const declared = valueFor(parameter.schema, { ...opts, hostility: 0 }, parameter.name);
  const hostile = fc.oneof(hostileText, fc.constantFrom('.', '..', '%2F', 'a/b', 'x'.repeat(101)));
  return fc.oneof({ weight: kind ? 6 : 0, arbitrary: kind ? poolRef(kind) : fc.constant('') }, { weight: 2, arbitrary: declared }, { weight: 1 + Math.round(opts.hostility / 5), arbitrary: hostile });
}

function poolForPath(path: string, name: string): PoolKind | undefined {
  if (name === 'code') return 'discovered';
  if (name === 'version') return 'version';
  if (name === 'metric') return 'metric';
  if (name === 'key' && path.includes('/plan/steps/')) return 'step';
  const section = path.split('/')[3];
  if (section === 'drills') {
    if (name === 'key') return 'drillStep';
    return ({ schedules: 'drillSchedule', runs: 'drillRun', findings: 'drillFinding' } as const)[path.split('/')[4] ?? ''];
  }
  if (section === 'recon' && path.split('/')[4] === 'column-mappings') return 'reconColumnMapping';
  if (section === 'recon' && path.split('/')[4] === 'proposals') return 'reconProposal';
  if (section === 'recon') return ({ imports: 'reconImport', jobs: 'reconJob', differences: 'reconDifference', channels: 'reconChannel' } as const)[path.split('/')[4] ?? ''];
  const bySection: Record<string, PoolKind> = { users: 'user', roles: 'role', sites: 'site', devices: 'device', 'spare-parts': 'part', tokens: 'token', jobs: 'job', channels: 'channel', rosters: 'roster', 'escalation-policies': 'policy',
    alerts: 'alert', incidents: 'incident', problems: 'problem', teams: 'team', 'sla-calendars': 'calendar', 'sla-policies': 'slaPolicy', 'incident-views': 'view',
    plans: 'plan', kb: 'article' };
  return section ? bySection[section] : undefined;
}

// ---------------------------------------------------------------------------------------------------------------
// Turning a generated request into bytes on the wire

export interface WireRequest {
  method: string;
  /** path and query string, percent-encoded where needed, raw fragments as they are */
  url: string;
  headers: Record<string, string>;
  body: Buffer | undefined;
  anonymous: boolean;
  withoutCsrf: boolean;
}

const resolve = (value: unknown, pool: Pool): unknown => {
  if (value instanceof PoolRef) {
    const list = pool[value.kind];
    return list.length > 0 ? list[value.index % list.length] : 'none';
  }
  return value;
};

/** Percent-encodes text byte by byte (a lone surrogate becomes U+FFFD's bytes instead of throwing as encodeURIComponent does). */
const encode = (text: string) => Array.from(Buffer.from(text, 'utf8'), (b) => (/[A-Za-z0-9\-_.~]/.test(String.fromCharCode(b)) ? String.fromCharCode(b) : `%${b.toString(16).toUpperCase().padStart(2, '0')}`)).join('');

const asText = (value: unknown): string => (typeof value === 'string' ? value : value instanceof RawJson ? value.text : (serialiseJson(value) ?? ''));

export function toWire(request: FuzzRequest, pool: Pool): WireRequest {
  let path = request.operation.path;
  for (const [name, raw] of Object.entries(request.pathParams)) path = path.replace(`{${name}}`, encode(asText(resolve(raw, pool))));
  const query: string[] = [];
  for (const piece of request.query) {
    if ('raw' in piece) {
      query.push(piece.raw);
      continue;
    }
    const [name, raw] = piece;
    const value = resolve(raw, pool);
    // An array is sent the way browsers and Fastify's parser know it: the name repeated.
    for (const item of Array.isArray(value) && value.length < 50 ? value : [value]) query.push(`${encode(name)}=${encode(asText(resolve(item, pool)))}`);
  }
  let body: Buffer | undefined;
  if (request.body.kind === 'json') body = Buffer.from(serialiseJson(resolveDeep(request.body.value, pool)) ?? 'null', 'utf8');
  if (request.body.kind === 'bytes') body = Buffer.from(request.body.bytes);
  const headers = { ...request.headers };
  if (body && request.gzip !== 'no') {
    body = request.gzip === 'yes' ? gzipSync(body) : Buffer.concat([Buffer.from([0x1f, 0x8b, 0x08, 0x00]), body.subarray(0, 64)]);
    headers['content-encoding'] = 'gzip';
  }
  return { method: request.operation.method, url: query.length > 0 ? `${path}?${query.join('&')}` : path, headers, body, anonymous: request.anonymous, withoutCsrf: request.withoutCsrf };
}

function resolveDeep(value: unknown, pool: Pool, depth = 0): unknown {
  if (value instanceof PoolRef) return resolve(value, pool);
  if (depth > 6 || value === null || typeof value !== 'object' || value instanceof RawJson) return value;
  if (Array.isArray(value)) return value.length > 100 ? value : value.map((v) => resolveDeep(v, pool, depth + 1));
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolveDeep(v, pool, depth + 1)]));
}

/**
 * JSON text, with RawJson pieces written as they are. Iterative over arrays and objects, so thousands of levels of
 * nesting do not overflow the stack here (the server's parser is what they are for).
 */
export function serialiseJson(value: unknown): string | undefined {
  if (value === undefined) return undefined;
  const out: string[] = [];
  type Frame = { kind: 'value'; value: unknown } | { kind: 'text'; text: string };
  const stack: Frame[] = [{ kind: 'value', value }];
  while (stack.length > 0) {
    const frame = stack.pop()!;
    if (frame.kind === 'text') {
      out.push(frame.text);
      continue;
    }
    const v = frame.value;
    if (v instanceof RawJson) out.push(v.text);
    else if (Array.isArray(v)) {
      const frames: Frame[] = [{ kind: 'text', text: '[' }];
      v.forEach((item, i) => {
        if (i > 0) frames.push({ kind: 'text', text: ',' });
        frames.push({ kind: 'value', value: item === undefined ? null : item });
      });
      frames.push({ kind: 'text', text: ']' });
      stack.push(...frames.reverse());
    } else if (v !== null && typeof v === 'object') {
      const frames: Frame[] = [{ kind: 'text', text: '{' }];
      Object.entries(v)
        .filter(([, item]) => item !== undefined)
        .forEach(([key, item], i) => {
          frames.push({ kind: 'text', text: `${i > 0 ? ',' : ''}${JSON.stringify(key)}:` });
          frames.push({ kind: 'value', value: item });
        });
      frames.push({ kind: 'text', text: '}' });
      stack.push(...frames.reverse());
    } else out.push(JSON.stringify(v) ?? 'null');
  }
  return out.join('');
}

/** The request as a curl command line, to reproduce it by hand (the body as base64 when it is not plain text). */
export function describeWire(request: WireRequest, origin: string): string {
  const parts = [`curl -sS -X ${request.method} '${origin}${request.url.replace(/'/g, "'\\''")}'`];
  for (const [name, value] of Object.entries(request.headers)) parts.push(`-H '${name}: ${value.length > 200 ? `${value.slice(0, 200)}…(${value.length} chars)` : value.replace(/'/g, "'\\''")}'`);
  parts.push(request.anonymous ? '(anonymous)' : `-H 'cookie: <admin session>'${request.withoutCsrf ? ' (no X-CSRF-Token)' : " -H 'x-csrf-token: <csrf>'"}`);
  if (request.body) {
    const text = request.body.toString('utf8');
    const plain = Buffer.from(text, 'utf8').equals(request.body) && !request.headers['content-encoding'] && /^[\x20-\x7e\s\u00a0-\uffff]*$/.test(text);
    if (request.body.length > 2_000) parts.push(`--data-binary <${request.body.length} bytes, starting ${JSON.stringify(text.slice(0, 200))}>`);
    else parts.push(plain ? `--data-binary '${text.replace(/'/g, "'\\''")}'` : `--data-binary @<(echo ${request.body.toString('base64')} | base64 -d)`);
  }
  return parts.join(' ');
}
