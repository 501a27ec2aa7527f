import type { Clock } from '../../../clock.ts';
import type { Db } from '../../../db/database.ts';
import type { Executor } from '../../../db/types.ts';
import type { AlertChangedEvent, AlertNotifyEvent, Delivered, DomainEvent, DomainEvents, EventType } from '../../../events/index.ts';
import type { AlertGroupsTable, AlertRulesTable, AlertsTable } from '../alerting.tables.ts';
import { alertWriter, newAlertRow, type AlertChange } from '../alerts/alert-writer.ts';
import { fingerprintOf, groupKeyOf, groupLabels } from '../alerts/labels.ts';
import { enabledRules, markBroken as storeBroken, rulesStamp as readRulesStamp } from '../rules/rules.repository.ts';
import { DEFAULT_GROUP_BY } from '../rules/rule.schemas.ts';
import { loadSuppressions, type Suppressions } from '../suppressions.ts';
import { createBaselines } from './baselines.ts';
import { compileRule, type CompiledRule } from './compiled-rule.ts';
import { loadDirectory, type DeviceInfo, type Directory } from './directory.ts';
import { engineRepository } from './engine.repository.ts';
import { flushGroup, groupsRepository, scheduleFor } from './grouping.ts';
import { judge, type Verdict } from './judge.ts';
import { createSeriesStore, indexRules, observeHealth, observeSignals, seedAbsences, type RuleIndex } from './observe.ts';
import { lookbackMs, type Series } from './series.ts';
import { outagesAt, type Outage } from './topology.ts';
import { createWakeTimer } from './wake-timer.ts';
import { MINUTE } from './windows.ts';

/**
 * The alert evaluator (SPEC C3): a durable consumer of the committed domain events. Batches' signals and health
 * changes feed the rules' series; each series is judged and its alert moved through pending → firing → resolved;
 * topology outages become parents; suppression and notification groups are kept current on every tick. It holds its
 * state in memory on the one node that holds the consumer, and rebuilds it from the outbox when it starts, when the
 * consumer moves to it, or when its rules change — so an alert fires once, on committed data, across restarts.
 */
export const EVALUATOR_CONSUMER = 'alerting.evaluator';
const TYPES = ['ingest.batch', 'device.health', 'alert.changed', 'alerting.tick'] as const satisfies readonly EventType[];
/** Events of these types that the evaluator replays to rebuild its windows. */
const REPLAYED: readonly EventType[] = ['ingest.batch', 'device.health'];
const DIRECTORY_TTL_MS = 30_000;
/** A state that changes more than FLAP_LIMIT times in FLAP_WINDOW_MS is flapping: kept open, not re-notified. */
export const FLAP_WINDOW_MS = 30 * MINUTE;
export const FLAP_LIMIT = 4;
/** The newest value of a firing alert is written at most this often (it is shown, not judged). */
const VALUE_WRITE_MS = 60_000;
const MAX_LOOKBACK_MS = 24 * 60 * MINUTE;
/** Due notification groups flushed in one commit. */
const FLUSH_BATCH = 200;

export interface EvaluatorLog {
  warn(obj: object, msg: string): void;
  info?(obj: object, msg: string): void;
}

interface Pending {
  ops: ((trx: Executor, out: AlertChangedEvent[]) => Promise<void>)[];
  notify: AlertNotifyEvent[];
  /** fingerprints whose row must be read back after the commit (another writer won a race) */
  reload: Set<string>;
}

