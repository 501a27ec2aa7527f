import { Button, Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import type { HTMLAttributes } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../app/format';
import type { PlanVersionSummary, Publisher } from './planApi';

/** The published versions, newest first; each can be opened as it was published. */
export function PlanHistory({ versions, current, onView, nameOf }: { versions: PlanVersionSummary[]; current: number | null; onView: (n: number) => void; nameOf: (by: Publisher) => string }) {
  const { t } = useTranslation();
  const columns: ColumnsType<PlanVersionSummary> = [
    { title: t('planLibrary.field.version'), dataIndex: 'number', render: (n: number) => <Typography.Text strong>v{n}</Typography.Text> },
    { title: t('planLibrary.field.publishedAt'), dataIndex: 'publishedAt', render: (at: string) => formatDateTime(at) },
    { title: t('planLibrary.field.publishedBy'), dataIndex: 'publishedBy', render: (by: Publisher) => nameOf(by) },
    {
      title: t('common.actions'),
      key: 'view',
      render: (_: unknown, v) => (
        <Button size="small" type={v.number === current ? 'primary' : 'default'} onClick={() => onView(v.number)} data-testid={`plan-history-view-${v.number}`}>
          {t('common.view')}
        </Button>
      ),
    },
  ];
  return (
    <Table<PlanVersionSummary>
      rowKey="number"
      size="small"
      columns={columns}
      dataSource={versions}
      pagination={false}
      locale={{ emptyText: t('planLibrary.noVersions') }}
      data-testid="plan-history"
      onRow={(v) => ({ 'data-testid': `plan-history-row-${v.number}` }) as HTMLAttributes<HTMLElement>}
    />
  );
}
