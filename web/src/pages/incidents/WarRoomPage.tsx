import { ArrowLeftOutlined } from '@ant-design/icons';
import { Card, Col, Flex, Row, Spin, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { ApiError } from '../../api/client';
import { ErrorAlert } from '../../components/ErrorAlert';
import { NotFound } from '../../components/NotFound';
import { PageHeader } from '../../components/PageHeader';
import { useAsync } from '../../hooks/useAsync';
import { useCan } from '../../hooks/usePermission';
import { IncidentTimeline } from './IncidentTimeline';
import { incidentsApi } from './incidentsApi';
import { IncidentLevelTag, IncidentStateTag, MajorBadge } from './IncidentTags';
import { INCIDENT_PERMISSION } from './incidentPermissions';
import { LinkedAlerts } from './LinkedAlerts';
import { OnDutyNow } from './plan/OnDutyNow';
import { PlanCommunications } from './plan/PlanCommunications';
import { PlanPanel } from './plan/PlanPanel';
import { SlaClocks } from './SlaClocks';
import { useIncidentNames } from './useIncidentNames';
import { useIncidentReload } from './useLiveIncidents';

/**
 * The war room of an incident (issue 12 item 3; meant for level-1 incidents running a plan, reachable for any): one
 * page with the checklist, the SLA clocks, who is on duty, the linked alerts and the timeline, all kept live by
 * `incident.changed`. One column on a phone; the checklist first, since that is what people work through.
 */
export default function WarRoomPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const can = useCan();
  const loaded = useAsync(() => incidentsApi.get(id), `war-room:${id}`);
  useIncidentReload(loaded.reload, (event) => event.incidentId === id);
  const data = loaded.data?.incident.id === id ? loaded.data : undefined;
  const incident = data?.incident;
  const choices = useIncidentNames(incident?.assignee?.kind === 'user' ? { [incident.assignee.id]: incident.assignee.name } : {});

  if (loaded.error instanceof ApiError && loaded.error.status === 404) return <NotFound />;
  if (!data || !incident) {
    return loaded.error ? <ErrorAlert error={loaded.error} onRetry={loaded.reload} /> : <Spin style={{ display: 'block', margin: '80px auto' }} />;
  }

  return (
    <div data-testid="war-room">
      <PageHeader
        title={
          <Flex align="center" gap={8} wrap>
            <Link to={`/incidents/${encodeURIComponent(incident.id)}`} aria-label={t('incidentPlan.warRoomPage.back')} data-testid="war-room-back">
              <ArrowLeftOutlined />
            </Link>
            <Typography.Text strong>{t('incidentPlan.warRoom')}</Typography.Text>
            <Typography.Text code data-testid="war-room-ref">
              {incident.ref}
            </Typography.Text>
            <IncidentLevelTag level={incident.level} testId="war-room-level" />
            <span data-testid="war-room-title">{incident.title}</span>
            <IncidentStateTag state={incident.state} testId="war-room-state" />
            <MajorBadge incident={incident} />
          </Flex>
        }
      />
      <ErrorAlert error={loaded.error} onRetry={loaded.reload} />
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={14}>
          <PlanPanel incident={incident} inWarRoom />
        </Col>
        <Col xs={24} lg={10}>
          <Flex vertical gap={16} data-testid="war-room-side">
            <Card size="small" title={t('incident.sla.title')}>
              <SlaClocks sla={incident.sla} />
            </Card>
            <Card size="small" title={t('incidentPlan.warRoomPage.onDuty')}>
              <OnDutyNow incidentId={incident.id} />
            </Card>
            <Card size="small" title={t('incident.alerts.title')}>
              <LinkedAlerts incidentId={incident.id} alerts={data.alerts} canLink={can(INCIDENT_PERMISSION.linkAlert)} onLinked={loaded.reload} />
            </Card>
            <Card size="small" title={t('planCommunications.title')}>
              <PlanCommunications incidentId={incident.id} closed={incident.state === 'closed'} />
            </Card>
          </Flex>
        </Col>
        <Col xs={24}>
          <Card size="small" title={t('incident.timeline.title')}>
            <IncidentTimeline entries={data.timeline} names={choices.names} />
          </Card>
        </Col>
      </Row>
    </div>
  );
}
