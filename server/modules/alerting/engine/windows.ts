import type { Aggregate } from '../rules/rule.schemas.ts';

/**
 * Per-minute buckets of one series, the unit every windowed rule judges: a metric's count, sum, min, max and last
 * value in each minute (folded from the batches' signals, so a minute that arrived in several batches adds up).
 */
export const MINUTE = 60_000;

export interface Bucket {
  count: number;
  sum: number;
  min: number;
  max: number;
  last: number;
}

export class MinuteBuckets {
  readonly buckets = new Map<number, Bucket>();

  add(minute: number, count: number, sum: number, min: number, max: number, last: number): void {
    const b = this.buckets.get(minute);
    if (!b) {
      this.buckets.set(minute, { count, sum, min, max, last });
      return;
    }
    b.count += count;
    b.sum += sum;
    if (min < b.min) b.min = min;
    if (max > b.max) b.max = max;
    b.last = last;
  }

  /** The aggregate over the minutes in (from, to], or null when none of them has data. */
  aggregate(kind: Aggregate, from: number, to: number): number | null {
    let count = 0;
    let sum = 0;
    let min = Infinity;
    let max = -Infinity;
    let last: number | null = null;
    let lastMinute = -Infinity;
    for (const [minute, b] of this.buckets) {
      if (minute <= from - MINUTE || minute > to) continue;
      // A minute counts when any of it lies in the window: (from, to] in minutes, the current minute included.
      count += b.count;
      sum += b.sum;
      if (b.min < min) min = b.min;
      if (b.max > max) max = b.max;
      if (minute > lastMinute) {
        lastMinute = minute;
        last = b.last;
      }
    }
    if (count === 0) return null;
    switch (kind) {
      case 'avg':
        return sum / count;
      case 'min':
        return min;
      case 'max':
        return max;
      case 'sum':
        return sum;
      case 'count':
        return count;
      case 'last':
        return last;
    }
  }

  /** The newest minute with data at or before `to`, and the one nearest to `minutesBack` before it (for changes). */
  newestAtOrBefore(to: number): [number, Bucket] | null {
    let best: [number, Bucket] | null = null;
    for (const entry of this.buckets) if (entry[0] <= to && (!best || entry[0] > best[0])) best = entry;
    return best;
  }

  /** Forgets minutes before `before`. */
  prune(before: number): void {
    for (const minute of this.buckets.keys()) if (minute < before) this.buckets.delete(minute);
  }

  get size(): number {
    return this.buckets.size;
  }
}

/** Two counts per minute: a ratio's numerator and denominator. */
export class RatioBuckets {
  readonly buckets = new Map<number, [number, number]>();

  add(minute: number, numerator: number, denominator: number): void {
    const b = this.buckets.get(minute);
    if (b) {
      b[0] += numerator;
      b[1] += denominator;
    } else this.buckets.set(minute, [numerator, denominator]);
  }

  totals(from: number, to: number): [number, number] {
    let n = 0;
    let d = 0;
    for (const [minute, b] of this.buckets) {
      if (minute <= from - MINUTE || minute > to) continue;
      n += b[0];
      d += b[1];
    }
    return [n, d];
  }

  prune(before: number): void {
    for (const minute of this.buckets.keys()) if (minute < before) this.buckets.delete(minute);
  }

  get size(): number {
    return this.buckets.size;
  }
}
