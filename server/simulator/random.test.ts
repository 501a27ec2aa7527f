import { describe, expect, it } from 'vitest';
import { encodeTime, hash32, Rng, streamFor } from './random.ts';

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const decodeTime = (id: string): number => [...id.slice(0, 10)].reduce((acc, c) => acc * 32 + CROCKFORD.indexOf(c), 0);

describe('seeded randomness', () => {
  it('repeats exactly for the same seed and differs for another', () => {
    const a = new Rng(42);
    const b = new Rng(42);
    const c = new Rng(43);
    const xs = Array.from({ length: 100 }, () => a.u32());
    expect(Array.from({ length: 100 }, () => b.u32())).toEqual(xs);
    expect(Array.from({ length: 100 }, () => c.u32())).not.toEqual(xs);
  });

  it('gives independent streams per label, and per seed', () => {
    const first = (r: Rng) => Array.from({ length: 8 }, () => r.u32());
    expect(first(streamFor(1, 'dev:POS-C1-001'))).toEqual(first(streamFor(1, 'dev:POS-C1-001')));
    expect(first(streamFor(1, 'dev:POS-C1-001'))).not.toEqual(first(streamFor(1, 'dev:POS-C1-002')));
    expect(first(streamFor(1, 'dev:POS-C1-001'))).not.toEqual(first(streamFor(2, 'dev:POS-C1-001')));
    // seeds beyond 32 bits are not folded onto small ones
    expect(first(streamFor(2 ** 32 + 1, 'x'))).not.toEqual(first(streamFor(1, 'x')));
    expect(hash32('a')).not.toBe(hash32('b'));
  });

  it('is roughly uniform', () => {
    const r = new Rng(7);
    const buckets = new Array(10).fill(0);
    for (let i = 0; i < 100_000; i++) buckets[r.int(10)]++;
    for (const b of buckets) expect(Math.abs(b - 10_000)).toBeLessThan(500);
    let sum = 0;
    for (let i = 0; i < 100_000; i++) sum += r.exp(3);
    expect(sum / 100_000).toBeGreaterThan(2.9);
    expect(sum / 100_000).toBeLessThan(3.1);
  });

  it('makes ULIDs whose time part is the given instant and whose random part comes from the stream', () => {
    const at = Date.parse('2026-11-20T03:32:05.123Z');
    const r = new Rng(1);
    const ids = Array.from({ length: 1000 }, () => r.ulid(at));
    for (const id of ids) {
      expect(id).toMatch(/^[0-9A-HJKMNP-TV-Z]{26}$/);
      expect(decodeTime(id)).toBe(at);
    }
    expect(new Set(ids).size).toBe(1000);
    expect(new Rng(1).ulid(at)).toBe(ids[0]);
    expect(encodeTime(0)).toBe('0000000000');
    expect(decodeTime(`${encodeTime(281_474_976_710_655)}`)).toBe(281_474_976_710_655);
  });
});
