import { ReloadOutlined, SendOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Empty, Flex, Spin, Tabs, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { useAsync } from '../../../hooks/useAsync';
import { useCan } from '../../../hooks/usePermission';
import { useIncidentReload } from '../useLiveIncidents';
import { deliveryPending, templateLanguage } from './communications';
import { communicationsApi, type FilledTemplate } from './communicationsApi';
import { PlanMessageModal } from './PlanMessageModal';
import { PlanMessagesSent } from './PlanMessagesSent';

/** How often the sent list is read again while something is still in the outbox. */
const PENDING_POLL_MS = 5000;

/**
 * The plan's messages (issue 12 item 3): each communication template filled with the incident's facts, readable in
 * zh and en with the facts still missing marked, sent after editing to people and channels; and what was sent, with
 * its delivery status (the war room's "what was sent"). Reading needs incidents:read; sending incidents:write on an
 * incident that is not closed.
 */
export function PlanCommunications({ incidentId, closed }: { incidentId: string; closed: boolean }) {
  const { t } = useTranslation();
  const can = useCan();
  const readable = can('incidents:read');
  const writable = can('incidents:write') && !closed;
  const templates = useAsync(() => communicationsApi.templates(incidentId), `plan-communications:${incidentId}`, readable);
  const messages = useAsync(() => communicationsApi.messages(incidentId), `plan-messages:${incidentId}`, readable);
  const [sending, setSending] = useState<FilledTemplate | null>(null);
  const { message } = App.useApp();
  const reloadMessages = messages.reload;
  const reloadTemplates = templates.reload;

  // A send, a step reassigned (the commander) or a plan attached changes the facts or the list: the live stream says so.
  useIncidentReload(
    () => {
      reloadTemplates();
      reloadMessages();
    },
    (event) => event.incidentId === incidentId,
  );
  // Delivery is the worker's, after the answer: read the list again until nothing is left in the outbox.
  const pending = deliveryPending(messages.data ?? []);
  useEffect(() => {
    if (!pending) return;
    const timer = setInterval(reloadMessages, PENDING_POLL_MS);
    return () => clearInterval(timer);
  }, [pending, reloadMessages]);

  if (!readable) return null;
  const data = templates.data;
  if (templates.loading && data === undefined) return <Spin data-testid="plan-communications-loading" />;
  if (data === null) return null;

  return (
    <Flex vertical gap={16} data-testid="plan-communications" style={{ minWidth: 0 }}>
      <ErrorAlert error={templates.error} onRetry={templates.reload} />
      {closed ? <Alert type="info" showIcon title={t('planCommunications.closed')} /> : null}
      {data ? (
        <section>
          <Typography.Title level={5}>{t('planCommunications.templates')}</Typography.Title>
          {data.templates.length === 0 ? (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('planCommunications.noTemplates')} />
          ) : (
            <Flex vertical gap={8}>
              {data.templates.map((template) => (
                <TemplateCard key={template.key} template={template} writable={writable} onSend={() => setSending(template)} />
              ))}
            </Flex>
          )}
        </section>
      ) : null}
      <section>
        <Flex justify="space-between" align="center" gap={8}>
          <Typography.Title level={5} style={{ margin: 0 }}>
            {t('planCommunications.sent')}
          </Typography.Title>
          <Button size="small" icon={<ReloadOutlined />} onClick={reloadMessages} loading={messages.loading} data-testid="plan-messages-refresh">
            {t('common.refresh')}
          </Button>
        </Flex>
        <ErrorAlert error={messages.error} onRetry={reloadMessages} />
        <div style={{ marginTop: 8 }}>
          <PlanMessagesSent messages={messages.data ?? []} />
        </div>
      </section>
      {sending && data ? (
        <PlanMessageModal
          incidentId={incidentId}
          template={sending}
          data={data}
          onCancel={() => setSending(null)}
          onSent={(sent) => {
            setSending(null);
            messages.setData((current) => [sent, ...(current ?? []).filter((m) => m.id !== sent.id)]);
            void message.success(t('planCommunications.queued'));
          }}
        />
      ) : null}
    </Flex>
  );
}

/** One template: its audience, the filled text in zh and en (missing facts marked), and "edit and send". */
export function TemplateCard({ template, writable, onSend }: { template: FilledTemplate; writable: boolean; onSend: () => void }) {
  const { t, i18n } = useTranslation();
  const tabs = (['zh', 'en'] as const).map((language) => {
    const text = language === 'en' ? template.en : template.zh;
    return {
      key: language,
      label: t(`planCommunications.lang.${language}`),
      disabled: text === null,
      children: text ? (
        <Flex vertical gap={4} data-testid={`plan-template-${template.key}-${language}`}>
          <Typography.Text strong>{text.subject}</Typography.Text>
          <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginBottom: 0 }}>{text.body}</Typography.Paragraph>
          {text.missing.length > 0 ? (
            <Typography.Text type="warning" data-testid={`plan-template-${template.key}-${language}-missing`}>
              {t('planCommunications.missing', { names: text.missing.map((n) => t(`planCommunications.placeholder.${n}`)).join('、') })}
            </Typography.Text>
          ) : null}
        </Flex>
      ) : null,
    };
  });
  return (
    <Card
      size="small"
      data-testid={`plan-template-${template.key}`}
      title={
        <Flex gap={8} align="center" wrap>
          <Tag color={template.audience === 'public' ? 'orange' : template.audience === 'client' ? 'blue' : 'green'}>{t(`planCommunications.audience.${template.audience}`)}</Tag>
          <Typography.Text type="secondary">{template.key}</Typography.Text>
        </Flex>
      }
      extra={
        writable ? (
          <Button type="primary" size="small" icon={<SendOutlined />} onClick={onSend} data-testid={`plan-template-send-${template.key}`}>
            {t('planCommunications.editAndSend')}
          </Button>
        ) : null
      }
    >
      <Tabs size="small" defaultActiveKey={templateLanguage(template, i18n.language)} items={tabs} />
    </Card>
  );
}
