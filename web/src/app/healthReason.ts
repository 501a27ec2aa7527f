/**
 * A health change's reason in the reader's language. Telemetry's reasons come from the server in fixed English
 * phrases (server/modules/ingest/health.ts, HEALTH_REASONS), which are matched here and translated
 * (`healthReason.*`); anything else — an operator's maintenance note — is shown as it was written.
 * No relative imports: the server's contract test (health-reasons.test.ts) imports this file too.
 */
import type { TFunction } from 'i18next';

const PHRASES: readonly { pattern: RegExp; key: string; params?: (m: RegExpExecArray) => Record<string, string | number> }[] = [
  { pattern: /^on battery power$/, key: 'onBattery' },
  { pattern: /^reports status (.+)$/, key: 'status', params: (m) => ({ status: m[1]! }) },
  { pattern: /^degraded$/, key: 'degraded' },
  { pattern: /^recovered$/, key: 'recovered' },
  { pattern: /^first report$/, key: 'firstReport' },
  { pattern: /^reporting again$/, key: 'reportingAgain' },
  { pattern: /^silent for (\d+) min$/, key: 'silent', params: (m) => ({ minutes: Number(m[1]) }) },
];

/** The translation key and values for one of telemetry's reasons, or null for free text. */
export function healthReasonKey(reason: string): { key: string; params: Record<string, string | number> } | null {
  for (const phrase of PHRASES) {
    const m = phrase.pattern.exec(reason);
    if (m) return { key: `healthReason.${phrase.key}`, params: phrase.params?.(m) ?? {} };
  }
  return null;
}

export function describeHealthReason(t: TFunction, reason: string | null | undefined): string | null {
  if (!reason) return null;
  const known = healthReasonKey(reason);
  return known ? t(known.key, { ...known.params, defaultValue: reason }) : reason;
}
