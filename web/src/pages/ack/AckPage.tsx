import { CheckOutlined } from '@ant-design/icons';
import { Button, Card, Flex, Result, Spin, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import type { AlertState } from '../../api/alerts';
import { ApiError } from '../../api/client';
import { ackApi, type AckLinkResult, type AckLinkView } from '../../api/notify';
import { describeError } from '../../app/errors';
import { formatDateTime } from '../../app/format';
import { ErrorAlert } from '../../components/ErrorAlert';
import { LanguageSwitch } from '../../components/LanguageSwitch';
import { RelativeTime } from '../../components/RelativeTime';
import { useAsync } from '../../hooks/useAsync';
import { useNow } from '../../hooks/useNow';
import { LevelTag, StateTag } from '../alerts/AlertTags';

type Alerts = AckLinkView['alerts'];
const ALERT_STATES: readonly string[] = ['pending', 'firing', 'acknowledged', 'resolved'];

/** A link that is not one (altered, truncated, unknown): the API answers 404, or 400 for a token of the wrong shape. */
const isInvalidLink = (error: unknown) => error instanceof ApiError && (error.status === 404 || error.code === 'VALIDATION_FAILED');

function AlertRows({ alerts }: { alerts: Alerts }) {
  return (
    <Flex vertical gap={8} data-testid="ack-alerts">
      {alerts.map((a) => (
        <Flex key={a.id} gap={6} align="center" wrap data-testid={`ack-alert-${a.id}`}>
          <LevelTag level={a.level as 1 | 2 | 3} />
          {ALERT_STATES.includes(a.state) ? <StateTag state={a.state as AlertState} /> : <Tag style={{ marginInlineEnd: 0 }}>{a.state}</Tag>}
          <Typography.Text style={{ overflowWrap: 'anywhere', minWidth: 0, flex: '1 1 200px' }}>{a.title}</Typography.Text>
        </Flex>
      ))}
    </Flex>
  );
}

function ConsoleLink({ alerts }: { alerts: Alerts }) {
  const { t } = useTranslation();
  return (
    <Link to={alerts.length === 1 ? `/alerts/${encodeURIComponent(alerts[0]!.id)}` : '/alerts'} data-testid="ack-open-console">
      {t('ack.openConsole')}
    </Link>
  );
}

/** Why the acknowledgement was refused: used already, expired, the person may no longer acknowledge, or else. */
function Refusal({ error, alerts }: { error: unknown; alerts: Alerts }) {
  const { t } = useTranslation();
  const code = error instanceof ApiError ? error.code : '';
  if (code === 'ACK_LINK_USED') return <Result status="info" title={t('ack.usedTitle')} subTitle={t('ack.usedHint')} extra={<ConsoleLink alerts={alerts} />} data-testid="ack-used" />;
  if (code === 'ACK_LINK_EXPIRED') return <Result status="warning" title={t('ack.expiredTitle')} subTitle={t('ack.expiredHint')} extra={<ConsoleLink alerts={alerts} />} data-testid="ack-expired" />;
  if (isInvalidLink(error)) return <InvalidLink />;
  if (error instanceof ApiError && error.status === 403) return <Result status="error" title={t('ack.forbiddenTitle')} subTitle={t('ack.forbiddenHint')} data-testid="ack-forbidden" />;
  return <Result status="error" title={t('ack.failedTitle')} subTitle={describeError(t, error)} data-testid="ack-failed" />;
}

function InvalidLink() {
  const { t } = useTranslation();
  return <Result status="warning" title={t('ack.invalidTitle')} subTitle={t('ack.invalidHint')} data-testid="ack-invalid" />;
}

/**
 * The page a notification's one-time link opens, with no sign-in (the signed link is the credential): what it
 * acknowledges, for whom, until when, and one big button. Built for a phone in one hand: a 375 px screen scrolls only
 * downwards, and the button is a thumb's width. Opening the page never acknowledges (chat apps open links to preview
 * them); only the button does.
 */
export default function AckPage() {
  const { token = '' } = useParams();
  const { t } = useTranslation();
  const now = useNow();
  const view = useAsync(() => ackApi.view(token), token);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<AckLinkResult | null>(null);
  const [refused, setRefused] = useState<unknown>(null);

  const acknowledge = async () => {
    setBusy(true);
    try {
      setDone(await ackApi.use(token));
    } catch (error) {
      setRefused(error);
    } finally {
      setBusy(false);
    }
  };

  const link = view.data;
  let body;
  if (view.loading) body = <Spin size="large" style={{ display: 'block', margin: '80px auto' }} />;
  else if (isInvalidLink(view.error)) body = <InvalidLink />;
  else if (!link) body = <ErrorAlert error={view.error} onRetry={view.reload} />;
  else if (done) {
    body = (
      <Result
        status="success"
        title={done.acknowledged > 0 ? t('ack.doneTitle', { count: done.acknowledged }) : t('ack.nothingTitle')}
        subTitle={done.acknowledged > 0 ? t('ack.doneHint') : t('ack.nothingHint')}
        extra={<ConsoleLink alerts={done.alerts} />}
        data-testid="ack-done"
        data-count={done.acknowledged}
      >
        <AlertRows alerts={done.alerts} />
      </Result>
    );
  } else if (refused) body = <Refusal error={refused} alerts={link.alerts} />;
  else if (link.usedAt) body = <Refusal error={new ApiError(409, 'ACK_LINK_USED', '')} alerts={link.alerts} />;
  else if (Date.parse(link.expiresAt) <= now) body = <Refusal error={new ApiError(409, 'ACK_LINK_EXPIRED', '')} alerts={link.alerts} />;
  else {
    body = (
      <Flex vertical gap={16}>
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t('ack.title', { count: link.alerts.length })}
        </Typography.Title>
        <Card size="small">
          <AlertRows alerts={link.alerts} />
        </Card>
        <Typography.Text type="secondary" data-testid="ack-sent-to">
          {t('ack.sentTo', { name: link.userName })}
          <br />
          {t('ack.expires', { at: formatDateTime(link.expiresAt) })} (<RelativeTime iso={link.expiresAt} />)
        </Typography.Text>
        <Button type="primary" size="large" block icon={<CheckOutlined />} loading={busy} onClick={() => void acknowledge()} style={{ height: 64, fontSize: 20 }} data-testid="ack-button">
          {t('ack.button')}
        </Button>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('ack.hint')}
        </Typography.Text>
      </Flex>
    );
  }

  return (
    <div style={{ minHeight: '100vh', background: '#f5f5f5', overflowX: 'hidden' }}>
      <Flex justify="space-between" align="center" style={{ padding: '8px 16px', background: '#fff', borderBottom: '1px solid #f0f0f0' }}>
        <Typography.Text strong>{t('app.name')}</Typography.Text>
        <LanguageSwitch />
      </Flex>
      <main style={{ maxWidth: 520, margin: '0 auto', padding: 16, boxSizing: 'border-box', width: '100%', overflowWrap: 'anywhere' }} data-testid="ack-page">
        {body}
      </main>
    </div>
  );
}
