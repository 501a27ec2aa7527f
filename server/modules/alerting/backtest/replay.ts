import type { DeviceHealthEvent } from '../../../events/index.ts';
import type { CompiledRule } from '../engine/compiled-rule.ts';
import type { DeviceInfo, Directory } from '../engine/directory.ts';
import { FLAP_WINDOW_MS } from '../engine/lifecycle.ts';
import { judge, type NormalLookup, type Verdict } from '../engine/judge.ts';
import { createSeriesStore, indexRules, observeHealth, observeSignals } from '../engine/observe.ts';
import { lookbackMs, type Series } from '../engine/series.ts';
import { MINUTE } from '../engine/windows.ts';
import type { BacktestRepository } from './backtest.repository.ts';
import { baselineNormals, outsideHours, type HourChecks } from './baseline-replay.ts';
import { advance, newLife, type Life, type Worse } from './lifecycle.ts';
import { MinuteSignals, type Feed } from './readers.ts';
import { initialSlice, nextSlice, sourcesFor } from './sources.ts';

export { seriesBy } from './sources.ts';

/**
 * The backtest's replay (SPEC C3.7): the stored telemetry of [from, to) fed minute by minute, in order, into the
 * rules' series as the evaluator feeds them (readers.ts; device events and health changes through its own
 * observeSignals and observeHealth), each series judged by the evaluator's judge() and its alert led through pending,
 * firing, keep-firing and resolve as the evaluator leads it (lifecycle.ts). Each step judges at the end of a minute,
 * with all of that minute's data in and none of the next one's: a window of N minutes holds the N minutes just over,
 * as it does for the live evaluator at that instant.
 *
 * Memory stays bounded whatever the range: the data is read a time slice at a time for all the replayed devices
 * together, each slice sized to hold about SLICE_ROWS rows (stored in time order, so a slice is a few pages read once,
 * where a device at a time would read every page of the month once per device); a series keeps only the minutes of
 * its window (judge() reads every minute a series holds). A series with nothing in its window and no alert is not
 * judged, and a stretch with nothing to judge is skipped.
 */

export interface FiringInterval {
  rule: CompiledRule;
  series: Series;
  /** when it started firing: maybe before the range, as the replay starts early (the caller cuts at `from`) */
  firedAt: number;
  /** when it resolved, or null when still firing at the end of the range */
  end: number | null;
  peak: number | null;
}

/** Records the value a rule judges for one series (the backtest's chart). */
export interface ValueTrack {
  ruleId: string;
  seriesKey: string;
  record(at: number, value: number | null): void;
}

export interface ReplayOptions {
  /** rules that judge data (not composite ones), replayed together over the same reads */
  rules: readonly CompiledRule[];
  /** minute-aligned: steps end at from + 1 min … to */
  from: number;
  to: number;
  directory: Directory;
  /** devices the caller may see: nothing else is read */
  visible(device: DeviceInfo): boolean;
  repo: BacktestRepository;
  onInterval(interval: FiringInterval): void;
  /** each series once it is done, with the worst value it was judged on (chart choice) */
  onSeries?(rule: CompiledRule, series: Series, worst: number | null): void;
  /** replay only what can make this series (the chart's second pass) */
  only?: { ruleId: string; seriesKey: string; device: DeviceInfo | null; siteId: string | null };
  track?: ValueTrack;
  /** lets other work run now and then (a month of a large estate is seconds of work) */
  pause(): Promise<void>;
}

/** The value further on the firing side: the higher for `>` and baselines above, the lower for `<` and falls. */
export function worseOf(rule: CompiledRule): Worse {
  const c = rule.condition;
  const low = c.kind === 'threshold' || c.kind === 'ratio' || c.kind === 'change' ? c.operator.startsWith('<') : c.kind === 'baseline' && c.direction === 'below';
  return low ? Math.min : Math.max;
}

/**
 * The number the chart draws for a verdict: the judged value, except for baselines, whose threshold is a number of
 * standard deviations — they draw how many the value is from its normal.
 */
export function chartValue(rule: CompiledRule, verdict: Verdict | null): number | null {
  if (!verdict) return null;
  if (rule.condition.kind === 'baseline') return typeof verdict.values.deviations === 'number' ? verdict.values.deviations : null;
  return verdict.value;
}

/** The devices a replay reads: watched by a rule, visible to the caller, and those of the one series asked for. */
function devicesOf(options: ReplayOptions): DeviceInfo[] {
  const { rules, directory, visible, only } = options;
  let devices = [...directory.all()].filter((d) => visible(d) && rules.some((r) => r.watches(d)));
  if (only?.device) devices = devices.filter((d) => d.id === only.device!.id);
  else if (only?.siteId) devices = devices.filter((d) => d.siteId === only.siteId);
  return devices;
}

interface Track {
  series: Series;
  life: Life;
  lastTouched: number;
  /** how long data keeps a series worth judging: its window, or how long an event keeps it firing */
  keepsMs: number;
  worst: number | null;
  /** the last verdict, and until when it stands (see standsUntil) */
  verdict: Verdict | null;
  verdictUntil: number;
}

/**
 * Until when a threshold's or ratio's verdict stands: judge() reads only the minutes in the window — at the end of a
 * minute e, the minutes e − W … e − 1 — so it changes only when data arrives (which resets this) or the oldest of them
 * leaves. Other kinds depend on the clock (silence, an event's age, the hour's normal, the newest minute's age): judged
 * every step.
 */
