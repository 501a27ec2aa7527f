import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { App, Button, Card, Popconfirm, Table, Tag, type ButtonProps } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState, type HTMLAttributes } from 'react';
import { useTranslation } from 'react-i18next';
import { rostersApi, type Roster, type RosterOverride } from '../../api/oncall';
import { describeError } from '../../app/errors';
import { formatDateTime } from '../../app/format';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useAsync } from '../../hooks/useAsync';
import { useCan } from '../../hooks/usePermission';
import { OverrideModal } from './OverrideModal';

/** The roster's overrides that have not long ended: swaps and covers, added and removed by oncall:write. */
export function OverridesCard({ roster, revision, onChanged }: { roster: Roster; revision: number; onChanged: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const can = useCan();
  const canWrite = can('oncall:write');
  const overrides = useAsync(() => rostersApi.overrides(roster.id), `${roster.id}:${revision}`);
  const [adding, setAdding] = useState(false);

  const remove = async (override: RosterOverride) => {
    try {
      await rostersApi.removeOverride(roster.id, override.id);
      void message.success(t('override.deleted'));
      onChanged();
    } catch (error) {
      void message.error(describeError(t, error));
    }
  };

  const columns: ColumnsType<RosterOverride> = [
    { title: t('override.field.person'), key: 'person', render: (_: unknown, o) => o.userName ?? o.userId },
    {
      title: t('override.field.replaces'),
      key: 'replaces',
      render: (_: unknown, o) => (o.replacesUserId ? (o.replacesUserName ?? o.replacesUserId) : <Tag style={{ marginInlineEnd: 0 }}>{t('override.besideShort')}</Tag>),
    },
    { title: t('override.field.start'), key: 'start', width: 170, render: (_: unknown, o) => formatDateTime(o.startAt) },
    { title: t('override.field.end'), key: 'end', width: 170, render: (_: unknown, o) => formatDateTime(o.endAt) },
    { title: t('override.field.reason'), key: 'reason', render: (_: unknown, o) => o.reason ?? '' },
  ];
  if (canWrite) {
    columns.push({
      title: t('common.actions'),
      key: 'actions',
      width: 90,
      render: (_: unknown, o) => (
        <Popconfirm
          title={t('override.confirmDelete')}
          okText={t('common.delete')}
          cancelText={t('common.cancel')}
          okButtonProps={{ danger: true, 'data-testid': 'override-delete-confirm' } as ButtonProps}
          onConfirm={() => remove(o)}
        >
          <Button type="link" danger icon={<DeleteOutlined />} data-testid={`override-delete-${o.id}`} aria-label={t('common.delete')} />
        </Popconfirm>
      ),
    });
  }

  return (
    <Card
      size="small"
      title={t('override.title')}
      extra={
        canWrite ? (
          <Button size="small" icon={<PlusOutlined />} onClick={() => setAdding(true)} data-testid="override-new">
            {t('override.new')}
          </Button>
        ) : null
      }
    >
      <ErrorAlert error={overrides.error} onRetry={overrides.reload} />
      <Table<RosterOverride>
        rowKey="id"
        size="small"
        loading={overrides.loading}
        dataSource={overrides.data?.items ?? []}
        columns={columns}
        pagination={false}
        scroll={{ x: 700 }}
        locale={{ emptyText: t('override.none') }}
        data-testid="overrides-table"
        onRow={(o) => ({ 'data-testid': `override-row-${o.id}` }) as HTMLAttributes<HTMLElement>}
      />
      {adding ? (
        <OverrideModal
          roster={roster}
          onClose={() => setAdding(false)}
          onSaved={() => {
            setAdding(false);
            onChanged();
          }}
        />
      ) : null}
    </Card>
  );
}
