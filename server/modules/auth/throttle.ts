import type { LoginThrottleTable } from './auth.tables.ts';

/**
 * Failed-login throttling (SPEC C8.5): per account+IP and per IP, with a back-off that doubles with every failure
 * past the threshold and is capped, so an attacker is slowed to a crawl but a real user is never locked out for good.
 */
export const THROTTLE_POLICY = {
  account: { threshold: 5 },
  ip: { threshold: 20 },
  /** failures older than this are forgotten */
  windowMs: 15 * 60_000,
  baseDelayMs: 30_000,
  maxDelayMs: 15 * 60_000,
} as const;

export const accountKey = (username: string, ip: string): string => `acct:${username.toLowerCase().slice(0, 100)}|${ip}`;
export const ipKey = (ip: string): string => `ip:${ip}`;

/** The longest wait any of the rows still imposes, in ms (0: go ahead). */
export function remainingBlockMs(rows: readonly LoginThrottleTable[], now: number): number {
  return Math.max(0, ...rows.map((r) => r.blocked_until - now));
}

/** The row after one more failure. */
export function afterFailure(previous: LoginThrottleTable | undefined, key: string, threshold: number, now: number): LoginThrottleTable {
  const fresh = !previous || now - previous.last_failure_at > THROTTLE_POLICY.windowMs;
  const failures = fresh ? 1 : previous.failures + 1;
  const over = failures - threshold;
  const delay = over < 0 ? 0 : Math.min(THROTTLE_POLICY.baseDelayMs * 2 ** Math.min(over, 20), THROTTLE_POLICY.maxDelayMs);
  return { key, failures, last_failure_at: now, blocked_until: delay === 0 ? 0 : now + delay };
}
