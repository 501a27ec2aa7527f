/**
 * The roster calendar's days: which local dates a month or week view shows, the instants that bound them in the
 * roster's zone (what GET /rosters/{id}/shifts is asked for), and each day's duty cut from the shifts — who is on from
 * when to when that day, the duty on now, holiday duty days and their leader (领导带班).
 */
import dayjs from 'dayjs';
import timezone from 'dayjs/plugin/timezone';
import utc from 'dayjs/plugin/utc';
import type { Shift } from '../../api/oncall';

dayjs.extend(utc);
dayjs.extend(timezone);

export type CalendarView = 'month' | 'week';

const DATE = 'YYYY-MM-DD';
/** Monday is the first day of the week in China. */
const mondayOf = (date: dayjs.Dayjs) => date.subtract((date.day() + 6) % 7, 'day');

/** The local dates a view shows around `anchor` ('YYYY-MM-DD'): a month as whole weeks, Monday first, or one week. */
export function viewDates(view: CalendarView, anchor: string): string[] {
  const day = dayjs.utc(anchor);
  const first = view === 'month' ? mondayOf(day.startOf('month')) : mondayOf(day);
  const last = view === 'month' ? mondayOf(day.endOf('month').startOf('day')).add(6, 'day') : first.add(6, 'day');
  const dates: string[] = [];
  for (let d = first; !d.isAfter(last); d = d.add(1, 'day')) dates.push(d.format(DATE));
  return dates;
}

/** The anchor moved by one view (a month or a week) back or forth. */
export function shiftAnchor(view: CalendarView, anchor: string, step: -1 | 1): string {
  return dayjs.utc(anchor).add(step, view === 'month' ? 'month' : 'week').format(DATE);
}

/** Local midnight of a date in a zone, as epoch ms. */
export const localMidnight = (date: string, zone: string): number => dayjs.tz(date, zone).valueOf();

/** Today's local date in a zone. */
export const localDate = (at: number, zone: string): string => dayjs(at).tz(zone).format(DATE);

/** The instants bounding some consecutive local dates: from the first's midnight to the midnight after the last. */
export function rangeOf(dates: readonly string[], zone: string): { from: string; to: string } {
  const first = dates[0] ?? localDate(Date.now(), zone);
  const after = dayjs.utc(dates.at(-1) ?? first).add(1, 'day').format(DATE);
  return { from: new Date(localMidnight(first, zone)).toISOString(), to: new Date(localMidnight(after, zone)).toISOString() };
}

export interface DaySegment {
  start: number;
  end: number;
  /** 'HH:mm' local, cut to the day: '00:00' when it began before, '24:00' when it goes on after */
  from: string;
  to: string;
  allDay: boolean;
  userIds: string[];
  leaderUserId: string | null;
  source: Shift['source'];
  /** the duty on at `now`, in the cell of the day `now` falls on */
  current: boolean;
}

export interface CalendarDay {
  date: string;
  today: boolean;
  /** in the month shown (a month view's leading and trailing days are not) */
  inMonth: boolean;
  /** a holiday duty day: the public holiday's name, or null for a day of the campus's own */
  holiday: { name: string | null } | null;
  leaderUserId: string | null;
  segments: DaySegment[];
}

/** Each date with the shifts cut to it, in the roster's zone. */
export function calendarDays(dates: readonly string[], shifts: readonly Shift[], zone: string, now: number, month?: string): CalendarDay[] {
  const today = localDate(now, zone);
  const parsed = shifts.map((s) => ({ ...s, startMs: Date.parse(s.start), endMs: Date.parse(s.end) })).sort((a, b) => a.startMs - b.startMs);
  return dates.map((date) => {
    const dayStart = localMidnight(date, zone);
    const dayEnd = localMidnight(dayjs.utc(date).add(1, 'day').format(DATE), zone);
    const time = (at: number) => dayjs(at).tz(zone).format('HH:mm');
    const segments: DaySegment[] = parsed
      .filter((s) => s.startMs < dayEnd && s.endMs > dayStart)
      .map((s) => ({
        start: s.startMs,
        end: s.endMs,
        from: s.startMs <= dayStart ? '00:00' : time(s.startMs),
        to: s.endMs >= dayEnd ? '24:00' : time(s.endMs),
        allDay: s.startMs <= dayStart && s.endMs >= dayEnd,
        userIds: s.userIds,
        leaderUserId: s.leaderUserId,
        source: s.source,
        // The part of the shift this day shows: a long stretch (one person all week) is current in today's cell only.
        current: Math.max(s.startMs, dayStart) <= now && now < Math.min(s.endMs, dayEnd),
      }));
    const holidayShift = parsed.find((s) => s.holiday?.date === date && s.startMs < dayEnd && s.endMs > dayStart);
    return {
      date,
      today: date === today,
      inMonth: month === undefined || date.startsWith(month),
      holiday: holidayShift?.holiday ? { name: holidayShift.holiday.name } : null,
      leaderUserId: holidayShift?.leaderUserId ?? null,
      segments,
    };
  });
}
