import { ArrowLeftOutlined, BellOutlined, CheckCircleOutlined, CheckOutlined, ExportOutlined, FileAddOutlined, RiseOutlined } from '@ant-design/icons';
import { App, Button, Card, Col, Descriptions, Flex, Popconfirm, Row, Spin, Table, Tag, Typography, type ButtonProps } from 'antd';
import { useState, type HTMLAttributes } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { alertRulesApi } from '../../api/alertRules';
import { alertsApi, type Alert } from '../../api/alerts';
import { ApiError } from '../../api/client';
import { describeError } from '../../app/errors';
import { formatDateTime } from '../../app/format';
import { ErrorAlert } from '../../components/ErrorAlert';
import { NotFound } from '../../components/NotFound';
import { PageHeader } from '../../components/PageHeader';
import { useAsync } from '../../hooks/useAsync';
import { useCatalogLabels } from '../../hooks/useEstate';
import { useCan } from '../../hooks/usePermission';
import { requestLinkForAlert } from '../incidents/requestForm';
import { chartMetric } from './alertChart';
import { alertColumns, alertPath } from './alertColumns';
import { AlertData } from './AlertData';
import { AlertNotifications } from './AlertNotifications';
import { describeAlertDetail } from './alertDetail';
import { ALERT_PERMISSION } from './alertPermissions';
import { AlertBadges, LevelTag, SourceTag, StateTag } from './AlertTags';
import { AlertTimeline } from './AlertTimeline';
import { canAcknowledge, CHARTED_DETAILS, silenceMatchersFor, suppressionOf } from './alertValues';
import { LevelModal } from './LevelModal';
import { SilenceModal } from './SilenceModal';
import { useAlertNames } from './useAlertNames';
import { useLiveAlert } from './useLiveAlerts';

const windowOf = (condition: unknown): number | null => {
  const c = condition as { windowMinutes?: unknown } | undefined;
  return typeof c?.windowMinutes === 'number' ? c.windowMinutes : null;
};

/**
 * One alert: its level, state and what people can do about it (acknowledge, resolve, change the level with a reason,
 * silence); what fired it in words and as a chart with the threshold; its timeline; its children; who was paged about it
 * and how (escalations and notifications); links to the device, the site and the rule.
 */
