/** ECharts for the backtest, loaded with the rule editor's backtest panel only. */
import { LineChart } from 'echarts/charts';
import { DataZoomComponent, GridComponent, LegendComponent, MarkAreaComponent, MarkLineComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
// The ES module build: the CommonJS one (lib/) reaches the bundle as { default: … }.
import ReactEChartsCore from 'echarts-for-react/esm/core';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { BacktestResult } from '../../api/alerts';
import { buildBacktestOption } from './backtestChart';

echarts.use([LineChart, GridComponent, TooltipComponent, LegendComponent, DataZoomComponent, MarkLineComponent, MarkAreaComponent, CanvasRenderer]);

export default function BacktestChart({ result, height }: { result: BacktestResult; height: number }) {
  const { t } = useTranslation();
  const option = useMemo(
    () =>
      buildBacktestOption(result, {
        value: t('alertRule.backtest.value'),
        currentThreshold: t('alertRule.backtest.currentThreshold'),
        proposedThreshold: t('alertRule.backtest.proposedThreshold'),
        currentFiring: t('alertRule.backtest.currentFiring'),
        proposedFiring: t('alertRule.backtest.proposedFiring'),
        actualFiring: t('alertRule.backtest.actualFiring'),
      }),
    [result, t],
  );
  return (
    <div data-testid="backtest-chart">
      <ReactEChartsCore echarts={echarts} option={option} notMerge style={{ height, width: '100%' }} opts={{ renderer: 'canvas' }} />
    </div>
  );
}
