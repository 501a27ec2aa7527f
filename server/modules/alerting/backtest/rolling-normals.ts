import { localPartsOf, WEEKDAYS } from '../../calendar/index.ts';
import type { Normal } from '../engine/judge.ts';

/**
 * A baseline rule's normals as they stood at each judged instant of a backtest: for every hour of every weekday (in
 * the device's zone), the mean and standard deviation of its per-minute values over the `weeks` weeks before the start
 * of the judged hour — what the evaluator learns (engine/baselines.ts), but rolled forward hour by hour through the
 * replayed range instead of learned once, so that day 30 of a backtest is judged against the weeks before day 30.
 *
 * It works from hourly sums (count, Σx, Σx² of the hour's per-minute values), which can be taken out again when an
 * hour leaves the learning window: the weeks before the replay come added up by the database, the replayed minutes
 * are added as the replay reads them. Mean and deviation are those of profileOf (the sample deviation, n − 1), up to
 * rounding.
 */
export interface HourlySums {
  /** start of the hour, epoch ms */
  hour: number;
  n: number;
  sum: number;
  sumSq: number;
}

const HOUR = 3_600_000;
const QUARTER = HOUR / 4;
const WEEK = 7 * 24 * HOUR;
const SLOTS = 7 * 24;

function slotIndex(at: number, zone: string): number {
  const p = localPartsOf(at, zone);
  return WEEKDAYS.indexOf(p.weekday) * 24 + p.hour;
}

export class RollingNormals {
  private readonly n = new Float64Array(SLOTS);
  private readonly sum = new Float64Array(SLOTS);
  private readonly sumSq = new Float64Array(SLOTS);
  private readonly hours: (HourlySums & { slot: number })[] = [];
  /** the hour the replay is adding minutes to */
  private current: HourlySums | null = null;
  private added = 0;
  private removed = 0;
  /** the start of the hour the sums are learned up to (exclusive) */
  private upTo = -Infinity;
  /** the slot of the last quarter hour asked about (zones differ from UTC by whole quarter hours) */
  private quarter = -1;
  private slot = 0;

  constructor(
    private readonly zone: string,
    private readonly weeks: number,
  ) {}

  /** Hours added up before the replay, oldest first, all before any minute is added. */
  addHours(hours: readonly HourlySums[]): void {
    for (const h of hours) this.push(h);
  }

  /** One minute's value as the replay reads it (minutes arrive in order). */
  addMinute(minute: number, value: number): void {
    const hour = minute - (minute % HOUR);
    if (this.current?.hour !== hour) {
      if (this.current) this.push(this.current);
      // The hour the database added up may go on in the replay (the replay starts within it).
      const last = this.hours.at(-1);
      this.current = last?.hour === hour && this.added < this.hours.length ? this.hours.pop()! : { hour, n: 0, sum: 0, sumSq: 0 };
    }
    this.current.n += 1;
    this.current.sum += value;
    this.current.sumSq += value * value;
  }

  /** The normal at `at`: learned from [start of its hour − weeks, start of its hour). Instants only move forward. */
  at(at: number): Normal | null {
    const hourStart = at - (at % HOUR);
    if (this.current && this.current.hour < hourStart) {
      this.push(this.current);
      this.current = null;
    }
    if (hourStart !== this.upTo) this.moveTo(hourStart);
    const quarter = Math.floor(at / QUARTER);
    if (quarter !== this.quarter) {
      this.quarter = quarter;
      this.slot = slotIndex(at, this.zone);
    }
    const slot = this.slot;
    const n = this.n[slot]!;
    if (n === 0) return null;
    const mean = this.sum[slot]! / n;
    const variance = n > 1 ? Math.max(0, (this.sumSq[slot]! - (this.sum[slot]! * this.sum[slot]!) / n) / (n - 1)) : 0;
    return { mean, std: Math.sqrt(variance), samples: n };
  }

  private push(h: HourlySums): void {
    // An hour's slot is that of its start: exact in whole-hour zones (every zone opsdesk's sites use today).
    this.hours.push({ ...h, slot: slotIndex(h.hour, this.zone) });
  }

  private moveTo(hourStart: number): void {
    this.upTo = hourStart;
    const { hours } = this;
    while (this.added < hours.length && hours[this.added]!.hour < hourStart) this.apply(this.added++, 1);
    const since = hourStart - this.weeks * WEEK;
    while (this.removed < this.added && hours[this.removed]!.hour < since) this.apply(this.removed++, -1);
  }

  private apply(i: number, sign: 1 | -1): void {
    const h = this.hours[i]!;
    this.n[h.slot] = this.n[h.slot]! + sign * h.n;
    this.sum[h.slot] = this.sum[h.slot]! + sign * h.sum;
    this.sumSq[h.slot] = this.sumSq[h.slot]! + sign * h.sumSq;
  }
}
