import { Badge, Collapse, Empty, Flex, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../../app/format';
import { deliveryCounts, deliveryTone } from './communications';
import type { PlanMessage, Receipt } from './communicationsApi';

const STATE_COLOURS: Record<string, string> = { delivered: 'green', sent: 'blue', queued: 'processing', failed: 'red', skipped: 'default', folded: 'default' };

/** "What was sent": each message with its delivery summed up, opening to its text and one receipt per notification. */
export function PlanMessagesSent({ messages }: { messages: readonly PlanMessage[] }) {
  const { t } = useTranslation();
  if (messages.length === 0) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('planCommunications.nothingSent')} data-testid="plan-messages-empty" />;

  const receiptColumns = [
    { key: 'channel', title: t('planCommunications.receipt.channel'), render: (_: unknown, r: Receipt) => r.channelName ?? r.channelKind },
    {
      key: 'to',
      title: t('planCommunications.receipt.to'),
      render: (_: unknown, r: Receipt) => (r.userId === null ? t('planCommunications.receipt.group') : [r.userName ?? r.userId, r.email ?? r.phone].filter(Boolean).join(' · ')),
    },
    {
      key: 'state',
      title: t('planCommunications.receipt.state'),
      render: (_: unknown, r: Receipt) => (
        <Tag color={STATE_COLOURS[r.state] ?? 'default'} data-testid={`plan-receipt-state-${r.id}`}>
          {t(`planCommunications.state.${r.state}`, { defaultValue: r.state })}
          {r.folded ? ` · ${t('planCommunications.receipt.folded')}` : ''}
        </Tag>
      ),
    },
    { key: 'why', title: t('planCommunications.receipt.why'), render: (_: unknown, r: Receipt) => (r.lastError ? t(`planCommunications.why.${r.lastError}`, { defaultValue: r.lastError }) : '') },
    { key: 'at', title: t('planCommunications.receipt.at'), render: (_: unknown, r: Receipt) => formatDateTime(r.deliveredAt ?? r.sentAt ?? r.failedAt ?? r.createdAt) },
  ];

  return (
    <Collapse
      size="small"
      data-testid="plan-messages"
      items={messages.map((m) => ({
        key: m.id,
        label: (
          <Flex vertical gap={2} style={{ minWidth: 0 }} data-testid={`plan-message-${m.id}`}>
            <Flex gap={8} wrap align="center">
              <Badge status={deliveryTone(m)} />
              <Typography.Text strong ellipsis style={{ maxWidth: '100%' }}>
                {m.subject}
              </Typography.Text>
            </Flex>
            <Flex gap={4} wrap align="center">
              <Tag>{t(`planCommunications.audience.${m.audience}`)}</Tag>
              <Tag>{t(`planCommunications.lang.${m.language}`)}</Tag>
              {deliveryCounts(m).map(([state, n]) => (
                <Tag key={state} color={STATE_COLOURS[state]} data-testid={`plan-message-${m.id}-${state}`}>
                  {t(`planCommunications.state.${state}`)} {n}
                </Tag>
              ))}
              <Typography.Text type="secondary">
                {t('planCommunications.sentBy', { name: m.sentBy?.name ?? t('incidentPlan.opsdesk', { defaultValue: 'opsdesk' }), at: formatDateTime(m.sentAt) })}
              </Typography.Text>
            </Flex>
          </Flex>
        ),
        children: (
          <Flex vertical gap={8}>
            <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginBottom: 0 }}>{m.body}</Typography.Paragraph>
            {m.people.length > 0 ? <Typography.Text type="secondary">{t('planCommunications.toPeople', { names: m.people.map((p) => p.name).join('、') })}</Typography.Text> : null}
            <Table<Receipt> size="small" rowKey="id" pagination={false} scroll={{ x: 'max-content' }} columns={receiptColumns} dataSource={m.receipts} />
          </Flex>
        ),
      }))}
    />
  );
}
