import { isIP } from 'node:net';
import {
  ENVELOPE_ID_PATTERN,
  EVENT_KINDS,
  LINKS as LINK_VALUES,
  LOGIN_RESULTS as LOGIN_RESULT_VALUES,
  MAX_ENVELOPE_DEPTH,
  PAYMENT_CHANNELS,
  REPORTED_CODE_PATTERN,
  SEVERITIES as SEVERITY_VALUES,
  TXN_STATUSES,
  TXN_TYPES as TXN_TYPE_VALUES,
  UnparsableItem,
  ZONED_TIME_PATTERN,
  type Envelope,
  type EventKind,
  type ItemError,
} from './envelope.ts';

/** An envelope that passed validation, with its device time parsed. */
export interface ValidEnvelope extends Envelope {
  tsMs: number;
}

export interface ValidationLimits {
  /** now, epoch ms */
  now: number;
  /** how far ahead of now a device clock may be */
  maxFutureMs: number;
  /** how old an event may be (offline records collected late are normal; years-old ones are not) */
  maxAgeMs: number;
}

const ID = new RegExp(ENVELOPE_ID_PATTERN);
const CODE = new RegExp(REPORTED_CODE_PATTERN);
const ISO_WITH_ZONE = new RegExp(ZONED_TIME_PATTERN);

const TXN_TYPES = new Set<string>(TXN_TYPE_VALUES);
const CHANNELS = new Set<string>(PAYMENT_CHANNELS);
const TXN_STATUS = new Set<string>(TXN_STATUSES);
const SEVERITIES = new Set<string>(SEVERITY_VALUES);
const KINDS = new Set<string>(EVENT_KINDS);
const LINKS = new Set<string>(LINK_VALUES);
const LOGIN_RESULTS = new Set<string>(LOGIN_RESULT_VALUES);

class Invalid extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }
}

const fail = (field: string, message: string, code = 'INVALID_FIELD'): never => {
  throw new Invalid(code, `${field} ${message}`, field);
};

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function str(o: Record<string, unknown>, key: string, path: string, opts: { required?: boolean; max?: number } = {}): string | undefined {
  const v = o[key];
  if (v === undefined || v === null) {
    if (opts.required) fail(`${path}${key}`, 'is required', 'MISSING_FIELD');
    return undefined;
  }
  if (typeof v !== 'string') fail(`${path}${key}`, `must be a string, got ${typeof v}`);
  const s = v as string;
  if (opts.required && s.length === 0) fail(`${path}${key}`, 'must not be empty', 'MISSING_FIELD');
  if (s.length > (opts.max ?? 200)) fail(`${path}${key}`, `is longer than ${opts.max ?? 200} characters`);
  return s;
}

function num(o: Record<string, unknown>, key: string, path: string, opts: { required?: boolean; integer?: boolean; min?: number; max?: number } = {}): number | undefined {
  const v = o[key];
  if (v === undefined || v === null) {
    if (opts.required) fail(`${path}${key}`, 'is required', 'MISSING_FIELD');
    return undefined;
  }
  if (typeof v !== 'number' || !Number.isFinite(v)) fail(`${path}${key}`, `must be a number, got ${JSON.stringify(v)?.slice(0, 40)}`);
  const n = v as number;
  if (opts.integer && !Number.isSafeInteger(n)) fail(`${path}${key}`, 'must be a whole number (money is in integer fen)');
  if (opts.min !== undefined && n < opts.min) fail(`${path}${key}`, `must be at least ${opts.min}`);
  if (opts.max !== undefined && n > opts.max) fail(`${path}${key}`, `must be at most ${opts.max}`);
  return n;
}

function bool(o: Record<string, unknown>, key: string, path: string): boolean | undefined {
  const v = o[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'boolean') fail(`${path}${key}`, 'must be true or false');
  return v as boolean;
}

function oneOf(o: Record<string, unknown>, key: string, path: string, allowed: Set<string>, required = false): string | undefined {
  const v = str(o, key, path, { required, max: 40 });
  if (v !== undefined && !allowed.has(v)) fail(`${path}${key}`, `must be one of ${[...allowed].join(', ')}`);
  return v;
}

