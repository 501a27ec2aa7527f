import { performance } from 'node:perf_hooks';
import { toIso } from '../../../clock.ts';
import { NotFoundError } from '../../../errors.ts';
import { fieldProblem, invalidFields } from '../../../field-problems.ts';
import type { ModuleContext } from '../../../module.ts';
import { requirePermission, type Actor, type RequestContext } from '../../auth/index.ts';
import type { CompiledRule } from '../engine/compiled-rule.ts';
import { loadDirectory, type DeviceInfo, type Directory } from '../engine/directory.ts';
import { MINUTE } from '../engine/windows.ts';
import { alertRulesRepository } from '../rules/rules.repository.ts';
import { createBacktestRepository, type BacktestRepository } from './backtest.repository.ts';
import type { BacktestRequest, BacktestResult } from './backtest.schemas.ts';
import { compositeWarmMs, replayComposite } from './composite.ts';
import { alertLabels, ChartTrack, OutcomeCollector, seriesName, MAX_INTERVALS } from './outcome.ts';
import { checkedProposal, compileProposal, compileStored } from './proposal.ts';
import { replay, seriesBy, worseOf, type FiringInterval } from './replay.ts';
import type { AlertRulesTable } from '../alerting.tables.ts';
import type { Series } from '../engine/series.ts';

const DAY = 86_400_000;
/** Backtests a node runs at once; more wait their turn (each reads a month of telemetry). */
const CONCURRENT = 2;
/** How long a backtest computes before it lets the node serve others for a moment. */
const SLICE_OF_CPU_MS = 25;
/** Composites name rules that may be composites: this deep at most (rule checks refuse loops). */
const MAX_COMPOSITE_DEPTH = 5;

/** What the replay learned of one series of one rule: how long it fired, and its worst value (to choose the chart). */
interface SeriesStat {
  series: Series;
  firingMs: number;
  alerts: number;
  worst: number | null;
}

/**
 * Backtests (SPEC C3.7): what a rule — as saved, and as edited before saving — would have done over the stored
 * telemetry of the last days, and what it really raised. Anyone who reads alerts may run one; a user limited to some
 * sites replays their sites' devices only.
 */
