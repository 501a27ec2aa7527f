import { DeleteOutlined, EditOutlined, PlusOutlined } from '@ant-design/icons';
import { App, Button, Flex, Popconfirm, Tag, Typography, type ButtonProps } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useCallback, useState, type HTMLAttributes } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import type { MaintenanceWindow } from '../../api/alerts';
import { maintenanceWindowsApi } from '../../api/maintenanceWindows';
import { describeError } from '../../app/errors';
import { formatDateTime } from '../../app/format';
import { CursorTable } from '../../components/CursorTable';
import { PageHeader } from '../../components/PageHeader';
import { RelativeTime } from '../../components/RelativeTime';
import { useCursorList } from '../../hooks/useCursorList';
import { useCan } from '../../hooks/usePermission';
import { useSites } from '../../hooks/useReferenceData';
import { ALERT_PERMISSION } from './alertPermissions';
import { MaintenanceFormModal } from './MaintenanceFormModal';

const PAGE_SIZE = 50;

/**
 * Maintenance windows: when a site or a device is expected to be down (once, or by a cron in a zone), so its alerts
 * stay quiet; whether each is active now and when it next starts.
 */
export default function MaintenancePage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const can = useCan();
  const canWrite = can(ALERT_PERMISSION.maintenance);
  const sites = useSites();
  const fetchPage = useCallback((cursor: string | undefined) => maintenanceWindowsApi.list({ cursor, limit: PAGE_SIZE }), []);
  const list = useCursorList(fetchPage, 'maintenance');
  const [editing, setEditing] = useState<MaintenanceWindow | 'new' | null>(null);

  const remove = async (w: MaintenanceWindow) => {
    try {
      await maintenanceWindowsApi.remove(w.id);
      void message.success(t('maintenance.deleted', { name: w.name }));
      list.reload();
    } catch (error) {
      void message.error(describeError(t, error));
    }
  };

  const columns: ColumnsType<MaintenanceWindow> = [
    {
      title: t('maintenance.column.name'),
      key: 'name',
      render: (_: unknown, w) => (
        <Flex vertical gap={0}>
          <Typography.Text strong>{w.name}</Typography.Text>
          {w.comment ? (
            <Typography.Text type="secondary" style={{ fontSize: 12 }} ellipsis={{ tooltip: w.comment }}>
              {w.comment}
            </Typography.Text>
          ) : null}
        </Flex>
      ),
    },
    {
      title: t('maintenance.column.target'),
      key: 'target',
      width: 220,
      render: (_: unknown, w) => (
        <Flex vertical gap={0}>
          {w.device ? (
            <span>
              <Tag bordered={false}>{t('maintenance.target.device')}</Tag>
              {can('estate:read') ? <Link to={`/devices/${encodeURIComponent(w.device.id)}`}>{w.device.code}</Link> : w.device.code}
            </span>
          ) : (
            <span>
              <Tag bordered={false}>{t('maintenance.target.site')}</Tag>
              {w.site?.name ?? (w.siteId && sites.byId.get(w.siteId)?.name) ?? w.siteId ?? t('common.none')}
            </span>
          )}
          {w.device && w.site ? (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {w.device.name} · {w.site.name}
            </Typography.Text>
          ) : null}
        </Flex>
      ),
    },
    {
      title: t('maintenance.column.schedule'),
      key: 'schedule',
      width: 260,
      render: (_: unknown, w) =>
        w.cron ? (
          <Flex vertical gap={0}>
            <Typography.Text code>{w.cron}</Typography.Text>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t('maintenance.recurringFor', { minutes: w.durationMinutes ?? 0, zone: w.zone })}
            </Typography.Text>
          </Flex>
        ) : (
          <Flex vertical gap={0} style={{ whiteSpace: 'nowrap' }}>
            <span>{formatDateTime(w.startsAt)}</span>
            <Typography.Text type="secondary">{t('maintenance.until', { end: formatDateTime(w.endsAt) })}</Typography.Text>
          </Flex>
        ),
    },
    {
      title: t('maintenance.column.status'),
      key: 'status',
      width: 200,
      render: (_: unknown, w) => (
        <Flex vertical gap={2}>
          <span>
            {!w.enabled ? (
              <Tag>{t('maintenance.disabled')}</Tag>
            ) : w.activeNow ? (
              <Tag color="processing" data-testid={`maintenance-active-${w.id}`}>
                {t('maintenance.activeNow')}
              </Tag>
            ) : w.nextStart ? (
              <Tag color="gold">{t('maintenance.scheduled')}</Tag>
            ) : (
              <Tag>{t('maintenance.over')}</Tag>
            )}
          </span>
          {w.enabled && w.activeNow && w.nextEnd ? (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t('maintenance.endsAt')} <RelativeTime iso={w.nextEnd} />
            </Typography.Text>
          ) : w.enabled && w.nextStart ? (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t('maintenance.nextStart', { at: formatDateTime(w.nextStart) })}
            </Typography.Text>
          ) : null}
        </Flex>
      ),
    },
  ];
  if (canWrite) {
    columns.push({
      title: t('common.actions'),
      key: 'actions',
      width: 170,
      render: (_: unknown, w) => (
        <Flex gap={4}>
          <Button type="link" icon={<EditOutlined />} onClick={() => setEditing(w)} data-testid={`maintenance-edit-${w.id}`}>
            {t('common.edit')}
          </Button>
          <Popconfirm
            title={t('maintenance.confirmDelete', { name: w.name })}
            okText={t('common.delete')}
            cancelText={t('common.cancel')}
            okButtonProps={{ danger: true } as ButtonProps}
            onConfirm={() => remove(w)}
          >
            <Button type="link" danger icon={<DeleteOutlined />} aria-label={t('common.delete')} />
          </Popconfirm>
        </Flex>
      ),
    });
  }

  return (
    <>
      <PageHeader
        title={t('nav.maintenance')}
        extra={
          canWrite ? (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')} data-testid="maintenance-new">
              {t('maintenance.new')}
            </Button>
          ) : null
        }
      />
      <Typography.Paragraph type="secondary">{t('maintenance.hint')}</Typography.Paragraph>
      <CursorTable<MaintenanceWindow>
        list={list}
        testId="maintenance-table"
        rowKey="id"
        size="middle"
        columns={columns}
        scroll={{ x: 900 }}
        onRow={(w) => ({ 'data-testid': `maintenance-row-${w.id}` }) as HTMLAttributes<HTMLElement>}
      />
      {editing ? (
        <MaintenanceFormModal
          window={editing === 'new' ? null : editing}
          sites={sites.data ?? []}
          onClose={() => setEditing(null)}
          onSaved={() => {
            setEditing(null);
            list.reload();
          }}
        />
      ) : null}
    </>
  );
}
