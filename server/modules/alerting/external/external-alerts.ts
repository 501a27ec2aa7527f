import type { Clock } from '../../../clock.ts';
import type { Db } from '../../../db/database.ts';
import type { Executor } from '../../../db/types.ts';
import type { AlertChangedEvent, EventAppender } from '../../../events/index.ts';
import type { AlertLevel, AlertsTable } from '../alerting.tables.ts';
import { alertWriter, newAlertRow, type AlertChange } from '../alerts/alert-writer.ts';
import { boundedTime, deviceCandidates, type ExternalAlert, type ExternalSource } from './external-alert.ts';
import { externalAlertsRepository as repo, type KnownDevice } from './external.repository.ts';
import { prepareExternal, type PreparedAlert } from './prepare.ts';

export type { ExternalAlert, ExternalSource, WebhookSource } from './external-alert.ts';

/**
 * What became of one external alert:
 * - `raised`: a new opsdesk alert, firing;
 * - `refreshed`: the repeat of an open alert (every group notification repeats its alerts): its annotations and
 *   updated_at are brought up to date, its state (acknowledged stays acknowledged) is kept;
 * - `resolved`: the open alert is resolved;
 * - `ignored`: a resolution of an alert that is not open (never seen, or resolved already), or a notice about an
 *   earlier occurrence than the open one (delivered late or out of order) — nothing to do;
 * - `rejected`: unusable (no labels and no fingerprint to tell it apart by).
 */
export type ExternalAlertOutcome = 'raised' | 'refreshed' | 'resolved' | 'ignored' | 'rejected';

export interface ExternalAlertResult {
  outcome: ExternalAlertOutcome;
  /** the opsdesk alert it raised, refreshed or resolved; null when ignored without one, or rejected */
  alertId: string | null;
  /** the registered device it is about, when its labels name one */
  device: { id: string; code: string } | null;
  level: AlertLevel | null;
  /** why it was ignored (`notOpen`, `stale`) or rejected */
  error?: { code: string; message: string };
}

/** An open alert of one source as its sender knows it: by the fingerprint it gave, with the labels it is held by. */
export interface OpenExternalAlert {
  alertId: string;
  /** the sender's fingerprint (`ExternalAlert.fingerprint`); null when it sent none (then its labels told it apart) */
  fingerprint: string | null;
  labels: Record<string, string>;
  /** what it says now: a resolution carries the alert's last words, so send these back with it */
  annotations: Record<string, string>;
  state: 'pending' | 'firing' | 'acknowledged';
}

export interface ExternalAlerts {
  /** Every alert of one notification, in one transaction; one result per alert, in order. */
  receive(source: ExternalSource, alerts: readonly ExternalAlert[]): Promise<ExternalAlertResult[]>;
  /**
   * The open alerts of a source: a module that raises its own conditions (recon) resolves those whose condition no
   * longer holds by sending them back `resolved` under the same fingerprint.
   */
  open(source: ExternalSource): Promise<OpenExternalAlert[]>;
}

/** Writes that lost a race with another writer (a person acknowledging, a second Alertmanager) are retried this often. */
const ATTEMPTS = 3;

/**
 * Alertmanager's and Grafana's alerts, and the conditions other modules watch themselves (recon), as opsdesk alerts, upserted by fingerprint (see ExternalAlertOutcome). Devices and
 * sites are looked up before the transaction (they only say where an alert belongs); the open alerts are read and
 * written inside it, through the alert writer, and their alert.changed events appended last. Suppression (silences,
 * maintenance, inhibition) is the engine's: it judges every open alert, external ones too.
 */
