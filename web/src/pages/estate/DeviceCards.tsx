import { Card, Flex, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import type { Device } from '../../api/types';
import { HealthTag } from '../../components/HealthTag';
import { RelativeTime } from '../../components/RelativeTime';

/** The device list on a phone: one compact card per device, the whole card a link to the device page. */
export function DeviceCards({
  devices,
  siteName,
  subsystemLabel,
}: {
  devices: Device[];
  siteName: (device: Device) => string;
  subsystemLabel: (code: string) => string;
}) {
  const { t } = useTranslation();
  if (devices.length === 0) return <Typography.Text type="secondary">{t('device.empty')}</Typography.Text>;
  return (
    <Flex vertical gap={8}>
      {devices.map((d) => (
        <Link key={d.id} to={`/devices/${encodeURIComponent(d.id)}`} data-testid={`device-card-${d.code}`}>
          <Card size="small" hoverable>
            <Flex justify="space-between" align="center" gap={8}>
              <Typography.Text strong ellipsis>
                {d.code}
              </Typography.Text>
              <HealthTag health={d.health} testId={`device-health-${d.code}`} />
            </Flex>
            <Typography.Text>{d.name}</Typography.Text>
            <Flex justify="space-between" gap={8} style={{ fontSize: 12 }}>
              <Typography.Text type="secondary" ellipsis>
                {siteName(d)} · {subsystemLabel(d.subsystem)}
              </Typography.Text>
              <Typography.Text type="secondary">
                <RelativeTime iso={d.lastSeenAt} emptyText={t('device.neverSeen')} />
              </Typography.Text>
            </Flex>
          </Card>
        </Link>
      ))}
    </Flex>
  );
}
