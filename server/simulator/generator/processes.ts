/**
 * The scheduling machinery. Every process (a device's heartbeats, a terminal's customers, the portal's logins, the
 * nightly backup, an injected fault) has its own seeded random stream and its next firing time; a binary heap hands
 * them out in time order.
 */
import type { Rng } from '../random.ts';
import type { Profile } from '../rhythm.ts';
import type { Dev } from './device.ts';

// Process kinds.
export const HEARTBEAT = 0;
export const METRIC = 1;
export const TXN = 2;
export const ACCESS = 3;
export const PORTAL_LOGIN = 4;
export const OPERATOR_LOGIN = 5;
export const BACKUP = 6;
export const SUBSIDY = 7;
export const DAILY_CLOSE = 8;
export const UPLOAD = 9;
export const EDGES = 10;
export const BRUTE = 11;
export const CARD_TEST = 12;

export class Proc {
  at = 0;
  /** pending reversal of the terminal's last sale */
  reversal: { account: number; amount: number; txnId: string } | null = null;
  step = 0;
  burstLeft = 0;
  constructor(
    readonly seq: number,
    readonly kind: number,
    readonly rng: Rng,
    readonly dev: Dev | null,
    readonly profile: Profile = 'flat',
    /** events per second at the profile's busiest minute, or the interval in ms for periodic processes */
    readonly rateOrInterval = 0,
    readonly extra: unknown = null,
  ) {}
}

/** A binary min-heap of processes by (at, seq): ties resolve the same way every run. */
export class ProcHeap {
  private items: Proc[] = [];
  get size(): number {
    return this.items.length;
  }
  peek(): Proc | undefined {
    return this.items[0];
  }
  private less(a: Proc, b: Proc): boolean {
    return a.at < b.at || (a.at === b.at && a.seq < b.seq);
  }
  push(p: Proc): void {
    const items = this.items;
    items.push(p);
    let i = items.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.less(items[i]!, items[parent]!)) break;
      [items[i], items[parent]] = [items[parent]!, items[i]!];
      i = parent;
    }
  }
  pop(): Proc | undefined {
    const items = this.items;
    const top = items[0];
    const last = items.pop();
    if (items.length > 0 && last) {
      items[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < items.length && this.less(items[l]!, items[m]!)) m = l;
        if (r < items.length && this.less(items[r]!, items[m]!)) m = r;
        if (m === i) break;
        [items[i], items[m]] = [items[m]!, items[i]!];
        i = m;
      }
    }
    return top;
  }
}

/** The run's processes: numbers them as they are created (the tie-breaker) and drops any that start after the end. */
export class Scheduler {
  readonly heap = new ProcHeap();
  private seq = 0;

  constructor(readonly endMs: number) {}

  /** A new process; its number is taken whether or not it is ever scheduled, so later numbers do not shift. */
  proc(kind: number, rng: Rng, dev: Dev | null, profile: Profile = 'flat', rateOrInterval = 0, extra: unknown = null): Proc {
    return new Proc(this.seq++, kind, rng, dev, profile, rateOrInterval, extra);
  }

  add(p: Proc, at: number): void {
    p.at = Math.floor(at);
    if (p.at < this.endMs) this.heap.push(p);
  }
}
