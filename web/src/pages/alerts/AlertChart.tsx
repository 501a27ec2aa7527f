/** ECharts for the alert page, loaded with it only: the metric chart's parts plus the threshold line and firing band. */
import { LineChart } from 'echarts/charts';
import { DataZoomComponent, GridComponent, LegendComponent, MarkAreaComponent, MarkLineComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
// The ES module build: the CommonJS one (lib/) reaches the bundle as { default: … }.
import ReactEChartsCore from 'echarts-for-react/esm/core';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { MetricSeries } from '../../api/types';
import { buildMetricOption } from '../estate/device/metricChart';
import { withAlertMarks, type AlertMarks } from './alertChart';

echarts.use([LineChart, GridComponent, TooltipComponent, LegendComponent, DataZoomComponent, MarkLineComponent, MarkAreaComponent, CanvasRenderer]);

export default function AlertChart({ series, marks, height }: { series: MetricSeries; marks: AlertMarks; height: number }) {
  const { t } = useTranslation();
  const option = useMemo(
    () =>
      withAlertMarks(
        buildMetricOption(
          series.points,
          { avg: t('chart.avg'), min: t('chart.min'), max: t('chart.max'), count: t('chart.count'), band: t('chart.band') },
          { from: Date.parse(series.from), to: Date.parse(series.to) },
        ),
        marks,
      ),
    [series, marks, t],
  );
  return (
    <div data-testid="alert-chart">
      <ReactEChartsCore echarts={echarts} option={option} notMerge style={{ height, width: '100%' }} opts={{ renderer: 'canvas' }} />
    </div>
  );
}
