/** Calendars and targets in a few words, for lists and the preview. */
import type { TFunction } from 'i18next';
import { ApiError } from '../../api/client';
import { describeError } from '../../app/errors';
import type { WorkingCalendar } from './slaApi';
import { WEEKDAYS, type TimeRange } from './yearView';

const rangesText = (ranges: readonly TimeRange[], t: TFunction) => ranges.map((r) => `${r[0]}–${r[1]}`).join(t('common.listSeparator'));

/**
 * The weekly hours as runs of consecutive days with the same ranges: "周一至周五 09:00–18:00；周六 09:00–12:00".
 * Days without hours are left out; a week with none says so.
 */
export function weeklySummary(t: TFunction, weekly: WorkingCalendar['weekly']): string {
  const runs: { from: number; to: number; key: string; ranges: TimeRange[] }[] = [];
  WEEKDAYS.forEach((day, i) => {
    const ranges = weekly[day] ?? [];
    const key = JSON.stringify(ranges);
    const last = runs.at(-1);
    if (last && last.key === key && last.to === i - 1) last.to = i;
    else runs.push({ from: i, to: i, key, ranges });
  });
  const parts = runs
    .filter((r) => r.ranges.length > 0)
    .map((r) => {
      const days = r.from === r.to ? t(`roster.weekday.${WEEKDAYS[r.from]}`) : t('slaCalendar.dayRun', { from: t(`roster.weekday.${WEEKDAYS[r.from]}`), to: t(`roster.weekday.${WEEKDAYS[r.to]}`) });
      return `${days} ${rangesText(r.ranges, t)}`;
    });
  return parts.length > 0 ? parts.join(t('slaCalendar.partSeparator')) : t('slaCalendar.noHours');
}

/** A policy target: "30 分钟", "8 小时", "1 小时 30 分钟", "3 个工作日". */
export function targetText(t: TFunction, target: { minutes: number } | { businessDays: number }): string {
  if ('businessDays' in target) return t('slaPolicy.unit.businessDaysCount', { count: target.businessDays });
  const hours = Math.floor(target.minutes / 60);
  const minutes = target.minutes % 60;
  if (hours === 0) return t('slaPolicy.unit.minutesCount', { count: minutes });
  if (minutes === 0) return t('slaPolicy.unit.hoursCount', { count: hours });
  return t('slaPolicy.unit.hoursMinutes', { hours, minutes });
}

/** A refusal in the reader's words; a calendar in use names the policies that use it (details.policies). */
export function slaErrorText(t: TFunction, error: unknown): string {
  if (error instanceof ApiError && error.code === 'SLA_CALENDAR_IN_USE' && typeof error.details === 'object' && error.details !== null) {
    const policies = (error.details as { policies?: unknown }).policies;
    if (Array.isArray(policies)) {
      const names = policies.map((p) => (typeof p === 'object' && p !== null && 'name' in p ? String((p as { name: unknown }).name) : '')).filter(Boolean);
      return t('slaCalendar.inUse', { policies: names.join(t('common.listSeparator')) });
    }
  }
  if (error instanceof ApiError && error.code === 'SCOPE_TOO_NARROW') return t('slaCalendar.scopeTooNarrow');
  return describeError(t, error);
}
