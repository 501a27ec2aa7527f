import { ArrowLeftOutlined } from '@ant-design/icons';
import { App, Button, Card, Col, Descriptions, Flex, Row, Spin, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { ApiError } from '../../api/client';
import { describeError } from '../../app/errors';
import { formatDateTime } from '../../app/format';
import { ErrorAlert } from '../../components/ErrorAlert';
import { NotFound } from '../../components/NotFound';
import { PageHeader } from '../../components/PageHeader';
import { useAsync } from '../../hooks/useAsync';
import { useCatalogLabels } from '../../hooks/useEstate';
import { useCan } from '../../hooks/usePermission';
import { useSites } from '../../hooks/useReferenceData';
import { Attachments } from './Attachments';
import { ClosingPanel } from './closing/ClosingPanel';
import { CommentBox } from './CommentBox';
import { KbSuggestions } from '../kb/KbSuggestions';
import { BackfillPanel } from '../backfill/BackfillPanel';
import { IncidentTimeline } from './IncidentTimeline';
import { incidentsApi, type ActionKind, type Incident } from './incidentsApi';
import { IncidentLevelTag, IncidentStateTag, MajorBadge } from './IncidentTags';
import { INCIDENT_PERMISSION } from './incidentPermissions';
import { IncidentNotifications } from './IncidentNotifications';
import { LinkedAlerts } from './LinkedAlerts';
import { PlanPanel } from './plan/PlanPanel';
import { SlaClocks } from './SlaClocks';
import { actionButtons, currentLocation, DIRECT_KINDS, transitionBody } from './transitionForm';
import { TransitionModal } from './TransitionModal';
import { useIncidentNames } from './useIncidentNames';
import { useLiveIncident } from './useLiveIncidents';

/**
 * One incident: its number, title, level, state and SLA clocks; the moves the server says the caller may make now (each
 * asking for what it needs); the timeline of who did what; comments; the linked alerts and the attachments.
 */
export default function IncidentPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const { message } = App.useApp();
  const can = useCan();
  const sites = useSites();
  const labels = useCatalogLabels();
  const loaded = useAsync(() => incidentsApi.get(id), id);
  const data = loaded.data?.incident.id === id ? loaded.data : undefined;
  const incident = data?.incident;
  const choices = useIncidentNames(incident?.assignee?.kind === 'user' ? { [incident.assignee.id]: incident.assignee.name } : {});
  const [acting, setActing] = useState<ActionKind | null>(null);
  const [busy, setBusy] = useState<ActionKind | null>(null);

  useLiveIncident((event) => {
    if (event.incidentId === id) loaded.reload();
  });

  if (loaded.error instanceof ApiError && loaded.error.status === 404) return <NotFound />;
  if (!data || !incident) {
    return loaded.error ? <ErrorAlert error={loaded.error} onRetry={loaded.reload} /> : <Spin style={{ display: 'block', margin: '80px auto' }} />;
  }

  const done = (next: Incident, kind: ActionKind) => {
    setActing(null);
    void message.success(t('incident.moved', { what: t(`incident.transition.${kind}`), state: t(`incident.state.${next.state}`) }));
    loaded.reload();
  };

  /** A move that needs nothing more than the click; a check-in takes the browser's location when it is given. */
  const actNow = async (kind: ActionKind) => {
    setBusy(kind);
    try {
      const location = kind === 'check_in' ? await currentLocation(typeof navigator === 'undefined' ? undefined : navigator.geolocation) : undefined;
      done(await incidentsApi.transition(incident.id, transitionBody(kind, {}, location)), kind);
    } catch (error) {
      void message.error(describeError(t, error));
      loaded.reload();
    } finally {
      setBusy(null);
    }
  };

  const siteName = sites.byId.get(incident.siteId)?.name ?? incident.siteId;
  const canComment = INCIDENT_PERMISSION.comment.some((p) => can(p));

  return (
    <>
      <PageHeader
        title={
          <Flex align="center" gap={8} wrap>
            <Link to="/incidents" aria-label={t('incident.backToList')} data-testid="incident-back">
              <ArrowLeftOutlined />
            </Link>
            <Typography.Text code data-testid="incident-ref">
              {incident.ref}
            </Typography.Text>
            <IncidentLevelTag level={incident.level} testId="incident-page-level" />
            <span data-testid="incident-title">{incident.title}</span>
            <IncidentStateTag state={incident.state} testId="incident-page-state" />
            <MajorBadge incident={incident} />
          </Flex>
        }
        extra={
          <Flex gap={8} wrap data-testid="incident-actions">
            {actionButtons(data.actions).map((kind) => (
              <Button
                key={kind}
                type={kind === 'take' || kind === 'acknowledge' || kind === 'resolve' || kind === 'confirm' ? 'primary' : 'default'}
                danger={kind === 'escalate' || kind === 'declare_major'}
                loading={busy === kind}
                disabled={busy !== null && busy !== kind}
                onClick={() => (DIRECT_KINDS.has(kind) ? void actNow(kind) : setActing(kind))}
                data-testid={`incident-action-${kind}`}
              >
                {t(`incident.transition.${kind}`)}
              </Button>
            ))}
          </Flex>
        }
      />
      <ErrorAlert error={loaded.error} onRetry={loaded.reload} />
      <Card size="small" style={{ marginBottom: 16 }} title={t('incident.sla.title')}>
        <SlaClocks sla={incident.sla} />
      </Card>
      <Card size="small" style={{ marginBottom: 16 }}>
        {incident.description ? (
          <Typography.Paragraph style={{ whiteSpace: 'pre-wrap' }} data-testid="incident-description">
            {incident.description}
          </Typography.Paragraph>
        ) : null}
        <Descriptions size="small" column={{ xs: 1, sm: 1, md: 2, lg: 3 }} bordered>
          <Descriptions.Item label={t('incident.field.site')}>
            <span data-testid="incident-site">{siteName}</span>
          </Descriptions.Item>
          <Descriptions.Item label={t('incident.field.device')}>
            {incident.deviceId && can('estate:read') ? <Link to={`/devices/${encodeURIComponent(incident.deviceId)}`}>{t('incident.openDevice')}</Link> : t('common.none')}
          </Descriptions.Item>
          <Descriptions.Item label={t('incident.field.subsystem')}>{incident.subsystem ? labels.subsystem(incident.subsystem) : t('common.none')}</Descriptions.Item>
          <Descriptions.Item label={t('incident.impact.title')}>{t(`incident.impact.${incident.impact}`, { defaultValue: incident.impact })}</Descriptions.Item>
          <Descriptions.Item label={t('incident.urgency.title')}>{t(`incident.urgency.${incident.urgency}`, { defaultValue: incident.urgency })}</Descriptions.Item>
          <Descriptions.Item label={t('incident.field.source')}>{t(`incident.source.${incident.source}`)}</Descriptions.Item>
          <Descriptions.Item label={t('incident.field.assignee')}>
            <span data-testid="incident-assignee">{incident.assignee?.name ?? t('incident.unassigned')}</span>
          </Descriptions.Item>
          <Descriptions.Item label={t('incident.field.reporter')}>
            {[incident.reporterName, incident.reporterPhone, incident.reporterEmail].filter(Boolean).join(' · ') || t('common.none')}
          </Descriptions.Item>
          <Descriptions.Item label={t('incident.field.createdAt')}>{formatDateTime(incident.createdAt)}</Descriptions.Item>
          {incident.waitingReason ? (
            <Descriptions.Item label={t('incident.field.waitReason')}>{t(`incident.waitingReason.${incident.waitingReason}`)}</Descriptions.Item>
          ) : null}
          {incident.fix ? (
            <Descriptions.Item label={t('incident.field.fix')} span={2}>
              <span data-testid="incident-fix">{incident.fix}</span>
            </Descriptions.Item>
          ) : null}
          {incident.causeCategory ? (
            <Descriptions.Item label={t('incident.field.cause')}>
              <span data-testid="incident-cause-value">{choices.names.cause(incident.causeCategory)}</span>
            </Descriptions.Item>
          ) : null}
          {incident.resolvedAt ? <Descriptions.Item label={t('incident.field.resolvedAt')}>{formatDateTime(incident.resolvedAt)}</Descriptions.Item> : null}
          {incident.closedAt ? <Descriptions.Item label={t('incident.field.closedAt')}>{formatDateTime(incident.closedAt)}</Descriptions.Item> : null}
          {incident.reopenCount > 0 ? <Descriptions.Item label={t('incident.field.reopenCount')}>{incident.reopenCount}</Descriptions.Item> : null}
          {incident.major ? (
            <Descriptions.Item label={t('incident.major')} span={3}>
              {incident.major.reason}
              {incident.major.communicationDueAt ? ` · ${t('incident.communicationDue', { at: formatDateTime(incident.major.communicationDueAt) })}` : ''}
            </Descriptions.Item>
          ) : null}
          {incident.review ? (
            <Descriptions.Item label={t('incident.field.review')} span={3}>
              {incident.review.summary}
            </Descriptions.Item>
          ) : null}
        </Descriptions>
      </Card>
      <PlanPanel incident={incident} />
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={14}>
          <Card size="small" title={t('incident.timeline.title')}>
            <IncidentTimeline entries={data.timeline} names={choices.names} />
            {canComment ? <CommentBox incidentId={incident.id} onAdded={loaded.reload} /> : null}
          </Card>
        </Col>
        <Col xs={24} lg={10}>
          <Flex vertical gap={16}>
            <Card size="small" title={t('incident.alerts.title')}>
              <LinkedAlerts incidentId={incident.id} alerts={data.alerts} canLink={can(INCIDENT_PERMISSION.linkAlert)} onLinked={loaded.reload} />
            </Card>
            <Card size="small" title={t('incident.attachments.title')}>
              <Attachments incidentId={incident.id} attachments={data.attachments} />
            </Card>
            <IncidentNotifications incidentId={incident.id} revision={`${incident.updatedAt}:${data.timeline.length}`} />
          </Flex>
        </Col>
      </Row>
      <ClosingPanel incident={incident} onChanged={loaded.reload} />
      <KbSuggestions incidentId={incident.id} closed={incident.state === 'closed'} />
      <BackfillPanel incidentId={incident.id} closed={incident.state === 'closed'} />
      {acting ? <TransitionModal kind={acting} incident={incident} choices={choices} onClose={() => setActing(null)} onDone={(next) => done(next, acting)} /> : null}
    </>
  );
}
