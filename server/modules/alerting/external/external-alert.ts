import type { AlertLevel } from '../alerting.tables.ts';
import { fingerprintOf, labelsText } from '../alerts/labels.ts';

/**
 * An alert as an external system (Alertmanager, Grafana) tells it, already read from its payload by the webhook
 * transport (server/modules/ingest/webhooks/), or as another opsdesk module raises a condition it watches itself
 * (`recon`: reconciliation's worker job), and the pure rules that turn it into an opsdesk alert's fields: its
 * identity, level, labels and annotations within bounds, and its times within what the clock believes.
 */
export type ExternalSource = WebhookSource | 'recon';
/** The sources that reach opsdesk through a webhook (and whose alerts also go into a device's history). */
export type WebhookSource = 'alertmanager' | 'grafana';

export interface ExternalAlert {
  /** the sender's own id for the alert (Alertmanager's fingerprint); null when it sends none */
  fingerprint: string | null;
  /** as the sender says; null when it does not say, and then an end in the past means resolved */
  status: 'firing' | 'resolved' | null;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  /** epoch ms; null when unknown (Go's zero time is unknown) */
  startsAt: number | null;
  endsAt: number | null;
  /** where the alert can be seen at its source */
  generatorUrl: string | null;
}

export const MAX_LABELS = 50;
export const MAX_LABEL_VALUE_BYTES = 1024;
export const MAX_LABEL_NAME_LENGTH = 100;
export const MAX_ANNOTATIONS_BYTES = 16 * 1024;
export const MAX_URL_LENGTH = 2000;
export const MAX_EXTERNAL_ID_LENGTH = 200;
/** A start older than this is taken as this old: a long-running alert still lands, and time windows stay sane. */
export const MAX_START_AGE_MS = 30 * 86_400_000;

/** One identity per source: their fingerprint, or their sorted labels when they send none (as Alertmanager does). */
export function externalFingerprint(source: ExternalSource, alert: Pick<ExternalAlert, 'fingerprint' | 'labels'>): string {
  return fingerprintOf(source, { external: alert.fingerprint ?? labelsText(alert.labels) });
}

export function isResolved(alert: Pick<ExternalAlert, 'status' | 'endsAt'>, now: number): boolean {
  if (alert.status !== null) return alert.status === 'resolved';
  return alert.endsAt !== null && alert.endsAt <= now;
}

/** An instant the sender gave, held between `earliest` and `now`: a sender's clock may run ahead, or the alert be months old. */
export const boundedTime = (ms: number | null, now: number, earliest: number): number => Math.min(Math.max(ms ?? now, earliest), now);

// ---------------------------------------------------------------- level

const LEVEL_1 = new Set(['critical', 'crit', 'page', 'fatal', 'emergency', 'emerg', 'disaster', 'p0', 'p1', 'sev0', 'sev1', 'level1', 'l1', '1', '一级', '严重', '紧急']);
const LEVEL_2 = new Set(['warning', 'warn', 'major', 'high', 'error', 'err', 'average', 'p2', 'sev2', 'level2', 'l2', '2', '二级', '重要', '警告']);
const LEVEL_WORDS: Record<string, AlertLevel> = { '1': 1, '2': 2, '3': 3, 一级: 1, 二级: 2, 三级: 3 };

/**
 * The level: a `level` label of 1–3 (also `level2`, `L2`, 二级) wins; else the `severity` (or `priority`) label:
 * critical/page/p1 (and the level-1 spellings: `level1`, sev1, 一级…) → 1, warning/major/high/error/p2 → 2, anything
 * else or nothing → 3.
 */
export function levelOf(labels: Record<string, string>): AlertLevel {
  const level = (labels.level ?? '').trim().toLowerCase().replace(/^(level|l)\s*/, '');
  const explicit = LEVEL_WORDS[level];
  if (explicit) return explicit;
  const severity = (labels.severity ?? labels.priority ?? '').trim().toLowerCase();
  if (LEVEL_1.has(severity)) return 1;
  if (LEVEL_2.has(severity)) return 2;
  return 3;
}

