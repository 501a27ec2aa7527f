import { Descriptions, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import type { DeviceDetail } from '../../../api/types';
import { formatDateTime } from '../../../app/format';
import { RelativeTime } from '../../../components/RelativeTime';
import { useCatalogLabels } from '../../../hooks/useEstate';
import { useIsMobile } from '../../../hooks/useIsMobile';

/** The device page's facts: where it is, what it is, what it hangs off and what hangs off it. */
export function DeviceSummary({ device }: { device: DeviceDetail }) {
  const { t } = useTranslation();
  const labels = useCatalogLabels();
  const isMobile = useIsMobile();
  const none = <Typography.Text type="secondary">{t('common.none')}</Typography.Text>;
  const text = (value: string | null) => value || none;
  const upstream = device.upstreamId ? (
    device.upstreamCode ? (
      <Link to={`/devices/${encodeURIComponent(device.upstreamId)}`} data-testid="device-upstream-link">
        {device.upstreamCode}
      </Link>
    ) : (
      <Typography.Text type="secondary">{t('device.upstreamHidden')}</Typography.Text>
    )
  ) : (
    none
  );
  const labelEntries = Object.entries(device.labels);

  return (
    <Descriptions
      size="small"
      bordered
      column={isMobile ? 1 : { xs: 1, sm: 2, lg: 3, xxl: 4 }}
      data-testid="device-summary"
      items={[
        { key: 'site', label: t('device.field.site'), children: device.siteCode },
        { key: 'subsystem', label: t('device.field.subsystem'), children: labels.subsystem(device.subsystem) },
        { key: 'type', label: t('device.field.type'), children: labels.type(device.type) },
        { key: 'model', label: t('device.field.model'), children: text(device.model) },
        { key: 'serial', label: t('device.field.serial'), children: text(device.serial) },
        { key: 'ip', label: t('device.field.ip'), children: text(device.ip) },
        { key: 'firmware', label: t('device.field.firmware'), children: text(device.firmware) },
        { key: 'installDate', label: t('device.field.installDate'), children: text(device.installDate) },
        { key: 'warrantyEnd', label: t('device.field.warrantyEnd'), children: text(device.warrantyEnd) },
        { key: 'upstream', label: t('device.field.upstream'), children: upstream },
        {
          key: 'downstream',
          label: t('device.field.downstream'),
          children: <span data-testid="device-downstream-count">{device.downstreamCount}</span>,
        },
        {
          key: 'lastSeen',
          label: t('device.field.lastSeen'),
          children: <RelativeTime iso={device.lastSeenAt} emptyText={t('device.neverSeen')} testId="device-last-seen" />,
        },
        {
          key: 'healthSince',
          label: t('device.field.healthSince'),
          children: formatDateTime(device.healthSince),
        },
        {
          key: 'labels',
          label: t('device.field.labels'),
          children:
            labelEntries.length > 0
              ? labelEntries.map(([k, v]) => (
                  <Typography.Text key={k} code>
                    {`${k}=${v}`}
                  </Typography.Text>
                ))
              : none,
        },
      ]}
    />
  );
}
