/** ECharts, loaded with the charts tab only: the line chart parts, tree-shaken, on a canvas. */
import { LineChart } from 'echarts/charts';
import { DataZoomComponent, GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
// The ES module build: the CommonJS one (lib/) reaches the bundle as { default: … }.
import ReactEChartsCore from 'echarts-for-react/esm/core';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { MetricSeries } from '../../../api/types';
import { buildMetricOption } from './metricChart';

echarts.use([LineChart, GridComponent, TooltipComponent, LegendComponent, DataZoomComponent, CanvasRenderer]);

export default function MetricChart({ series, height }: { series: MetricSeries; height: number }) {
  const { t } = useTranslation();
  const option = useMemo(
    () =>
      buildMetricOption(
        series.points,
        { avg: t('chart.avg'), min: t('chart.min'), max: t('chart.max'), count: t('chart.count'), band: t('chart.band') },
        { from: Date.parse(series.from), to: Date.parse(series.to) },
      ),
    [series, t],
  );
  return (
    <div data-testid="metric-chart">
      <ReactEChartsCore echarts={echarts} option={option} notMerge style={{ height, width: '100%' }} opts={{ renderer: 'canvas' }} />
    </div>
  );
}
