import { expect } from 'vitest';
import type { Envelope } from '../modules/ingest/index.ts';
import { runSimulation } from '../simulator/run.ts';
import type { ScenarioSpec } from '../simulator/scenarios.ts';
import { emptyTotals, type SendTotals, type Sink } from '../simulator/senders.ts';
import type { TestApp } from './app.ts';

/**
 * The simulator's campus through the HTTP ingest API in virtual time: the app's clock follows the simulator batch by
 * batch, and every five virtual seconds what the worker runs on schedule runs — the silence sweep, the evaluator's
 * tick — with the domain events drained and the outbox's deliverer run, so that alerts and pages happen as they
 * would. `everyTick` runs after each five seconds (a person reading their mail, say).
 */
export function virtualTime(t: TestApp, options: { start: number; token: string; everyTick?: () => Promise<void> }) {
  let nextTick = options.start + 5_000;

  async function passTime(until: number): Promise<void> {
    while (nextTick <= until) {
      t.clock.set(nextTick);
      await t.services.ingest.sweepSilentDevices();
      await t.services.alertEvaluator.appendTick();
      // The evaluator's changes, then what consumes them (the escalator), then what they queued is sent.
      await t.services.events.drain();
      await t.services.events.drain();
      await t.services.notifyCore.deliverer.runOnce();
      await options.everyTick?.();
      nextTick += 5_000;
    }
  }

  async function simulate(args: { durationSeconds: number; scenarios: ScenarioSpec[]; seed?: number }): Promise<SendTotals> {
    const totals = emptyTotals();
    const sink: Sink = {
      name: 'inject',
      totals,
      inFlight: 0,
      async send(batch: readonly Envelope[]) {
        const newest = Math.max(...batch.map((e) => Date.parse(e.ts)));
        await passTime(newest);
        if (newest > t.clock.now()) t.clock.set(newest);
        const res = await t.app.inject({ method: 'POST', url: '/api/v1/ingest', headers: { authorization: `Bearer ${options.token}`, 'content-type': 'application/json' }, payload: JSON.stringify(batch) });
        expect(res.statusCode, res.body).toBe(200);
        totals.events += batch.length;
        totals.accepted += (res.json() as { accepted: number }).accepted;
        await t.services.events.drain();
      },
      flush: async () => {},
      close: async () => {},
    };
    await runSimulation({ sink, durationSeconds: args.durationSeconds, start: options.start, seed: args.seed ?? 7, realTime: false, scenarios: args.scenarios, batchSize: 500, rate: 0.6 });
    return totals;
  }

  return { passTime, simulate };
}
