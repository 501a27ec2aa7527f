import { ReloadOutlined } from '@ant-design/icons';
import { Button, Card, Flex, Tag, Tooltip, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import type { TFunction } from 'i18next';
import { useCallback, type HTMLAttributes } from 'react';
import { useTranslation } from 'react-i18next';
import { notificationsApi, type Notification, type NotificationState } from '../../api/notify';
import { policiesApi, type Escalation } from '../../api/oncall';
import { formatDateTime } from '../../app/format';
import { CursorTable } from '../../components/CursorTable';
import { ErrorAlert } from '../../components/ErrorAlert';
import { RelativeTime } from '../../components/RelativeTime';
import { useAsync } from '../../hooks/useAsync';
import { useCursorList } from '../../hooks/useCursorList';
import { useCan } from '../../hooks/usePermission';

const PAGE_SIZE = 20;

export const NOTIFICATION_STATE_COLOR: Record<NotificationState, string> = {
  queued: 'processing',
  sent: 'blue',
  delivered: 'green',
  failed: 'red',
  folded: 'purple',
  skipped: 'default',
};

const ESCALATION_STATE_COLOR: Record<string, string> = { active: 'processing', acknowledged: 'green', resolved: 'default', exhausted: 'orange', superseded: 'default' };

/** Why a notification was skipped (quiet hours, no address, preferences) or why it failed, in the reader's words. */
function whyText(t: TFunction, n: Notification): string | null {
  if (!n.lastError) return null;
  return n.state === 'skipped' ? t(`notification.skipReason.${n.lastError}`, { defaultValue: n.lastError }) : n.lastError;
}

/** Whom it went to: the person (and the address, masked), or the people a group message named. */
function recipientOf(t: TFunction, n: Notification): string {
  if (n.userId) return [n.userName ?? n.userId, n.email ?? n.phone].filter(Boolean).join(' · ');
  return n.recipients.length > 0 ? t('notification.group', { count: n.recipients.length }) : t('notification.groupNobody');
}

function EscalationList({ items }: { items: Escalation[] }) {
  const { t } = useTranslation();
  if (items.length === 0) return <Typography.Paragraph type="secondary">{t('escalation.none')}</Typography.Paragraph>;
  return (
    <Flex vertical gap={6} style={{ marginBottom: 12 }} data-testid="alert-escalations">
      {items.map((e) => (
        <Flex key={e.id} gap={8} wrap align="center" data-testid={`escalation-${e.id}`} data-state={e.state}>
          <Tag color={ESCALATION_STATE_COLOR[e.state] ?? 'default'} style={{ marginInlineEnd: 0 }}>
            {t(`escalation.state.${e.state}`, { defaultValue: e.state })}
          </Tag>
          <Typography.Text strong>{e.policyName ?? e.policyId}</Typography.Text>
          <Typography.Text type="secondary">
            {t('escalation.started', { at: formatDateTime(e.startedAt) })}
            {e.state === 'active' && e.nextAt
              ? ` · ${e.lastStepPaged ? t('escalation.lastWait', { at: formatDateTime(e.nextAt) }) : t('escalation.next', { at: formatDateTime(e.nextAt), step: e.nextStep + 1, round: e.round + 1 })}`
              : ''}
            {e.endedAt ? ` · ${t('escalation.ended', { at: formatDateTime(e.endedAt), by: t(`escalation.endedBy.${e.endedBy ?? 'unknown'}`, { defaultValue: e.endedBy ?? '' }) })}` : ''}
          </Typography.Text>
        </Flex>
      ))}
    </Flex>
  );
}

/**
 * The alert's paging: the escalations that ran for it (oncall:read) and every notification about it with its receipt —
 * to whom, over which channel, queued/sent/delivered/failed/folded/skipped (and why), when, after how many attempts.
 * Who acknowledged is in the timeline. `revision` reloads it (the alert changed).
 */
export function AlertNotifications({ alertId, revision }: { alertId: string; revision: number }) {
  const { t } = useTranslation();
  const can = useCan();
  const escalations = useAsync(() => policiesApi.escalations(alertId), `${alertId}:${revision}`, can('oncall:read'));
  const fetchPage = useCallback((cursor: string | undefined) => notificationsApi.list({ alertId, cursor, limit: PAGE_SIZE }), [alertId]);
  const list = useCursorList(fetchPage, `${alertId}:${revision}`);

  const columns: ColumnsType<Notification> = [
    { title: t('notification.column.who'), key: 'who', render: (_: unknown, n) => recipientOf(t, n) },
    { title: t('notification.column.channel'), key: 'channel', render: (_: unknown, n) => n.channelName ?? n.channelKind },
    {
      title: t('notification.column.state'),
      key: 'state',
      width: 160,
      render: (_: unknown, n) => {
        const why = whyText(t, n);
        const tag = (
          <Tag color={NOTIFICATION_STATE_COLOR[n.state]} data-testid={`notification-state-${n.id}`} data-state={n.state} style={{ marginInlineEnd: 0 }}>
            {t(`notification.state.${n.state}`)}
          </Tag>
        );
        return (
          <Flex vertical gap={0}>
            {tag}
            {why && n.state === 'skipped' ? <Typography.Text type="secondary" style={{ fontSize: 12 }}>{why}</Typography.Text> : null}
          </Flex>
        );
      },
    },
    {
      title: t('notification.column.when'),
      key: 'when',
      width: 200,
      render: (_: unknown, n) => (
        <Flex vertical gap={0} style={{ fontSize: 12 }}>
          {n.sentAt ? <span>{t('notification.sentAt', { at: formatDateTime(n.sentAt) })}</span> : null}
          {n.deliveredAt ? <span>{t('notification.deliveredAt', { at: formatDateTime(n.deliveredAt) })}</span> : null}
          {n.failedAt ? <span>{t('notification.failedAt', { at: formatDateTime(n.failedAt) })}</span> : null}
          {!n.sentAt && !n.deliveredAt && !n.failedAt ? <RelativeTime iso={n.createdAt} /> : null}
        </Flex>
      ),
    },
    { title: t('notification.column.attempts'), key: 'attempts', width: 70, render: (_: unknown, n) => n.attempts },
    {
      title: t('notification.column.lastError'),
      key: 'lastError',
      render: (_: unknown, n) =>
        n.lastError && n.state !== 'skipped' ? (
          <Tooltip title={n.lastError}>
            <Typography.Text type="danger" ellipsis style={{ maxWidth: 260 }}>
              {n.lastError}
            </Typography.Text>
          </Tooltip>
        ) : null,
    },
  ];

  return (
    <Card
      size="small"
      title={t('notification.sectionTitle')}
      data-testid="alert-notifications"
      extra={
        <Button
          size="small"
          type="text"
          icon={<ReloadOutlined />}
          onClick={() => {
            list.reload();
            escalations.reload();
          }}
          aria-label={t('common.refresh')}
          title={t('common.refresh')}
          data-testid="alert-notifications-refresh"
        />
      }
    >
      {can('oncall:read') ? (
        <>
          <ErrorAlert error={escalations.error} onRetry={escalations.reload} />
          {escalations.data ? <EscalationList items={escalations.data.items} /> : null}
        </>
      ) : null}
      <CursorTable<Notification>
        list={list}
        testId="alert-notifications-table"
        rowKey="id"
        size="small"
        columns={columns}
        scroll={{ x: 800 }}
        locale={{ emptyText: t('notification.none') }}
        onRow={(n) => ({ 'data-testid': `notification-row-${n.id}` }) as HTMLAttributes<HTMLElement>}
      />
    </Card>
  );
}
