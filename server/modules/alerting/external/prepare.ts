import type { AlertLevel } from '../alerting.tables.ts';
import type { NewAlert } from '../alerts/alert-writer.ts';
import { groupKeyOf } from '../alerts/labels.ts';
import { DEFAULT_GROUP_BY } from '../rules/rule.schemas.ts';
import {
  boundAnnotations,
  boundedTime,
  boundLabels,
  externalFingerprint,
  isResolved,
  levelOf,
  MAX_EXTERNAL_ID_LENGTH,
  MAX_START_AGE_MS,
  safeUrl,
  truncateUtf8,
  type ExternalAlert,
  type ExternalSource,
} from './external-alert.ts';
import type { KnownDevice } from './external.repository.ts';

/** An external alert read and bounded, with where it belongs in the estate: ready to be written. */
export interface PreparedAlert {
  fingerprint: string;
  resolved: boolean;
  level: AlertLevel;
  /** the sender's start and end (epoch ms), unbounded: they tell one occurrence from the next */
  startsAt: number | null;
  endsAt: number | null;
  device: KnownDevice | null;
  annotationsText: string;
  /** what a new alert for it holds (alert-writer.ts newAlertRow makes the row), active since `firedAt` */
  row: NewAlert;
  firedAt: number;
}

export interface PrepareContext {
  now: number;
  /** the registered device its labels name, if any */
  device: KnownDevice | null;
  siteIdOfCode(code: string): string | null;
  siteCodeOf(siteId: string): string | null;
}

/** Subsystem names are short words (consumption, access…); a longer label value is not one. */
const MAX_SUBSYSTEM_LENGTH = 40;
const MAX_SUMMARY_BYTES = 500;

const validIso = (ms: number | null): string | null => (ms !== null && Number.isFinite(ms) && Math.abs(ms) <= 8.64e15 ? new Date(ms).toISOString() : null);

/**
 * Labels: theirs, plus opsdesk's conventions (labels.ts): `source`, `alertname` and `level` always, and the `device`,
 * `site` (code) and `subsystem` of the registered device it names when the sender did not name them, so silences,
 * inhibition and grouping treat it like a native alert. The site: the device's, else the `site` label's when it names
 * a site (an unknown code leaves the alert without a site and keeps the label). Null when it cannot be told apart
 * from other alerts (no fingerprint, no labels).
 */
export function prepareExternal(source: ExternalSource, alert: ExternalAlert, ctx: PrepareContext): PreparedAlert | null {
  const theirs = alert.labels;
  if (alert.fingerprint === null && Object.keys(theirs).length === 0) return null;
  const level = levelOf(theirs);
  const { device, now } = ctx;
  const siteLabel = theirs.site?.trim() || null;
  const labels: Record<string, string> = { ...theirs, alertname: theirs.alertname?.trim() || 'unnamed', source, level: String(level) };
  if (device) {
    if (!theirs.device) labels.device = device.code;
    const siteCode = ctx.siteCodeOf(device.siteId);
    if (!siteLabel && siteCode) labels.site = siteCode;
    if (!theirs.subsystem) labels.subsystem = device.subsystem;
  }
  const bounded = boundLabels(labels);
  const annotations = boundAnnotations(alert.annotations);
  const annotationsText = JSON.stringify(annotations);
  const subsystemLabel = bounded.subsystem?.trim();
  const firedAt = boundedTime(alert.startsAt, now, now - MAX_START_AGE_MS);
  const summary = annotations.summary ?? annotations.description ?? null;
  const startsAt = validIso(alert.startsAt) === null ? null : alert.startsAt;
  const fingerprint = externalFingerprint(source, alert);
  return {
    fingerprint,
    resolved: isResolved(alert, now),
    level,
    startsAt,
    endsAt: alert.endsAt,
    device,
    annotationsText,
    row: {
      fingerprint,
      rule_id: null,
      source,
      name: bounded.alertname!,
      state: 'firing',
      level,
      labels: JSON.stringify(bounded),
      annotations: annotationsText,
      detail: JSON.stringify({
        code: 'external',
        values: { source, summary: summary === null ? null : truncateUtf8(summary, MAX_SUMMARY_BYTES), startsAt: validIso(startsAt) },
      }),
      site_id: device?.siteId ?? (siteLabel ? ctx.siteIdOfCode(siteLabel) : null),
      device_id: device?.id ?? null,
      subsystem: device?.subsystem ?? (subsystemLabel && subsystemLabel.length <= MAX_SUBSYSTEM_LENGTH ? subsystemLabel : null),
      parent_id: null,
      group_key: groupKeyOf(bounded, DEFAULT_GROUP_BY),
      value: null,
      threshold: null,
      fires_at: null,
      fired_at: firedAt,
      external_id: alert.fingerprint === null ? null : alert.fingerprint.slice(0, MAX_EXTERNAL_ID_LENGTH),
      external_url: safeUrl(alert.generatorUrl),
    },
    firedAt,
  };
}
