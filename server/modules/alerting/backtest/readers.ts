import type { BatchSignals, DeviceHealthEvent } from '../../../events/index.ts';
import type { CompiledRule } from '../engine/compiled-rule.ts';
import type { Directory } from '../engine/directory.ts';
import { identityFor, type SeriesStore } from '../engine/observe.ts';
import type { Series } from '../engine/series.ts';
import { MINUTE } from '../engine/windows.ts';
import type { BacktestRepository, RollupRow } from './backtest.repository.ts';

/**
 * The stored telemetry of the replayed devices turned back into what the evaluator is fed live, a time slice at a
 * time, handed out minute by minute:
 *
 * - metric and vital samples straight into the series of the rules that watch the device — observeSignals' samples
 *   path (one series per rule and device) without building a batch for every minute of a month (here);
 * - transaction and login counts already added up per series and minute by the database, with the rule's filters in
 *   SQL (the evaluator's filterTest and its choice of series, observe.ts) — a month of payments is millions of rows
 *   (count-readers.ts);
 * - device events as one minute's BatchSignals for observeSignals, and health changes for observeHealth
 *   (event-readers.ts).
 */

/** Where a reader puts what it hands out. */
export interface Feed {
  readonly directory: Directory;
  readonly store: SeriesStore;
  /** one minute's device events */
  readonly signals: MinuteSignals;
  /** a series got data this minute */
  touch(series: Series): void;
  /** a device's average of a minute, for the normals a baseline rule learns */
  learn(series: Series, minute: number, value: number): void;
}

/** What the replay feeds observeHealth: the fields of a device.health event it reads. */
export type HealthChange = Pick<DeviceHealthEvent, 'deviceId' | 'health' | 'at' | 'lastSeenAt'>;

/** One minute's signals, built in place and cleared for the next (a month is tens of thousands of minutes). */
export class MinuteSignals {
  readonly devices: string[] = [];
  private readonly index = new Map<string, number>();
  readonly samples: BatchSignals['samples'] = [];
  readonly txns: BatchSignals['txns'] = [];
  readonly logins: BatchSignals['logins'] = [];
  readonly events: BatchSignals['events'] = [];
  readonly health: HealthChange[] = [];

  private dirty = false;

  device(code: string): number {
    this.dirty = true;
    let i = this.index.get(code);
    if (i === undefined) {
      i = this.devices.length;
      this.devices.push(code);
      this.index.set(code, i);
    }
    return i;
  }

  get hasSignals(): boolean {
    return this.devices.length > 0;
  }

  get hasHealth(): boolean {
    return this.health.length > 0;
  }

  addHealth(change: HealthChange): void {
    this.dirty = true;
    this.health.push(change);
  }

  get signals(): BatchSignals {
    return { devices: this.devices, samples: this.samples, txns: this.txns, logins: this.logins, events: this.events };
  }

  clear(): void {
    if (!this.dirty) return;
    this.dirty = false;
    this.devices.length = 0;
    this.index.clear();
    this.samples.length = 0;
    this.txns.length = 0;
    this.logins.length = 0;
    this.events.length = 0;
    this.health.length = 0;
  }
}

export interface Reader {
  /** Loads [from, to), right after the slice before; returns how many rows it read. */
  load(from: number, to: number): Promise<number>;
  /** The minute of the next row not handed out yet (Infinity: none in this slice). */
  next(): number;
  /** Hands out the rows of `minute` (and any left before it). */
  feed(minute: number, into: Feed): void;
}

/** Devices per IN list: well below both databases' limits on bound parameters. */
const CHUNK = 500;

export async function inChunks<T>(keys: readonly string[], read: (chunk: readonly string[]) => Promise<T[]>, timeOf: (row: T) => number): Promise<T[]> {
  // An empty list is no SQL on PostgreSQL (`in ()`), and nothing to read anyway.
  if (keys.length === 0) return [];
  if (keys.length <= CHUNK) return read(keys);
  const rows: T[] = [];
  for (let i = 0; i < keys.length; i += CHUNK) rows.push(...(await read(keys.slice(i, i + CHUNK))));
  // Each chunk is in time order; together they must be too (a stable sort keeps ties as read).
  return rows.sort((a, b) => timeOf(a) - timeOf(b));
}

