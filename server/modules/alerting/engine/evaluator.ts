import type { Clock } from '../../../clock.ts';
import type { Db } from '../../../db/database.ts';
import type { AlertChangedEvent, Delivered, DomainEvent, DomainEvents, EventType } from '../../../events/index.ts';
import type { AlertGroupsTable, AlertRulesTable } from '../alerting.tables.ts';
import { groupLabels } from '../alerts/labels.ts';
import { enabledRules, markBroken as storeBroken, rulesStamp as readRulesStamp } from '../rules/rules.repository.ts';
import { DEFAULT_GROUP_BY } from '../rules/rule.schemas.ts';
import { loadSuppressions } from '../suppressions.ts';
import { createBaselines } from './baselines.ts';
import { compileRule, type CompiledRule } from './compiled-rule.ts';
import { compositeVerdicts } from './composites.ts';
import { loadDirectory, type Directory } from './directory.ts';
import { commitPending, newPending, queue, updateAlert, type EngineState, type Pending } from './engine-state.ts';
import { engineRepository } from './engine.repository.ts';
import { flushGroup, groupsRepository, scheduleFor } from './grouping.ts';
import { judge, type Verdict } from './judge.ts';
import { FLAP_WINDOW_MS } from './lifecycle.ts';
import { createSeriesStore, indexRules, observeHealth, observeSignals, seedAbsences, type RuleIndex } from './observe.ts';
import { createRuleAlerts } from './rule-alerts.ts';
import { lookbackMs, type Series } from './series.ts';
import { suppressionOf } from './suppressed-by.ts';
import { outageOf, reconcileTopology } from './topology-alerts.ts';
import { createWakeTimer } from './wake-timer.ts';
import { MINUTE } from './windows.ts';

/**
 * The alert evaluator (SPEC C3): a durable consumer of the committed domain events. Batches' signals and health
 * changes feed the rules' series; each series is judged and its alert moved through pending → firing → resolved
 * (rule-alerts.ts, composites.ts); topology outages become parents (topology-alerts.ts); suppression and notification
 * groups are kept current on every tick. It holds its state in memory (engine-state.ts) on the one node that holds the
 * consumer, and rebuilds it from the outbox when it starts, when the consumer moves to it, or when its rules change —
 * so an alert fires once, on committed data, across restarts. This file ties the parts together: loading, the order
 * in which each event's work is done, and the commit.
 */
export const EVALUATOR_CONSUMER = 'alerting.evaluator';
const TYPES = ['ingest.batch', 'device.health', 'alert.changed', 'alerting.tick'] as const satisfies readonly EventType[];
/** Events of these types that the evaluator replays to rebuild its windows. */
const REPLAYED: readonly EventType[] = ['ingest.batch', 'device.health'];
const DIRECTORY_TTL_MS = 30_000;
/** Flap detection belongs to the lifecycle (lifecycle.ts); exported here too for the evaluator's importers. */
export { FLAP_LIMIT, FLAP_WINDOW_MS } from './lifecycle.ts';
const MAX_LOOKBACK_MS = 24 * 60 * MINUTE;
/** Due notification groups flushed in one commit. */
const FLUSH_BATCH = 200;

export interface EvaluatorLog {
  warn(obj: object, msg: string): void;
  info?(obj: object, msg: string): void;
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
  /** the furthest position whose health change was observed ahead of its delivery (one commit's changes at once) */
  let lookedAheadTo = 0;
  /** rules that threw, with the error, until they are edited */
  const broken = new Map<string, string>();

