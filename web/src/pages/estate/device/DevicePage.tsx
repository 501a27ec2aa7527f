import { ArrowLeftOutlined, EditOutlined, ToolOutlined } from '@ant-design/icons';
import { Button, Flex, Spin, Tabs, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams, useSearchParams } from 'react-router-dom';
import { ApiError } from '../../../api/client';
import { estateApi } from '../../../api/estate';
import { withHealthEvent } from '../../../app/health';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { HealthTag } from '../../../components/HealthTag';
import { NotFound } from '../../../components/NotFound';
import { PageHeader } from '../../../components/PageHeader';
import { useAsync } from '../../../hooks/useAsync';
import { useLiveHealth, useLiveResync } from '../../../hooks/useLive';
import { useCan } from '../../../hooks/usePermission';
import { ConfigTab } from './ConfigTab';
import { DeviceEvents } from './DeviceEvents';
import { DeviceSummary } from './DeviceSummary';
import { DownstreamList } from './DownstreamList';
import { EditDeviceDrawer } from './EditDeviceDrawer';
import { HealthTimeline } from './HealthTimeline';
import { MaintenanceModal } from './MaintenanceModal';
import { MetricsTab } from './MetricsTab';

const TABS = ['health', 'events', 'charts', 'config'] as const;
type Tab = (typeof TABS)[number];
const isTab = (value: string | null): value is Tab => (TABS as readonly (string | null)[]).includes(value);

/** One device: its facts, maintenance switch, and tabs for health, events, charts and configuration. */
export default function DevicePage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const can = useCan();
  const [params, setParams] = useSearchParams();
  const tabParam = params.get('tab');
  const tab: Tab = isTab(tabParam) ? tabParam : 'health';
  const device = useAsync(() => estateApi.get(id), id);
  const { setData } = device;
  const [revision, setRevision] = useState(0);
  const [editing, setEditing] = useState(false);
  const [maintaining, setMaintaining] = useState(false);

  useLiveHealth((event) => {
    if (event.deviceId !== id) return;
    setData((current) => (current ? withHealthEvent(current, event) : current));
    setRevision((r) => r + 1);
  });
  useLiveResync(() => {
    device.reload();
    setRevision((r) => r + 1);
  });

  const d = device.data?.id === id ? device.data : undefined;
  if (device.error instanceof ApiError && device.error.status === 404) return <NotFound />;
  if (!d) {
    return device.error ? (
      <ErrorAlert error={device.error} onRetry={device.reload} />
    ) : (
      <Spin style={{ display: 'block', margin: '80px auto' }} />
    );
  }

  const canWrite = can('estate:write');
  const afterChange = () => {
    // The answer of a change lacks the upstream code and downstream count: fetch the whole device again.
    device.reload();
    setRevision((r) => r + 1);
  };

  return (
    <>
      <PageHeader
        title={
          <Flex align="center" gap={8} wrap>
            <Link to="/devices" aria-label={t('device.backToList')} data-testid="device-back">
              <ArrowLeftOutlined />
            </Link>
            <span data-testid="device-code">{d.code}</span>
            <Typography.Text type="secondary" style={{ fontSize: 16, fontWeight: 'normal' }}>
              {d.name}
            </Typography.Text>
            <HealthTag health={d.health} reason={d.healthReason} testId="device-health" />
          </Flex>
        }
        extra={
          canWrite ? (
            <>
              <Button icon={<EditOutlined />} onClick={() => setEditing(true)} data-testid="device-edit">
                {t('common.edit')}
              </Button>
              <Button
                icon={<ToolOutlined />}
                danger={!d.maintenance}
                onClick={() => setMaintaining(true)}
                data-testid="device-maintenance"
              >
                {d.maintenance ? t('device.maintenanceOff') : t('device.maintenanceOn')}
              </Button>
            </>
          ) : null
        }
      />
      <ErrorAlert error={device.error} onRetry={device.reload} />
      <DeviceSummary device={d} />
      <DownstreamList deviceId={d.id} count={d.downstreamCount} />
      <Tabs
        style={{ marginTop: 16 }}
        activeKey={tab}
        onChange={(key) => {
          const next = new URLSearchParams(params);
          next.set('tab', key);
          setParams(next, { replace: true });
        }}
        items={[
          {
            key: 'health',
            label: <span data-testid="device-tab-health">{t('device.tab.health')}</span>,
            children: <HealthTimeline deviceId={d.id} revision={revision} />,
          },
          {
            key: 'events',
            label: <span data-testid="device-tab-events">{t('device.tab.events')}</span>,
            children: <DeviceEvents deviceId={d.id} />,
          },
          {
            key: 'charts',
            label: <span data-testid="device-tab-charts">{t('device.tab.charts')}</span>,
            children: <MetricsTab device={d} />,
          },
          {
            key: 'config',
            label: <span data-testid="device-tab-config">{t('device.tab.config')}</span>,
            children: <ConfigTab deviceId={d.id} />,
          },
        ]}
      />
      {editing ? (
        <EditDeviceDrawer
          device={d}
          onClose={() => setEditing(false)}
          onSaved={() => {
            setEditing(false);
            afterChange();
          }}
        />
      ) : null}
      {maintaining ? (
        <MaintenanceModal
          device={d}
          onClose={() => setMaintaining(false)}
          onSaved={() => {
            setMaintaining(false);
            afterChange();
          }}
        />
      ) : null}
    </>
  );
}