/** Checks the kind-specific data of SPEC §5.3; unknown extra fields are kept (devices add their own). */
function checkData(kind: EventKind, data: Record<string, unknown>): void {
  const p = 'data.';
  switch (kind) {
    case 'heartbeat':
      str(data, 'status', p, { max: 40 });
      for (const key of ['cpu', 'memPct', 'diskPct']) num(data, key, p, { min: 0, max: 100 });
      num(data, 'tempC', p, { min: -60, max: 150 });
      oneOf(data, 'link', p, LINKS);
      bool(data, 'onBattery', p);
      return;
    case 'metric':
      str(data, 'name', p, { required: true, max: 100 });
      num(data, 'value', p, { required: true });
      str(data, 'unit', p, { max: 20 });
      return;
    case 'event':
      str(data, 'type', p, { required: true, max: 100 });
      oneOf(data, 'severity', p, SEVERITIES);
      str(data, 'message', p, { max: 4000 });
      if (data.attrs !== undefined && data.attrs !== null && !isObject(data.attrs)) fail('data.attrs', 'must be an object');
      return;
    case 'txn': {
      str(data, 'txnId', p, { required: true, max: 64 });
      oneOf(data, 'type', p, TXN_TYPES, true);
      num(data, 'amountFen', p, { required: true, integer: true, min: -1e12, max: 1e12 });
      str(data, 'account', p, { max: 64 });
      str(data, 'card', p, { max: 64 });
      oneOf(data, 'channel', p, CHANNELS);
      oneOf(data, 'status', p, TXN_STATUS, true);
      str(data, 'errorCode', p, { max: 64 });
      num(data, 'cardCounter', p, { integer: true, min: 0 });
      num(data, 'balanceBeforeFen', p, { integer: true, min: -1e12, max: 1e12 });
      num(data, 'balanceAfterFen', p, { integer: true, min: -1e12, max: 1e12 });
      bool(data, 'offline', p);
      return;
    }
    case 'login': {
      str(data, 'account', p, { required: true, max: 100 });
      const ip = str(data, 'ip', p, { required: true, max: 64 })!;
      if (isIP(ip) === 0) fail('data.ip', 'is not an IP address');
      str(data, 'deviceId', p, { max: 100 });
      str(data, 'userAgent', p, { max: 500 });
      oneOf(data, 'result', p, LOGIN_RESULTS, true);
      str(data, 'reason', p, { max: 200 });
      return;
    }
  }
}

interface Unstorable {
  /** keys and indexes from the envelope down to the value */
  at: (string | number)[];
  code: 'nulCharacter' | 'finiteNumber' | 'tooDeep';
}

/**
 * The first value anywhere in an item that cannot be stored as it came: text (or a field's name) holding U+0000,
 * which PostgreSQL refuses (error 22021) and would fail the whole batch, and numbers beyond double range (JSON's 1e309
 * parses to Infinity, which JSON.stringify would quietly store as null). Fields the checks below do not know are
 * kept as sent, so this walks all of them.
 */
function findUnstorable(value: unknown, depth: number): Unstorable | null {
  if (typeof value === 'string') return value.includes('\u0000') ? { at: [], code: 'nulCharacter' } : null;
  if (typeof value === 'number') return Number.isFinite(value) ? null : { at: [], code: 'finiteNumber' };
  if (typeof value !== 'object' || value === null) return null;
  if (depth >= MAX_ENVELOPE_DEPTH) return { at: [], code: 'tooDeep' };
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = findUnstorable(value[i], depth + 1);
      if (found) return (found.at.unshift(i), found);
    }
    return null;
  }
  for (const key in value) {
    if (key.includes('\u0000')) return { at: [key], code: 'nulCharacter' };
    const found = findUnstorable((value as Record<string, unknown>)[key], depth + 1);
    if (found) return (found.at.unshift(key), found);
  }
  return null;
}

