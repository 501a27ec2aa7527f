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

/** Column widths in px: they add up to DEVICE_TABLE_WIDTH, which the table scrolls within when the page is narrower. */
const WIDTH = { code: 150, health: 96, name: 150, lastSeen: 110, site: 140, subsystem: 110, type: 130, ip: 130, actions: 56 } as const;

/**
 * The device table's columns. What an operator scans for comes first (code, health, name, last seen) so that it stays
 * in view at laptop widths, the code is pinned left and the edit button right while the rest scrolls; long text is cut
 * with an ellipsis (the whole text on hover) rather than widening the table.
 */
export function deviceColumns({ t, typeLabel, subsystemLabel, siteName, canWrite, onEdit }: DeviceColumnOptions): ColumnsType<Device> {
  const columns: ColumnsType<Device> = [
    {
      title: t('device.field.code'),
      key: 'code',
      fixed: 'left',
      width: WIDTH.code,
      ellipsis: { showTitle: false },
      render: (_: unknown, d) => (
        <Link to={`/devices/${encodeURIComponent(d.id)}`} data-testid={`device-link-${d.code}`} title={d.code}>
          <Typography.Text code>{d.code}</Typography.Text>
        </Link>
      ),
    },
    {
      title: t('device.field.health'),
      key: 'health',
      width: WIDTH.health,
      render: (_: unknown, d) => <HealthTag health={d.health} reason={d.healthReason} testId={`device-health-${d.code}`} />,
    },
    { title: t('device.field.name'), dataIndex: 'name', key: 'name', width: WIDTH.name, ellipsis: true },
    {
      title: t('device.field.lastSeen'),
      key: 'lastSeenAt',
      width: WIDTH.lastSeen,
      render: (_: unknown, d) => (
        <RelativeTime iso={d.lastSeenAt} emptyText={t('device.neverSeen')} testId={`device-last-seen-${d.code}`} />
      ),
    },
    { title: t('device.field.site'), key: 'site', width: WIDTH.site, ellipsis: true, render: (_: unknown, d) => siteName(d) },
    {
      title: t('device.field.subsystem'),
      key: 'subsystem',
      width: WIDTH.subsystem,
      ellipsis: true,
      render: (_: unknown, d) => subsystemLabel(d.subsystem),
    },
    { title: t('device.field.type'), key: 'type', width: WIDTH.type, ellipsis: true, render: (_: unknown, d) => typeLabel(d.type) },
    { title: t('device.field.ip'), dataIndex: 'ip', key: 'ip', width: WIDTH.ip, ellipsis: true, render: (ip: string | null) => ip ?? '' },
  ];
  if (canWrite) {
    columns.push({
      title: <span data-testid="device-actions-title">{t('common.actions')}</span>,
      key: 'actions',
      fixed: 'right',
      width: WIDTH.actions,
      align: 'center',
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

/** The table's full width: the scroll width it needs before its columns would have to shrink. */
export function deviceTableWidth(columns: ColumnsType<Device>): number {
  return columns.reduce((sum, c) => sum + (typeof c.width === 'number' ? c.width : 0), 0);
}
