import { ArrowLeftOutlined, EditOutlined, PhoneOutlined } from '@ant-design/icons';
import { Button, Card, Col, Descriptions, Flex, Row, Spin, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { ApiError } from '../../api/client';
import { rostersApi, type DutyNow, type Roster } from '../../api/oncall';
import { formatDateTime } from '../../app/format';
import { ErrorAlert } from '../../components/ErrorAlert';
import { NotFound } from '../../components/NotFound';
import { PageHeader } from '../../components/PageHeader';
import { useAsync } from '../../hooks/useAsync';
import { useCan } from '../../hooks/usePermission';
import { DutyPeople } from './DutyPeople';
import { IcsLinks } from './IcsLinks';
import { OverridesCard } from './OverridesCard';
import { RosterCalendar } from './RosterCalendar';
import { RosterEditor } from './RosterEditor';
import { RosterWarnings } from './RosterWarnings';

/** Who is on duty now and until when, and who comes next and from when. */
function DutyCard({ roster }: { roster: Roster }) {
  const { t } = useTranslation();
  const { now, next } = roster.duty;
  const until = (d: DutyNow) => (d.shiftEnd ? t('roster.until', { at: formatDateTime(d.shiftEnd) }) : '');
  return (
    <Card size="small" title={t('roster.dutyTitle')}>
      <Descriptions size="small" column={1}>
        <Descriptions.Item label={t('roster.onDutyNow')}>
          <Flex vertical gap={2}>
            <DutyPeople userIds={now.userIds} leaderUserId={now.leaderUserId} people={roster.people} testId="roster-duty-now" />
            <Typography.Text type="secondary">{until(now)}</Typography.Text>
          </Flex>
        </Descriptions.Item>
        <Descriptions.Item label={t('roster.onDutyNext')}>
          {next ? (
            <Flex vertical gap={2}>
              <DutyPeople userIds={next.userIds} leaderUserId={next.leaderUserId} people={roster.people} testId="roster-duty-next" />
              <Typography.Text type="secondary">{t('roster.from', { at: formatDateTime(next.at) })}</Typography.Text>
            </Flex>
          ) : (
            t('roster.noChange')
          )}
        </Descriptions.Item>
        {roster.hotline ? (
          <Descriptions.Item label={t('roster.field.hotline')}>
            <a href={`tel:${roster.hotline.replace(/[^0-9+]/g, '')}`} data-testid="roster-hotline">
              <PhoneOutlined /> {roster.hotline}
            </a>
          </Descriptions.Item>
        ) : null}
      </Descriptions>
    </Card>
  );
}

/** One roster: who is on duty, its warnings, the calendar, overrides, the .ics links, and the editor (oncall:write). */
export default function RosterPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const can = useCan();
  const loaded = useAsync(() => rostersApi.get(id), id);
  const [editing, setEditing] = useState(false);
  const [revision, setRevision] = useState(0);
  const roster = loaded.data?.id === id ? loaded.data : undefined;

  if (loaded.error instanceof ApiError && loaded.error.status === 404) return <NotFound />;
  if (!roster) return loaded.error ? <ErrorAlert error={loaded.error} onRetry={loaded.reload} /> : <Spin style={{ display: 'block', margin: '80px auto' }} />;

  const changed = () => {
    loaded.reload();
    setRevision((r) => r + 1);
  };

  return (
    <>
      <PageHeader
        title={
          <Flex align="center" gap={8}>
            <Link to="/rosters" aria-label={t('roster.backToList')} data-testid="roster-back">
              <ArrowLeftOutlined />
            </Link>
            <span data-testid="roster-title">{roster.name}</span>
          </Flex>
        }
        extra={
          can('oncall:write') ? (
            <Button icon={<EditOutlined />} onClick={() => setEditing(true)} data-testid="roster-edit">
              {t('common.edit')}
            </Button>
          ) : null
        }
      />
      {roster.description ? <Typography.Paragraph type="secondary">{roster.description}</Typography.Paragraph> : null}
      <ErrorAlert error={loaded.error} onRetry={loaded.reload} />
      <RosterWarnings warnings={roster.warnings} />
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={14}>
          <DutyCard roster={roster} />
        </Col>
        <Col xs={24} lg={10}>
          <Card size="small" title={t('roster.ics.title')} style={{ height: '100%' }}>
            <Typography.Paragraph type="secondary">{t('roster.ics.hint')}</Typography.Paragraph>
            <IcsLinks roster={roster} />
          </Card>
        </Col>
        <Col xs={24}>
          <Card size="small" title={t('roster.calendarTitle')}>
            <RosterCalendar roster={roster} revision={revision} />
          </Card>
        </Col>
        <Col xs={24}>
          <OverridesCard roster={roster} revision={revision} onChanged={changed} />
        </Col>
      </Row>
      {editing ? (
        <RosterEditor
          roster={roster}
          onClose={() => setEditing(false)}
          onSaved={() => {
            setEditing(false);
            changed();
          }}
        />
      ) : null}
    </>
  );
}
