import type { Static } from '@sinclair/typebox';
import { toIso } from '../../../clock.ts';
import type { CompiledRule } from '../engine/compiled-rule.ts';
import type { SeriesIdentity } from '../engine/series.ts';
import { MINUTE } from '../engine/windows.ts';
import type { BacktestInterval, BacktestOutcome, BacktestPoint } from './backtest.schemas.ts';
import type { Worse } from './lifecycle.ts';
import type { ValueTrack } from './replay.ts';

/** At most this many intervals are listed per outcome (the counts cover all of them). */
export const MAX_INTERVALS = 500;
/** The chart has at most about this many points: a month of minutes is downsampled. */
export const MAX_POINTS = 2000;

type Interval = Static<typeof BacktestInterval>;
type Outcome = Static<typeof BacktestOutcome>;

/** An interval as the replay found it: firedAt is when it really started (maybe before the range). */
export interface Firing {
  series: string;
  labels: Record<string, string>;
  firedAt: number;
  end: number | null;
  peak: number | null;
}

/** The name a series is shown by: its key, but an account masked as it is in its labels. */
export const seriesName = (identity: SeriesIdentity, byAccount: boolean): string => (byAccount ? (identity.labels.account ?? '') : identity.key);

/** The labels its alert would have carried (as the evaluator labels a rule's alert). */
export function alertLabels(rule: CompiledRule, identity: SeriesIdentity): Record<string, string> {
  return { ...identity.labels, alertname: rule.key, level: String(rule.settingsFor(identity.device).level), source: 'rule' };
}

const round = (v: number) => Math.round(v * 100) / 100;

/**
 * The intervals of one rule over [from, to): the oldest MAX_INTERVALS listed, all of them counted. An interval that
 * began before the range starts with it; one still firing at its end has no end.
 */
export class OutcomeCollector {
  private kept: Interval[] = [];
  private alerts = 0;
  private firingMs = 0;
  private sorted = true;

  constructor(
    private readonly from: number,
    private readonly to: number,
  ) {}

  add(f: Firing): void {
    if (f.end !== null && f.end <= this.from) return;
    const start = Math.max(f.firedAt, this.from);
    const ms = (f.end ?? this.to) - start;
    this.alerts += 1;
    this.firingMs += ms;
    this.kept.push({ series: f.series, labels: f.labels, start: toIso(start), end: f.end === null ? null : toIso(f.end), minutes: round(ms / MINUTE), peak: f.peak });
    this.sorted = false;
    // Keep the oldest: trimmed now and then rather than sorted on every add.
    if (this.kept.length >= 2 * MAX_INTERVALS) this.trim();
  }

  private trim(): void {
    if (!this.sorted) this.kept.sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : a.series < b.series ? -1 : a.series > b.series ? 1 : 0));
    this.sorted = true;
    if (this.kept.length > MAX_INTERVALS) this.kept.length = MAX_INTERVALS;
  }

  result(): Outcome {
    this.trim();
    return { intervals: this.kept, alerts: this.alerts, firingMinutes: round(this.firingMs / MINUTE), truncated: this.alerts > this.kept.length };
  }

  /** Totals counted elsewhere (the alerts table) with the intervals listed from there. */
  static of(intervals: Interval[], alerts: number, firingMs: number): Outcome {
    return { intervals, alerts, firingMinutes: round(firingMs / MINUTE), truncated: alerts > intervals.length };
  }
}

/**
 * The judged value of one series over [from, to), one point per step, or per few steps when there are more than
 * MAX_POINTS: each point then holds the worst value of its steps, so that what fired is still seen.
 */
export class ChartTrack implements ValueTrack {
  private readonly bucketMs: number;
  private readonly values: Float64Array;

  constructor(
    readonly ruleId: string,
    readonly seriesKey: string,
    private readonly from: number,
    to: number,
    private readonly worse: Worse,
  ) {
    const steps = Math.max(1, Math.ceil((to - from) / MINUTE));
    this.bucketMs = Math.ceil(steps / MAX_POINTS) * MINUTE;
    this.values = new Float64Array(Math.ceil((to - from) / this.bucketMs)).fill(Number.NaN);
  }

  /** `at`: the end of the step's minute (from + 1 min … to). */
  record(at: number, value: number | null): void {
    if (value === null) return;
    const i = Math.floor((at - MINUTE - this.from) / this.bucketMs);
    if (i < 0 || i >= this.values.length) return;
    const before = this.values[i]!;
    this.values[i] = Number.isNaN(before) ? value : this.worse(before, value);
  }

  /** The points, each at the end of its first step; none at all when the series was never judged in the range. */
  points(): Static<typeof BacktestPoint>[] {
    if (this.values.every((v) => Number.isNaN(v))) return [];
    return Array.from(this.values, (v, i) => [this.from + i * this.bucketMs + MINUTE, Number.isNaN(v) ? null : v] as Static<typeof BacktestPoint>);
  }
}
