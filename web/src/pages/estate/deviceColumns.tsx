import { EditOutlined } from '@ant-design/icons';
import { Button, Tooltip, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import type { TFunction } from 'i18next';
import { Link } from 'react-router-dom';
import type { Device } from '../../api/types';
import { HealthTag } from '../../components/HealthTag';
import { RelativeTime } from '../../components/RelativeTime';

export interface DeviceColumnOptions {
  t: TFunction;
  typeLabel: (code: string) => string;
  subsystemLabel: (code: string) => string;
  siteName: (device: Device) => string;
  canWrite: boolean;
  onEdit: (device: Device) => void;
}

export function deviceColumns({ t, typeLabel, subsystemLabel, siteName, canWrite, onEdit }: DeviceColumnOptions): ColumnsType<Device> {
  const columns: ColumnsType<Device> = [
    {
      title: t('device.field.code'),
      key: 'code',
      fixed: 'left',
      render: (_: unknown, d) => (
        <Link to={`/devices/${encodeURIComponent(d.id)}`} data-testid={`device-link-${d.code}`}>
          <Typography.Text code>{d.code}</Typography.Text>
        </Link>
      ),
    },
    { title: t('device.field.name'), dataIndex: 'name', key: 'name' },
    {
      title: t('device.field.health'),
      key: 'health',
      render: (_: unknown, d) => <HealthTag health={d.health} reason={d.healthReason} testId={`device-health-${d.code}`} />,
    },
    { title: t('device.field.site'), key: 'site', render: (_: unknown, d) => siteName(d) },
    { title: t('device.field.subsystem'), key: 'subsystem', render: (_: unknown, d) => subsystemLabel(d.subsystem) },
    { title: t('device.field.type'), key: 'type', render: (_: unknown, d) => typeLabel(d.type) },
    { title: t('device.field.ip'), dataIndex: 'ip', key: 'ip', render: (ip: string | null) => ip ?? '' },
    {
      title: t('device.field.lastSeen'),
      key: 'lastSeenAt',
      render: (_: unknown, d) => <RelativeTime iso={d.lastSeenAt} emptyText={t('device.neverSeen')} />,
    },
  ];
  if (canWrite) {
    columns.push({
      title: t('common.actions'),
      key: 'actions',
      render: (_: unknown, d) => (
        <Tooltip title={t('common.edit')}>
          <Button
            type="link"
            icon={<EditOutlined />}
            onClick={() => onEdit(d)}
            aria-label={t('common.edit')}
            data-testid={`device-edit-${d.code}`}
          />
        </Tooltip>
      ),
    });
  }
  return columns;
}
