import { Type, type Static } from '@sinclair/typebox';

/**
 * Why a device's health changed, as a code with its values — like a field problem — so that every reader words it in
 * its own language (the console: `healthReason.<code>` in web/src/i18n) and nobody parses sentences back.
 *
 * - onBattery: a heartbeat said the UPS runs on battery
 * - status: a heartbeat reported a status other than ok (`values.status`, lower-cased as sent)
 * - degraded: degraded without a reason given
 * - recovered: a heartbeat said ok again after degraded
 * - firstReport: the first report since the device was registered or adopted
 * - reportingAgain: traffic again after silence
 * - silent: no traffic for `values.minutes` minutes (the silence sweep)
 * - operator: an operator's change (maintenance on or off) with their note in `values.note`, shown as written
 */
export const HEALTH_REASON_CODES = ['onBattery', 'status', 'degraded', 'recovered', 'firstReport', 'reportingAgain', 'silent', 'operator'] as const;
export type HealthReasonCode = (typeof HEALTH_REASON_CODES)[number];

export const HealthReason = Type.Object(
  {
    code: Type.Union(HEALTH_REASON_CODES.map((code) => Type.Literal(code))),
    values: Type.Record(Type.String(), Type.Union([Type.String(), Type.Number()]), {
      description: 'what the code needs to be worded: status (status), minutes (silent), note (operator)',
    }),
  },
  { $id: 'HealthReason', description: 'Why the health changed: a code with its values' },
);
export type HealthReason = Static<typeof HealthReason>;

/** Every reason telemetry and operators give, built in one place. */
export const HEALTH_REASONS = {
  onBattery: (): HealthReason => ({ code: 'onBattery', values: {} }),
  status: (status: string): HealthReason => ({ code: 'status', values: { status } }),
  degraded: (): HealthReason => ({ code: 'degraded', values: {} }),
  recovered: (): HealthReason => ({ code: 'recovered', values: {} }),
  firstReport: (): HealthReason => ({ code: 'firstReport', values: {} }),
  reportingAgain: (): HealthReason => ({ code: 'reportingAgain', values: {} }),
  silent: (minutes: number): HealthReason => ({ code: 'silent', values: { minutes } }),
  operator: (note: string): HealthReason => ({ code: 'operator', values: { note } }),
} as const satisfies Record<HealthReasonCode, (...args: never[]) => HealthReason>;

/** As stored in `devices.health_reason` and `device_health_history.reason` (text columns): JSON. */
export function encodeHealthReason(reason: HealthReason | null): string | null {
  return reason === null ? null : JSON.stringify(reason);
}

/**
 * Back from the column. Every stored reason is JSON since migration 003 converted the English sentences before it;
 * anything else (a row written by hand) is shown as an operator's note rather than lost.
 */
export function decodeHealthReason(stored: string | null): HealthReason | null {
  if (stored === null) return null;
  try {
    const parsed = JSON.parse(stored) as HealthReason;
    if (parsed && typeof parsed.code === 'string' && (HEALTH_REASON_CODES as readonly string[]).includes(parsed.code) && typeof parsed.values === 'object' && parsed.values !== null) return parsed;
  } catch {
    // not JSON: fall through
  }
  return HEALTH_REASONS.operator(stored);
}
