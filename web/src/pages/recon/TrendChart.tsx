/** ECharts for the job page's trend, loaded with it only (bars and a line). */
import { BarChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
// The ES module build: the CommonJS one (lib/) reaches the bundle as { default: … }.
import ReactEChartsCore from 'echarts-for-react/esm/core';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { TrendPoint } from './reconApi';
import { buildTrendOption } from './trendChart';

echarts.use([BarChart, LineChart, GridComponent, TooltipComponent, LegendComponent, CanvasRenderer]);

export default function TrendChart({ points, from, to }: { points: TrendPoint[]; from: string; to: string }) {
  const { t } = useTranslation();
  const option = useMemo(
    () => buildTrendOption(points, from, to, { differences: t('recon.trend.differences'), open: t('recon.trend.open'), matchRate: t('recon.trend.matchRate') }),
    [points, from, to, t],
  );
  return (
    <div data-testid="recon-trend-chart" data-days={points.length}>
      <ReactEChartsCore echarts={echarts} option={option} notMerge style={{ height: 260, width: '100%' }} opts={{ renderer: 'canvas' }} />
    </div>
  );
}
