import { CalendarOutlined, DeleteOutlined, EditOutlined, PlusOutlined } from '@ant-design/icons';
import { App, Button, Flex, Popconfirm, Table, Tag, Typography, type ButtonProps } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState, type HTMLAttributes } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router-dom';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PageHeader } from '../../components/PageHeader';
import { useAsync } from '../../hooks/useAsync';
import { CalendarDrawer } from './CalendarDrawer';
import { slaErrorText, weeklySummary } from './calendarText';
import { slaCalendarsApi, type SlaCalendar } from './slaApi';
import { useCanEditSla } from './slaPermissions';

/**
 * SLA calendars (incidents:read; editing incidents:assign with every site): the working hours each SLA target counts
 * on. A calendar a policy uses cannot be deleted.
 */
export default function SlaCalendarsPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const canEdit = useCanEditSla();
  const calendars = useAsync(() => slaCalendarsApi.list(), 'sla-calendars');
  const [editing, setEditing] = useState<SlaCalendar | 'new' | null>(null);

  const remove = async (c: SlaCalendar) => {
    try {
      await slaCalendarsApi.remove(c.id, c.version);
      void message.success(t('slaCalendar.deleted'));
      calendars.reload();
    } catch (error) {
      void message.error(slaErrorText(t, error));
    }
  };

  const columns: ColumnsType<SlaCalendar> = [
    {
      title: t('slaCalendar.field.name'),
      key: 'name',
      render: (_: unknown, c) => (
        <Flex vertical gap={0}>
          <Link to={`/sla-calendars/${c.id}`} data-testid={`calendar-open-${c.id}`}>
            <Typography.Text strong>{c.name}</Typography.Text>
          </Link>
          {c.description ? <Typography.Text type="secondary" style={{ fontSize: 12 }}>{c.description}</Typography.Text> : null}
        </Flex>
      ),
    },
    { title: t('slaCalendar.field.hours'), key: 'hours', render: (_: unknown, c) => weeklySummary(t, c.calendar.weekly) },
    { title: t('slaCalendar.field.zone'), key: 'zone', width: 150, render: (_: unknown, c) => c.calendar.zone },
    {
      title: t('slaCalendar.field.chinaHolidays'),
      key: 'china',
      width: 130,
      render: (_: unknown, c) => <Tag color={c.calendar.chinaHolidays ? 'red' : 'default'}>{t(c.calendar.chinaHolidays ? 'slaCalendar.observed' : 'slaCalendar.notObserved')}</Tag>,
    },
    { title: t('slaCalendar.field.customDates'), key: 'custom', width: 110, render: (_: unknown, c) => Object.keys(c.calendar.customDates ?? {}).length },
    {
      title: t('slaCalendar.field.usedBy'),
      key: 'usedBy',
      render: (_: unknown, c) => (c.usedBy.length > 0 ? c.usedBy.map((p) => p.name).join(t('common.listSeparator')) : <Typography.Text type="secondary">{t('common.none')}</Typography.Text>),
    },
    {
      title: t('common.actions'),
      key: 'actions',
      width: canEdit ? 210 : 110,
      render: (_: unknown, c) => (
        <Flex gap={0}>
          <Button type="link" icon={<CalendarOutlined />} onClick={() => navigate(`/sla-calendars/${c.id}`)} data-testid={`calendar-year-${c.id}`}>
            {t('slaCalendar.yearView')}
          </Button>
          {canEdit ? (
            <>
              <Button type="link" icon={<EditOutlined />} onClick={() => setEditing(c)} data-testid={`calendar-edit-${c.id}`} aria-label={t('common.edit')} />
              <Popconfirm
                title={t('slaCalendar.confirmDelete', { name: c.name })}
                okText={t('common.delete')}
                cancelText={t('common.cancel')}
                okButtonProps={{ danger: true, 'data-testid': 'calendar-delete-confirm' } as ButtonProps}
                onConfirm={() => remove(c)}
              >
                <Button type="link" danger icon={<DeleteOutlined />} data-testid={`calendar-delete-${c.id}`} aria-label={t('common.delete')} />
              </Popconfirm>
            </>
          ) : null}
        </Flex>
      ),
    },
  ];

  return (
    <>
      <PageHeader
        title={t('nav.slaCalendars')}
        extra={
          canEdit ? (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')} data-testid="calendars-new">
              {t('slaCalendar.new')}
            </Button>
          ) : null
        }
      />
      <Typography.Paragraph type="secondary">{t('slaCalendar.hint')}</Typography.Paragraph>
      <ErrorAlert error={calendars.error} onRetry={calendars.reload} />
      <Table<SlaCalendar>
        rowKey="id"
        size="middle"
        loading={calendars.loading}
        dataSource={calendars.data?.items ?? []}
        columns={columns}
        pagination={false}
        scroll={{ x: 1000 }}
        data-testid="calendars-table"
        onRow={(c) => ({ 'data-testid': `calendar-row-${c.id}`, 'data-name': c.name }) as HTMLAttributes<HTMLElement>}
      />
      {editing ? (
        <CalendarDrawer
          calendar={editing === 'new' ? undefined : editing}
          onClose={() => setEditing(null)}
          onSaved={() => {
            setEditing(null);
            calendars.reload();
          }}
        />
      ) : null}
    </>
  );
}
