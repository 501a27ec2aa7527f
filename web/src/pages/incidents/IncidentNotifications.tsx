import { ReloadOutlined } from '@ant-design/icons';
import { Button, Card } from 'antd';
import { useCallback, type HTMLAttributes } from 'react';
import { useTranslation } from 'react-i18next';
import { CursorTable } from '../../components/CursorTable';
import { useCursorList } from '../../hooks/useCursorList';
import { incidentsApi, type Receipt } from './incidentsApi';
import { receiptColumns } from './receiptColumns';

const PAGE_SIZE = 20;

/**
 * Who was told about the incident — SLA warnings and breaches, updates to the client, a plan's messages — and how each
 * notification fared, newest first. `revision` reloads it (the incident changed: a move may have told someone).
 */
export function IncidentNotifications({ incidentId, revision }: { incidentId: string; revision: string }) {
  const { t } = useTranslation();
  const fetchPage = useCallback((cursor: string | undefined) => incidentsApi.notifications(incidentId, cursor, PAGE_SIZE), [incidentId]);
  const list = useCursorList(fetchPage, `${incidentId}:${revision}`);
  return (
    <Card
      size="small"
      title={t('incident.notifications.title')}
      data-testid="incident-notifications"
      extra={<Button size="small" type="text" icon={<ReloadOutlined />} onClick={list.reload} aria-label={t('common.refresh')} title={t('common.refresh')} />}
    >
      <CursorTable<Receipt>
        list={list}
        testId="incident-notifications-table"
        rowKey="id"
        size="small"
        columns={receiptColumns(t)}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: t('incident.notifications.none') }}
        onRow={(r) => ({ 'data-testid': `incident-notification-${r.id}` }) as HTMLAttributes<HTMLElement>}
      />
    </Card>
  );
}
