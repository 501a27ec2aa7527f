import { describe, expect, it } from 'vitest';
import type { MetricPoint } from '../../../api/types';
import { buildMetricOption, chartRows } from './metricChart';

const point = (minute: string, avg: number, min: number, max: number): MetricPoint => ({ minute, count: 2, avg, min, max, last: avg });
const labels = { avg: 'avg', min: 'min', max: 'max', count: 'n', band: 'band' };

describe('metric chart', () => {
  const points = [
    point('2026-11-20T03:02:00.000Z', 30, 20, 40),
    point('2026-11-20T03:00:00.000Z', 10, 5, 15),
    point('2026-11-20T03:01:00.000Z', 20, 10, 30),
  ];

  it('orders the minutes and breaks the line over a silence', () => {
    const gappy = [...points, point('2026-11-20T03:30:00.000Z', 1, 1, 1)];
    const { rows, times } = chartRows(gappy);
    expect(rows.map((r) => r?.avg ?? null)).toEqual([10, 20, 30, null, 1]);
    expect(times[3]).toBe(Date.parse('2026-11-20T03:03:00.000Z'));
  });

  it('draws the average over a min–max band stacked on the minimum, across the whole range asked for', () => {
    const from = Date.parse('2026-11-20T02:00:00Z');
    const to = Date.parse('2026-11-20T04:00:00Z');
    const option = buildMetricOption(points, labels, { from, to });
    const [min, band, avg] = option.series;
    expect(min!.data.map((v) => v[1])).toEqual([5, 10, 20]);
    expect(band!.data.map((v) => v[1])).toEqual([10, 20, 20]);
    expect(min!.stack).toBe(band!.stack);
    expect(avg!.data.map((v) => v[1])).toEqual([10, 20, 30]);
    expect(option.xAxis).toMatchObject({ type: 'time', min: from, max: to });
    expect(option.tooltip.formatter([{ dataIndex: 1 }])).toContain('avg: 20');
  });
});
