import { createHash } from 'node:crypto';
import type { Envelope, ItemError } from '../envelope.ts';

/**
 * Prometheus Alertmanager webhook (payload version 4) → one envelope of kind `event` per alert. Grafana's unified
 * alerting sends the same alert shape, so its mapping reuses `alertToEnvelope`.
 *
 * Quirks of real payloads (see /work/shared/fixtures/alertmanager): every notification carries the whole group, not
 * only what changed; the group can be `firing` while one of its alerts is `resolved`; a firing alert's endsAt is
 * `0001-01-01T00:00:00Z`; newer versions add fields (truncatedAlerts, notification_reason, routeLabels…). Ids are
 * derived from the alert, so the same notification delivered again (or the unchanged part of the next group
 * notification) is a duplicate, not a new event.
 */

export type MappedItem = { ok: true; envelope: Envelope } | { ok: false; id: string | null; error: ItemError };
export type MappingResult = { ok: true; items: MappedItem[] } | { ok: false; code: string; reason: string; details?: unknown };

export type AlertSource = 'alertmanager' | 'grafana';
export type AlertSeverity = 'info' | 'warning' | 'critical';

const CRITICAL = new Set(['critical', 'crit', 'page', 'error', 'err', 'fatal', 'emergency', 'emerg', 'alert', 'disaster', 'high', 'major', 'p0', 'p1', 'sev0', 'sev1', 'level1', 'l1', '1', '一级', '严重', '紧急']);
const WARNING = new Set(['warning', 'warn', 'average', 'medium', 'p2', 'sev2', 'level2', 'l2', '2', '二级', '重要', '警告']);

/**
 * labels.severity → event severity: critical/page/error (and the level-1 spellings, e.g. `level1`, 一级) → critical;
 * warning/warn (and level 2) → warning; anything else, or none → info.
 */
export function alertSeverity(labels: Record<string, string>): AlertSeverity {
  const raw = (labels.severity ?? labels.level ?? labels.priority ?? '').trim().toLowerCase();
  if (CRITICAL.has(raw)) return 'critical';
  if (WARNING.has(raw)) return 'warning';
  return 'info';
}

/** What the envelope validator accepts as a device or site code. */
const CODE = /^[A-Za-z0-9][A-Za-z0-9_.:@/-]{0,63}$/;

/** Label names that name the device, most specific first. */
export const DEVICE_LABELS = ['device', 'device_id', 'instance', 'host', 'hostname', 'nodename', 'job', 'service'] as const;

/** `10.0.0.5:9100` → `10.0.0.5`, `[::1]:9100` → `::1`, `http://kiosk-7:8080/health` → `kiosk-7`. */
export function stripPort(value: string): string {
  const v = value.trim();
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(v)) {
    try {
      return new URL(v).hostname.replace(/^\[(.*)\]$/, '$1');
    } catch {
      return v;
    }
  }
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(v);
  if (bracketed) return bracketed[1]!;
  const hostPort = /^([^:]+):\d+$/.exec(v);
  return hostPort ? hostPort[1]! : v;
}

function toCode(value: string): string | null {
  const v = value.trim();
  if (CODE.test(v)) return v;
  const reduced = v
    .replace(/[^A-Za-z0-9_.:@/-]+/g, '-')
    .replace(/^[^A-Za-z0-9]+/, '')
    .slice(0, 64);
  return CODE.test(reduced) ? reduced : null;
}

/** The device an alert is about: the first of DEVICE_LABELS that makes a device code, else `fallback`. */
export function deviceFromLabels(labels: Record<string, string>, fallback: string): string {
  for (const name of DEVICE_LABELS) {
    const value = labels[name];
    if (typeof value !== 'string' || value.trim() === '') continue;
    const code = toCode(name === 'instance' ? stripPort(value) : value);
    if (code) return code;
  }
  return fallback;
}

export function siteFromLabels(labels: Record<string, string>): string | undefined {
  const site = labels.site?.trim();
  return site && CODE.test(site) ? site : undefined;
}

// ---------------------------------------------------------------- deterministic ids

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const MAX_ULID_TIME = 2 ** 48 - 1;

/**
 * A ULID-shaped id (26 Crockford base-32 characters) that is a pure function of its inputs: the time part is
 * `timeMs` (so ids still sort by when the alert started or ended) and the other 80 bits come from SHA-256 of `key`.
 * Re-delivering the same alert state therefore yields the same id, which the pipeline stores once.
 */
export function deterministicId(timeMs: number, key: string): string {
  let time = Number.isFinite(timeMs) ? Math.min(Math.max(Math.floor(timeMs), 0), MAX_ULID_TIME) : 0;
  let timePart = '';
  for (let i = 0; i < 10; i++) {
    timePart = CROCKFORD[time % 32]! + timePart;
    time = Math.floor(time / 32);
  }
  const digest = createHash('sha256').update(key).digest();
  let randomPart = '';
  // 80 bits = 16 characters of 5 bits
  let bits = 0;
  let acc = 0;
  for (let i = 0; randomPart.length < 16; i++) {
    acc = (acc << 8) | digest[i]!;
    bits += 8;
    while (bits >= 5 && randomPart.length < 16) {
      bits -= 5;
      randomPart += CROCKFORD[(acc >> bits) & 31];
    }
    acc &= (1 << bits) - 1;
  }
  return timePart + randomPart;
}

// ---------------------------------------------------------------- one alert

