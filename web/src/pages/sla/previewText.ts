/** The preview's answer in words a dispatcher can read out to a caller. */
import type { TFunction } from 'i18next';
import { formatDateTime } from '../../app/format';
import type { SlaPreview } from './slaApi';

/** Due instants later than the holidays the package knows count those years as ordinary years. */
const beyondKnown = (iso: string, knownUntil: number) => Number(formatDateTime(iso).slice(0, 4)) > knownUntil;

/**
 * One level of a preview as a sentence: "2026-10-09 16:30 报修 → 2026-10-09 17:00 前响应，… 前到场，… 前解决", in the
 * console's zone, minutes only (a caller is not told seconds). Null when the preview has no such level.
 */
export function previewSentence(t: TFunction, preview: SlaPreview, level: string): string | null {
  const row = preview.levels.find((l) => l.level === level);
  if (!row) return null;
  const at = (iso: string) => formatDateTime(iso).slice(0, 16);
  const parts = row.targets.map((target) => t(`slaPolicy.preview.by.${target.clock}`, { at: at(target.dueAt) }));
  return t('slaPolicy.preview.sentence', { openedAt: at(preview.openedAt), targets: parts.join(t('slaPolicy.preview.separator')) });
}

/** Whether any due instant of the level lies in a year whose public holidays are not known yet. */
export function previewBeyondHolidays(preview: SlaPreview, level: string): boolean {
  const row = preview.levels.find((l) => l.level === level);
  return row?.targets.some((target) => beyondKnown(target.dueAt, preview.holidaysKnownUntil)) ?? false;
}
