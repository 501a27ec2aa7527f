import { PlayCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { App, Button, Calendar, Card, Flex, List, Popconfirm, Space, Switch, Tag, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useCallback, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { describeError } from '../../app/errors';
import { formatDateTime } from '../../app/format';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PageHeader } from '../../components/PageHeader';
import { useAsync } from '../../hooks/useAsync';
import { useCan } from '../../hooks/usePermission';
import { useSites } from '../../hooks/useReferenceData';
import { entriesByDay, localText, localTime, monthRange, STATE_COLORS, type DayEntry } from './drillCalendar';
import { drillsApi, isStale, runPath, type Schedule } from './drillsApi';
import { NewRunModal } from './NewRunModal';
import { ScheduleModal } from './ScheduleModal';

/** The most runs one month shows (a campus drills a few times a quarter). */
const MONTH_LIMIT = 200;

/**
 * The drill calendar (演练日历): the month's runs and the schedules' coming occurrences, day by day, then the schedules
 * themselves (switched on and off here, edited in a dialog). Writers (plans:write) schedule drills and start one now.
 */
export default function DrillCalendarPage() {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const can = useCan();
  const sites = useSites();
  const [month, setMonth] = useState(() => dayjs().format('YYYY-MM'));
  const [editing, setEditing] = useState<Schedule | 'new' | null>(null);
  const [starting, setStarting] = useState(false);
  const range = monthRange(month);
  const runs = useAsync(() => drillsApi.runs({ from: range.from, to: range.to, limit: MONTH_LIMIT }), `runs|${month}`);
  const schedules = useAsync(() => drillsApi.schedules(), 'schedules');
  const days = useMemo(() => entriesByDay(runs.data?.items ?? [], schedules.data?.items ?? []), [runs.data, schedules.data]);
  const reload = useCallback(() => {
    runs.reload();
    schedules.reload();
  }, [runs, schedules]);

  const toggle = async (schedule: Schedule, enabled: boolean) => {
    try {
      await drillsApi.updateSchedule(schedule.id, { version: schedule.version, enabled });
      void message.success(t(enabled ? 'drills.schedule.enabledNow' : 'drills.schedule.disabledNow'));
    } catch (error) {
      void (isStale(error) ? message.warning(describeError(t, error)) : message.error(describeError(t, error)));
    }
    schedules.reload();
  };
  const remove = async (schedule: Schedule) => {
    try {
      await drillsApi.deleteSchedule(schedule.id, schedule.version);
      void message.success(t('drills.schedule.deleted'));
    } catch (error) {
      void message.error(describeError(t, error));
    }
    reload();
  };

  const entry = (e: DayEntry) =>
    e.kind === 'run' ? (
      <Link key={e.run.id} to={runPath(e.run.id)} data-testid={`drill-calendar-run-${e.run.id}`} style={{ display: 'block' }}>
        <Tag color={STATE_COLORS[e.run.state]} style={{ whiteSpace: 'normal' }}>
          {localTime(e.at)} {e.run.title}
        </Tag>
      </Link>
    ) : (
      <Tag key={`${e.schedule.id}@${e.at}`} bordered={false} style={{ whiteSpace: 'normal', display: 'block' }} data-testid="drill-calendar-upcoming">
        {localTime(e.at)} {e.schedule.title} · {t('drills.calendar.upcoming')}
      </Tag>
    );

  return (
    <>
      <PageHeader
        title={
          <Space>
            {t('nav.drills')}
            <Tag color="purple">{t('drills.drillMark')}</Tag>
          </Space>
        }
        extra={
          can('plans:write') ? (
            <>
              <Button icon={<PlayCircleOutlined />} onClick={() => setStarting(true)} data-testid="drill-run-new">
                {t('drills.run.new')}
              </Button>
              <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')} data-testid="drill-schedule-new">
                {t('drills.schedule.new')}
              </Button>
            </>
          ) : null
        }
      />
      <ErrorAlert error={runs.error ?? schedules.error} onRetry={reload} />
      <Card size="small" style={{ marginBottom: 16 }} data-testid="drill-calendar">
        <Calendar
          value={dayjs(`${month}-01`)}
          onPanelChange={(value: Dayjs) => setMonth(value.format('YYYY-MM'))}
          onSelect={(value: Dayjs, info) => {
            if (info.source === 'month' || info.source === 'year') setMonth(value.format('YYYY-MM'));
          }}
          cellRender={(value: Dayjs, info) => {
            if (info.type !== 'date') return info.originNode;
            const list = days.get(value.format('YYYY-MM-DD'));
            return list ? <div data-testid={`drill-day-${value.format('YYYY-MM-DD')}`}>{list.map(entry)}</div> : null;
          }}
        />
      </Card>
      <Typography.Title level={5}>{t('drills.schedule.title')}</Typography.Title>
      <List
        loading={schedules.loading}
        dataSource={schedules.data?.items ?? []}
        locale={{ emptyText: t('drills.schedule.empty') }}
        data-testid="drill-schedules"
        renderItem={(s) => (
          <List.Item
            key={s.id}
            data-testid={`drill-schedule-${s.id}`}
            actions={
              can('plans:write')
                ? [
                    <Switch key="on" checked={s.enabled} onChange={(on) => void toggle(s, on)} aria-label={t('drills.schedule.enabled')} data-testid={`drill-schedule-enabled-${s.id}`} />,
                    <Button key="edit" size="small" onClick={() => setEditing(s)}>
                      {t('common.edit')}
                    </Button>,
                    <Popconfirm key="delete" title={t('drills.schedule.deleteConfirm')} onConfirm={() => void remove(s)}>
                      <Button size="small" danger>
                        {t('common.delete')}
                      </Button>
                    </Popconfirm>,
                  ]
                : []
            }
          >
            <List.Item.Meta
              title={
                <Space wrap>
                  {s.title}
                  {!s.enabled ? <Tag>{t('drills.schedule.off')}</Tag> : null}
                </Space>
              }
              description={
                <Flex vertical gap={2}>
                  <span>
                    {t('drills.field.plan')}: {localText(s.plan.title, i18n.language)}
                  </span>
                  <span>
                    {s.cron ? `${t('drills.field.cron')}: ${s.cron} (${s.timezone})` : `${t('drills.field.onceAt')}: ${formatDateTime(s.onceAt)}`}
                    {s.nextDueAt ? ` · ${t('drills.field.nextDueAt')}: ${formatDateTime(s.nextDueAt)}` : ''}
                  </span>
                  <span>
                    {t('drills.field.sites')}: {s.siteIds.map((id) => sites.byId.get(id)?.name ?? id).join('、')} · {t('drills.field.participants')}:{' '}
                    {s.participants.map((p) => p.name).join('、') || '—'}
                  </span>
                </Flex>
              }
            />
          </List.Item>
        )}
      />
      {editing ? (
        <ScheduleModal
          schedule={editing === 'new' ? null : editing}
          onClose={() => setEditing(null)}
          onSaved={() => {
            setEditing(null);
            reload();
          }}
        />
      ) : null}
      {starting ? <NewRunModal schedules={schedules.data?.items ?? []} onClose={() => setStarting(false)} /> : null}
    </>
  );
}
