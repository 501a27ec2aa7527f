/** An SLA target in words: what is left (or how late it is) in business minutes, and its standing. */
import type { TFunction } from 'i18next';
import type { SlaTarget } from './incidentsApi';
import { splitMinutes } from './incidentValues';

/** "1 小时 5 分" / "25 分钟" (business minutes, sign dropped). */
export function formatBusinessMinutes(t: TFunction, minutes: number): string {
  const { hours, minutes: rest } = splitMinutes(minutes);
  return hours > 0 ? t('incident.duration.hours', { hours, minutes: rest }) : t('incident.duration.minutes', { minutes: rest });
}

/**
 * The countdown of one target: running or paused, what is left ("剩余 1 小时 5 分") or how late it is ("超时 25 分钟");
 * stopped, its result with the business time it took.
 */
export function slaCountdown(t: TFunction, target: SlaTarget): string {
  if (target.status === 'stopped') {
    return t('incident.sla.stopped', { standing: t(`incident.standing.${target.standing}`), time: formatBusinessMinutes(t, target.elapsedMinutes) });
  }
  const time = formatBusinessMinutes(t, target.remainingMinutes);
  const left = target.remainingMinutes < 0 ? t('incident.sla.overdue', { time }) : t('incident.sla.remaining', { time });
  return target.status === 'paused' ? t('incident.sla.pausedLeft', { left }) : left;
}