export const minuteOf = (ms: number) => ms - (ms % MINUTE);

/** A slice of rows in time order, handed out minute by minute. */
export abstract class SliceReader<T> implements Reader {
  protected rows: T[] = [];
  private pos = 0;
  protected abstract read(from: number, to: number): Promise<T[]>;
  protected abstract minute(row: T): number;
  protected abstract put(row: T, into: Feed): void;

  async load(from: number, to: number): Promise<number> {
    this.rows = await this.read(from, to);
    this.pos = 0;
    return this.rows.length;
  }

  next(): number {
    return this.pos < this.rows.length ? this.minute(this.rows[this.pos]!) : Infinity;
  }

  feed(minute: number, into: Feed): void {
    while (this.pos < this.rows.length && this.minute(this.rows[this.pos]!) <= minute) this.put(this.rows[this.pos++]!, into);
  }
}

/** A device's share of a minute of one metric or vital (a roll-up row's shape). */
type Sample = RollupRow;

/** Samples of one metric or vital, added to each watching rule's series of their device. */
abstract class SampleReader extends SliceReader<Sample> {
  /** the series each device's samples go to, found once per device */
  private readonly targets = new Map<string, Series[]>();
  constructor(private readonly rules: readonly CompiledRule[]) {
    super();
  }
  protected minute(row: Sample): number {
    return row.minute;
  }
  protected put(r: Sample, into: Feed): void {
    let series = this.targets.get(r.device_code);
    if (!series) {
      const device = into.directory.byCode(r.device_code);
      series = device ? this.rules.filter((rule) => rule.watches(device)).map((rule) => into.store.get(rule, identityFor(rule, 'device', device))) : [];
      this.targets.set(r.device_code, series);
    }
    for (const s of series) {
      if (s.data.kind === 'buckets') s.data.buckets.add(r.minute, r.count, r.sum, r.min, r.max, r.last);
      into.touch(s);
      if (s.rule.condition.kind === 'baseline') into.learn(s, r.minute, r.sum / r.count);
    }
  }
}

/** A metric's one-minute roll-ups. */
export class RollupReader extends SampleReader {
  constructor(
    private readonly repo: BacktestRepository,
    rules: readonly CompiledRule[],
    private readonly metric: string,
    private readonly codes: readonly string[],
  ) {
    super(rules);
  }
  protected read(from: number, to: number): Promise<Sample[]> {
    return inChunks(this.codes, (c) => this.repo.rollups(this.metric, c, from, to), (r) => r.minute);
  }
}

/** A heartbeat vital, folded per device and minute as ingest folds a batch's heartbeats into samples. */
export class VitalReader extends SampleReader {
  constructor(
    private readonly repo: BacktestRepository,
    rules: readonly CompiledRule[],
    private readonly vital: string,
    private readonly codes: readonly string[],
  ) {
    super(rules);
  }
  protected async read(from: number, to: number): Promise<Sample[]> {
    const rows = await inChunks(this.codes, (c) => this.repo.vitals(this.vital, c, from, to), (r) => r.ts);
    const out: Sample[] = [];
    let minute = -1;
    const open = new Map<string, Sample>();
    for (const r of rows) {
      const m = minuteOf(r.ts);
      if (m !== minute) {
        out.push(...open.values());
        open.clear();
        minute = m;
      }
      const s = open.get(r.device_code);
      if (!s) open.set(r.device_code, { device_code: r.device_code, minute: m, count: 1, sum: r.value, min: r.value, max: r.value, last: r.value });
      else {
        s.count += 1;
        s.sum += r.value;
        if (r.value < s.min) s.min = r.value;
        if (r.value > s.max) s.max = r.value;
        s.last = r.value;
      }
    }
    out.push(...open.values());
    return out;
  }
}