// ---------------------------------------------------------------- bounds

/** Cut to at most `maxBytes` of UTF-8 without splitting a character, marking the cut with an ellipsis. */
export function truncateUtf8(text: string, maxBytes: number): string {
  if (Buffer.byteLength(text) <= maxBytes) return text;
  const room = Math.max(maxBytes - 3, 0); // '…' is 3 bytes
  let out = '';
  let used = 0;
  for (const ch of text) {
    const size = Buffer.byteLength(ch);
    if (used + size > room) break;
    out += ch;
    used += size;
  }
  return `${out}…`;
}

/** The names that say what an alert is about are kept first when a sender sends more labels than are kept. */
const LABELS_FIRST = ['alertname', 'source', 'level', 'site', 'device', 'subsystem', 'device_type', 'severity', 'instance', 'job'];

const byPriority = (first: readonly string[]) => (a: string, b: string) => {
  const ia = first.indexOf(a);
  const ib = first.indexOf(b);
  if (ia !== ib) return (ia === -1 ? first.length : ia) - (ib === -1 ? first.length : ib);
  return a < b ? -1 : a > b ? 1 : 0;
};

/** At most MAX_LABELS labels (the telling ones first), names of a sane length, values of at most 1 KB; sorted by name. */
export function boundLabels(labels: Record<string, string>): Record<string, string> {
  const names = Object.keys(labels)
    .filter((name) => name !== '' && name.length <= MAX_LABEL_NAME_LENGTH)
    .sort(byPriority(LABELS_FIRST))
    .slice(0, MAX_LABELS)
    .sort();
  const out: Record<string, string> = {};
  for (const name of names) out[name] = truncateUtf8(labels[name]!, MAX_LABEL_VALUE_BYTES);
  return out;
}

const ANNOTATIONS_FIRST = ['summary', 'description', 'message', 'runbook_url'];

/**
 * Annotations within MAX_ANNOTATIONS_BYTES in all (names and values): summary and description first, then the others
 * by name; the one that crosses the limit is cut, the rest left out.
 */
export function boundAnnotations(annotations: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  let left = MAX_ANNOTATIONS_BYTES;
  for (const name of Object.keys(annotations).sort(byPriority(ANNOTATIONS_FIRST))) {
    const nameBytes = Buffer.byteLength(name);
    if (name === '' || nameBytes > MAX_LABEL_NAME_LENGTH || nameBytes + 4 > left) continue;
    const value = truncateUtf8(annotations[name]!, left - nameBytes);
    out[name] = value;
    left -= nameBytes + Buffer.byteLength(value);
  }
  return Object.fromEntries(Object.keys(out).sort().map((k) => [k, out[k]!]));
}

/** Only http(s) links are kept: the console shows it as a link, and a `javascript:` one must never get there. */
export function safeUrl(value: string | null): string | null {
  if (!value || value.length > MAX_URL_LENGTH) return null;
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:' ? value : null;
  } catch {
    return null;
  }
}

// ---------------------------------------------------------------- devices

/** Label names that may name the device an alert is about, most specific first (`job` and `service` do not). */
export const DEVICE_LABELS = ['device', 'device_id', 'instance', 'host', 'hostname', 'nodename'] as const;

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

/** The values to look a device up by (code or address), in the order of DEVICE_LABELS, without repeats. */
export function deviceCandidates(labels: Record<string, string>): string[] {
  const out: string[] = [];
  for (const name of DEVICE_LABELS) {
    const raw = labels[name];
    if (typeof raw !== 'string') continue;
    const value = name === 'instance' ? stripPort(raw) : raw.trim();
    if (value !== '' && value.length <= 255 && !out.includes(value)) out.push(value);
  }
  return out;
}
