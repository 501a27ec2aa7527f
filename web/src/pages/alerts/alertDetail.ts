/**
 * What fired an alert, in the reader's language. The server sends a code with its values (alert.schemas.ts
 * AlertDetail); each code has its sentence under `alertDetail.<code>`. A value the server left out is shown as a dash
 * rather than as a raw {{placeholder}}, and a code newer than this console still says something.
 */
import type { TFunction } from 'i18next';
import type { AlertDetail } from '../../api/alerts';
import { formatDateTime } from '../../app/format';
import { metricLabel } from '../../app/metrics';

/** Every code's placeholders: the translations use these and no others (alertDetail.test.ts checks it). */
export const DETAIL_PLACEHOLDERS: Record<string, readonly string[]> = {
  threshold: ['metric', 'aggregate', 'value', 'operator', 'threshold', 'windowMinutes'],
  ratio: ['value', 'operator', 'threshold', 'windowMinutes', 'numerator', 'denominator'],
  absence: ['minutes', 'threshold', 'lastSeenAt'],
  event: ['eventType', 'message'],
  change: ['metric', 'from', 'to', 'value', 'operator', 'threshold', 'windowMinutes'],
  baseline: ['metric', 'value', 'normal', 'deviations', 'offPct'],
  composite: ['rules', 'withinMinutes'],
  switchDown: ['device', 'deviceName', 'offline', 'total'],
  siteDown: ['site', 'offline', 'total'],
  external: ['summary'],
};

export const MISSING_VALUE = '—';

const round = (n: number) => String(Math.round(n * 1000) / 1000);

/** One value as text: numbers rounded, metrics and aggregates named in the reader's language. */
function shown(t: TFunction, name: string, value: string | number | null | undefined): string {
  if (value === null || value === undefined || value === '') return MISSING_VALUE;
  // Instants (epoch ms or ISO text) are shown as the console shows every time.
  if (name.endsWith('At')) {
    const ms = typeof value === 'number' ? value : Date.parse(value);
    return Number.isFinite(ms) ? formatDateTime(new Date(ms).toISOString()) : String(value);
  }
  if (typeof value === 'number') return Number.isFinite(value) ? round(value) : MISSING_VALUE;
  if (name === 'metric') return metricLabel(t, value);
  if (name === 'aggregate') return t(`alertRule.aggregate.${value}`, { defaultValue: value });
  if (name === 'severity') return t(`alertRule.severity.${value}`, { defaultValue: value });
  return value;
}

/** The values a code's sentence is given: every placeholder it uses, present or not, and anything else the server sent. */
export function detailParams(t: TFunction, detail: AlertDetail): Record<string, string> {
  const params: Record<string, string> = {};
  for (const [name, value] of Object.entries(detail.values ?? {})) params[name] = shown(t, name, value);
  for (const name of DETAIL_PLACEHOLDERS[detail.code] ?? []) params[name] ??= MISSING_VALUE;
  return params;
}

export function describeAlertDetail(t: TFunction, detail: AlertDetail | null | undefined): string {
  if (!detail) return '';
  const params = detailParams(t, detail);
  if (!(detail.code in DETAIL_PLACEHOLDERS)) {
    return t('alertDetail.unknown', { code: detail.code, defaultValue: detail.code });
  }
  // Values are plain text here, never markup: React escapes them, so i18next must not escape them twice.
  return t(`alertDetail.${detail.code}`, { ...params, interpolation: { escapeValue: false }, defaultValue: detail.code });
}
