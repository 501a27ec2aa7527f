import { Empty, Spin, Typography } from 'antd';
import { lazy, Suspense, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { Alert } from '../../api/alerts';
import { telemetryApi } from '../../api/telemetry';
import { metricLabel } from '../../app/metrics';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useAsync } from '../../hooks/useAsync';
import { useIsMobile } from '../../hooks/useIsMobile';
import { chartRange, referenceLine, type AlertMarks } from './alertChart';

const AlertChart = lazy(() => import('./AlertChart'));

/**
 * The data that fired the alert: the device's metric around that time, the threshold drawn across it and the time it
 * was active shaded. Read once when the page opens (and when the alert changes): an alert page is for looking back.
 */
export function AlertData({ alert, metric, windowMinutes, revision }: { alert: Alert; metric: string; windowMinutes: number | null; revision: number }) {
  const { t } = useTranslation();
  const isMobile = useIsMobile();
  const deviceId = alert.deviceId!;
  const series = useAsync(
    () => {
      const range = chartRange(alert, Date.now(), windowMinutes);
      return telemetryApi.series(deviceId, metric, { from: new Date(range.from).toISOString(), to: new Date(range.to).toISOString() });
    },
    `${alert.id}:${metric}:${revision}`,
  );
  const shownTo = series.data?.to;
  const line = referenceLine(alert);
  const marks = useMemo<AlertMarks>(
    () => ({
      threshold: line?.value ?? null,
      thresholdLabel: t(line?.kind === 'normal' ? 'alert.chart.normal' : 'alert.chart.threshold'),
      // Still open: active up to the end of the chart.
      firing: { from: Date.parse(alert.activeAt), to: Date.parse(alert.resolvedAt ?? shownTo ?? alert.activeAt) },
    }),
    [line?.value, line?.kind, alert.activeAt, alert.resolvedAt, shownTo, t],
  );

  return (
    <div data-testid="alert-data" data-metric={metric}>
      <Typography.Paragraph type="secondary">{t('alert.chart.hint', { metric: metricLabel(t, metric) })}</Typography.Paragraph>
      <ErrorAlert error={series.error} onRetry={series.reload} />
      {series.loading && !series.data ? (
        <Spin style={{ display: 'block', margin: '40px auto' }} />
      ) : !series.data || series.data.points.length === 0 ? (
        <Empty description={t('chart.noData')} />
      ) : (
        <Suspense fallback={<Spin style={{ display: 'block', margin: '40px auto' }} />}>
          <AlertChart series={series.data} marks={marks} height={isMobile ? 240 : 320} />
        </Suspense>
      )}
    </div>
  );
}
