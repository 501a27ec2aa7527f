/**
 * Runs the simulator against an opsdesk: builds the generator, picks the transport, and paces the events either to
 * the wall clock (real-time: the demo — one virtual second per second) or as fast as the transport takes them (fast:
 * benchmarks and tests — virtual time is compressed; by default the run ends "now", so the events are recent enough
 * for opsdesk to accept).
 */
import type { Envelope, EventKind } from '../modules/ingest/index.ts';
import { demoCampus, type Estate } from './estate.ts';
import { EventGenerator, type KindCounts } from './generator.ts';
import type { ScenarioSpec } from './scenarios.ts';
import { createHttpSender, createMqttSender, sleep, splitSink, type SendTotals, type Sink } from './senders.ts';

export interface SimulationOptions {
  /** opsdesk's base URL for the HTTP batch API */
  target?: string;
  token?: string;
  /** an MQTT broker opsdesk subscribes to; with `target` as well, heartbeats and metrics go over MQTT and the rest over HTTP */
  mqttUrl?: string;
  /** cap on MQTT messages per second (see MqttSenderOptions.maxMessagesPerSecond) */
  mqttMessagesPerSecond?: number;
  scenarios?: readonly ScenarioSpec[];
  /** multiplies transaction, access and login volume (default 1) */
  rate?: number;
  /** virtual seconds to simulate; Infinity (real-time only) runs until `signal` aborts */
  durationSeconds: number;
  seed: number;
  /** virtual start; default now (real-time) or now − duration (fast) */
  start?: number | Date | string;
  realTime: boolean;
  onProgress?: (progress: SimulationProgress) => void;
  /** wall milliseconds between progress reports (default 2000) */
  progressEveryMs?: number;
  signal?: AbortSignal;
  estate?: Estate;
  /** envelopes per request or publish round (default 1000, the API's limit) */
  batchSize?: number;
  maxInFlight?: number;
  /** deliver somewhere else (tests) */
  sink?: Sink;
  /** wall clock, for tests */
  now?: () => number;
}

export interface SimulationProgress {
  /** virtual time reached, epoch ms */
  virtualTime: number;
  generated: number;
  byKind: KindCounts;
  sent: SendTotals;
  inFlight: number;
  wallMs: number;
  /** generated events per wall second so far */
  eventsPerSecond: number;
}

export interface SimulationTotals extends SimulationProgress {
  transport: string;
  startMs: number;
  endMs: number;
  scenarios: { name: string; target: string; startMs: number; endMs: number }[];
  /** true when stopped by the signal before the end */
  stopped: boolean;
  /** offline records still on terminals at the end (their link had not come back): never sent, by design */
  heldOffline: number;
}

const TICK_MS = 500;

export function resolveStart(options: Pick<SimulationOptions, 'start' | 'realTime' | 'durationSeconds'>, wallNow: number): number {
  if (options.start !== undefined) {
    const ms = options.start instanceof Date ? options.start.getTime() : typeof options.start === 'string' ? Date.parse(options.start) : options.start;
    if (!Number.isFinite(ms)) throw new RangeError(`start "${String(options.start)}" is not a time`);
    return Math.floor(ms);
  }
  if (options.realTime || !Number.isFinite(options.durationSeconds)) return wallNow;
  return wallNow - Math.round(options.durationSeconds * 1000);
}

async function openSink(options: SimulationOptions): Promise<Sink> {
  if (options.sink) return options.sink;
  const http = options.target ? createHttpSender({ target: options.target, token: options.token ?? '', maxInFlight: options.maxInFlight, signal: options.signal }) : null;
  const mqtt = options.mqttUrl ? await createMqttSender({ url: options.mqttUrl, maxInFlight: options.maxInFlight ? options.maxInFlight * 50 : undefined, maxMessagesPerSecond: options.mqttMessagesPerSecond }) : null;
  if (http && mqtt) return splitSink(mqtt, http);
  if (http) return http;
  if (mqtt) return mqtt;
  throw new RangeError('nowhere to send: give a target URL (HTTP) or an MQTT broker URL');
}

export async function runSimulation(options: SimulationOptions): Promise<SimulationTotals> {
  const now = options.now ?? Date.now;
  if (!(options.durationSeconds > 0)) throw new RangeError('duration must be positive');
  if (!options.realTime && !Number.isFinite(options.durationSeconds)) throw new RangeError('fast mode needs a finite duration');
  const startMs = resolveStart(options, now());
  const generator = new EventGenerator({
    estate: options.estate ?? demoCampus(),
    seed: options.seed,
    startMs,
    durationMs: options.durationSeconds * 1000,
    rate: options.rate,
    scenarios: options.scenarios,
  });
  const sink = await openSink(options);
  const batchSize = Math.max(1, Math.min(options.batchSize ?? 1000, 1000));
  const progressEvery = options.progressEveryMs ?? 2000;
  const wallStart = now();
  let virtualTime = startMs;
  let lastProgress = wallStart;
  let stopped = false;

  const progress = (): SimulationProgress => {
    const wallMs = Math.max(1, now() - wallStart);
    const generated = Object.values(generator.counts).reduce((a, b) => a + b, 0);
    return { virtualTime, generated, byKind: { ...generator.counts }, sent: { ...sink.totals, rejections: [...sink.totals.rejections] }, inFlight: sink.inFlight, wallMs, eventsPerSecond: Math.round((generated / wallMs) * 1000) };
  };
  const report = () => {
    const t = now();
    if (options.onProgress && t - lastProgress >= progressEvery) {
      lastProgress = t;
      options.onProgress(progress());
    }
  };

  try {
    if (options.realTime) {
      // Pace to the wall clock: each tick, send what has happened up to virtual now.
      while (!generator.done) {
        if (options.signal?.aborted) {
          stopped = true;
          break;
        }
        virtualTime = Math.min(generator.endMs, startMs + (now() - wallStart));
        for (;;) {
          const batch: Envelope[] = [];
          if (generator.take(virtualTime, batchSize, batch) === 0) break;
          await sink.send(batch);
        }
        report();
        if (generator.done) break;
        const wait = Math.min(TICK_MS, Math.max(0, generator.peekTime() - virtualTime));
        await sleep(Math.max(wait, 10), options.signal);
      }
    } else {
      for (;;) {
        if (options.signal?.aborted) {
          stopped = !generator.done;
          break;
        }
        const batch: Envelope[] = [];
        if (generator.take(Infinity, batchSize, batch) === 0) break;
        virtualTime = lastTs(batch, virtualTime);
        await sink.send(batch);
        report();
      }
      if (!stopped) virtualTime = generator.endMs;
    }
    await sink.flush();
  } finally {
    await sink.close().catch(() => undefined);
  }
  return {
    ...progress(),
    transport: sink.name,
    startMs,
    endMs: generator.endMs,
    scenarios: generator.plan.resolved.map((s) => ({ ...s })),
    stopped,
    heldOffline: generator.heldOffline,
  };
}

function lastTs(batch: readonly Envelope[], fallback: number): number {
  const last = batch[batch.length - 1];
  const t = last ? Date.parse(last.ts) : Number.NaN;
  return Number.isNaN(t) ? fallback : Math.max(fallback, t);
}

/** Count of each kind, for summaries. */
export const kindsLine = (counts: Record<EventKind, number>): string =>
  (Object.entries(counts) as [EventKind, number][]).map(([k, n]) => `${k} ${n}`).join(', ');
