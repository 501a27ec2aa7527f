import { ReloadOutlined } from '@ant-design/icons';
import { Button, Empty, Flex, Segmented, Select, Spin } from 'antd';
import { lazy, Suspense, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { telemetryApi } from '../../../api/telemetry';
import type { Device } from '../../../api/types';
import { metricLabel } from '../../../app/metrics';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { useAsync } from '../../../hooks/useAsync';
import { useIsMobile } from '../../../hooks/useIsMobile';
import { defaultMetric, defaultRange, RANGES, type Range } from './metricDefaults';

const MetricChart = lazy(() => import('./MetricChart'));

const REFRESH_MS = 60_000;

/**
 * One-minute roll-ups of a device's metrics: pick a metric and a range; the chart refreshes every minute. It opens on
 * the device's business metric (for its type) over the smallest range that covers its life so far.
 */
export function MetricsTab({ device }: { device: Pick<Device, 'id' | 'type' | 'createdAt'> }) {
  const { t } = useTranslation();
  const isMobile = useIsMobile();
  const deviceId = device.id;
  const metrics = useAsync(async () => (await telemetryApi.metrics(deviceId)).items, `metrics:${deviceId}`);
  const [chosen, setChosen] = useState<string | undefined>(undefined);
  const [range, setRange] = useState<Range>(() => defaultRange(device.createdAt, Date.now()));
  const metric = chosen && metrics.data?.includes(chosen) ? chosen : defaultMetric(device.type, metrics.data ?? []);

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
    <div data-testid="device-metrics" data-metric={metric} data-range={range}>
      <Flex gap={8} wrap align="center" style={{ marginBottom: 12 }}>
        <Select
          value={metric}
          onChange={setChosen}
          options={(metrics.data ?? []).map((m) => ({ value: m, label: metricLabel(t, m) }))}
          style={{ minWidth: 200, maxWidth: '100%' }}
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
