import { describe, expect, it } from 'vitest';
import { fenToYuan, localToIso, yuanToFen } from './backfillValues';

describe('back-fill form values', () => {
  it('turns yuan into fen by digits and back', () => {
    expect(yuanToFen('19.99')).toBe(1999);
    expect(yuanToFen(' ¥1,200.5 ')).toBe(120050);
    expect(['', '-1', '1.234', 'abc', '1e3'].map(yuanToFen)).toEqual([null, null, null, null, null]);
    expect(fenToYuan(120050)).toBe('1,200.50');
    expect(fenToYuan(7)).toBe('0.07');
  });

  it('reads a datetime-local value, and refuses anything else', () => {
    expect(localToIso('2026-11-10T10:30')).toBe(new Date(2026, 10, 10, 10, 30).toISOString());
    expect(localToIso('')).toBeNull();
    expect(localToIso('10:30')).toBeNull();
  });
});