const UNSTORABLE_MESSAGES: Record<Unstorable['code'], string> = {
  nulCharacter: 'must not contain the NUL character (U+0000)',
  finiteNumber: 'must be a finite number',
  tooDeep: `nests deeper than ${MAX_ENVELOPE_DEPTH} levels`,
};

function assertStorable(item: Record<string, unknown>): void {
  const found = findUnstorable(item, 0);
  if (!found) return;
  // A field name may itself hold the NUL: spell it out rather than echo it.
  const field = found.at.map((k) => (typeof k === 'number' ? `[${k}]` : `.${k.replaceAll('\u0000', '\\u0000')}`)).join('').replace(/^\./, '') || 'item';
  fail(field, UNSTORABLE_MESSAGES[found.code], found.code);
}

/**
 * Validates one raw item. Never throws: a bad item becomes an ItemError naming the field, so the good items beside it
 * are kept (SPEC C2.3).
 */
export function validateEnvelope(raw: unknown, limits: ValidationLimits): { ok: true; value: ValidEnvelope } | { ok: false; id: string | null; error: ItemError } {
  if (raw instanceof UnparsableItem) return { ok: false, id: null, error: { code: raw.code, message: raw.message } };
  const id = isObject(raw) && typeof raw.id === 'string' ? raw.id.slice(0, 64) : null;
  try {
    if (!isObject(raw)) fail('item', 'must be a JSON object', 'NOT_AN_OBJECT');
    const o = raw as Record<string, unknown>;
    assertStorable(o);
    const envelopeId = str(o, 'id', '', { required: true, max: 64 })!;
    if (!ID.test(envelopeId)) fail('id', 'must be 8–64 letters, digits or _ . : - (a ULID or UUID)');
    const kind = str(o, 'kind', '', { required: true, max: 20 })!;
    if (!KINDS.has(kind)) fail('kind', `must be one of ${EVENT_KINDS.join(', ')}`, 'UNKNOWN_KIND');
    const ts = str(o, 'ts', '', { required: true, max: 40 })!;
    const tsMs = ISO_WITH_ZONE.test(ts) ? Date.parse(ts) : Number.NaN;
    if (Number.isNaN(tsMs)) fail('ts', 'must be an ISO 8601 time with a zone, e.g. 2026-11-20T11:32:05.123+08:00');
    if (tsMs > limits.now + limits.maxFutureMs) fail('ts', `is more than ${Math.round(limits.maxFutureMs / 60_000)} minutes in the future: check the device clock`, 'TS_IN_FUTURE');
    if (tsMs < limits.now - limits.maxAgeMs) fail('ts', `is older than ${Math.round(limits.maxAgeMs / 86_400_000)} days`, 'TS_TOO_OLD');
    const device = str(o, 'device', '', { required: true, max: 64 })!;
    if (!CODE.test(device)) fail('device', 'must be a device code of letters, digits and _ . : @ / -');
    const site = str(o, 'site', '', { max: 64 });
    if (site !== undefined && !CODE.test(site)) fail('site', 'must be a site code');
    let labels: Record<string, string> | undefined;
    if (o.labels !== undefined && o.labels !== null) {
      if (!isObject(o.labels)) fail('labels', 'must be an object of strings');
      const entries = Object.entries(o.labels as Record<string, unknown>);
      if (entries.length > 50) fail('labels', 'has more than 50 entries');
      for (const [k, v] of entries) if (typeof v !== 'string' || k.length > 100 || v.length > 500) fail(`labels.${k}`, 'must be a string of at most 500 characters');
      labels = o.labels as Record<string, string>;
    }
    if (!isObject(o.data)) fail('data', 'must be an object', o.data === undefined ? 'MISSING_FIELD' : 'INVALID_FIELD');
    checkData(kind as EventKind, o.data as Record<string, unknown>);
    return { ok: true, value: { id: envelopeId, kind: kind as EventKind, ts, tsMs, device, site, labels, data: o.data as Record<string, unknown> } };
  } catch (error) {
    if (error instanceof Invalid) return { ok: false, id, error: { code: error.code, message: error.message, field: error.field } };
    throw error;
  }
}
