/**
 * Every piece of logic that depends on time takes a Clock so tests move time instead of sleeping.
 * Instants are epoch milliseconds (UTC), as they are stored.
 */
export interface Clock {
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

/** A clock for tests: starts where you say and only moves when told to. */
export class ManualClock implements Clock {
  constructor(private current: number = Date.parse('2026-11-20T02:00:00Z')) {}
  now(): number {
    return this.current;
  }
  advance(ms: number): void {
    this.current += ms;
  }
  set(ms: number): void {
    this.current = ms;
  }
}

export const toIso = (ms: number): string => new Date(ms).toISOString();
export const toIsoOrNull = (ms: number | null | undefined): string | null => (ms == null ? null : toIso(ms));
