/**
 * Background telemetry at a steady rate while paging is measured: batches of the estate's mix (bench/alerting's
 * telemetry: heartbeats, metrics, transactions, logins and events, every value inside every rule) posted on a fixed
 * schedule, as bench/alerting/evaluation.ts paces its load. Never more batches in flight than the server takes at once
 * (OPSDESK_INGEST_MAX_IN_FLIGHT, 8): a batch due meanwhile is not sent, and counted.
 */
import type http from 'node:http';
import { postBatch } from '../alerting/http.ts';
import { percentile, perSec, sleep } from '../alerting/measure.ts';
import type { TelemetryMaker } from '../alerting/telemetry.ts';

export interface BackgroundFigures {
  targetPerSec: number;
  achievedPerSec: number;
  ackP50Ms: number;
  ackP99Ms: number;
  skipped: number;
  retries: number;
}

const MAX_IN_FLIGHT = 8;

export function startBackground(o: { agent: http.Agent; url: URL; token: string; telemetry: TelemetryMaker; rate: number; batch: number }): { stop(): Promise<BackgroundFigures> } {
  const acks: number[] = [];
  const sends: Promise<void>[] = [];
  let accepted = 0;
  let retries = 0;
  let inFlight = 0;
  let skipped = 0;
  const errors: unknown[] = [];
  let running = o.rate > 0;
  const interval = (o.batch / Math.max(o.rate, 1)) * 1000;
  const started = performance.now();
  const pace = (async () => {
    for (let n = 0; running; n++) {
      const wait = started + n * interval - performance.now();
      if (wait > 0) await sleep(wait);
      if (!running) break;
      if (inFlight >= MAX_IN_FLIGHT) {
        skipped++;
        continue;
      }
      inFlight++;
      const body = o.telemetry.batch(o.batch, new Date().toISOString());
      const t0 = performance.now();
      sends.push(
        postBatch(o.agent, o.url, o.token, body).then(
          (r) => {
            inFlight--;
            acks.push(performance.now() - t0);
            accepted += r.accepted;
            retries += r.retries;
          },
          (error: unknown) => {
            inFlight--;
            errors.push(error);
          },
        ),
      );
    }
  })();
  return {
    async stop() {
      running = false;
      await pace;
      await Promise.all(sends);
      // A refused batch is a failure of the run, not a figure: say so, with the first reason.
      if (errors.length > 0) throw new Error(`${errors.length} background batches failed; the first: ${errors[0] instanceof Error ? errors[0].message : String(errors[0])}`);
      const ms = performance.now() - started;
      return { targetPerSec: o.rate, achievedPerSec: perSec(accepted, ms), ackP50Ms: Math.round(percentile(acks, 0.5)), ackP99Ms: Math.round(percentile(acks, 0.99)), skipped, retries };
    },
  };
}
