/**
 * A health change's reason in the reader's language. The server sends a code with its values
 * (server/modules/estate/health-reason.ts); each code has its translation under `healthReason.<code>`, except an
 * operator's note, which is shown as it was written.
 * No relative imports: the server's contract test (health-reasons.test.ts) imports this file too.
 */
import type { TFunction } from 'i18next';

export interface HealthReasonValue {
  code: string;
  values: Record<string, string | number>;
}

/** The translation key and values for a reason, or null for an operator's note (shown as written). */
export function healthReasonKey(reason: HealthReasonValue): { key: string; params: Record<string, string | number> } | null {
  if (reason.code === 'operator') return null;
  return { key: `healthReason.${reason.code}`, params: reason.values };
}

export function describeHealthReason(t: TFunction, reason: HealthReasonValue | null | undefined): string | null {
  if (!reason) return null;
  const known = healthReasonKey(reason);
  if (!known) return String(reason.values.note ?? '');
  // A code newer than this console still says something rather than nothing.
  return t(known.key, { ...known.params, defaultValue: reason.code });
}