export function createExternalAlerts(deps: { db: Db; clock: Clock; events: EventAppender }): ExternalAlerts {
  const { db, clock, events } = deps;

  async function receive(source: ExternalSource, alerts: readonly ExternalAlert[]): Promise<ExternalAlertResult[]> {
    const now = clock.now();
    const prepared = await prepareAll(source, alerts, now);
    return db.kysely.transaction().execute(async (trx) => {
      const out: AlertChangedEvent[] = [];
      const usable = prepared.filter((p): p is PreparedAlert => p !== null);
      const open = new Map((await repo.openByFingerprints(trx, usable.map((p) => p.fingerprint))).map((r) => [r.fingerprint, r]));
      const results: ExternalAlertResult[] = [];
      for (const p of prepared) {
        if (p === null) {
          results.push({ outcome: 'rejected', alertId: null, device: null, level: null, error: { code: 'NO_IDENTITY', message: 'the alert has neither labels nor a fingerprint to tell it apart by' } });
          continue;
        }
        results.push(await apply(trx, p, open, out, now));
      }
      if (out.length > 0) await events.append(trx, ...out);
      return results;
    });
  }

  async function prepareAll(source: ExternalSource, alerts: readonly ExternalAlert[], now: number): Promise<(PreparedAlert | null)[]> {
    const devices = await repo.devicesByValues(db, alerts.flatMap((a) => deviceCandidates(a.labels)));
    const sites = await repo.sitesByCodes(db, [...new Set(alerts.map((a) => a.labels.site?.trim()).filter((c): c is string => !!c && c.length <= 64))]);
    const deviceOf = (a: ExternalAlert): KnownDevice | null => deviceCandidates(a.labels).map((v) => devices.get(v)).find((d) => d !== undefined) ?? null;
    const matched = alerts.map(deviceOf);
    // The device's site code labels an alert whose sender did not name its site.
    const siteCodes = await repo.siteCodes(db, matched.flatMap((d, i) => (d && !alerts[i]!.labels.site?.trim() ? [d.siteId] : [])));
    return alerts.map((a, i) => prepareExternal(source, a, { now, device: matched[i]!, siteIdOfCode: (code) => sites.get(code) ?? null, siteCodeOf: (id) => siteCodes.get(id) ?? null }));
  }

  async function open(source: ExternalSource): Promise<OpenExternalAlert[]> {
    return (await repo.openOfSource(db.kysely, source)).map((r) => ({
      alertId: r.id,
      fingerprint: r.external_id,
      labels: JSON.parse(r.labels) as Record<string, string>,
      annotations: JSON.parse(r.annotations) as Record<string, string>,
      state: r.state as OpenExternalAlert['state'],
    }));
  }

  return { receive, open };
}

/** Which occurrence a notice is about, next to the open alert: their start times, when both are known. */
function occurrence(p: PreparedAlert, open: AlertsTable): 'same' | 'earlier' | 'later' {
  const stored = startOf(open);
  if (p.startsAt === null || stored === null || p.startsAt === stored) return 'same';
  return p.startsAt < stored ? 'earlier' : 'later';
}

function startOf(row: AlertsTable): number | null {
  const values = (JSON.parse(row.detail) as { values?: { startsAt?: unknown } }).values;
  return typeof values?.startsAt === 'string' ? Date.parse(values.startsAt) : null;
}

const result = (outcome: ExternalAlertOutcome, alertId: string | null, p: PreparedAlert, error?: ExternalAlertResult['error']): ExternalAlertResult => ({
  outcome,
  alertId,
  device: p.device ? { id: p.device.id, code: p.device.code } : null,
  level: p.level,
  ...(error && { error }),
});

const STALE = { code: 'stale', message: 'the notice is about an earlier occurrence than the open alert' };
const NOT_OPEN = { code: 'notOpen', message: 'no open alert to resolve' };

async function apply(trx: Executor, p: PreparedAlert, open: Map<string, AlertsTable>, out: AlertChangedEvent[], now: number): Promise<ExternalAlertResult> {
  for (let attempt = 1; ; attempt++) {
    const outcome = await tryApply(trx, p, open.get(p.fingerprint) ?? null, open, out, now);
    if (outcome) return outcome;
    // Another writer got there first (the alert was acknowledged, resolved or raised meanwhile): read it again.
    const fresh = await repo.openByFingerprint(trx, p.fingerprint);
    if (fresh) open.set(p.fingerprint, fresh);
    else open.delete(p.fingerprint);
    if (attempt === ATTEMPTS) return result('ignored', fresh?.id ?? null, p, { code: 'contended', message: 'the alert kept changing under this notice' });
  }
}