export function createBacktestService(ctx: ModuleContext) {
  const { db, clock, config } = ctx;
  const k = db.kysely;
  const repo = createBacktestRepository(db);
  const silenceMinutes = Math.ceil(config.ingest.deviceSilenceMs / MINUTE);
  const gate = createGate(CONCURRENT);

  async function run(rctx: RequestContext, ruleId: string | null, request: BacktestRequest): Promise<BacktestResult> {
    requirePermission(rctx.actor, 'alerts:read');
    const started = performance.now();
    const saved = ruleId === null ? null : await alertRulesRepository.findById(k, ruleId);
    if (ruleId !== null && !saved) throw new NotFoundError('Alert rule', ruleId);
    if (saved === null && request.proposed === undefined) throw invalidFields([fieldProblem('body.proposed', 'required')]);
    const now = clock.now();
    const rules = await alertRulesRepository.all(k);
    const def = request.proposed === undefined ? null : await checkedProposal(k, rctx.actor, request.proposed, { silenceMinutes, now, rules });
    const current = saved ? compileStored(saved) : null;
    const proposed = def ? compileProposal(def) : null;

    // Whole minutes: the last step judges the last minute that is over.
    const to = now - (now % MINUTE);
    const from = to - request.days * DAY;
    return gate.run(async () => {
      const directory = await loadDirectory(k, now);
      const visible = visibleTo(rctx.actor);
      const pause = pauser();
      const judged = [current, proposed].filter((r): r is CompiledRule => r !== null);
      const collectors = new Map(judged.map((r) => [r.id, new OutcomeCollector(from, to)]));
      const stats = new Map<string, Map<string, SeriesStat>>(judged.map((r) => [r.id, new Map()]));
      const statOf = (series: Series) => {
        const byKey = stats.get(series.rule.id)!;
        let s = byKey.get(series.identity.key);
        if (!s) byKey.set(series.identity.key, (s = { series, firingMs: 0, alerts: 0, worst: null }));
        return s;
      };
      const onInterval = (i: FiringInterval) => {
        collectors.get(i.rule.id)?.add({ series: seriesName(i.series.identity, seriesBy(i.rule) === 'account'), labels: alertLabels(i.rule, i.series.identity), firedAt: i.firedAt, end: i.end, peak: i.peak });
        if (i.end !== null && i.end <= from) return;
        const s = statOf(i.series);
        s.firingMs += (i.end ?? to) - Math.max(i.firedAt, from);
        s.alerts += 1;
      };
      const onSeries = (_rule: CompiledRule, series: Series, worst: number | null) => {
        statOf(series).worst = worst;
      };

      const common = { directory, visible, repo, pause };
      const plain = judged.filter((r) => r.condition.kind !== 'composite');
      await replay({ ...common, rules: plain, from, to, onInterval, onSeries });
      for (const rule of judged.filter((r) => r.condition.kind === 'composite')) {
        const named = await namedIntervals(rule, rules, { ...common, from: from - compositeWarmMs(rule), to }, 1);
        replayComposite(rule, named, { from, to, directory, onInterval });
      }

      const chartRule = proposed ?? current!;
      const chosen = chooseSeries(chartRule, stats.get(chartRule.id)!);
      const chart = { series: '', points: [] as BacktestResult['chart']['points'], currentThreshold: null as number | null, proposedThreshold: null as number | null };
      if (chosen) {
        chart.series = seriesName(chosen.identity, seriesBy(chartRule) === 'account');
        chart.currentThreshold = current ? thresholdFor(current, chosen) : null;
        chart.proposedThreshold = proposed ? thresholdFor(proposed, chosen) : null;
        if (chartRule.condition.kind !== 'composite' && chartRule.condition.kind !== 'event') {
          const track = new ChartTrack(chartRule.id, chosen.identity.key, from, to, worseOf(chartRule));
          const by = seriesBy(chartRule);
          const only = { ruleId: chartRule.id, seriesKey: chosen.identity.key, device: by === 'device' ? chosen.identity.device : null, siteId: by === 'site' ? chosen.identity.siteId : null };
          await replay({ ...common, rules: [chartRule], from, to, onInterval: () => {}, only, track });
          chart.points = track.points();
        }
      }

      return {
        from: toIso(from),
        to: toIso(to),
        current: current ? collectors.get(current.id)!.result() : null,
        proposed: proposed ? collectors.get(proposed.id)!.result() : null,
        actual: saved ? await actualOutcome(repo, saved, current!, from, to, rctx.actor) : null,
        chart,
        elapsedMs: Math.round(performance.now() - started),
      };
    });
  }

  /**
   * The intervals of the rules a composite names, replayed as saved (a disabled one raised nothing, so it never
   * fires); composites among them from theirs in turn.
   */
  async function namedIntervals(
    rule: CompiledRule,
    rows: readonly AlertRulesTable[],
    options: { directory: Directory; visible: (d: DeviceInfo) => boolean; repo: BacktestRepository; pause: () => Promise<void>; from: number; to: number },
    depth: number,
  ): Promise<FiringInterval[]> {
    const c = rule.condition;
    if (c.kind !== 'composite' || depth > MAX_COMPOSITE_DEPTH) return [];
    const named = rows.filter((r) => c.rules.includes(r.key) && r.enabled === 1).map(compileStored);
    const out: FiringInterval[] = [];
    await replay({ ...options, rules: named.filter((r) => r.condition.kind !== 'composite'), onInterval: (i) => out.push(i) });
    for (const inner of named.filter((r) => r.condition.kind === 'composite')) {
      const theirs = await namedIntervals(inner, rows, { ...options, from: options.from - compositeWarmMs(inner) }, depth + 1);
      replayComposite(inner, theirs, { from: options.from, to: options.to, directory: options.directory, onInterval: (i) => out.push(i) });
    }
    return out;
  }

  return { run };
}

