import { describe, expect, it } from 'vitest';
import { chartMetric, chartRange, MAX_CHART_MS, referenceLine, withAlertMarks } from './alertChart';

const MINUTE = 60_000;
const now = Date.UTC(2025, 2, 10, 12, 0, 0);

describe('the alert page chart', () => {
  it('shows from three windows (at least an hour) before the alert to now while it is open', () => {
    const activeAt = new Date(now - 30 * MINUTE).toISOString();
    expect(chartRange({ activeAt, resolvedAt: null }, now, 10)).toEqual({ from: now - 30 * MINUTE - 60 * MINUTE, to: now });
    expect(chartRange({ activeAt, resolvedAt: null }, now, 40)).toEqual({ from: now - 30 * MINUTE - 120 * MINUTE, to: now });
  });

  it('ends half an hour after it resolved, and never asks for more than the API gives', () => {
    const activeAt = new Date(now - 10 * 24 * 60 * MINUTE).toISOString();
    const resolvedAt = new Date(now - 2 * 60 * MINUTE).toISOString();
    const range = chartRange({ activeAt, resolvedAt }, now, null);
    expect(range.to).toBe(now - 90 * MINUTE);
    expect(range.to - range.from).toBe(MAX_CHART_MS);
  });

  it('takes the metric from the alert’s detail, else from its rule', () => {
    expect(chartMetric({ detail: { code: 'threshold', values: { metric: 'cpu' } } }, { metric: 'memPct' })).toBe('cpu');
    expect(chartMetric({ detail: { code: 'threshold', values: {} } }, { metric: 'memPct' })).toBe('memPct');
    expect(chartMetric({ detail: { code: 'threshold', values: {} } }, undefined)).toBeNull();
  });

  it('draws a line in the metric’s own units: the threshold, the level a change crossed, a baseline’s normal', () => {
    expect(referenceLine({ detail: { code: 'threshold', values: { threshold: 90 } }, threshold: 90 })).toEqual({ value: 90, kind: 'threshold' });
    expect(referenceLine({ detail: { code: 'change', values: { from: 200, mode: 'percent', threshold: -50 } }, threshold: -50 })).toEqual({ value: 100, kind: 'threshold' });
    expect(referenceLine({ detail: { code: 'change', values: { from: 200, mode: 'absolute', threshold: 30 } }, threshold: 30 })).toEqual({ value: 230, kind: 'threshold' });
    expect(referenceLine({ detail: { code: 'change', values: { mode: 'absolute' } }, threshold: 30 })).toBeNull();
    // a baseline's threshold is a number of deviations: the normal is drawn instead
    expect(referenceLine({ detail: { code: 'baseline', values: { normal: 48.5, deviations: 4 } }, threshold: 3 })).toEqual({ value: 48.5, kind: 'normal' });
    expect(referenceLine({ detail: { code: 'absence', values: {} }, threshold: 3 })).toBeNull();
  });

  it('draws the threshold on the last (average) series and widens the axis to show it', () => {
    const base = { series: [{ name: 'min' }, { name: 'avg' }], yAxis: { type: 'value' } };
    const marked = withAlertMarks(base, { threshold: 90, thresholdLabel: 'Threshold', firing: { from: 1, to: 2 } });
    expect(marked.series[0]).toEqual({ name: 'min' });
    const avg = marked.series[1] as unknown as { markLine: { data: unknown[] }; markArea: { data: unknown[] } };
    expect(avg.markLine.data).toEqual([{ yAxis: 90 }]);
    expect(avg.markArea.data).toEqual([[{ xAxis: 1 }, { xAxis: 2 }]]);
    const y = marked.yAxis as unknown as { min: (e: { min: number }) => number; max: (e: { max: number }) => number };
    expect(y.max({ max: 40 })).toBe(90);
    expect(y.min({ min: 95 })).toBe(90);
    expect(y.max({ max: 120 })).toBe(120);
  });

  it('draws no threshold when the alert has none', () => {
    const base = { series: [{ name: 'avg' }], yAxis: { type: 'value' } };
    const marked = withAlertMarks(base, { threshold: null, thresholdLabel: 'T', firing: null });
    expect(marked.series[0]).toEqual({ name: 'avg' });
    expect(marked.yAxis).toEqual({ type: 'value' });
  });
});
