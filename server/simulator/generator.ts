/**
 * The event generator: a discrete-event simulation of the estate in virtual time. Every process (a device's
 * heartbeats, a terminal's customers, the portal's logins, the nightly backup, an injected fault) has its own seeded
 * random stream and its next firing time; a binary heap hands them out in time order, so the output is in device-time
 * order (except offline records, which arrive when the terminal gets its link back) and is the same for the same seed,
 * start, duration, rate and scenarios — ids included.
 *
 * Pull-based: `take(until, max, out)` fills a batch with what has happened up to a virtual instant, so the caller
 * decides the pace (wall clock for the demo, as fast as the sink accepts for benchmarks).
 *
 * This file wires the pieces in ./generator/: the scheduler (processes.ts, schedule.ts, dispatch.ts), the devices
 * and card ledger they act on, and one file per family of events.
 */
import type { Envelope, EventKind } from '../modules/ingest/index.ts';
import type { Estate } from './estate.ts';
import { streamFor } from './random.ts';
import { planScenarios, type ScenarioPlan, type ScenarioSpec } from './scenarios.ts';
import type { SimContext } from './generator/context.ts';
import { createDev, type Dev } from './generator/device.ts';
import { runProcess } from './generator/dispatch.ts';
import { Ledger } from './generator/ledger.ts';
import { Scheduler } from './generator/processes.ts';
import { scheduleDeviceProcesses, scheduleEstateProcesses } from './generator/schedule.ts';
import { TsFormatter } from './generator/time.ts';

export interface GeneratorOptions {
  estate: Estate;
  seed: number;
  /** virtual start, epoch ms */
  startMs: number;
  /** virtual duration; Infinity to run until stopped */
  durationMs: number;
  /** multiplies the rate of transactions, access events and logins (heartbeats and metrics follow the device count) */
  rate?: number;
  scenarios?: readonly ScenarioSpec[];
}

export type KindCounts = Record<EventKind, number>;

const emptyCounts = (): KindCounts => ({ heartbeat: 0, metric: 0, event: 0, txn: 0, login: 0 });

export class EventGenerator {
  readonly startMs: number;
  readonly endMs: number;
  readonly plan: ScenarioPlan;
  /** events handed out so far, by kind (offline records count once uploaded) */
  readonly counts: KindCounts = emptyCounts();

  private readonly scheduler: Scheduler;
  private readonly devs = new Map<string, Dev>();
  private readonly ctx: SimContext;
  private queueHead = 0;

  constructor(options: GeneratorOptions) {
    const { estate, seed } = options;
    this.startMs = Math.floor(options.startMs);
    this.endMs = this.startMs + options.durationMs;
    const rate = options.rate ?? 1;
    if (!(rate > 0)) throw new RangeError('rate must be positive');
    this.plan = planScenarios(options.scenarios ?? [], estate, this.startMs, seed);
    this.scheduler = new Scheduler(this.endMs);
    this.ctx = { startMs: this.startMs, rate, plan: this.plan, devs: this.devs, ledger: new Ledger(estate.accounts, seed), ts: new TsFormatter(), queue: [] };

    const siteKind = new Map(estate.sites.map((s) => [s.code, s.kind]));
    for (const spec of estate.devices) {
      const dev = createDev(spec, siteKind.get(spec.siteCode) ?? 'service', this.plan, this.startMs, streamFor(seed, `dev:${spec.code}`));
      this.devs.set(spec.code, dev);
      scheduleDeviceProcesses(this.scheduler, this.ctx, dev, seed);
    }
    scheduleEstateProcesses(this.scheduler, this.ctx, seed);
  }

  /** Virtual time of the next process to run (an upper bound on the next event's emission), or Infinity. */
  peekTime(): number {
    if (this.queueHead < this.ctx.queue.length) return -Infinity;
    const p = this.scheduler.heap.peek();
    return p && p.at < this.endMs ? p.at : Infinity;
  }

  /** offline records still held by terminals (uploaded when their link returns) */
  get heldOffline(): number {
    let n = 0;
    for (const d of this.devs.values()) n += d.buffer.length;
    return n;
  }

  get done(): boolean {
    return this.peekTime() === Infinity;
  }

  /** Appends to `out` up to `max` events that happen at or before `untilMs`; returns how many. */
  take(untilMs: number, max: number, out: Envelope[]): number {
    const queue = this.ctx.queue;
    const heap = this.scheduler.heap;
    let n = 0;
    while (n < max) {
      if (this.queueHead < queue.length) {
        const e = queue[this.queueHead++]!;
        this.counts[e.kind]++;
        out.push(e);
        n++;
        continue;
      }
      if (this.queueHead > 0) {
        queue.length = 0;
        this.queueHead = 0;
      }
      const p = heap.peek();
      if (!p || p.at > untilMs || p.at >= this.endMs) break;
      heap.pop();
      runProcess(this.ctx, p);
      if (p.at < this.endMs) heap.push(p);
    }
    return n;
  }
}

/** Runs a generator to the end and returns every event (tests and small runs). */
export function generateEvents(options: GeneratorOptions): Envelope[] {
  if (!Number.isFinite(options.durationMs)) throw new RangeError('generateEvents needs a finite duration');
  const gen = new EventGenerator(options);
  const out: Envelope[] = [];
  while (gen.take(Infinity, 10_000, out) > 0) {
    /* keep pulling */
  }
  return out;
}
