import { useCallback } from 'react';
import { alertsApi, type Alert } from '../../api/alerts';
import { Table } from 'antd';
import { CursorFrame } from '../../components/CursorTable';
import { useCursorList } from '../../hooks/useCursorList';
import { alertColumns, type AlertColumnOptions } from './alertColumns';

const PAGE_SIZE = 50;

/** The alerts attached to a topology alert (devices behind a switch that went down), under its row. */
export function ChildAlerts({ parentId, revision, options }: { parentId: string; revision: number; options: AlertColumnOptions }) {
  const fetchPage = useCallback((cursor: string | undefined) => alertsApi.list({ parent: parentId, cursor, limit: PAGE_SIZE }), [parentId]);
  const list = useCursorList<Alert>(fetchPage, `${parentId}#${revision}`);
  return (
    <CursorFrame list={list} testId={`alert-children-${parentId}`} footer="whenMore">
      <Table<Alert>
        dataSource={list.items}
        loading={list.loading}
        pagination={false}
        rowKey="id"
        size="small"
        columns={alertColumns(options)}
        onRow={(a) => ({ 'data-testid': `alert-child-${a.id}` }) as React.HTMLAttributes<HTMLElement>}
      />
    </CursorFrame>
  );
}
