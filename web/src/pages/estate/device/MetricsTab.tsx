import { ReloadOutlined } from '@ant-design/icons';
import { Button, Empty, Flex, Segmented, Select, Spin } from 'antd';
import { lazy, Suspense, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { telemetryApi } from '../../../api/telemetry';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { useAsync } from '../../../hooks/useAsync';
import { useIsMobile } from '../../../hooks/useIsMobile';

const MetricChart = lazy(() => import('./MetricChart'));

const HOUR = 3_600_000;
export const RANGES = { '1h': HOUR, '6h': 6 * HOUR, '24h': 24 * HOUR, '7d': 7 * 24 * HOUR } as const;
type Range = keyof typeof RANGES;
const REFRESH_MS = 60_000;

/** One-minute roll-ups of a device's metrics: pick a metric and a range; the chart refreshes every minute. */
export function MetricsTab({ deviceId }: { deviceId: string }) {
  const { t } = useTranslation();
  const isMobile = useIsMobile();
  const metrics = useAsync(async () => (await telemetryApi.metrics(deviceId)).items, `metrics:${deviceId}`);
  const [chosen, setChosen] = useState<string | undefined>(undefined);
  const [range, setRange] = useState<Range>('6h');
  const metric = chosen && metrics.data?.includes(chosen) ? chosen : metrics.data?.[0];

  const series = useAsync(
    () => {
      const to = Date.now();
      return telemetryApi.series(deviceId, metric!, {
        from: new Date(to - RANGES[range]).toISOString(),
        to: new Date(to).toISOString(),
      });
    },
    `${deviceId}:${metric}:${range}`,
    metric !== undefined,
  );
  const { reload } = series;
  useEffect(() => {
    if (metric === undefined) return;
    const timer = setInterval(reload, REFRESH_MS);
    return () => clearInterval(timer);
  }, [metric, reload]);

  if (metrics.loading && !metrics.data) return <Spin style={{ display: 'block', margin: '40px auto' }} />;
  if (metrics.error) return <ErrorAlert error={metrics.error} onRetry={metrics.reload} />;
  if (!metric) return <Empty description={t('chart.noMetrics')} data-testid="metrics-empty" />;

  const shown = series.data?.metric === metric ? series.data : undefined;
  return (
    <div data-testid="device-metrics">
      <Flex gap={8} wrap align="center" style={{ marginBottom: 12 }}>
        <Select
          value={metric}
          onChange={setChosen}
          options={(metrics.data ?? []).map((m) => ({ value: m, label: t(`metric.${m}`, { defaultValue: m }) }))}
          style={{ minWidth: 160 }}
          data-testid="metric-select"
        />
        <Segmented<Range>
          value={range}
          onChange={setRange}
          options={(Object.keys(RANGES) as Range[]).map((r) => ({ value: r, label: t(`chart.range.${r}`) }))}
          data-testid="metric-range"
        />
        <Button icon={<ReloadOutlined />} onClick={reload} loading={series.loading} aria-label={t('common.refresh')} />
      </Flex>
      <ErrorAlert error={series.error} onRetry={reload} />
      {series.loading && !series.data ? (
        <Spin style={{ display: 'block', margin: '40px auto' }} />
      ) : !shown || shown.points.length === 0 ? (
        <Empty description={t('chart.noData')} />
      ) : (
        <Suspense fallback={<Spin style={{ display: 'block', margin: '40px auto' }} />}>
          <MetricChart series={shown} height={isMobile ? 260 : 360} />
        </Suspense>
      )}
    </div>
  );
}
