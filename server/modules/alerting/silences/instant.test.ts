import { describe, expect, it } from 'vitest';
import { instantOf } from './instant.ts';

describe('instantOf', () => {
  it('reads what Date.parse reads', () => {
    expect(instantOf('2026-12-01T22:00:00+08:00')).toBe(Date.parse('2026-12-01T14:00:00Z'));
    expect(instantOf('2026-12-01 14:00:00.250z')).toBe(Date.parse('2026-12-01T14:00:00.250Z'));
  });

  it('reads a leap second as the end of the second before it', () => {
    expect(instantOf('2026-12-31T23:59:60Z')).toBe(Date.parse('2027-01-01T00:00:00Z'));
    expect(instantOf('2026-12-31T15:59:60.5-08:00')).toBe(Date.parse('2027-01-01T00:00:00Z'));
  });

  it('refuses what is not a date-time at all', () => {
    expect(() => instantOf('tomorrow')).toThrow('not a date-time');
  });
});
