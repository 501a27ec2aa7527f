import type { LoginThrottleTable } from './auth.tables.ts';

/**
 * Failed-login throttling (SPEC C8.5): per account+IP and per IP, with a back-off that doubles with every failure
 * past the threshold and is capped, so an attacker is slowed to a crawl but a real user is never locked out for good.
 *
 * An attempt is counted as a failure *before* its password is checked, in one transaction that increments each key
 * and reads the new count back (auth.repository.ts countAttempt): checking first and counting after the (slow)
 * password check let a burst of concurrent attempts all pass the check before any of them was counted. A success then
 * forgets the account's failures and gives the IP its attempt back.
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

/**
 * When a key with `failures` failures in the window (this one included) may be tried again: the threshold-th failure
 * blocks for the base delay, each one after it doubles the delay, up to the cap; 0 below the threshold.
 */
export function blockedUntilAfter(failures: number, threshold: number, now: number): number {
  const over = failures - threshold;
  if (over < 0) return 0;
  return now + Math.min(THROTTLE_POLICY.baseDelayMs * 2 ** Math.min(over, 20), THROTTLE_POLICY.maxDelayMs);
}
