/** Display helpers. Instants are shown in the estate's zone (Asia/Shanghai) as YYYY-MM-DD HH:mm:ss. */
export const DISPLAY_TIME_ZONE = 'Asia/Shanghai';

const formatter = new Intl.DateTimeFormat('en-GB', {
  timeZone: DISPLAY_TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return '';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const parts: Record<string, string> = {};
  for (const part of formatter.formatToParts(date)) parts[part.type] = part.value;
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}:${parts.second}`;
}

export function prettyJson(value: unknown): string {
  if (value === undefined) return '';
  return JSON.stringify(value, null, 2);
}

const RELATIVE_STEPS: { unit: Intl.RelativeTimeFormatUnit; seconds: number }[] = [
  { unit: 'year', seconds: 365 * 86_400 },
  { unit: 'month', seconds: 30 * 86_400 },
  { unit: 'week', seconds: 7 * 86_400 },
  { unit: 'day', seconds: 86_400 },
  { unit: 'hour', seconds: 3_600 },
  { unit: 'minute', seconds: 60 },
];

/** "3 minutes ago" / "3分钟前": how long ago (or until) an instant is, in the user's language. */
export function formatRelative(iso: string | null | undefined, now: number, locale: string): string {
  if (!iso) return '';
  const at = new Date(iso).getTime();
  if (Number.isNaN(at)) return iso;
  const seconds = Math.round((at - now) / 1000);
  const rtf = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' });
  for (const step of RELATIVE_STEPS) {
    if (Math.abs(seconds) >= step.seconds) return rtf.format(Math.trunc(seconds / step.seconds), step.unit);
  }
  // Under 45 s is "now": the clock behind this refreshes every 30 s, so finer steps would only be wrong.
  return Math.abs(seconds) < 45 ? rtf.format(0, 'second') : rtf.format(seconds, 'second');
}

/** JSON on one line, Chinese and other text kept as it is (not \u-escaped). */
export function compactJson(value: unknown): string {
  if (value === undefined) return '';
  return JSON.stringify(value);
}

const shortFormatter = new Intl.DateTimeFormat('en-GB', {
  timeZone: DISPLAY_TIME_ZONE,
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

/** "HH:mm", or "MM-DD HH:mm" with `withDate`, in Asia/Shanghai (chart axes). */
export function formatShortTime(ms: number, withDate: boolean): string {
  const parts: Record<string, string> = {};
  for (const part of shortFormatter.formatToParts(new Date(ms))) parts[part.type] = part.value;
  const time = `${parts.hour}:${parts.minute}`;
  return withDate ? `${parts.month}-${parts.day} ${time}` : time;
}
