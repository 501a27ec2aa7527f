import { CrownOutlined, LeftOutlined, RightOutlined } from '@ant-design/icons';
import { Button, Flex, Segmented, Spin, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { rostersApi, type Roster } from '../../api/oncall';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useAsync } from '../../hooks/useAsync';
import { useNow } from '../../hooks/useNow';
import { calendarDays, localDate, rangeOf, shiftAnchor, viewDates, type CalendarDay, type CalendarView, type DaySegment } from './calendar';

const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
const TODAY_BORDER = '#1677ff';
const CURRENT_BACKGROUND = '#e6f4ff';
const HOLIDAY_BACKGROUND = '#fff7e6';

/**
 * The roster's schedule as a month or a week of days in the roster's zone, each with who is on from when to when; the
 * duty on now is highlighted in today's cell, holiday duty days carry their name and the leader on duty (领导带班).
 * `revision` reloads it (after an override was added or removed).
 */
export function RosterCalendar({ roster, revision }: { roster: Roster; revision: number }) {
  const { t } = useTranslation();
  const now = useNow();
  const [view, setView] = useState<CalendarView>('month');
  const [anchor, setAnchor] = useState(() => localDate(Date.now(), roster.zone));
  const dates = useMemo(() => viewDates(view, anchor), [view, anchor]);
  const range = useMemo(() => rangeOf(dates, roster.zone), [dates, roster.zone]);
  const shifts = useAsync(() => rostersApi.shifts(roster.id, range.from, range.to), `${roster.id}:${range.from}:${range.to}:${roster.version}:${revision}`);
  const month = view === 'month' ? anchor.slice(0, 7) : undefined;
  const days = useMemo(() => calendarDays(dates, shifts.data?.items ?? [], roster.zone, now, month), [dates, shifts.data, roster.zone, now, month]);
  const heading = view === 'month' ? t('roster.calendar.month', { year: anchor.slice(0, 4), month: Number(anchor.slice(5, 7)) }) : `${dates[0]} – ${dates.at(-1)}`;

  return (
    <div data-testid="roster-calendar" data-view={view}>
      <Flex justify="space-between" align="center" wrap gap={8} style={{ marginBottom: 12 }}>
        <Flex align="center" gap={4}>
          <Button icon={<LeftOutlined />} onClick={() => setAnchor(shiftAnchor(view, anchor, -1))} aria-label={t('roster.calendar.previous')} data-testid="calendar-previous" />
          <Button onClick={() => setAnchor(localDate(Date.now(), roster.zone))} data-testid="calendar-today">
            {t('roster.calendar.today')}
          </Button>
          <Button icon={<RightOutlined />} onClick={() => setAnchor(shiftAnchor(view, anchor, 1))} aria-label={t('roster.calendar.next')} data-testid="calendar-next" />
          <Typography.Text strong style={{ marginInlineStart: 8 }} data-testid="calendar-heading">
            {heading}
          </Typography.Text>
          {shifts.loading ? <Spin size="small" /> : null}
        </Flex>
        <Segmented<CalendarView>
          value={view}
          onChange={setView}
          options={[
            { value: 'month', label: t('roster.calendar.monthView') },
            { value: 'week', label: t('roster.calendar.weekView') },
          ]}
          data-testid="calendar-view"
        />
      </Flex>
      <ErrorAlert error={shifts.error} onRetry={shifts.reload} />
      <div style={{ overflowX: 'auto' }}>
        <div style={{ display: 'grid', gridTemplateColumns: 'repeat(7, minmax(96px, 1fr))', gap: 4, minWidth: 700 }}>
          {WEEKDAYS.map((d) => (
            <Typography.Text key={d} type="secondary" style={{ textAlign: 'center', fontSize: 12 }}>
              {t(`roster.weekday.${d}`)}
            </Typography.Text>
          ))}
          {days.map((day) => (
            <DayCell key={day.date} day={day} people={roster.people} tall={view === 'week'} />
          ))}
        </div>
      </div>
      <Typography.Paragraph type="secondary" style={{ marginTop: 8, fontSize: 12 }}>
        {t('roster.calendar.zone', { zone: roster.zone })}
      </Typography.Paragraph>
    </div>
  );
}

function DayCell({ day, people, tall }: { day: CalendarDay; people: Record<string, string>; tall: boolean }) {
  const { t } = useTranslation();
  const name = (id: string) => people[id] ?? id;
  return (
    <div
      data-testid={`calendar-day-${day.date}`}
      data-today={day.today ? 'true' : undefined}
      data-holiday={day.holiday ? 'true' : undefined}
      style={{
        border: day.today ? `2px solid ${TODAY_BORDER}` : '1px solid #f0f0f0',
        borderRadius: 6,
        padding: 6,
        minHeight: tall ? 220 : 96,
        background: day.holiday ? HOLIDAY_BACKGROUND : '#fff',
        opacity: day.inMonth ? 1 : 0.55,
      }}
    >
      <Flex justify="space-between" align="baseline" gap={4} wrap>
        <Typography.Text strong={day.today} style={{ fontSize: 13 }}>
          {tall ? day.date.slice(5) : Number(day.date.slice(8))}
        </Typography.Text>
        {day.holiday ? (
          <Typography.Text style={{ fontSize: 11, color: '#d46b08' }} data-testid={`calendar-holiday-${day.date}`}>
            {day.holiday.name ?? t('roster.campusHoliday')}
          </Typography.Text>
        ) : null}
      </Flex>
      {day.leaderUserId ? (
        <div style={{ fontSize: 11, color: '#d48806' }} data-testid={`calendar-leader-${day.date}`}>
          <CrownOutlined /> {t('roster.leaderOnDuty', { name: name(day.leaderUserId) })}
        </div>
      ) : null}
      <Flex vertical gap={2} style={{ marginTop: 4 }}>
        {day.segments.map((segment) => (
          <Segment key={segment.start} segment={segment} names={segment.userIds.map(name)} />
        ))}
      </Flex>
    </div>
  );
}

function Segment({ segment, names }: { segment: DaySegment; names: string[] }) {
  const { t } = useTranslation();
  const who = names.length > 0 ? names.join(t('common.listSeparator')) : t('roster.nobody');
  return (
    <div
      data-testid={segment.current ? 'duty-current' : undefined}
      data-source={segment.source}
      title={`${segment.from}–${segment.to} ${who}`}
      style={{
        fontSize: 12,
        lineHeight: '18px',
        padding: '0 4px',
        borderRadius: 4,
        borderInlineStart: segment.current ? `3px solid ${TODAY_BORDER}` : '3px solid transparent',
        background: segment.current ? CURRENT_BACKGROUND : undefined,
        color: names.length === 0 ? '#cf1322' : undefined,
        fontWeight: segment.current ? 600 : undefined,
        overflow: 'hidden',
        textOverflow: 'ellipsis',
      }}
    >
      <span style={{ color: '#8c8c8c' }}>{segment.allDay ? t('roster.allDay') : `${segment.from}–${segment.to}`}</span> {who}
      {segment.source === 'override' ? <span style={{ color: '#722ed1' }}> · {t('roster.overridden')}</span> : null}
    </div>
  );
}
