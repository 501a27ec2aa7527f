/** An alert's timeline entries in the reader's language: what happened, and the details that came with it. */
import type { TFunction } from 'i18next';
import type { AlertTimelineEntry } from '../../api/alerts';
import { isLevel, suppressionOf } from './alertValues';

export const TIMELINE_KINDS = [
  'pending',
  'firing',
  'acknowledged',
  'resolved',
  'reopened',
  'level',
  'flapping',
  'steady',
  'suppressed',
  'unsuppressed',
  'attached',
] as const;

/** Dot colours: firing red, acknowledged blue, resolved green, the rest grey. */
export const TIMELINE_COLOR: Record<string, string> = {
  pending: 'gray',
  firing: 'red',
  reopened: 'red',
  acknowledged: 'blue',
  resolved: 'green',
  level: 'orange',
  flapping: 'magenta',
};

const text = (value: unknown): string | null => (typeof value === 'string' && value.trim() !== '' ? value : null);

/** The entry's title ("张伟 确认了告警"), or what happened when opsdesk did it. */
export function timelineTitle(t: TFunction, entry: AlertTimelineEntry): string {
  const what = t(`alert.timeline.${entry.kind}`, { defaultValue: entry.kind });
  if (!entry.actorId) return t('alert.timeline.bySystem', { what });
  return t('alert.timeline.byPerson', { who: entry.actorName ?? entry.actorId, what });
}

/** The entry's details, one line each: a level's change and reason, a comment, what suppressed it, the value. */
export function timelineDetails(t: TFunction, entry: AlertTimelineEntry): string[] {
  const d = entry.detail ?? {};
  const lines: string[] = [];
  if (entry.kind === 'level' && isLevel(d.from) && isLevel(d.to)) {
    lines.push(t('alert.timeline.levelChange', { from: t(`alert.level.${d.from}`), to: t(`alert.level.${d.to}`) }));
  }
  const reason = text(d.reason);
  if (reason) lines.push(t('alert.timeline.reason', { reason }));
  const comment = text(d.comment);
  if (comment) lines.push(t('alert.timeline.comment', { comment }));
  const by = text(d.by) ?? text(d.suppressedBy);
  if (by) {
    const suppression = suppressionOf(by);
    if (suppression) lines.push(t(`alert.suppressed.${suppression.kind}`));
  }
  if (typeof d.value === 'number' && Number.isFinite(d.value)) {
    lines.push(t('alert.timeline.value', { value: Math.round(d.value * 1000) / 1000 }));
  }
  return lines;
}