export type BacktestService = ReturnType<typeof createBacktestService>;

/** The devices an actor may see: all, or those of their sites. */
function visibleTo(actor: Actor): (device: DeviceInfo) => boolean {
  if (actor.siteIds === null) return () => true;
  const sites = new Set(actor.siteIds);
  return (d) => sites.has(d.siteId);
}

/** The series to chart: the one that fired longest (then most often); when none fired, the one judged nearest to it. */
function chooseSeries(rule: CompiledRule, stats: ReadonlyMap<string, SeriesStat>): Series | null {
  let best: SeriesStat | null = null;
  for (const s of stats.values()) {
    if (!best || s.firingMs > best.firingMs || (s.firingMs === best.firingMs && s.alerts > best.alerts)) best = s;
  }
  if (!best || best.firingMs > 0) return best?.series ?? null;
  const worse = worseOf(rule);
  let nearest: SeriesStat | null = null;
  for (const s of stats.values()) {
    if (s.worst === null) continue;
    if (nearest === null || (s.worst !== nearest.worst && worse(s.worst, nearest.worst!) === s.worst)) nearest = s;
  }
  return (nearest ?? best).series;
}

/** The threshold a rule holds this series to, as the chart draws it (see BacktestResult.chart). */
function thresholdFor(rule: CompiledRule, series: Series): number | null {
  const c = rule.condition;
  if (c.kind === 'event' || c.kind === 'composite') return null;
  const { threshold } = rule.settingsFor(series.identity.device);
  if (threshold === null) return null;
  return c.kind === 'baseline' && c.direction === 'below' ? -threshold : threshold;
}

/** What the saved rule really raised in [from, to), at the actor's sites. */
async function actualOutcome(repo: BacktestRepository, row: AlertRulesTable, rule: CompiledRule, from: number, to: number, actor: Actor) {
  const by = rule.condition.kind === 'composite' ? (rule.condition.by ?? 'site') : seriesBy(rule);
  const [totals, rows] = await Promise.all([repo.firedTotals(row.id, from, to, actor.siteIds), repo.firedAlerts(row.id, from, to, actor.siteIds, MAX_INTERVALS)]);
  const intervals = rows.map((a) => {
    const labels = JSON.parse(a.labels) as Record<string, string>;
    const start = Math.max(a.fired_at, from);
    const end = a.resolved_at !== null && a.resolved_at <= to ? a.resolved_at : null;
    return { series: labels[by] ?? '', labels, start: toIso(start), end: end === null ? null : toIso(end), minutes: Math.round(((end ?? to) - start) / 600) / 100, peak: null };
  });
  return OutcomeCollector.of(intervals, totals.alerts, totals.firingMs);
}

/** At most `limit` at once; the others wait in order. */
function createGate(limit: number) {
  let running = 0;
  const waiting: (() => void)[] = [];
  return {
    async run<T>(work: () => Promise<T>): Promise<T> {
      // A finishing run hands its place to the next in line, so that none slips in between.
      if (running >= limit) await new Promise<void>((resolve) => waiting.push(resolve));
      else running++;
      try {
        return await work();
      } finally {
        const next = waiting.shift();
        if (next) next();
        else running--;
      }
    },
  };
}

/** Yields to the event loop once SLICE_OF_CPU_MS has passed since it last did, so requests and ingest go on meanwhile. */
function pauser(): () => Promise<void> {
  let last = performance.now();
  return async () => {
    if (performance.now() - last < SLICE_OF_CPU_MS) return;
    await new Promise<void>((resolve) => setImmediate(resolve));
    last = performance.now();
  };
}
