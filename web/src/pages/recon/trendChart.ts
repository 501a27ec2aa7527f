/**
 * The option of the trend beside a job: per business day of the channel, the differences found (bars) and the open
 * ones among them, with the match rate as a line on its own axis (percent). Days without a run are gaps, not zeros.
 */
import type { TrendPoint } from './reconApi';
import { addDays } from './reconValues';

export interface TrendLabels {
  differences: string;
  open: string;
  matchRate: string;
}

/** Every day from `from` to `to`, so that a day without a run shows as a gap. */
export function trendDays(from: string, to: string): string[] {
  const days: string[] = [];
  for (let d = from; d <= to && days.length < 366; d = addDays(d, 1)) days.push(d);
  return days;
}

export function buildTrendOption(points: readonly TrendPoint[], from: string, to: string, labels: TrendLabels) {
  const days = trendDays(from, to);
  const byDay = new Map(points.map((p) => [p.day, p]));
  const value = (pick: (p: TrendPoint) => number) => days.map((d) => {
    const p = byDay.get(d);
    return p ? pick(p) : null;
  });
  return {
    animation: false,
    tooltip: { trigger: 'axis' },
    legend: { top: 0, data: [labels.differences, labels.open, labels.matchRate] },
    grid: { left: 48, right: 56, top: 40, bottom: 28 },
    xAxis: { type: 'category', data: days.map((d) => d.slice(5)) },
    yAxis: [
      { type: 'value', minInterval: 1 },
      { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value}%' } },
    ],
    series: [
      { name: labels.differences, type: 'bar', data: value((p) => p.differences) },
      { name: labels.open, type: 'bar', data: value((p) => p.open) },
      { name: labels.matchRate, type: 'line', yAxisIndex: 1, connectNulls: false, data: value((p) => Math.round(p.matchRate * 10_000) / 100) },
    ],
  };
}
