import type { AlertsTable } from '../alerting.tables.ts';
import { newAlertRow } from '../alerts/alert-writer.ts';
import { groupKeyOf } from '../alerts/labels.ts';
import type { Directory } from './directory.ts';
import { insertAlert, updateAlert, type EngineState, type Pending } from './engine-state.ts';
import type { Verdict } from './judge.ts';
import { transition, withFireStart, type AlertLife } from './lifecycle.ts';
import type { Series } from './series.ts';
import { suppressionOf } from './suppressed-by.ts';
import { parentFor } from './topology-alerts.ts';

/** The newest value of a firing alert is written at most this often (it is shown, not judged). */
const VALUE_WRITE_MS = 60_000;

const IDLE: AlertLife = { state: 'idle', firesAt: null, clearSince: null, flapping: false };

/** An open alert as the lifecycle sees it: an acknowledged one is still firing. */
const lifeOf = (alert: AlertsTable): AlertLife => ({ state: alert.state === 'pending' ? 'pending' : 'firing', firesAt: alert.fires_at, clearSince: alert.clear_since, flapping: alert.flapping === 1 });

/**
 * Rules' alerts: each series' verdict moves its alert on through the lifecycle (lifecycle.ts), turned here into alert
 * rows, timeline entries and wakes. Keeps what only this needs: when each fingerprint lately started firing (flap
 * detection) and when each alert's value was last written.
 */
export function createRuleAlerts(s: EngineState) {
  /** when each fingerprint lately started firing, for flap detection */
  const fireStarts = new Map<string, number[]>();
  const lastValueWrite = new Map<string, number>();

  function recordFireStart(fingerprint: string, at: number): void {
    fireStarts.set(fingerprint, withFireStart(fireStarts.get(fingerprint) ?? [], at));
  }

  function newRuleAlert(series: Series, verdict: Verdict, at: number, state: 'pending' | 'firing', firesAt: number | null, flapping: boolean, dir: Directory): AlertsTable {
    const { rule, identity } = series;
    const level = rule.settingsFor(identity.device).level;
    const labels = { ...identity.labels, alertname: rule.key, level: String(level), source: 'rule' };
    const row = newAlertRow(
      {
        fingerprint: series.fingerprint,
        rule_id: rule.id,
        source: 'rule',
        name: rule.key,
        state,
        level,
        labels: JSON.stringify(labels),
        detail: JSON.stringify({ code: rule.condition.kind, values: { ...verdict.values, rule: rule.name, ...(identity.device && { device: identity.device.code }) } }),
        site_id: identity.siteId,
        device_id: identity.deviceId,
        subsystem: identity.subsystem,
        parent_id: parentFor(s, identity.deviceId),
        group_key: groupKeyOf(labels, rule.groupBy),
        value: verdict.value,
        threshold: verdict.threshold,
        fires_at: firesAt,
        fired_at: state === 'firing' ? at : null,
        flapping: flapping ? 1 : 0,
      },
      at,
    );
    row.suppressed_by = suppressionOf(s, row, dir);
    return row;
  }

  /** Moves one series' alert on, given its verdict now. */
  function step(p: Pending, series: Series, verdict: Verdict | null, at: number, dir: Directory): void {
    const { rule, fingerprint } = series;
    const alert = s.open.get(fingerprint);
    const active = verdict?.active === true;
    // An open alert under this fingerprint that the rule did not raise is not the rule's to clear.
    if (!active && alert && alert.rule_id !== rule.id) return;
    const t = transition(alert ? lifeOf(alert) : IDLE, active, at, rule, fireStarts.get(fingerprint) ?? []);
    const cause = { value: verdict?.value ?? null, threshold: verdict?.threshold ?? null };
    switch (t.kind) {
      case 'openPending':
        insertAlert(s, p, newRuleAlert(series, verdict!, at, 'pending', t.firesAt, false, dir), { kind: 'pending', actorId: null, at, detail: cause });
        return;
      case 'openFiring':
        recordFireStart(fingerprint, at);
        insertAlert(s, p, newRuleAlert(series, verdict!, at, 'firing', null, t.flapping, dir), { kind: 'firing', actorId: null, at, detail: { ...cause, ...(t.flapping && { flapping: true }) } });
        return;
      case 'fire':
        recordFireStart(fingerprint, at);
        updateAlert(s, p, alert!, { state: 'firing', fired_at: at, value: cause.value, clear_since: null, ...(t.flapping && { flapping: 1 }) }, { kind: 'firing', actorId: null, at, detail: cause });
        return;
      case 'hold':
        updateAlert(s, p, alert!, { clear_since: null, value: cause.value }, null);
        return;
      case 'nothing':
        // Still pending or firing: the value shown is refreshed now and then.
        if (active && alert && cause.value !== alert.value && at - (lastValueWrite.get(alert.id) ?? alert.updated_at) >= VALUE_WRITE_MS) {
          lastValueWrite.set(alert.id, at);
          updateAlert(s, p, alert, { value: cause.value, updated_at: at }, null);
        }
        return;
      case 'dropPending':
        lastValueWrite.delete(alert!.id);
        updateAlert(s, p, alert!, { state: 'resolved', resolved_at: at, fires_at: null }, { kind: 'resolved', actorId: null, at, detail: { neverFired: true } });
        return;
      case 'startClearing':
        s.wake.at(t.keepUntil);
        updateAlert(s, p, alert!, t.startsFlapping ? { clear_since: at, flapping: 1 } : { clear_since: at }, t.startsFlapping ? { kind: 'flapping', actorId: null, at } : null);
        return;
      case 'kept':
        s.wake.at(t.keepUntil);
        return;
      case 'resolve':
        lastValueWrite.delete(alert!.id);
        updateAlert(s, p, alert!, { state: 'resolved', resolved_at: at, clear_since: null, ...(cause.value !== null && { value: cause.value }) }, { kind: 'resolved', actorId: null, at, ...(alert!.flapping === 1 && { detail: { steady: true } }) });
        return;
    }
  }

  return {
    step,
    /** Forgets everything (the evaluator rebuilds its state). */
    clear(): void {
      fireStarts.clear();
    },
    /** Restores the fire starts of the flap window from the stored alerts when the evaluator starts. */
    restoreFireStart(fingerprint: string, at: number): void {
      (fireStarts.get(fingerprint) ?? fireStarts.set(fingerprint, []).get(fingerprint)!).push(at);
    },
  };
}

export type RuleAlerts = ReturnType<typeof createRuleAlerts>;