/** null when a write lost a race and should be tried again on what is stored now. */
async function tryApply(trx: Executor, p: PreparedAlert, existing: AlertsTable | null, open: Map<string, AlertsTable>, out: AlertChangedEvent[], now: number): Promise<ExternalAlertResult | null> {
  if (p.resolved) {
    if (!existing) return result('ignored', null, p, NOT_OPEN);
    if (occurrence(p, existing) === 'earlier') return result('ignored', existing.id, p, STALE);
    const after = await resolve(trx, existing, p, boundedTime(p.endsAt, now, existing.fired_at ?? existing.active_at), 'resolved', out, now);
    if (!after) return null;
    open.delete(p.fingerprint);
    return result('resolved', existing.id, p);
  }
  if (existing) {
    const which = occurrence(p, existing);
    if (which === 'earlier') return result('ignored', existing.id, p, STALE);
    if (which === 'same') {
      const after = await refresh(trx, existing, p, out, now);
      if (!after) return null;
      open.set(p.fingerprint, after);
      return result('refreshed', existing.id, p);
    }
    // A later start under the same fingerprint: the open one ended without our hearing of it, and this is a new one.
    const ended = await resolve(trx, existing, p, boundedTime(p.startsAt, now, existing.fired_at ?? existing.active_at), 'refired', out, now);
    if (!ended) return null;
    open.delete(p.fingerprint);
  }
  const row = newAlertRow(p.row, now, p.firedAt);
  const change: AlertChange = { kind: 'firing', actorId: null, at: row.active_at, detail: { source: row.source } };
  if (!(await alertWriter.insert(trx, row, change, out))) return null;
  open.set(p.fingerprint, row);
  return result('raised', row.id, p);
}

function resolve(trx: Executor, existing: AlertsTable, p: PreparedAlert, resolvedAt: number, reason: 'resolved' | 'refired', out: AlertChangedEvent[], now: number) {
  const patch: Partial<AlertsTable> = { state: 'resolved', resolved_at: resolvedAt, resolved_by: null, updated_at: now };
  // A resolution carries the alert's last words (Alertmanager sends the annotations again); a re-fire's are the new one's.
  if (reason === 'resolved') patch.annotations = p.annotationsText;
  return alertWriter.update(trx, existing, patch, { kind: 'resolved', actorId: null, at: resolvedAt, detail: { source: existing.source, reason } }, out);
}

/**
 * A repeat: what the sender may have changed (annotations such as a current value in the summary, the link, the
 * device now registered) is brought up to date without a line in the timeline; only a new level is told.
 */
function refresh(trx: Executor, existing: AlertsTable, p: PreparedAlert, out: AlertChangedEvent[], now: number) {
  const fresh = p.row;
  const patch: Partial<AlertsTable> = { updated_at: now };
  for (const column of ['annotations', 'labels', 'group_key', 'external_url', 'site_id', 'device_id', 'subsystem'] as const) {
    if (fresh[column] !== existing[column]) Object.assign(patch, { [column]: fresh[column] });
  }
  // The summary may have moved on; the start stays the one the alert was raised with (or the first one heard of).
  const detail = JSON.parse(fresh.detail) as { code: string; values: Record<string, unknown> };
  const started = startOf(existing) ?? p.startsAt;
  detail.values.startsAt = started === null ? null : new Date(started).toISOString();
  if (JSON.stringify(detail) !== existing.detail) patch.detail = JSON.stringify(detail);
  let change: AlertChange | null = null;
  if (p.level !== existing.rule_level) {
    patch.rule_level = p.level;
    // A level somebody set by hand, with a reason, stays theirs.
    if (existing.level_reason === null && p.level !== existing.level) {
      patch.level = p.level;
      change = { kind: 'level', actorId: null, at: now, detail: { from: existing.level, to: p.level, source: existing.source } };
    }
  }
  return alertWriter.update(trx, existing, patch, change, out);
}