export const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Only string values survive: label and annotation maps are string → string by definition. */
export function stringMap(v: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (!isObject(v)) return out;
  for (const [k, value] of Object.entries(v)) {
    if (typeof value === 'string') out[k] = value;
    else if (typeof value === 'number' || typeof value === 'boolean') out[k] = String(value);
  }
  return out;
}

const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);

/** Go's zero time (`0001-01-01T00:00:00Z`) and anything before 1970 mean "not set". */
export function parseAlertTime(v: unknown): number | null {
  if (typeof v !== 'string' || v === '') return null;
  const ms = Date.parse(v);
  return Number.isFinite(ms) && ms > 0 ? ms : null;
}

/** the envelope validator's limit on data.message */
const MAX_MESSAGE = 4000;
/** Alert times further from the receive time than these are replaced by it (the alert's own stay in attrs). */
const MAX_PAST_MS = 7 * 86_400_000;
const MAX_FUTURE_MS = 5 * 60_000;

export interface AlertContext {
  source: AlertSource;
  receivedAt: number;
  /** notification-level fields copied to every alert's attrs: receiver, groupKey, externalURL … */
  common: Record<string, unknown>;
  /** source-specific alert fields to keep in attrs (Grafana's values, dashboardURL …) */
  extraFields?: readonly string[];
}

/** One alert of an Alertmanager-shaped payload → an envelope, or a per-item rejection. */
export function alertToEnvelope(raw: unknown, context: AlertContext): MappedItem {
  if (!isObject(raw)) return { ok: false, id: null, error: { code: 'NOT_AN_OBJECT', message: 'alert must be a JSON object', field: 'alerts' } };
  const labels = stringMap(raw.labels);
  const annotations = stringMap(raw.annotations);
  const startsAtRaw = typeof raw.startsAt === 'string' ? raw.startsAt : '';
  const startsAt = parseAlertTime(raw.startsAt);
  const endsAt = parseAlertTime(raw.endsAt);
  const status: 'firing' | 'resolved' =
    raw.status === 'firing' || raw.status === 'resolved' ? raw.status : endsAt !== null && endsAt <= context.receivedAt ? 'resolved' : 'firing';
  const fingerprint = str(raw.fingerprint) ?? labelsFingerprint(labels);
  const alertname = labels.alertname ?? str(raw.alertname) ?? null;

  const eventTime = status === 'resolved' ? (endsAt ?? context.receivedAt) : (startsAt ?? context.receivedAt);
  const believable = eventTime <= context.receivedAt + MAX_FUTURE_MS && eventTime >= context.receivedAt - MAX_PAST_MS;
  const endsAtRaw = typeof raw.endsAt === 'string' ? raw.endsAt : '';
  const id = deterministicId(eventTime, [context.source, fingerprint, status, startsAtRaw, status === 'resolved' ? endsAtRaw : ''].join('\n'));

  const message = annotations.summary || annotations.description || alertname || `alert ${fingerprint}`;
  const attrs: Record<string, unknown> = {
    alertname,
    status,
    fingerprint,
    startsAt: startsAt === null ? null : startsAtRaw,
    endsAt: endsAt === null ? null : endsAtRaw,
    generatorURL: str(raw.generatorURL),
    labels,
    annotations,
    ...context.common,
  };
  for (const field of context.extraFields ?? []) if (raw[field] !== undefined && raw[field] !== '') attrs[field] = raw[field];

  const site = siteFromLabels(labels);
  return {
    ok: true,
    envelope: {
      id,
      kind: 'event',
      ts: new Date(believable ? eventTime : context.receivedAt).toISOString(),
      device: deviceFromLabels(labels, context.source),
      ...(site ? { site } : {}),
      data: {
        type: 'alert',
        severity: alertSeverity(labels),
        message: message.length > MAX_MESSAGE ? `${message.slice(0, MAX_MESSAGE - 1)}…` : message,
        attrs,
      },
    },
  };
}

/** When a sender leaves out the fingerprint: a stable hash of the sorted labels, as Alertmanager's own is. */
function labelsFingerprint(labels: Record<string, string>): string {
  const canonical = Object.keys(labels)
    .sort()
    .map((k) => `${k}=${labels[k]}`)
    .join('\u0000');
  return createHash('sha256').update(canonical).digest('hex').slice(0, 16);
}

// ---------------------------------------------------------------- the payload

export const ALERTMANAGER_VERSION = '4';

/** Version 4 (or no version at all: some proxies drop it); anything else is refused with the reason. */
export function mapAlertmanagerPayload(body: unknown, options: { receivedAt: number }): MappingResult {
  if (!isObject(body)) return { ok: false, code: 'INVALID_PAYLOAD', reason: 'The Alertmanager webhook body must be a JSON object' };
  const version = body.version;
  if (version !== undefined && version !== null && String(version) !== ALERTMANAGER_VERSION) {
    return {
      ok: false,
      code: 'UNSUPPORTED_VERSION',
      reason: `Alertmanager webhook payload version ${JSON.stringify(version)} is not supported: opsdesk reads version ${ALERTMANAGER_VERSION} (Alertmanager 0.x sends it)`,
      details: { version, supported: [ALERTMANAGER_VERSION] },
    };
  }
  if (!Array.isArray(body.alerts)) return { ok: false, code: 'INVALID_PAYLOAD', reason: 'The Alertmanager webhook body has no alerts array' };
  const common = {
    receiver: str(body.receiver),
    groupKey: str(body.groupKey),
    externalURL: str(body.externalURL),
  };
  return { ok: true, items: body.alerts.map((alert) => alertToEnvelope(alert, { source: 'alertmanager', receivedAt: options.receivedAt, common })) };
}
