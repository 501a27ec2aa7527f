import { decodeTime, isValid } from 'ulidx';
import { describe, expect, it } from 'vitest';
import { newId, ulidAt } from './ids.ts';

describe('newId', () => {
  it('is a ULID whose time is now, as other ULID libraries read it', () => {
    const before = Date.now();
    const id = newId();
    expect(id).toMatch(/^[0-9A-HJKMNP-TV-Z]{26}$/);
    expect(isValid(id)).toBe(true);
    expect(decodeTime(id)).toBeGreaterThanOrEqual(before);
    expect(decodeTime(id)).toBeLessThanOrEqual(Date.now());
    const later = Date.now() + 864_000_123;
    expect(decodeTime(ulidAt(later))).toBe(later);
  });

  it('sorts in the order made, within one millisecond and when the clock steps back', () => {
    const at = Date.now() + 900_000_000;
    const ids = [...Array.from({ length: 5000 }, () => ulidAt(at)), ulidAt(at - 10_000), ulidAt(at + 1)];
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(ids);
  });

  it('draws a new random part in each new millisecond', () => {
    const at = Date.now() + 950_000_000;
    const a = ulidAt(at).slice(10);
    const b = ulidAt(at + 1).slice(10);
    const c = ulidAt(at + 2).slice(10);
    // Three equal 80-bit draws would be a broken generator, not chance.
    expect(new Set([a, b, c]).size).toBe(3);
  });
});