function standsUntil(series: Series, e: number): number {
  const c = series.rule.condition;
  const data = series.data;
  if ((c.kind !== 'threshold' && c.kind !== 'ratio') || (data.kind !== 'buckets' && data.kind !== 'ratio')) return e;
  const first = e - c.windowMinutes * MINUTE;
  for (const m of data.buckets.buckets.keys()) if (m >= first) return m + (c.windowMinutes + 1) * MINUTE;
  return Infinity;
}

/** Replays the rules over the range; intervals go to onInterval as they close (still firing ones at the end). */
export async function replay(options: ReplayOptions): Promise<void> {
  const { rules, from, to, directory, track } = options;
  if (rules.length === 0) return;
  const devices = devicesOf(options);
  if (devices.length === 0) return;
  // Started early enough that at `from` the windows are full and a `for`, `keep firing for` or flap hold under way is
  // already running; intervals are cut at `from`.
  const warm = Math.max(...rules.map((r) => r.forMs + r.keepFiringMs)) + FLAP_WINDOW_MS;
  const judgeFrom = from - Math.ceil(warm / MINUTE) * MINUTE;
  const readFrom = judgeFrom - Math.ceil(Math.max(...rules.map(lookbackMs)) / MINUTE) * MINUTE;
  const sources = sourcesFor(options, devices, [...directory.all()].length);
  const readers = sources.map((s) => s.reader);
  const index = indexRules(rules, (_rule, error) => {
    throw error;
  });
  const store = createSeriesStore();
  const tracks = new Map<Series, Track>();
  const awake = new Set<Track>();
  const normals = await baselineNormals(options, devices, readFrom);
  const lookups = new Map([...normals].map(([ruleId, byDevice]): [string, NormalLookup] => [ruleId, (code, _metric, at) => byDevice.get(code)?.at(at) ?? null]));
  const worse = new Map(rules.map((r) => [r.id, worseOf(r)]));
  const hourChecks: HourChecks = new Map();
  let minute = readFrom;
  const feed: Feed = {
    directory,
    store,
    signals: new MinuteSignals(),
    touch(series) {
      let t = tracks.get(series);
      if (!t) {
        t = { series, life: newLife(), lastTouched: minute, keepsMs: lookbackMs(series.rule), worst: null, verdict: null, verdictUntil: 0 };
        tracks.set(series, t);
      }
      t.lastTouched = minute;
      t.verdictUntil = 0;
      awake.add(t);
    },
    learn(series, at, value) {
      normals.get(series.rule.id)?.get(series.identity.key)?.addMinute(at, value);
    },
  };

  const step = (t: Track, e: number) => {
    const { series, life } = t;
    const rule = series.rule;
    const data = series.data;
    // Quiet: nothing in its window, no silence, no alert — judge() would say "not active" and nothing would change.
    if (life.state === 'idle' && (data.kind === 'absence' ? !data.offline : t.lastTouched + t.keepsMs + MINUTE < e)) {
      awake.delete(t);
      return;
    }
    let verdict = t.verdict;
    if (e >= t.verdictUntil) {
      if (data.kind === 'buckets' || data.kind === 'ratio') {
        // Minutes arrive in order, so a series' map holds them oldest first: forget those before its window.
        const before = e - t.keepsMs - MINUTE;
        for (const m of data.buckets.buckets.keys()) {
          if (m >= before) break;
          data.buckets.buckets.delete(m);
        }
      }
      verdict = outsideHours(rule, series, e, hourChecks) ?? judge(series, e, lookups.get(rule.id) ?? noNormals);
      t.verdict = verdict;
      t.verdictUntil = standsUntil(series, e);
    }
    const w = worse.get(rule.id)!;
    const shown = chartValue(rule, verdict);
    if (shown !== null && e > from) t.worst = t.worst === null ? shown : w(t.worst, shown);
    if (track && track.ruleId === rule.id && track.seriesKey === series.identity.key) track.record(e, shown);
    const change = advance(life, verdict, e, rule, w);
    if (change?.kind === 'resolved') options.onInterval({ rule, series, firedAt: change.firedAt, end: change.at, peak: change.peak });
  };

  let sliceMs = initialSlice(sources, devices.length);
  let steps = 0;
  for (let start = readFrom; start < to; ) {
    const end = Math.min(to, start + sliceMs);
    let rows = 0;
    for (const r of readers) rows += await r.load(start, end);
    for (minute = start; minute < end; ) {
      const signals = feed.signals;
      signals.clear();
      for (const r of readers) r.feed(minute, feed);
      if (signals.hasSignals) for (const s of observeSignals(signals.signals, index, directory, store)) feed.touch(s);
      if (signals.hasHealth) for (const h of signals.health) for (const s of observeHealth(h as DeviceHealthEvent, index, directory, store)) feed.touch(s);
      // The step at the end of this minute: all of its data is in, none of the next minute's.
      const e = minute + MINUTE;
      if (e > judgeFrom) for (const t of awake) step(t, e);
      if ((++steps & 1023) === 0) await options.pause();
      if (awake.size > 0) minute += MINUTE;
      else {
        // Nothing to judge until the next data: jump there.
        let next = end;
        for (const r of readers) next = Math.min(next, r.next());
        minute = Math.max(minute + MINUTE, next);
      }
    }
    sliceMs = nextSlice(sliceMs, rows, sources);
    start = end;
    await options.pause();
  }

  for (const t of tracks.values()) {
    if (t.life.state === 'firing') options.onInterval({ rule: t.series.rule, series: t.series, firedAt: t.life.firedAt, end: null, peak: t.life.peak });
    options.onSeries?.(t.series.rule, t.series, t.worst);
  }
}

const noNormals: NormalLookup = () => null;

