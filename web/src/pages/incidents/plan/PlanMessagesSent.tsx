import { Badge, Collapse, Empty, Flex, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../../app/format';
import { deliveryCounts, deliveryTone } from './communications';
import type { PlanMessage } from './communicationsApi';
import type { Receipt } from '../incidentsApi';
import { RECEIPT_STATE_COLOURS, receiptColumns } from '../receiptColumns';

/** "What was sent": each message with its delivery summed up, opening to its text and one receipt per notification. */
export function PlanMessagesSent({ messages }: { messages: readonly PlanMessage[] }) {
  const { t } = useTranslation();
  if (messages.length === 0) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('planCommunications.nothingSent')} data-testid="plan-messages-empty" />;


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
                <Tag key={state} color={RECEIPT_STATE_COLOURS[state]} data-testid={`plan-message-${m.id}-${state}`}>
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
            <Table<Receipt> size="small" rowKey="id" pagination={false} scroll={{ x: 'max-content' }} columns={receiptColumns(t)} dataSource={m.receipts} />
          </Flex>
        ),
      }))}
    />
  );
}