  /** Lets time pass for the evaluator: the alerting.tick job every 5 s, the wake timer, tests after moving their clock. */
  const appendTick = (): Promise<void> => k.transaction().execute((trx) => events.append(trx, { type: 'alerting.tick', at: clock.now() }));
  /** A tick at the instant the next thing falls due, so that nothing waits for the next 5 s tick. */
  const wake = createWakeTimer({ clock, fire: appendTick, onError: (error) => log.warn({ err: error }, 'alerting: a timed tick could not be appended; the next 5 s tick will do') });
  const state: EngineState = { open: new Map(), outages: new Map(), offline: new Set(), suppressions: null, wake };
  const { open, outages, offline } = state;
  const ruleAlerts = createRuleAlerts(state);

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
    ruleAlerts.clear();
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
      const outage = outageOf(row, dir);
      if (outage) outages.set(outage.key, outage);
    }
    for (const row of await engineRepository.fireStartsSince(k, at - FLAP_WINDOW_MS)) {
      if (row.fired_at !== null) ruleAlerts.restoreFireStart(row.fingerprint, row.fired_at);
    }
    seedAbsences(index, dir, store);
    const lookback = Math.min(MAX_LOOKBACK_MS, Math.max(0, ...rules.map(lookbackMs)));
    if (lookback > 0) {
      for await (const d of events.replay({ sinceAt: at - lookback, before, types: REPLAYED })) observe(d.event, dir);
    }
    state.suppressions = await loadSuppressions(k, at);
    await armWake(at);
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
      ruleAlerts.step(p, s, verdict, at, dir);
    }
  }

  function markBroken(p: Pending, rule: CompiledRule, at: number): void {
    const error = broken.get(rule.id) ?? 'failed';
    queue(p, (trx) => storeBroken(trx, rule.id, error, at));
  }

  /** Composite rules, one after another: a composite may name another, and sees it as just decided. */
  function judgeComposites(p: Pending, at: number, dir: Directory): void {
    for (const rule of index.composites) {
      for (const { series, verdict } of compositeVerdicts(rule, open.values(), dir, store)) ruleAlerts.step(p, series, verdict, at, dir);
    }
  }

  // ————— the tick —————

  /**
   * Arms the wake for the earliest of what falls due: a group's flush, a pending alert's `for`, a silence or window
   * starting or ending (a kept-firing alert's end is armed as it is judged). After every tick, because the timer holds
   * one instant: a later one asked for while an earlier was armed is found again here. Only instants after `at`:
   * what was due by then and is still waiting (a pending alert whose series is gone, a window that did not end) is
   * left to the 5 s tick, or each tick would wake the next at once.
   */
  async function armWake(at: number, moreGroupsDue = false): Promise<void> {
    const after = (instant: number | null | undefined) => (instant != null && instant > at ? instant : null);
    wake.handledUntil(at);
    wake.at(after(state.suppressions?.nextChangeAt));
    wake.at(after(await groupsRepository.nextFlushAt(k)));
    for (const a of open.values()) if (a.state === 'pending') wake.at(after(a.fires_at));
    // More groups were due than one commit takes: the rest at once.
    if (moreGroupsDue) wake.at(at);
  }

  async function tick(p: Pending, at: number): Promise<void> {
    const dir = await refreshDirectory(at);
    // Rules edited: start over from the outbox with the new rules (their windows need the data as they see it).
    if ((await stampOfRules()) !== rulesStamp) {
      const before = lastPosition + 1;
      await warmUp(before, at);
    }
    state.suppressions = await loadSuppressions(k, at);
    const d = directory ?? dir;
    await judgeAll(p, store.series.values(), at, d);
    judgeComposites(p, at, d);
    reconcileTopology(state, p, new Set([...outages.values()].map((o) => o.siteId)), at, d);
    // Suppression follows silences, maintenance and outages as they start and end.
    for (const a of [...open.values()]) {
      const by = suppressionOf(state, a, d);
      if (by !== a.suppressed_by) updateAlert(state, p, a, { suppressed_by: by }, { kind: by ? 'suppressed' : 'unsuppressed', actorId: null, at, detail: { by: by ?? a.suppressed_by } });
    }
    for (const series of store.series.values()) {
      const lookback = lookbackMs(series.rule);
      if (series.data.kind === 'buckets' || series.data.kind === 'ratio') series.data.buckets.prune(at - lookback - MINUTE);
    }
  }

  /** Flushes the groups due by `at`; true when more were due than one commit takes. */
  async function flushGroups(p: Pending, at: number): Promise<boolean> {
    const due = await groupsRepository.due(k, at, FLUSH_BATCH);
    for (const group of due) {
      const { notify, next } = await flushGroup(k, group, at);
      if (notify) p.notify.push(notify);
      queue(p, (trx) => groupsRepository.upsert(trx, next));
    }
    // More were due than one commit takes: the rest at once, not at the next tick.
    return due.length === FLUSH_BATCH;
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
          reconcileTopology(state, p, sites, at, dir);
          await judgeAll(p, touched, at, dir);
          break;
        }
        case 'alert.changed':
          await onAlertChanged(p, event, at);
          break;
        case 'alerting.tick': {
          // The groups first, in a commit of their own: a notification that is due does not wait for every series to
          // be judged. (A group reads its members as committed, so the order changes nothing else.)
          const moreGroupsDue = await flushGroups(p, at);
          await commitPending(db, events, state, p);
          p = newPending();
          await tick(p, at);
          await armWake(at, moreGroupsDue);
          break;
        }
        default:
          break;
      }
      await commitPending(db, events, state, p);
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
