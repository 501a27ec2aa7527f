/** The ECharts option of a metric chart: the one-minute average as a line over its min–max band. */
import type { MetricPoint } from '../../../api/types';
import { formatDateTime, formatShortTime } from '../../../app/format';

export interface MetricChartLabels {
  avg: string;
  min: string;
  max: string;
  count: string;
  band: string;
}

/** A gap longer than this between two minutes breaks the line rather than drawing across the silence. */
const GAP_MS = 150_000;
const LINE_COLOR = '#1f6feb';
const BAND_COLOR = 'rgba(31, 111, 235, 0.15)';

type Value = [number, number | null];

export interface MetricChartData {
  /** one row per x position; null where a gap was inserted */
  rows: (MetricPoint | null)[];
  times: number[];
}

/** Points in time order, with a null row inserted wherever the device went quiet for more than a couple of minutes. */
export function chartRows(points: readonly MetricPoint[]): MetricChartData {
  const sorted = [...points].sort((a, b) => Date.parse(a.minute) - Date.parse(b.minute));
  const rows: (MetricPoint | null)[] = [];
  const times: number[] = [];
  let previous: number | null = null;
  for (const point of sorted) {
    const at = Date.parse(point.minute);
    if (previous !== null && at - previous > GAP_MS) {
      rows.push(null);
      times.push(previous + 60_000);
    }
    rows.push(point);
    times.push(at);
    previous = at;
  }
  return { rows, times };
}

const round = (n: number) => Math.round(n * 1000) / 1000;

/** `range` is the period asked for, so that the axis shows it whole even where the device was silent. */
export function buildMetricOption(points: readonly MetricPoint[], labels: MetricChartLabels, range: { from: number; to: number }) {
  const { rows, times } = chartRows(points);
  const withDate = range.to - range.from > 24 * 3_600_000;
  const series = (pick: (p: MetricPoint) => number): Value[] => rows.map((p, i) => [times[i]!, p ? round(pick(p)) : null]);

  return {
    animation: false,
    grid: { left: 48, right: 16, top: 32, bottom: 56, containLabel: false },
    legend: { top: 0, data: [labels.avg, labels.band] },
    tooltip: {
      trigger: 'axis',
      formatter: (params: { dataIndex: number }[] | { dataIndex: number }) => {
        const first = Array.isArray(params) ? params[0] : params;
        const row = first ? rows[first.dataIndex] : null;
        if (!row) return '';
        return [
          formatDateTime(row.minute),
          `${labels.avg}: ${round(row.avg)}`,
          `${labels.min}: ${round(row.min)}`,
          `${labels.max}: ${round(row.max)}`,
          `${labels.count}: ${row.count}`,
        ].join('<br/>');
      },
    },
    xAxis: {
      type: 'time',
      min: range.from,
      max: range.to,
      axisLabel: { hideOverlap: true, formatter: (value: number) => formatShortTime(value, withDate) },
    },
    yAxis: { type: 'value', scale: true },
    dataZoom: [{ type: 'inside' }, { type: 'slider', height: 18, bottom: 8 }],
    series: [
      {
        name: labels.min,
        type: 'line',
        stack: 'band',
        data: series((p) => p.min),
        lineStyle: { opacity: 0 },
        symbol: 'none',
        silent: true,
        tooltip: { show: false },
      },
      {
        name: labels.band,
        type: 'line',
        stack: 'band',
        data: series((p) => p.max - p.min),
        lineStyle: { opacity: 0 },
        areaStyle: { color: BAND_COLOR },
        itemStyle: { color: BAND_COLOR },
        symbol: 'none',
        silent: true,
      },
      {
        name: labels.avg,
        type: 'line',
        data: series((p) => p.avg),
        itemStyle: { color: LINE_COLOR },
        lineStyle: { width: 1.5 },
        showSymbol: rows.length < 3,
      },
    ],
  };
}
