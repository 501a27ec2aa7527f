import { createHash } from 'node:crypto';
import type { ExternalAlert, ExternalSource } from '../../alerting/index.ts';
import type { Envelope, ItemError } from '../envelope.ts';

/**
 * Prometheus Alertmanager webhook (payload version 4) → one external alert per alert, for the alerting module to
 * raise, refresh or resolve (alerting/external/), and beside it the event that goes into its device's history when
 * the alert names a registered device. Grafana's unified alerting sends the same alert shape, so its mapping reuses
 * `readAlert`.
 *
 * Quirks of real payloads (see /work/shared/fixtures/alertmanager): every notification carries the whole group, not
 * only what changed; the group can be `firing` while one of its alerts is `resolved`; a firing alert's endsAt is
 * `0001-01-01T00:00:00Z`; newer versions add fields (truncatedAlerts, notification_reason, routeLabels…). Event ids
 * are derived from the alert, so the same notification delivered again (or the unchanged part of the next group
 * notification) is stored once in the device's history.
 */

/** The alert as an event of its device: the device (and the severity, from the alert's level) are added once known. */
export type AlertEventDraft = Omit<Envelope, 'device' | 'site'>;

export type MappedAlert = { ok: true; alert: ExternalAlert; event: AlertEventDraft } | { ok: false; error: ItemError };
export type MappingResult = { ok: true; items: MappedAlert[] } | { ok: false; code: string; reason: string; details?: unknown };

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
/** Event times further from the receive time than these are replaced by it (the alert's own stay in attrs). */
const MAX_PAST_MS = 7 * 86_400_000;
const MAX_FUTURE_MS = 5 * 60_000;

export interface AlertContext {
  source: ExternalSource;
  receivedAt: number;
  /** notification-level fields copied to every alert's event attrs: receiver, groupKey, externalURL … */
  common: Record<string, unknown>;
  /** source-specific alert fields to keep in the event's attrs (Grafana's values, dashboardURL …) */
  extraFields?: readonly string[];
}

/** One alert of an Alertmanager-shaped payload → the external alert and its event, or a per-item rejection. */
export function readAlert(raw: unknown, context: AlertContext): MappedAlert {
  if (!isObject(raw)) return { ok: false, error: { code: 'NOT_AN_OBJECT', message: 'alert must be a JSON object', field: 'alerts' } };
  const labels = stringMap(raw.labels);
  const annotations = stringMap(raw.annotations);
  const startsAtRaw = typeof raw.startsAt === 'string' ? raw.startsAt : '';
  const startsAt = parseAlertTime(raw.startsAt);
  const endsAt = parseAlertTime(raw.endsAt);
  const said = raw.status === 'firing' || raw.status === 'resolved' ? raw.status : null;
  const status = said ?? (endsAt !== null && endsAt <= context.receivedAt ? 'resolved' : 'firing');
  const theirFingerprint = str(raw.fingerprint);
  const fingerprint = theirFingerprint ?? labelsFingerprint(labels);
  const alertname = labels.alertname ?? str(raw.alertname) ?? null;
  if (labels.alertname === undefined && alertname !== null) labels.alertname = alertname;

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

  return {
    ok: true,
    alert: { fingerprint: theirFingerprint, status: said, labels, annotations, startsAt, endsAt, generatorUrl: str(raw.generatorURL) },
    event: {
      id,
      kind: 'event',
      ts: new Date(believable ? eventTime : context.receivedAt).toISOString(),
      data: { type: 'alert', message: message.length > MAX_MESSAGE ? `${message.slice(0, MAX_MESSAGE - 1)}…` : message, attrs },
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
  return { ok: true, items: body.alerts.map((alert) => readAlert(alert, { source: 'alertmanager', receivedAt: options.receivedAt, common })) };
}
