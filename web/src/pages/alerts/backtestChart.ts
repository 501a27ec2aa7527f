/**
 * The backtest chart: the value the rule judges over the replayed days, the current and proposed thresholds as
 * lines, and below it one strip each for when the saved rule and the proposal would have fired (for the series shown)
 * and, for a saved rule, when it really did.
 */
import type { BacktestInterval, BacktestResult } from '../../api/alerts';
import { formatDateTime, formatShortTime } from '../../app/format';

export interface BacktestChartLabels {
  value: string;
  currentThreshold: string;
  proposedThreshold: string;
  currentFiring: string;
  proposedFiring: string;
  actualFiring: string;
}

const VALUE_COLOR = '#1f6feb';
const CURRENT_COLOR = '#8c8c8c';
const PROPOSED_COLOR = '#cf1322';
const ACTUAL_COLOR = '#1677ff';

/** The intervals of the series the chart shows (the counts cover every series). */
export function intervalsOf(intervals: readonly BacktestInterval[] | undefined, series: string): BacktestInterval[] {
  return (intervals ?? []).filter((i) => i.series === series);
}

/** An interval as a band from its start to its end (the end of the range while it was still firing there). */
export function bandOf(interval: Pick<BacktestInterval, 'start' | 'end'>, rangeEnd: number, low: number, high: number) {
  return [
    { xAxis: Date.parse(interval.start), yAxis: low },
    { xAxis: interval.end ? Date.parse(interval.end) : rangeEnd, yAxis: high },
  ];
}

export function buildBacktestOption(result: BacktestResult, labels: BacktestChartLabels) {
  const from = Date.parse(result.from);
  const to = Date.parse(result.to);
  const withDate = to - from > 24 * 3_600_000;
  const { chart } = result;
  const thresholds = [
    chart.currentThreshold === null ? null : { value: chart.currentThreshold, color: CURRENT_COLOR, name: labels.currentThreshold },
    chart.proposedThreshold === null ? null : { value: chart.proposedThreshold, color: PROPOSED_COLOR, name: labels.proposedThreshold },
  ].filter((x) => x !== null);
  const limits = thresholds.map((x) => x.value);
  const bandSeries = (name: string, color: string, intervals: BacktestInterval[], low: number, high: number) => ({
    name,
    type: 'line',
    xAxisIndex: 1,
    yAxisIndex: 1,
    data: [] as [number, number][],
    itemStyle: { color },
    lineStyle: { opacity: 0 },
    symbol: 'none',
    markArea: { silent: false, itemStyle: { color, opacity: 0.55 }, data: intervals.map((i) => bandOf(i, to, low, high)) },
  });

  const strips = result.actual ? 3 : 2;
  return {
    animation: false,
    legend: { top: 0, data: [labels.value, labels.currentFiring, labels.proposedFiring, ...(result.actual ? [labels.actualFiring] : [])] },
    tooltip: {
      trigger: 'axis',
      valueFormatter: (value: number | null) => (value === null || value === undefined ? '' : String(Math.round(value * 1000) / 1000)),
    },
    axisPointer: { link: [{ xAxisIndex: 'all' }] },
    grid: [
      { left: 56, right: 16, top: 32, bottom: 70 + strips * 20 },
      { left: 56, right: 16, height: strips * 20, bottom: 48 },
    ],
    xAxis: [
      { type: 'time', gridIndex: 0, min: from, max: to, axisLabel: { show: false } },
      {
        type: 'time',
        gridIndex: 1,
        min: from,
        max: to,
        axisLabel: { hideOverlap: true, formatter: (value: number) => formatShortTime(value, withDate) },
      },
    ],
    yAxis: [
      {
        type: 'value',
        gridIndex: 0,
        scale: true,
        min: (extent: { min: number }) => Math.min(extent.min, ...limits),
        max: (extent: { max: number }) => Math.max(extent.max, ...limits),
      },
      { type: 'value', gridIndex: 1, min: 0, max: strips, show: false },
    ],
    dataZoom: [
      { type: 'inside', xAxisIndex: [0, 1] },
      { type: 'slider', xAxisIndex: [0, 1], height: 16, bottom: 8 },
    ],
    series: [
      {
        name: labels.value,
        type: 'line',
        xAxisIndex: 0,
        yAxisIndex: 0,
        data: chart.points,
        itemStyle: { color: VALUE_COLOR },
        lineStyle: { width: 1.2 },
        showSymbol: chart.points.length < 3,
        markLine: {
          silent: true,
          symbol: 'none',
          data: thresholds.map((x) => ({
            yAxis: x.value,
            lineStyle: { color: x.color, type: 'dashed', width: 1.5 },
            label: { formatter: `${x.name} ${x.value}`, color: x.color, position: 'insideEndTop' },
          })),
        },
      },
      bandSeries(labels.currentFiring, CURRENT_COLOR, intervalsOf(result.current?.intervals, chart.series), 1.1, 1.9),
      bandSeries(labels.proposedFiring, PROPOSED_COLOR, intervalsOf(result.proposed?.intervals, chart.series), 0.1, 0.9),
      ...(result.actual ? [bandSeries(labels.actualFiring, ACTUAL_COLOR, intervalsOf(result.actual.intervals, chart.series), 2.1, 2.9)] : []),
    ],
  };
}

/** "2025-03-01 08:00:00 – 08:25:00 (25 min)"-like text pieces for an interval list. */
export const intervalTimes = (interval: Pick<BacktestInterval, 'start' | 'end'>) => ({
  start: formatDateTime(interval.start),
  end: interval.end ? formatDateTime(interval.end) : null,
});