export default function AlertPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const { message } = App.useApp();
  const can = useCan();
  const names = useAlertNames();
  const labels = useCatalogLabels();
  const loaded = useAsync(() => alertsApi.get(id), id);
  const [revision, setRevision] = useState(0);
  const [busy, setBusy] = useState<'ack' | 'resolve' | null>(null);
  const [changingLevel, setChangingLevel] = useState(false);
  const [silencing, setSilencing] = useState(false);
  const data = loaded.data?.alert.id === id ? loaded.data : undefined;
  const alert = data?.alert;
  const charted = !!alert && CHARTED_DETAILS.has(alert.detail.code) && alert.deviceId !== null;
  const rule = useAsync(() => alertRulesApi.get(alert!.ruleId!), `rule:${alert?.ruleId}`, charted && !!alert?.ruleId);

  const reload = () => {
    loaded.reload();
    setRevision((r) => r + 1);
  };
  useLiveAlert((event) => {
    if (event.alertId === id || event.parentId === id) reload();
  });

  if (loaded.error instanceof ApiError && loaded.error.status === 404) return <NotFound />;
  if (!data || !alert) {
    return loaded.error ? <ErrorAlert error={loaded.error} onRetry={loaded.reload} /> : <Spin style={{ display: 'block', margin: '80px auto' }} />;
  }

  const act = async (kind: 'ack' | 'resolve') => {
    setBusy(kind);
    try {
      await (kind === 'ack' ? alertsApi.ack(alert.id) : alertsApi.resolve(alert.id));
      void message.success(t(kind === 'ack' ? 'alert.acknowledged' : 'alert.resolvedByHand'));
      reload();
    } catch (error) {
      void message.error(describeError(t, error));
    } finally {
      setBusy(null);
    }
  };

  const metric = charted ? chartMetric(alert, rule.data?.condition as { metric?: unknown } | undefined) : null;
  const suppression = suppressionOf(alert.suppressedBy);
  const siteName = names.siteName(alert);
  const personOf = (kind: string) => data.timeline.filter((e) => e.kind === kind && e.actorId).at(-1)?.actorName ?? null;

  return (
    <>
      <PageHeader
        title={
          <Flex align="center" gap={8} wrap>
            <Link to="/alerts" aria-label={t('alert.backToList')} data-testid="alert-back">
              <ArrowLeftOutlined />
            </Link>
            <LevelTag level={alert.level} testId="alert-page-level" />
            <span data-testid="alert-title">{names.title(alert)}</span>
            <StateTag state={alert.state} testId="alert-page-state" />
            <AlertBadges alert={alert} />
          </Flex>
        }
        extra={
          <>
            {can(ALERT_PERMISSION.ack) && canAcknowledge(alert) ? (
              <Button type="primary" icon={<CheckOutlined />} loading={busy === 'ack'} onClick={() => void act('ack')} data-testid="alert-page-ack">
                {t('alert.ack')}
              </Button>
            ) : null}
            {can(ALERT_PERMISSION.ack) && alert.state !== 'resolved' ? (
              <Popconfirm
                title={t('alert.confirmResolve')}
                description={alert.source === 'rule' ? t('alert.resolveHint') : undefined}
                okText={t('alert.resolve')}
                cancelText={t('common.cancel')}
                okButtonProps={{ 'data-testid': 'alert-resolve-confirm' } as ButtonProps}
                onConfirm={() => act('resolve')}
              >
                <Button icon={<CheckCircleOutlined />} loading={busy === 'resolve'} data-testid="alert-page-resolve">
                  {t('alert.resolve')}
                </Button>
              </Popconfirm>
            ) : null}
            {can(ALERT_PERMISSION.level) && alert.state !== 'resolved' ? (
              <Button icon={<RiseOutlined />} onClick={() => setChangingLevel(true)} data-testid="alert-page-level-change">
                {t('alert.changeLevel')}
              </Button>
            ) : null}
            {can(ALERT_PERMISSION.silence) && alert.state !== 'resolved' ? (
              <Button icon={<BellOutlined />} onClick={() => setSilencing(true)} data-testid="alert-page-silence">
                {t('alert.silence')}
              </Button>
            ) : null}
            {can('incidents:create') ? (
              <Link to={requestLinkForAlert({ ...alert, title: names.title(alert) })}>
                <Button icon={<FileAddOutlined />} data-testid="alert-page-open-incident">
                  {t('incident.openFromAlert')}
                </Button>
              </Link>
            ) : null}
          </>
        }
      />
      <ErrorAlert error={loaded.error} onRetry={loaded.reload} />
      <Card size="small" style={{ marginBottom: 16 }}>
        <Typography.Paragraph style={{ fontSize: 15 }} data-testid="alert-detail">
          {describeAlertDetail(t, alert.detail)}
        </Typography.Paragraph>
        {alert.annotations.description ? <Typography.Paragraph type="secondary">{alert.annotations.description}</Typography.Paragraph> : null}
        <Descriptions size="small" column={{ xs: 1, sm: 1, md: 2, lg: 3 }} bordered>
          <Descriptions.Item label={t('alert.field.site')}>
            {alert.siteId && can('estate:read') ? (
              <Link to={`/devices?site=${encodeURIComponent(alert.siteId)}`} data-testid="alert-site-link">
                {siteName ?? alert.siteId}
              </Link>
            ) : (
              (siteName ?? t('alert.noSite'))
            )}
          </Descriptions.Item>
          <Descriptions.Item label={t('alert.field.device')}>
            {alert.deviceId && can('estate:read') ? (
              <Link to={`/devices/${encodeURIComponent(alert.deviceId)}`} data-testid="alert-device-link">
                {alert.labels.device ?? alert.deviceId}
              </Link>
            ) : (
              (alert.labels.device ?? t('common.none'))
            )}
          </Descriptions.Item>
          <Descriptions.Item label={t('alert.field.subsystem')}>{alert.subsystem ? labels.subsystem(alert.subsystem) : t('common.none')}</Descriptions.Item>
          <Descriptions.Item label={t('alert.field.source')}>
            <Flex gap={6} align="center">
              <SourceTag source={alert.source} />
              {alert.externalUrl ? (
                <a href={alert.externalUrl} target="_blank" rel="noopener noreferrer">
                  <ExportOutlined /> {t('alert.openAtSource')}
                </a>
              ) : null}
            </Flex>
          </Descriptions.Item>
          <Descriptions.Item label={alert.ruleId ? t('alert.field.rule') : t('alert.field.name')}>
            {alert.ruleId ? <Link to={`/alert-rules/${encodeURIComponent(alert.ruleId)}`}>{names.title(alert)}</Link> : <Typography.Text code>{alert.name}</Typography.Text>}
          </Descriptions.Item>
          <Descriptions.Item label={t('alert.field.value')}>
            {alert.value ?? t('common.none')}
            {alert.threshold !== null ? ` / ${t('alert.chart.threshold')} ${alert.threshold}` : ''}
          </Descriptions.Item>
          <Descriptions.Item label={t('alert.field.activeAt')}>{formatDateTime(alert.activeAt)}</Descriptions.Item>
          <Descriptions.Item label={t('alert.field.firedAt')}>{formatDateTime(alert.firedAt) || t('common.none')}</Descriptions.Item>
          <Descriptions.Item label={t('alert.field.acknowledged')}>
            <span data-testid="alert-acknowledged">
              {alert.acknowledgedAt ? `${formatDateTime(alert.acknowledgedAt)} · ${personOf('acknowledged') ?? alert.acknowledgedBy ?? ''}` : t('common.none')}
            </span>
          </Descriptions.Item>
          <Descriptions.Item label={t('alert.field.resolved')}>
            {alert.resolvedAt ? `${formatDateTime(alert.resolvedAt)} · ${alert.resolvedBy ? (personOf('resolved') ?? alert.resolvedBy) : t('alert.bySystem')}` : t('common.none')}
          </Descriptions.Item>
          {alert.level !== alert.ruleLevel ? (
            <Descriptions.Item label={t('alert.field.levelReason')}>
              {t('alert.levelFrom', { level: t(`alert.level.${alert.ruleLevel}`) })}
              {alert.levelReason ? ` · ${alert.levelReason}` : ''}
            </Descriptions.Item>
          ) : null}
          {suppression ? (
            <Descriptions.Item label={t('alert.field.suppressed')}>
              {suppression.kind === 'inhibited' && suppression.ref ? (
                <Link to={alertPath(suppression.ref)}>{t('alert.suppressed.inhibited')}</Link>
              ) : suppression.kind === 'silence' ? (
                <Link to="/silences">{t('alert.suppressed.silence')}</Link>
              ) : (
                t(`alert.suppressed.${suppression.kind}`)
              )}
            </Descriptions.Item>
          ) : null}
          {alert.parentId ? (
            <Descriptions.Item label={t('alert.field.parent')}>
              <Link to={alertPath(alert.parentId)} data-testid="alert-parent-link">
                {t('alert.openParent')}
              </Link>
            </Descriptions.Item>
          ) : null}
          <Descriptions.Item label={t('alert.field.labels')} span={3}>
            <Flex gap={4} wrap>
              {Object.entries(alert.labels).map(([k, v]) => (
                <Tag key={k} style={{ marginInlineEnd: 0 }}>
                  {k}={v}
                </Tag>
              ))}
            </Flex>
          </Descriptions.Item>
        </Descriptions>
      </Card>
      <Row gutter={[16, 16]}>
        {metric ? (
          <Col xs={24}>
            <Card size="small" title={t('alert.dataTitle')}>
              <AlertData alert={alert} metric={metric} windowMinutes={windowOf(rule.data?.condition)} revision={revision} />
            </Card>
          </Col>
        ) : null}
        <Col xs={24} lg={data.children.length > 0 ? 10 : 24}>
          <Card size="small" title={t('alert.timelineTitle')}>
            <AlertTimeline entries={data.timeline} />
          </Card>
        </Col>
        {data.children.length > 0 ? (
          <Col xs={24} lg={14}>
            <Card size="small" title={t('alert.childrenTitle', { count: alert.children || data.children.length })}>
              <Table<Alert>
                rowKey="id"
                size="small"
                pagination={data.children.length > 20 ? { pageSize: 20, showSizeChanger: false } : false}
                dataSource={data.children}
                columns={alertColumns({ t, title: names.title, siteName: names.siteName, subsystemLabel: labels.subsystem, deviceLinks: can('estate:read') }).filter(
                  (c) => c.key !== 'source' && c.key !== 'where',
                )}
                scroll={{ x: 600 }}
                data-testid="alert-children"
                onRow={(a) => ({ 'data-testid': `alert-child-${a.id}` }) as HTMLAttributes<HTMLElement>}
              />
            </Card>
          </Col>
        ) : null}
        <Col xs={24}>
          <AlertNotifications alertId={alert.id} revision={revision} />
        </Col>
      </Row>
      {changingLevel ? (
        <LevelModal
          alert={alert}
          onClose={() => setChangingLevel(false)}
          onSaved={() => {
            setChangingLevel(false);
            reload();
          }}
        />
      ) : null}
      {silencing ? (
        <SilenceModal
          matchers={silenceMatchersFor(alert.labels)}
          onClose={() => setSilencing(false)}
          onSaved={() => {
            setSilencing(false);
            reload();
          }}
        />
      ) : null}
    </>
  );
}
