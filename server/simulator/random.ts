/**
 * Seeded randomness for the simulator. Everything the simulator produces derives from `--seed` through these
 * streams, so the same seed, start time and duration give the same events byte for byte — ids included.
 *
 * The generator is xoshiro128** (fast, 128-bit state, good statistical quality) seeded through splitmix32. Each
 * independent process of the simulation (a device's heartbeats, a terminal's transactions, …) gets its own stream
 * from `streamFor(seed, label)`, so a fault injected into one device does not reshuffle the randomness of the others.
 */

/** FNV-1a over a string, then avalanche-mixed: a 32-bit hash for deriving stream seeds from labels. */
export function hash32(text: string, seed = 0x811c9dc5): number {
  let h = seed >>> 0;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return mix32(h);
}

function mix32(x: number): number {
  x = Math.imul(x ^ (x >>> 16), 0x85ebca6b);
  x = Math.imul(x ^ (x >>> 13), 0xc2b2ae35);
  return (x ^ (x >>> 16)) >>> 0;
}

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
/** Every 10-bit value as two Crockford base-32 characters: the random half of a ULID is 8 look-ups. */
const PAIRS: string[] = Array.from({ length: 1024 }, (_, v) => CROCKFORD[v >>> 5]! + CROCKFORD[v & 31]!);
const TWO_POW_32 = 4294967296;

export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;
  private ulidMs = -1;
  private ulidPrefix = '';

  constructor(seed: number) {
    // splitmix32 spreads one 32-bit seed over the 128-bit state (never all zero).
    let s = seed >>> 0;
    const next = () => {
      s = (s + 0x9e3779b9) >>> 0;
      return mix32(s);
    };
    this.a = next();
    this.b = next();
    this.c = next();
    this.d = next() | 1;
  }

  /** A uniformly distributed unsigned 32-bit integer. */
  u32(): number {
    const result = Math.imul(rotl(Math.imul(this.b, 5), 7), 9) >>> 0;
    const t = this.b << 9;
    this.c ^= this.a;
    this.d ^= this.b;
    this.b ^= this.c;
    this.a ^= this.d;
    this.c ^= t;
    this.d = rotl(this.d, 11);
    return result;
  }

  /** [0, 1) */
  next(): number {
    return this.u32() / TWO_POW_32;
  }

  /** An integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** An integer in [min, max], both included. */
  range(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  /** A real number in [min, max). */
  real(min: number, max: number): number {
    return min + this.next() * (max - min);
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)]!;
  }

  /** Picks by weight; `weights` is parallel to `items` and need not sum to 1. */
  weighted<T>(items: readonly T[], weights: readonly number[]): T {
    let total = 0;
    for (const w of weights) total += w;
    let r = this.next() * total;
    for (let i = 0; i < items.length; i++) {
      r -= weights[i]!;
      if (r < 0) return items[i]!;
    }
    return items[items.length - 1]!;
  }

  /** An exponential variate with the given mean (inter-arrival times of a Poisson process). */
  exp(mean: number): number {
    return -Math.log(1 - this.next()) * mean;
  }

  /** A normal variate (Box–Muller, one of the pair). */
  normal(mean = 0, sd = 1): number {
    const u = 1 - this.next();
    const v = this.next();
    return mean + sd * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  /**
   * A ULID for an event at `ms`: the 48-bit time part from the (virtual) time, the 80 random bits from this stream —
   * never from the wall clock or Math.random, so ids repeat exactly when the run is repeated.
   */
  ulid(ms: number): string {
    if (ms !== this.ulidMs) {
      this.ulidMs = ms;
      this.ulidPrefix = encodeTime(ms);
    }
    // 80 bits = four draws of 20 bits, each two 10-bit pairs.
    const x = this.u32() >>> 12;
    const y = this.u32() >>> 12;
    const z = this.u32() >>> 12;
    const w = this.u32() >>> 12;
    return (
      this.ulidPrefix +
      PAIRS[x >>> 10]! +
      PAIRS[x & 1023]! +
      PAIRS[y >>> 10]! +
      PAIRS[y & 1023]! +
      PAIRS[z >>> 10]! +
      PAIRS[z & 1023]! +
      PAIRS[w >>> 10]! +
      PAIRS[w & 1023]!
    );
  }
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

/** The 10-character time part of a ULID (48-bit epoch milliseconds, Crockford base 32). */
export function encodeTime(ms: number): string {
  let out = '';
  let rest = Math.floor(ms);
  for (let i = 0; i < 10; i++) {
    const digit = rest % 32;
    out = CROCKFORD[digit]! + out;
    rest = (rest - digit) / 32;
  }
  return out;
}

/** An independent stream for one named process of the simulation. */
export function streamFor(seed: number, label: string): Rng {
  return new Rng(hash32(label, hash32(String(seed))));
}
