import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { App, Button, Flex, Popconfirm, Table, Tag, Tooltip, Typography, type ButtonProps } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState, type HTMLAttributes } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router-dom';
import { rostersApi, type Roster } from '../../api/oncall';
import { describeError } from '../../app/errors';
import { formatDateTime } from '../../app/format';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PageHeader } from '../../components/PageHeader';
import { useAsync } from '../../hooks/useAsync';
import { useCan } from '../../hooks/usePermission';
import { DutyPeople } from './DutyPeople';
import { RosterEditor } from './RosterEditor';
import { warningText } from './RosterWarnings';

export const rosterPath = (id: string) => `/rosters/${encodeURIComponent(id)}`;

/** Duty rosters (oncall:read; editing oncall:write): each with who is on duty now and next, its hotline and warnings. */
export default function RostersPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const can = useCan();
  const canWrite = can('oncall:write');
  const rosters = useAsync(() => rostersApi.list(), 'rosters');
  const [creating, setCreating] = useState(false);

  const remove = async (roster: Roster) => {
    try {
      await rostersApi.remove(roster.id);
      void message.success(t('roster.deleted'));
      rosters.reload();
    } catch (error) {
      void message.error(describeError(t, error));
    }
  };

  const columns: ColumnsType<Roster> = [
    {
      title: t('roster.field.name'),
      key: 'name',
      render: (_: unknown, r) => (
        <Link to={rosterPath(r.id)} data-testid={`roster-link-${r.id}`}>
          {r.name}
        </Link>
      ),
    },
    {
      title: t('roster.onDutyNow'),
      key: 'now',
      render: (_: unknown, r) => (
        <Flex vertical gap={0}>
          <DutyPeople userIds={r.duty.now.userIds} leaderUserId={r.duty.now.leaderUserId} people={r.people} testId={`roster-now-${r.id}`} />
          {r.duty.now.shiftEnd ? <Typography.Text type="secondary" style={{ fontSize: 12 }}>{t('roster.until', { at: formatDateTime(r.duty.now.shiftEnd) })}</Typography.Text> : null}
        </Flex>
      ),
    },
    {
      title: t('roster.onDutyNext'),
      key: 'next',
      render: (_: unknown, r) =>
        r.duty.next ? (
          <Flex vertical gap={0}>
            <DutyPeople userIds={r.duty.next.userIds} leaderUserId={r.duty.next.leaderUserId} people={r.people} testId={`roster-next-${r.id}`} />
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>{t('roster.from', { at: formatDateTime(r.duty.next.at) })}</Typography.Text>
          </Flex>
        ) : (
          <Typography.Text type="secondary">{t('roster.noChange')}</Typography.Text>
        ),
    },
    { title: t('roster.field.hotline'), key: 'hotline', width: 150, render: (_: unknown, r) => r.hotline ?? '' },
    {
      title: t('roster.warnings'),
      key: 'warnings',
      width: 110,
      render: (_: unknown, r) =>
        r.warnings.length === 0 ? (
          <Tag color="green" style={{ marginInlineEnd: 0 }}>{t('roster.noWarnings')}</Tag>
        ) : (
          <Tooltip
            title={
              <ul style={{ margin: 0, paddingInlineStart: 16 }}>
                {r.warnings.map((w, i) => (
                  <li key={i}>{warningText(t, w)}</li>
                ))}
              </ul>
            }
          >
            <Tag color="orange" style={{ marginInlineEnd: 0 }} data-testid={`roster-warnings-${r.id}`}>
              {t('roster.warningCount', { count: r.warnings.length })}
            </Tag>
          </Tooltip>
        ),
    },
  ];
  if (canWrite) {
    columns.push({
      title: t('common.actions'),
      key: 'actions',
      width: 90,
      render: (_: unknown, r) => (
        <Popconfirm
          title={t('roster.confirmDelete', { name: r.name })}
          okText={t('common.delete')}
          cancelText={t('common.cancel')}
          okButtonProps={{ danger: true, 'data-testid': 'roster-delete-confirm' } as ButtonProps}
          onConfirm={() => remove(r)}
        >
          <Button type="link" danger icon={<DeleteOutlined />} data-testid={`roster-delete-${r.id}`} aria-label={t('common.delete')} />
        </Popconfirm>
      ),
    });
  }

  return (
    <>
      <PageHeader
        title={t('nav.rosters')}
        extra={
          canWrite ? (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="rosters-new">
              {t('roster.new')}
            </Button>
          ) : null
        }
      />
      <Typography.Paragraph type="secondary">{t('roster.hint')}</Typography.Paragraph>
      <ErrorAlert error={rosters.error} onRetry={rosters.reload} />
      <Table<Roster>
        rowKey="id"
        size="middle"
        loading={rosters.loading}
        dataSource={rosters.data?.items ?? []}
        columns={columns}
        pagination={false}
        scroll={{ x: 900 }}
        data-testid="rosters-table"
        onRow={(r) => ({ 'data-testid': `roster-row-${r.id}` }) as HTMLAttributes<HTMLElement>}
      />
      {creating ? <RosterEditor onClose={() => setCreating(false)} onSaved={(saved) => navigate(rosterPath(saved.id))} /> : null}
    </>
  );
}
