import { ArrowLeftOutlined, EditOutlined } from '@ant-design/icons';
import { Button, Card, Descriptions, Spin, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PageHeader } from '../../components/PageHeader';
import { useAsync } from '../../hooks/useAsync';
import { CalendarDrawer } from './CalendarDrawer';
import { CalendarYearView } from './CalendarYearView';
import { weeklySummary } from './calendarText';
import { localYear } from './previewTime';
import { slaCalendarsApi } from './slaApi';
import { useCanEditSla } from './slaPermissions';

/** One SLA calendar: its hours and rules, and the year view of which days work. */
export default function SlaCalendarPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const canEdit = useCanEditSla();
  const calendar = useAsync(() => slaCalendarsApi.get(id), `sla-calendar:${id}`);
  const [editing, setEditing] = useState(false);
  const [year, setYear] = useState(() => localYear(Date.now()));
  const c = calendar.data;

  return (
    <>
      <Link to="/sla-calendars" data-testid="calendar-back">
        <ArrowLeftOutlined /> {t('slaCalendar.backToList')}
      </Link>
      <PageHeader
        title={<span data-testid="calendar-title">{c?.name ?? ''}</span>}
        extra={
          canEdit && c ? (
            <Button icon={<EditOutlined />} onClick={() => setEditing(true)} data-testid="calendar-edit">
              {t('common.edit')}
            </Button>
          ) : null
        }
      />
      <ErrorAlert error={calendar.error} onRetry={calendar.reload} />
      {!c ? (
        calendar.loading ? <Spin /> : null
      ) : (
        <>
          <Descriptions size="small" column={{ xs: 1, md: 2 }} style={{ marginBottom: 16 }}>
            <Descriptions.Item label={t('slaCalendar.field.hours')}>{weeklySummary(t, c.calendar.weekly)}</Descriptions.Item>
            <Descriptions.Item label={t('slaCalendar.field.zone')}>{c.calendar.zone}</Descriptions.Item>
            <Descriptions.Item label={t('slaCalendar.field.chinaHolidays')}>
              <Tag color={c.calendar.chinaHolidays ? 'red' : 'default'}>{t(c.calendar.chinaHolidays ? 'slaCalendar.observed' : 'slaCalendar.notObserved')}</Tag>
            </Descriptions.Item>
            <Descriptions.Item label={t('slaCalendar.field.usedBy')}>{c.usedBy.length > 0 ? c.usedBy.map((p) => p.name).join(t('common.listSeparator')) : t('common.none')}</Descriptions.Item>
            {c.description ? <Descriptions.Item label={t('slaCalendar.field.description')}>{c.description}</Descriptions.Item> : null}
          </Descriptions>
          <Card title={t('slaCalendar.yearView')} size="small">
            <Typography.Paragraph type="secondary">{t('slaCalendar.year.hint')}</Typography.Paragraph>
            <CalendarYearView calendar={c.calendar} year={year} onYear={setYear} />
          </Card>
        </>
      )}
      {editing && c ? (
        <CalendarDrawer
          calendar={c}
          onClose={() => setEditing(false)}
          onSaved={(saved) => {
            setEditing(false);
            calendar.setData(() => saved);
          }}
        />
      ) : null}
    </>
  );
}
