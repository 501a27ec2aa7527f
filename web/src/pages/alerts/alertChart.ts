/**
 * The chart on an alert page: the device's metric around the time the alert fired (the estate's metric chart), with
 * the threshold it was held to as a line and the time it fired as a shaded band.
 */
import type { Alert } from '../../api/alerts';

const MINUTE = 60_000;
/** The telemetry API gives at most seven days of one-minute roll-ups. */
export const MAX_CHART_MS = 7 * 24 * 60 * MINUTE;
const THRESHOLD_COLOR = '#cf1322';
const FIRING_COLOR = 'rgba(207, 19, 34, 0.08)';

/**
 * The period shown: from a while before the alert became active (three of its windows, at least an hour) to half an
 * hour after it resolved, or now; never longer than the API gives, keeping the end.
 */
export function chartRange(alert: Pick<Alert, 'activeAt' | 'resolvedAt'>, now: number, windowMinutes: number | null): { from: number; to: number } {
  const active = Date.parse(alert.activeAt);
  const lead = Math.max(60, 3 * (windowMinutes ?? 0)) * MINUTE;
  const to = alert.resolvedAt ? Math.min(now, Date.parse(alert.resolvedAt) + 30 * MINUTE) : now;
  const from = Math.max(active - lead, to - MAX_CHART_MS);
  return { from, to: Math.max(to, from + MINUTE) };
}

/** The metric the alert is about: from its detail, else from its rule's condition. */
export function chartMetric(alert: Pick<Alert, 'detail'>, ruleCondition: { metric?: unknown } | undefined): string | null {
  const fromDetail = alert.detail.values.metric;
  if (typeof fromDetail === 'string' && fromDetail) return fromDetail;
  return typeof ruleCondition?.metric === 'string' ? ruleCondition.metric : null;
}

/**
 * The line drawn across the metric, in the metric's own units: a threshold rule's threshold; for a change, the level
 * the change crossed (the older value moved by the threshold, absolute or in percent); for a baseline, the normal it
 * was far from (its threshold is a number of deviations, not a value of the metric).
 */
export function referenceLine(alert: Pick<Alert, 'detail' | 'threshold'>): { value: number; kind: 'threshold' | 'normal' } | null {
  const v = alert.detail.values;
  const num = (x: unknown) => (typeof x === 'number' && Number.isFinite(x) ? x : null);
  const round = (n: number) => Math.round(n * 1000) / 1000;
  switch (alert.detail.code) {
    case 'threshold': {
      const value = num(alert.threshold) ?? num(v.threshold);
      return value === null ? null : { value, kind: 'threshold' };
    }
    case 'change': {
      const from = num(v.from);
      const by = num(v.threshold) ?? num(alert.threshold);
      if (from === null || by === null) return null;
      return { value: round(v.mode === 'percent' ? from * (1 + by / 100) : from + by), kind: 'threshold' };
    }
    case 'baseline': {
      const normal = num(v.normal);
      return normal === null ? null : { value: normal, kind: 'normal' };
    }
    default:
      return null;
  }
}

interface SeriesLike {
  [key: string]: unknown;
}
interface OptionLike {
  series: SeriesLike[];
  yAxis: Record<string, unknown>;
  [key: string]: unknown;
}

export interface AlertMarks {
  threshold: number | null;
  thresholdLabel: string;
  /** when it was active: from, and to (now while it is open); shaded without a label, which a narrow band would clip */
  firing: { from: number; to: number } | null;
}

/**
 * Adds the marks to the last series of a metric chart (the average line) and widens the value axis so that the
 * threshold line shows even when the values never came near it.
 */
export function withAlertMarks<T extends OptionLike>(option: T, marks: AlertMarks): T {
  const last = option.series.length - 1;
  const { threshold } = marks;
  const series = option.series.map((s, i) =>
    i !== last
      ? s
      : {
          ...s,
          ...(threshold !== null && {
            markLine: {
              silent: true,
              symbol: 'none',
              lineStyle: { color: THRESHOLD_COLOR, type: 'dashed', width: 1.5 },
              label: { formatter: `${marks.thresholdLabel} ${threshold}`, position: 'insideEndTop', color: THRESHOLD_COLOR },
              data: [{ yAxis: threshold }],
            },
          }),
          ...(marks.firing && {
            markArea: {
              silent: true,
              itemStyle: { color: FIRING_COLOR },
              label: { show: false },
              data: [[{ xAxis: marks.firing.from }, { xAxis: marks.firing.to }]],
            },
          }),
        },
  );
  const yAxis =
    threshold === null
      ? option.yAxis
      : {
          ...option.yAxis,
          min: (extent: { min: number }) => Math.min(extent.min, threshold),
          max: (extent: { max: number }) => Math.max(extent.max, threshold),
        };
  return { ...option, series, yAxis };
}