export function createAlertEvaluator(deps: { db: Db; clock: Clock; events: DomainEvents; log?: EvaluatorLog }) {
  const { db, clock, events } = deps;
  const k = db.kysely;
  const log: EvaluatorLog = deps.log ?? { warn: () => {} };
  const store = createSeriesStore();
  const baselines = createBaselines(db);

  let warm = false;
  let lastPosition = 0;
  let now = 0;
  let rulesStamp = '';
  let rules: CompiledRule[] = [];
  let index: RuleIndex = indexRules([]);
  let directory: Directory | null = null;
  let suppressions: Suppressions | null = null;
  /** open alerts by fingerprint: rules', topology's and external ones */
  const open = new Map<string, AlertsTable>();
  /** when each fingerprint last started firing, for flap detection */
  const fireStarts = new Map<string, number[]>();
  /** devices the estate says are offline now */
  const offline = new Set<string>();
  /** the open topology outages by key */
  const outages = new Map<string, Outage>();
  const lastValueWrite = new Map<string, number>();
  /** the furthest position whose health change was observed ahead of its delivery (one commit's changes at once) */
  let lookedAheadTo = 0;
  /** rules that threw, with the error, until they are edited */
  const broken = new Map<string, string>();

  /** Lets time pass for the evaluator: the alerting.tick job every 5 s, the wake timer, tests after moving their clock. */
  const appendTick = (): Promise<void> => k.transaction().execute((trx) => events.append(trx, { type: 'alerting.tick', at: clock.now() }));
  /** A tick at the instant the next thing falls due, so that nothing waits for the next 5 s tick. */
  const wake = createWakeTimer({ clock, fire: appendTick, onError: (error) => log.warn({ err: error }, 'alerting: a timed tick could not be appended; the next 5 s tick will do') });

  // ————— loading —————

  /** The enabled rules that are not marked broken (a broken one waits for somebody to edit it). */
  const loadRules = async (): Promise<AlertRulesTable[]> => (await enabledRules(k)).filter((r) => r.broken === null);
  const stampOfRules = () => readRulesStamp(k);

  async function refreshDirectory(at: number, force = false): Promise<Directory> {
    if (!directory || force || at - directory.loadedAt >= DIRECTORY_TTL_MS) {
      directory = await loadDirectory(k, at);
      offline.clear();
      for (const d of directory.all()) if (d.health === 'offline' && !d.maintenance) offline.add(d.id);
    }
    return directory;
  }

  /**
   * Rebuilds everything from the database and the outbox: rules, the estate, open alerts, flap history, then the
   * windows by replaying the recent batches before `before` (the event about to be handled). Nothing is written.
   */
  async function warmUp(before: number, at: number): Promise<void> {
    warm = false;
    store.clear();
    baselines.clear();
    outages.clear();
    open.clear();
    fireStarts.clear();
    broken.clear();
    rulesStamp = await stampOfRules();
    const rows = await loadRules();
    const compiled: CompiledRule[] = [];
    const failures: { id: string; error: string }[] = [];
    for (const row of rows) {
      try {
        compiled.push(compileRule(row));
      } catch (error) {
        failures.push({ id: row.id, error: (error as Error).message });
      }
    }
    index = indexRules(compiled, (rule, error) => failures.push({ id: rule.id, error: error.message }));
    rules = index.all;
    // Stored before it could be checked (an older release, a direct edit): marked broken with its error, skipped.
    if (failures.length > 0) {
      await k.transaction().execute(async (trx) => {
        for (const f of failures) await storeBroken(trx, f.id, f.error, at);
      });
      for (const f of failures) log.warn({ rule: f.id, error: f.error }, 'alerting: a rule cannot be evaluated; it is marked broken until edited');
      rulesStamp = await stampOfRules();
    }
    const dir = await refreshDirectory(at, true);
    for (const row of await engineRepository.openAlerts(k)) {
      open.set(row.fingerprint, row);
      if (row.source === 'topology') {
        const kind = row.name === 'site-down' ? 'siteDown' : 'switchDown';
        const key = kind === 'siteDown' ? row.site_id : row.device_id;
        if (key && row.site_id) outages.set(key, { kind, key, siteId: row.site_id, device: row.device_id ? (dir.byId(row.device_id) ?? null) : null, offline: 0, total: 0, members: new Set() });
      }
    }
    for (const row of await engineRepository.fireStartsSince(k, at - FLAP_WINDOW_MS)) {
      if (row.fired_at !== null) (fireStarts.get(row.fingerprint) ?? fireStarts.set(row.fingerprint, []).get(row.fingerprint)!).push(row.fired_at);
    }
    seedAbsences(index, dir, store);
    const lookback = Math.min(MAX_LOOKBACK_MS, Math.max(0, ...rules.map(lookbackMs)));
    if (lookback > 0) {
      for await (const d of events.replay({ sinceAt: at - lookback, before, types: REPLAYED })) observe(d.event, dir);
    }
    suppressions = await loadSuppressions(k, at);
    wake.at(suppressions.nextChangeAt);
    wake.at(await groupsRepository.nextFlushAt(k));
    for (const a of open.values()) if (a.state === 'pending') wake.at(a.fires_at);
    lastPosition = before - 1;
    warm = true;
  }

  function observe(event: DomainEvent, dir: Directory): Set<Series> {
    if (event.type === 'ingest.batch') return event.signals ? observeSignals(event.signals, index, dir, store) : new Set();
    if (event.type === 'device.health') {
      const device = dir.byId(event.deviceId);
      if (device) {
        device.health = event.health;
        if (event.lastSeenAt) device.lastSeenAt = event.lastSeenAt;
        device.maintenance = event.health === 'maintenance';
        if (event.health === 'offline') offline.add(device.id);
        else offline.delete(device.id);
      }
      return observeHealth(event, index, dir, store);
    }
    return new Set();
  }

  // ————— judging —————

  function suppressionOf(row: Pick<AlertsTable, 'labels' | 'site_id' | 'device_id' | 'source'>, dir: Directory): string | null {
    const device = row.device_id ? dir.byId(row.device_id) : undefined;
    if (device?.maintenance) return `maintenance:device:${device.code}`;
    const found = suppressions?.suppressedBy({ labels: JSON.parse(row.labels) as Record<string, string>, siteId: row.site_id, deviceId: row.device_id }) ?? null;
    if (found) return found;
    // A site that is down inhibits the alerts of its devices that are not attached to it already.
    if (row.site_id && row.source !== 'topology' && outages.has(row.site_id)) {
      const parent = open.get(topologyFingerprint('siteDown', row.site_id));
      if (parent) return `inhibited:${parent.id}`;
    }
    return null;
  }

  function parentFor(deviceId: string | null): string | null {
    if (!deviceId) return null;
    let best: AlertsTable | undefined;
    for (const o of outages.values()) {
      if (!o.members.has(deviceId)) continue;
      const parent = open.get(topologyFingerprint(o.kind, o.key));
      // A switch outage is the nearer parent than the site's.
      if (parent && (!best || o.kind === 'switchDown')) best = parent;
    }
    return best?.id ?? null;
  }

  function recordFireStart(fingerprint: string, at: number): number {
    const starts = (fireStarts.get(fingerprint) ?? []).filter((t) => t > at - FLAP_WINDOW_MS);
    starts.push(at);
    fireStarts.set(fingerprint, starts);
    return starts.length;
  }

  const queue = (p: Pending, op: Pending['ops'][number]) => p.ops.push(op);

  function insertAlert(p: Pending, row: AlertsTable, change: AlertChange): void {
    open.set(row.fingerprint, row);
    if (row.state === 'pending') wake.at(row.fires_at);
    queue(p, async (trx, out) => {
      if (!(await alertWriter.insert(trx, row, change, out))) p.reload.add(row.fingerprint);
    });
  }

  function updateAlert(p: Pending, before: AlertsTable, patch: Partial<AlertsTable>, change: AlertChange | null): AlertsTable {
    const after: AlertsTable = { ...before, ...patch, updated_at: change?.at ?? before.updated_at };
    if (after.state === 'resolved') open.delete(before.fingerprint);
    else open.set(before.fingerprint, after);
    queue(p, async (trx, out) => {
      if (!(await alertWriter.update(trx, before, patch, change, out))) p.reload.add(before.fingerprint);
    });
    return after;
  }

  function newRuleAlert(series: Series, verdict: Verdict, level: 1 | 2 | 3, at: number, state: 'pending' | 'firing', flapping: boolean, dir: Directory): AlertsTable {
    const { rule, identity } = series;
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
        parent_id: parentFor(identity.deviceId),
        group_key: groupKeyOf(labels, rule.groupBy),
        value: verdict.value,
        threshold: verdict.threshold,
        fires_at: state === 'pending' ? at + rule.forMs : null,
        fired_at: state === 'firing' ? at : null,
        flapping: flapping ? 1 : 0,
      },
      at,
    );
    row.suppressed_by = suppressionOf(row, dir);
    return row;
  }

  /** Moves one series' alert on, given its verdict now. */
  function step(p: Pending, series: Series, verdict: Verdict | null, at: number, dir: Directory): void {
    const { rule } = series;
    const alert = open.get(series.fingerprint);
    const device: DeviceInfo | null = series.identity.device;
    if (verdict?.active) {
      const level = rule.settingsFor(device).level;
      if (!alert) {
        const firesNow = rule.forMs <= 0;
        const flapping = firesNow && recordFireStart(series.fingerprint, at) > FLAP_LIMIT;
        const row = newRuleAlert(series, verdict, level, at, firesNow ? 'firing' : 'pending', flapping, dir);
        insertAlert(p, row, { kind: firesNow ? 'firing' : 'pending', actorId: null, at, detail: { value: verdict.value, threshold: verdict.threshold, ...(flapping && { flapping: true }) } });
        return;
      }
      if (alert.state === 'pending' && alert.fires_at !== null && at >= alert.fires_at) {
        const flapping = recordFireStart(series.fingerprint, at) > FLAP_LIMIT;
        updateAlert(p, alert, { state: 'firing', fired_at: at, value: verdict.value, clear_since: null, ...(flapping && { flapping: 1 }) }, { kind: 'firing', actorId: null, at, detail: { value: verdict.value, threshold: verdict.threshold } });
        return;
      }
      if (alert.clear_since !== null) {
        updateAlert(p, alert, { clear_since: null, value: verdict.value }, null);
        return;
      }
      if (verdict.value !== alert.value && at - (lastValueWrite.get(alert.id) ?? alert.updated_at) >= VALUE_WRITE_MS) {
        lastValueWrite.set(alert.id, at);
        updateAlert(p, alert, { value: verdict.value, updated_at: at }, null);
      }
      return;
    }
    if (!alert || alert.rule_id !== rule.id) return;
    if (alert.state === 'pending') {
      updateAlert(p, alert, { state: 'resolved', resolved_at: at, fires_at: null }, { kind: 'resolved', actorId: null, at, detail: { neverFired: true } });
      return;
    }
    // Flapping: it clears, but it has fired too often lately: keep it open and quiet until it has been clear a while.
    const flappingNow = alert.flapping === 1 || (fireStarts.get(series.fingerprint)?.filter((t) => t > at - FLAP_WINDOW_MS).length ?? 0) > FLAP_LIMIT;
    const keepMs = flappingNow ? Math.max(rule.keepFiringMs, FLAP_WINDOW_MS) : rule.keepFiringMs;
    if (keepMs > 0) {
      wake.at((alert.clear_since ?? at) + keepMs);
      if (alert.clear_since === null) {
        updateAlert(p, alert, flappingNow && alert.flapping === 0 ? { clear_since: at, flapping: 1 } : { clear_since: at }, flappingNow && alert.flapping === 0 ? { kind: 'flapping', actorId: null, at } : null);
        return;
      }
      if (at < alert.clear_since + keepMs) return;
    }
    updateAlert(p, alert, { state: 'resolved', resolved_at: at, clear_since: null, ...(verdict?.value !== undefined && verdict.value !== null && { value: verdict.value }) }, { kind: 'resolved', actorId: null, at, ...(alert.flapping === 1 && { detail: { steady: true } }) });
  }

  function judgeSafely(series: Series, at: number): Verdict | null | 'broken' {
    try {
      return judge(series, at, baselines.lookup);
    } catch (error) {
      const message = (error as Error).message || String(error);
      broken.set(series.rule.id, message);
      log.warn({ err: error, rule: series.rule.key }, 'alerting: a rule threw while judged; it is marked broken and skipped until edited');
      return 'broken';
    }
  }

  async function judgeAll(p: Pending, touched: Iterable<Series>, at: number, dir: Directory): Promise<void> {
    const list = [...touched].filter((s) => !broken.has(s.rule.id));
    const wanted = list.filter((s) => s.rule.condition.kind === 'baseline' && s.identity.device);
    if (wanted.length > 0) {
      await baselines.ensure(
        wanted.map((s) => ({ deviceCode: s.identity.device!.code, metric: (s.rule.condition as { metric: string }).metric, weeks: (s.rule.condition as { learnWeeks: number }).learnWeeks, zone: s.identity.device!.zone })),
        at,
      );
    }
    for (const s of list) {
      if (broken.has(s.rule.id)) continue;
      const verdict = judgeSafely(s, at);
      if (verdict === 'broken') {
        markBroken(p, s.rule, at);
        continue;
      }
      step(p, s, verdict, at, dir);
    }
  }

  function markBroken(p: Pending, rule: CompiledRule, at: number): void {
    const error = broken.get(rule.id) ?? 'failed';
    queue(p, (trx) => storeBroken(trx, rule.id, error, at));
  }

  /** Composite rules: every rule they name firing for the same site (or device) within their window. */
  function judgeComposites(p: Pending, at: number, dir: Directory): void {
    for (const rule of index.composites) {
      const c = rule.condition;
      if (c.kind !== 'composite') continue;
      const by = c.by ?? 'site';
      const firingBy = new Map<string, Map<string, number>>();
      for (const a of open.values()) {
        if ((a.state !== 'firing' && a.state !== 'acknowledged') || a.fired_at === null || !c.rules.includes(a.name)) continue;
        const place = by === 'site' ? a.site_id : a.device_id;
        if (!place) continue;
        const m = firingBy.get(place) ?? firingBy.set(place, new Map()).get(place)!;
        m.set(a.name, Math.min(m.get(a.name) ?? Infinity, a.fired_at));
      }
      const active = new Set<string>();
      for (const [place, fired] of firingBy) {
        if (fired.size < c.rules.length) continue;
        const times = [...fired.values()];
        if (Math.max(...times) - Math.min(...times) > c.withinMinutes * MINUTE) continue;
        active.add(place);
        const device = by === 'device' ? (dir.byId(place) ?? null) : null;
        const siteCode = by === 'site' ? dir.siteCode(place) : device?.siteCode;
        if (!rule.watchesSite(siteCode ?? null)) continue;
        const identity = device
          ? { key: device.code, labels: { site: device.siteCode, device: device.code, ...rule.labels }, siteId: device.siteId, deviceId: device.id, subsystem: device.subsystem, device }
          : { key: siteCode ?? place, labels: { site: siteCode ?? place, ...rule.labels }, siteId: place, deviceId: null, subsystem: null, device: null };
        const series = store.get(rule, identity);
        step(p, series, { active: true, value: null, threshold: null, values: { rules: c.rules.join(', '), withinMinutes: c.withinMinutes } }, at, dir);
      }
      for (const series of store.forRule(rule.id)) {
        const place = by === 'site' ? series.identity.siteId : series.identity.deviceId;
        if (place && !active.has(place)) step(p, series, { active: false, value: null, threshold: null, values: {} }, at, dir);
      }
    }
  }

  // ————— topology —————

  function topologyFingerprint(kind: Outage['kind'], key: string): string {
    return fingerprintOf('topology', { kind, key });
  }

  function reconcileTopology(p: Pending, siteIds: Iterable<string>, at: number, dir: Directory): void {
    for (const siteId of siteIds) {
      const openKeys = new Set([...outages.values()].filter((o) => o.siteId === siteId).map((o) => o.key));
      const found = outagesAt(siteId, dir, offline, openKeys);
      const foundKeys = new Set(found.map((o) => o.key));
      for (const o of found) {
        outages.set(o.key, o);
        const fingerprint = topologyFingerprint(o.kind, o.key);
        let parent = open.get(fingerprint);
        const values = { offline: o.offline, total: o.total, site: dir.siteCode(o.siteId) ?? null, ...(o.device && { device: o.device.code, deviceName: o.device.name }) };
        if (!parent) {
          const name = o.kind === 'siteDown' ? 'site-down' : 'switch-down';
          const labels: Record<string, string> = { alertname: name, level: '1', source: 'topology', site: dir.siteCode(o.siteId) ?? '', ...(o.device && { device: o.device.code, device_type: o.device.type, subsystem: o.device.subsystem }) };
          parent = newAlertRow(
            {
              fingerprint,
              rule_id: null,
              source: 'topology',
              name,
              state: 'firing',
              level: 1,
              labels: JSON.stringify(labels),
              detail: JSON.stringify({ code: o.kind, values }),
              site_id: o.siteId,
              device_id: o.device?.id ?? null,
              subsystem: o.device?.subsystem ?? null,
              parent_id: null,
              group_key: groupKeyOf(labels, DEFAULT_GROUP_BY),
              value: o.offline,
              threshold: null,
              fires_at: null,
              fired_at: at,
            },
            at,
          );
          parent.suppressed_by = suppressionOf(parent, dir);
          insertAlert(p, parent, { kind: 'firing', actorId: null, at, detail: values });
        } else if (parent.value !== o.offline) {
          parent = updateAlert(p, parent, { value: o.offline, detail: JSON.stringify({ code: o.kind, values }), updated_at: at }, null);
        }
      }
      // Attach: device alerts (and switch outages, under a site outage) that the outages explain.
      for (const a of [...open.values()]) {
        if (a.site_id !== siteId || a.parent_id !== null || a.state === 'resolved') continue;
        if (a.source === 'topology' && a.name === 'site-down') continue;
        const parentId = a.source === 'topology' ? (foundKeys.has(siteId) ? (open.get(topologyFingerprint('siteDown', siteId))?.id ?? null) : null) : parentFor(a.device_id);
        if (parentId && parentId !== a.id) updateAlert(p, a, { parent_id: parentId }, { kind: 'attached', actorId: null, at, detail: { parentId } });
      }
      // Resolve outages no longer found.
      for (const key of openKeys) {
        if (foundKeys.has(key)) continue;
        const o = outages.get(key)!;
        outages.delete(key);
        const parent = open.get(topologyFingerprint(o.kind, o.key));
        if (parent) updateAlert(p, parent, { state: 'resolved', resolved_at: at }, { kind: 'resolved', actorId: null, at });
      }
    }
  }

  // ————— the tick —————

  async function tick(p: Pending, at: number): Promise<void> {
    const dir = await refreshDirectory(at);
    // Rules edited: start over from the outbox with the new rules (their windows need the data as they see it).
    if ((await stampOfRules()) !== rulesStamp) {
      const before = lastPosition + 1;
      await warmUp(before, at);
    }
    suppressions = await loadSuppressions(k, at);
    wake.at(suppressions.nextChangeAt);
    const d = directory ?? dir;
    await judgeAll(p, store.series.values(), at, d);
    judgeComposites(p, at, d);
    reconcileTopology(p, new Set([...outages.values()].map((o) => o.siteId)), at, d);
    // Suppression follows silences, maintenance and outages as they start and end.
    for (const a of [...open.values()]) {
      const by = suppressionOf(a, d);
      if (by !== a.suppressed_by) updateAlert(p, a, { suppressed_by: by }, { kind: by ? 'suppressed' : 'unsuppressed', actorId: null, at, detail: { by: by ?? a.suppressed_by } });
    }
    for (const series of store.series.values()) {
      const lookback = lookbackMs(series.rule);
      if (series.data.kind === 'buckets' || series.data.kind === 'ratio') series.data.buckets.prune(at - lookback - MINUTE);
    }
  }

  async function flushGroups(p: Pending, at: number): Promise<void> {
    const due = await groupsRepository.due(k, at, FLUSH_BATCH);
    for (const group of due) {
      const { notify, next } = await flushGroup(k, group, at);
      if (notify) p.notify.push(notify);
      queue(p, (trx) => groupsRepository.upsert(trx, next));
      wake.at(next.flush_at);
    }
    // More were due than one commit takes: the rest at once, not at the next tick.
    if (due.length === FLUSH_BATCH) wake.at(at);
  }

  // ————— alert.changed: people, external alerts and our own echo —————

  async function onAlertChanged(p: Pending, event: AlertChangedEvent, at: number): Promise<void> {
    const mine = open.get(event.fingerprint);
    const echo = mine && mine.id === event.alertId && mine.state === event.state && mine.level === event.level && mine.parent_id === event.parentId && (mine.suppressed_by !== null) === event.suppressed;
    if (!echo && !(event.state === 'resolved' && !mine)) {
      const row = await engineRepository.byId(k, event.alertId);
      if (row) {
        if (row.state === 'resolved') {
          if (open.get(row.fingerprint)?.id === row.id) open.delete(row.fingerprint);
        } else open.set(row.fingerprint, row);
      }
    }
    const labels = mine ? (JSON.parse(mine.labels) as Record<string, string>) : await labelsOf(event.alertId);
    const ruleGroupBy = rules.find((r) => r.id === event.ruleId)?.groupBy ?? DEFAULT_GROUP_BY;
    const schedule = await scheduleFor(k, event, groupLabels(labels, ruleGroupBy), at);
    if (schedule) {
      queue(p, (trx) => groupsRepository.upsert(trx, schedule as AlertGroupsTable));
      wake.at(schedule.flush_at);
    }
  }

  async function labelsOf(alertId: string): Promise<Record<string, string>> {
    const row = await engineRepository.byId(k, alertId);
    return row ? (JSON.parse(row.labels) as Record<string, string>) : {};
  }

  // ————— the consumer —————

  async function commit(p: Pending): Promise<void> {
    if (p.ops.length === 0 && p.notify.length === 0) return;
    await k.transaction().execute(async (trx) => {
      const out: AlertChangedEvent[] = [];
      for (const op of p.ops) await op(trx, out);
      if (out.length > 0 || p.notify.length > 0) await events.append(trx, ...out, ...p.notify);
    });
    for (const fingerprint of p.reload) {
      const row = await engineRepository.openByFingerprint(k, fingerprint);
      if (row) open.set(fingerprint, row);
      else open.delete(fingerprint);
    }
  }

  const newPending = (): Pending => ({ ops: [], notify: [], reload: new Set() });

  async function handle(delivered: Delivered): Promise<void> {
    const { event, position } = delivered;
    // Delivered again (at least once: the cursor is written about once a second): handled already.
    if (warm && position <= lastPosition) return;
    const at = Math.max(now, event.at);
    if (!warm || (await events.anyBetween(lastPosition, position, TYPES))) await warmUp(position, at);
    now = at;
    let p = newPending();
    try {
      const dir = await refreshDirectory(at);
      switch (event.type) {
        case 'ingest.batch':
          await judgeAll(p, observe(event, dir), at, dir);
          break;
        case 'device.health': {
          const touched = observe(event, dir);
          const sites = new Set([event.siteId]);
          // A silence sweep marks a whole switch's devices offline in one transaction: see all of that commit's
          // changes before judging the topology, or each device in turn would make the outage look smaller (or
          // bigger) than it is and raise parents that the next change resolves.
          if (position > lookedAheadTo) {
            for (const ahead of await engineRepository.healthChangesAfter(k, position, event.at)) {
              observe(ahead.event, dir);
              sites.add(ahead.event.siteId);
              lookedAheadTo = ahead.position;
            }
          }
          reconcileTopology(p, sites, at, dir);
          await judgeAll(p, touched, at, dir);
          break;
        }
        case 'alert.changed':
          await onAlertChanged(p, event, at);
          break;
        case 'alerting.tick':
          // The groups first, in a commit of their own: a notification that is due does not wait for every series to
          // be judged. (A group reads its members as committed, so the order changes nothing else.)
          await flushGroups(p, at);
          await commit(p);
          p = newPending();
          await tick(p, at);
          break;
        default:
          break;
      }
      await commit(p);
      lastPosition = position;
    } catch (error) {
      // What is in memory may be ahead of what was committed: rebuild it when the dispatcher retries this event.
      warm = false;
      throw error;
    }
  }

  return {
    // A lease of 15 s: the evaluator hears a tick every 5 s, so a node that died holding it is replaced within seconds.
    consumer: { name: EVALUATOR_CONSUMER, types: TYPES, handle, startAt: 'head' as const, leaseMs: 15_000 },
    appendTick,
    /** Stops the wake timer (the node is stopping). */
    close: (): void => wake.close(),
    /** when the wake timer goes off next (Infinity: not armed): for tests */
    wakeArmedAt: (): number => wake.armedAt,
    /** for tests and the console: what the evaluator holds now */
    stats: () => ({ warm, rules: rules.length, series: store.series.size, open: open.size, outages: outages.size, broken: [...broken.keys()] }),
  };
}

export type AlertEvaluator = ReturnType<typeof createAlertEvaluator>;
