import { describe, expect, it } from 'vitest';
import type { BacktestResult } from '../../api/alerts';
import { buildBacktestOption } from './backtestChart';

const from = '2025-03-01T00:00:00.000Z';
const to = '2025-03-08T00:00:00.000Z';
const interval = (series: string, start: string, end: string | null) => ({ series, labels: {}, start, end, minutes: 10, peak: 9 });
const result: BacktestResult = {
  from,
  to,
  current: { intervals: [interval('POS-1', '2025-03-02T01:00:00.000Z', '2025-03-02T01:10:00.000Z'), interval('POS-2', '2025-03-02T02:00:00.000Z', null)], alerts: 2, firingMinutes: 20, truncated: false },
  proposed: { intervals: [interval('POS-1', '2025-03-07T23:00:00.000Z', null)], alerts: 1, firingMinutes: 60, truncated: false },
  actual: null,
  chart: { series: 'POS-1', points: [[Date.parse(from), 3], [Date.parse(from) + 60_000, null]], currentThreshold: 5, proposedThreshold: 8 },
  elapsedMs: 120,
};
const labels = { value: 'v', currentThreshold: 'ct', proposedThreshold: 'pt', currentFiring: 'cf', proposedFiring: 'pf', actualFiring: 'af' };

describe('the backtest chart', () => {
  it('draws both thresholds across the judged value and widens the axis to them', () => {
    const option = buildBacktestOption(result, labels);
    const value = option.series[0]!;
    expect(value.data).toBe(result.chart.points);
    expect((value as { markLine: { data: { yAxis: number }[] } }).markLine.data.map((d) => d.yAxis)).toEqual([5, 8]);
    const axis = option.yAxis[0] as unknown as { min: (e: { min: number }) => number; max: (e: { max: number }) => number };
    expect(axis.max({ max: 3 })).toBe(8);
    expect(axis.min({ min: 6 })).toBe(5);
  });

  it('shows the firing intervals of the charted series only, the current above the proposed, an open one to the end', () => {
    const option = buildBacktestOption(result, labels);
    const [, current, proposed] = option.series as { name: string; markArea: { data: { xAxis: number; yAxis: number }[][] } }[];
    expect(current!.name).toBe('cf');
    expect(current!.markArea.data).toEqual([[{ xAxis: Date.parse('2025-03-02T01:00:00.000Z'), yAxis: 1.1 }, { xAxis: Date.parse('2025-03-02T01:10:00.000Z'), yAxis: 1.9 }]]);
    expect(proposed!.markArea.data).toEqual([[{ xAxis: Date.parse('2025-03-07T23:00:00.000Z'), yAxis: 0.1 }, { xAxis: Date.parse(to), yAxis: 0.9 }]]);
  });

  it('adds a strip for the alerts the saved rule really raised, when there are any to show', () => {
    const withActual = buildBacktestOption({ ...result, actual: { intervals: [interval('POS-1', '2025-03-03T00:00:00.000Z', '2025-03-03T00:30:00.000Z')], alerts: 1, firingMinutes: 30, truncated: false } }, labels);
    expect(withActual.series.map((s) => s.name)).toEqual(['v', 'cf', 'pf', 'af']);
    expect(withActual.yAxis[1]).toMatchObject({ max: 3 });
    expect(buildBacktestOption(result, labels).series.map((s) => s.name)).toEqual(['v', 'cf', 'pf']);
  });

  it('draws no threshold a new rule does not have', () => {
    const option = buildBacktestOption({ ...result, current: null, chart: { ...result.chart, currentThreshold: null } }, labels);
    expect((option.series[0] as { markLine: { data: unknown[] } }).markLine.data).toHaveLength(1);
    expect((option.series[1] as { markArea: { data: unknown[] } }).markArea.data).toEqual([]);
  });
});
