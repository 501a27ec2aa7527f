import { LeftOutlined, RightOutlined } from '@ant-design/icons';
import { Alert, Button, Flex, Tag, Typography } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { WorkingCalendar } from './slaApi';
import { countKinds, HOLIDAYS_KNOWN_UNTIL, monthWeeks, WEEKDAYS, yearDays, type DayKind, type YearDay } from './yearView';

/** Each kind's look: background, text colour, and whether it carries a mark (休 / 班). */
const LOOK: Record<DayKind, { background: string; color: string; border: string }> = {
  workday: { background: '#f6ffed', color: '#262626', border: '#d9f7be' },
  restDay: { background: '#fafafa', color: '#bfbfbf', border: '#f0f0f0' },
  holiday: { background: '#fff1f0', color: '#cf1322', border: '#ffccc7' },
  makeUpWorkday: { background: '#e6f4ff', color: '#0958d9', border: '#91caff' },
  customClosed: { background: '#fff7e6', color: '#d46b08', border: '#ffd591' },
  customOpen: { background: '#f9f0ff', color: '#531dab', border: '#d3adf7' },
};
const KINDS = Object.keys(LOOK) as DayKind[];
const MONTHS = Array.from({ length: 12 }, (_, i) => i + 1);

/**
 * A calendar's year at a glance: every day a working day, a rest day, a public holiday, a make-up workday (调休上班)
 * or one of the campus's own dates, with its business hours on hover. Computed in the browser from the calendar and
 * `chinese-days` (yearView.ts), the same rules the SLA clocks run on.
 */
export function CalendarYearView({ calendar, year, onYear }: { calendar: WorkingCalendar; year: number; onYear: (year: number) => void }) {
  const { t } = useTranslation();
  const days = useMemo(() => yearDays(calendar, year), [calendar, year]);
  const counts = useMemo(() => countKinds(days), [days]);
  return (
    <div data-testid="calendar-year" data-year={year}>
      <Flex justify="space-between" align="center" wrap gap={8} style={{ marginBottom: 12 }}>
        <Flex align="center" gap={4}>
          <Button icon={<LeftOutlined />} onClick={() => onYear(year - 1)} aria-label={t('slaCalendar.year.previous')} data-testid="year-previous" />
          <Typography.Text strong style={{ minWidth: 72, textAlign: 'center' }} data-testid="year-heading">
            {t('slaCalendar.year.heading', { year })}
          </Typography.Text>
          <Button icon={<RightOutlined />} onClick={() => onYear(year + 1)} aria-label={t('slaCalendar.year.next')} data-testid="year-next" />
        </Flex>
        <Flex gap={4} wrap data-testid="year-legend">
          {KINDS.map((kind) => (
            <Tag key={kind} style={{ background: LOOK[kind].background, color: LOOK[kind].color, borderColor: LOOK[kind].border, marginInlineEnd: 0 }} data-testid={`year-count-${kind}`}>
              {t(`slaCalendar.kind.${kind}`)} {counts[kind]}
            </Tag>
          ))}
        </Flex>
      </Flex>
      {calendar.chinaHolidays && year > HOLIDAYS_KNOWN_UNTIL ? <Alert type="warning" showIcon style={{ marginBottom: 12 }} title={t('slaCalendar.year.unknown', { year, known: HOLIDAYS_KNOWN_UNTIL })} data-testid="year-unknown" /> : null}
      {!calendar.chinaHolidays ? <Alert type="info" showIcon style={{ marginBottom: 12 }} title={t('slaCalendar.year.noChinaHolidays')} /> : null}
      <div style={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(230px, 1fr))', gap: 16 }}>
        {MONTHS.map((month) => (
          <Month key={month} year={year} month={month} weeks={monthWeeks(days, month)} />
        ))}
      </div>
      <Typography.Paragraph type="secondary" style={{ marginTop: 8, fontSize: 12 }}>
        {t('slaCalendar.year.zone', { zone: calendar.zone })}
      </Typography.Paragraph>
    </div>
  );
}

function Month({ year, month, weeks }: { year: number; month: number; weeks: (YearDay | null)[][] }) {
  const { t } = useTranslation();
  return (
    <div data-testid={`year-month-${month}`}>
      <Typography.Text strong style={{ display: 'block', marginBottom: 4 }}>
        {t('roster.calendar.month', { year, month })}
      </Typography.Text>
      <div style={{ display: 'grid', gridTemplateColumns: 'repeat(7, 1fr)', gap: 2 }}>
        {WEEKDAYS.map((d) => (
          <Typography.Text key={d} type="secondary" style={{ fontSize: 11, textAlign: 'center' }}>
            {t(`slaCalendar.weekdayShort.${d}`)}
          </Typography.Text>
        ))}
        {weeks.flat().map((day, i) => (day ? <DayCell key={day.date} day={day} /> : <span key={`blank-${i}`} />))}
      </div>
    </div>
  );
}

function DayCell({ day }: { day: YearDay }) {
  const { t, i18n } = useTranslation();
  const look = LOOK[day.kind];
  const holidayName = day.holiday ? (i18n.language === 'en' ? day.holiday.en : day.holiday.zh) : null;
  const hours = day.ranges.length > 0 ? day.ranges.map((r) => `${r[0]}–${r[1]}`).join(t('common.listSeparator')) : t('slaCalendar.closed');
  const title = [day.date, t(`slaCalendar.kind.${day.kind}`), holidayName, hours].filter(Boolean).join(' · ');
  const mark = day.kind === 'holiday' || day.kind === 'makeUpWorkday' || day.kind === 'customClosed' || day.kind === 'customOpen' ? t(`slaCalendar.mark.${day.kind}`) : null;
  return (
    <div
      title={title}
      data-testid={`year-day-${day.date}`}
      data-kind={day.kind}
      style={{ position: 'relative', textAlign: 'center', fontSize: 12, lineHeight: '22px', borderRadius: 3, background: look.background, color: look.color, border: `1px solid ${look.border}` }}
    >
      {Number(day.date.slice(8))}
      {mark ? <span style={{ position: 'absolute', top: -3, right: 1, fontSize: 9, lineHeight: '12px', fontWeight: 600 }}>{mark}</span> : null}
    </div>
  );
}
