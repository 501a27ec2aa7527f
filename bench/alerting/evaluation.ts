/**
 * One evaluation run: a server on a fresh database with the estate and the rules (on or off), then
 *
 * 1. warm-up: a heartbeat from every device (each one's first report: 10,000 health changes), until the evaluator has
 *    handled them;
 * 2. paced load at `rate` events/s for the whole phase, with `probes` probe values sent one every `probeEveryMs` from
 *    the tenth second on: each probe's t0 is when its ingest answer arrived (acknowledged = committed), its t1 when the
 *    live stream (GET /api/v1/stream) delivered its alert's `alert.changed` with state firing;
 * 3. throughput: `throughputEvents` more, unpaced, from `concurrency` senders in batches of `batch` (the stream
 *    closed, as in bench:ingest), timed to the last answer, and then to the moment the evaluator has handled the last
 *    batch.
 */
import http from 'node:http';
import { insertEstate, type BenchDevice, type BenchEstate } from './estate.ts';
import { openStream, postBatch } from './http.ts';
import { cpuBetween, percentile, perSec, round1, sampleCpu, sleep } from './measure.ts';
import { insertRules, PROBE_RULE, PROBE_THRESHOLD } from './rules.ts';
import { createBenchDb, evaluatorLag, startBenchServer, waitForEvaluator, type BenchDialect } from './server.ts';
import { createTelemetry } from './telemetry.ts';

export interface EvaluationOptions {
  dialect: BenchDialect;
  pgUrl: string | null;
  estate: BenchEstate;
  probeDevices: readonly BenchDevice[];
  rulesOn: boolean;
  rate: number;
  paceBatch: number;
  probes: number;
  probeEveryMs: number;
  throughputEvents: number;
  batch: number;
  concurrency: number;
  /** node flags for the server (--cpu-prof …) and extra environment (diagnostics) */
  nodeArgs?: string[];
  env?: Record<string, string>;
  log: (line: string) => void;
}

export interface EvaluationFigures {
  rulesOn: boolean;
  warmup: { devices: number; ingestMs: number; evaluatorMs: number };
  paced: {
    targetPerSec: number;
    achievedPerSec: number;
    ackP50Ms: number;
    ackP99Ms: number;
    retries: number;
    evaluatorBehindMax: number;
    cpu: ReturnType<typeof cpuBetween>;
  };
  probes: { sent: number; fired: number; p50Ms: number; p99Ms: number; maxMs: number; minMs: number; ackP50Ms: number; ackP99Ms: number; postedP50Ms: number; postedP99Ms: number };
  throughput: {
    events: number;
    eventsPerSec: number;
    ackP50Ms: number;
    ackP99Ms: number;
    retries: number;
    evaluatorCatchUpMs: number;
    evaluatedPerSec: number;
    caughtUp: boolean;
    cpu: ReturnType<typeof cpuBetween>;
  };
}

const ISO = () => new Date().toISOString();

export async function runEvaluation(o: EvaluationOptions): Promise<EvaluationFigures> {
  const bench = await createBenchDb(o.dialect, o.pgUrl);
  const now = Date.now();
  await insertEstate(bench.db.kysely, o.estate, now);
  await insertRules(bench.db.kysely, { probeDevices: o.probeDevices.map((d) => d.code), enabled: o.rulesOn, silenceMinutes: 3, own: true }, now);
  const { server, token } = await startBenchServer(bench, o.env ?? {}, o.nodeArgs ?? []);
  const pid = server.child.pid!;
  const agent = new http.Agent({ keepAlive: true, maxSockets: 32 });
  const ingestUrl = new URL(`${server.url}/api/v1/ingest?results=errors`);
  const telemetry = createTelemetry(o.estate, `${o.rulesOn ? 'on' : 'off'}${o.dialect[0]}`);
  try {
    // 1. Every device's first heartbeat.
    let started = performance.now();
    const devices = o.estate.devices;
    for (let i = 0; i < devices.length; i += 1000) await postBatch(agent, ingestUrl, token, telemetry.heartbeats(devices.slice(i, i + 1000), ISO()));
    const warmIngestMs = performance.now() - started;
    const warmEval = await waitForEvaluator(bench.db, 120_000);
    o.log(`  warm-up: ${devices.length} first heartbeats in ${Math.round(warmIngestMs)} ms, evaluator done ${Math.round(warmEval.ms)} ms later`);

    // 2. Paced load with probes, the live stream open.
    const fired = new Map<string, number>();
    const probeIds = new Map(o.probeDevices.map((d) => [d.id, d.code]));
    const stream = await openStream(server.url, token, (e) => {
      if (e.event !== 'alert.changed') return;
      const a = e.data as { name: string; state: string; deviceId: string | null };
      if (a.name === PROBE_RULE && a.state === 'firing' && a.deviceId && probeIds.has(a.deviceId) && !fired.has(a.deviceId)) fired.set(a.deviceId, e.at);
    });
    const acks: number[] = [];
    let accepted = 0;
    let retries = 0;
    let inFlight = 0;
    let skipped = 0;
    let pacing = true;
    const interval = (o.paceBatch / o.rate) * 1000;
    const pacedStart = performance.now();
    const cpuA = sampleCpu(pid);
    const sends: Promise<void>[] = [];
    const pace = (async () => {
      for (let n = 0; pacing; n++) {
        const due = pacedStart + n * interval;
        const wait = due - performance.now();
        if (wait > 0) await sleep(wait);
        if (!pacing) break;
        // Never more batches in flight than the server takes at once (OPSDESK_INGEST_MAX_IN_FLIGHT, 8): past that it
        // answers 503 and the retries would be load of their own. A batch due meanwhile is not sent, and counted.
        if (inFlight >= 8) {
          skipped++;
          continue;
        }
        inFlight++;
        const body = telemetry.batch(o.paceBatch, ISO());
        const t0 = performance.now();
        sends.push(
          postBatch(agent, ingestUrl, token, body).then((r) => {
            inFlight--;
            acks.push(performance.now() - t0);
            accepted += r.accepted;
            retries += r.retries;
          }),
        );
      }
    })();
    let behindMax = 0;
    const watch = setInterval(() => {
      void evaluatorLag(bench.db).then((l) => (behindMax = Math.max(behindMax, l.behind)));
    }, 1000);

    await sleep(10_000);
    const sent = new Map<string, number>();
    const posted = new Map<string, number>();
    const probeSends: Promise<void>[] = [];
    for (let i = 0; i < o.probes; i++) {
      const device = o.probeDevices[i % o.probeDevices.length]!;
      posted.set(device.id, performance.now());
      probeSends.push(
        postBatch(agent, ingestUrl, token, telemetry.probe(device, PROBE_THRESHOLD + 50, ISO())).then(() => {
          sent.set(device.id, performance.now());
        }),
      );
      await sleep(o.probeEveryMs);
    }
    await Promise.all(probeSends);
    const waitUntil = performance.now() + 15_000;
    while (fired.size < sent.size && performance.now() < waitUntil) await sleep(50);
    pacing = false;
    await pace;
    await Promise.all(sends);
    const pacedMs = performance.now() - pacedStart;
    const cpuB = sampleCpu(pid);
    clearInterval(watch);
    stream.close();
    const latencies = [...sent].filter(([id]) => fired.has(id)).map(([id, t0]) => fired.get(id)! - t0);
    const fromPost = [...posted].filter(([id]) => fired.has(id)).map(([id, t]) => fired.get(id)! - t);
    const probeAcks = [...posted].filter(([id]) => sent.has(id)).map(([id, t]) => sent.get(id)! - t);
    if (skipped > 0) o.log(`  paced load: ${skipped} batches not sent (8 in flight already)`);

    // 3. Throughput, unpaced, once the evaluator has caught up with the paced phase.
    await waitForEvaluator(bench.db, 120_000);
    const batches: string[] = [];
    for (let n = 0; n < o.throughputEvents; n += o.batch) batches.push(telemetry.batch(Math.min(o.batch, o.throughputEvents - n), ISO()));
    const bodies = batches.map((b) => Buffer.from(b));
    const tAcks: number[] = [];
    let tAccepted = 0;
    let tRetries = 0;
    let next = 0;
    const cpuC = sampleCpu(pid);
    started = performance.now();
    await Promise.all(
      Array.from({ length: o.concurrency }, async () => {
        for (let i = next++; i < bodies.length; i = next++) {
          const t0 = performance.now();
          const r = await postBatch(agent, ingestUrl, token, bodies[i]!);
          tAcks.push(performance.now() - t0);
          tAccepted += r.accepted;
          tRetries += r.retries;
        }
      }),
    );
    const ingestMs = performance.now() - started;
    const cpuD = sampleCpu(pid);
    const caught = await waitForEvaluator(bench.db, 300_000);
    if (tAccepted !== o.throughputEvents) throw new Error(`throughput: accepted ${tAccepted} of ${o.throughputEvents}`);

    return {
      rulesOn: o.rulesOn,
      warmup: { devices: devices.length, ingestMs: Math.round(warmIngestMs), evaluatorMs: Math.round(warmEval.ms) },
      paced: {
        targetPerSec: o.rate,
        achievedPerSec: perSec(accepted, pacedMs),
        ackP50Ms: Math.round(percentile(acks, 0.5)),
        ackP99Ms: Math.round(percentile(acks, 0.99)),
        retries,
        evaluatorBehindMax: behindMax,
        cpu: cpuBetween(cpuA, cpuB, pid),
      },
      probes: {
        sent: sent.size,
        fired: latencies.length,
        p50Ms: round1(percentile(latencies, 0.5)),
        p99Ms: round1(percentile(latencies, 0.99)),
        maxMs: round1(Math.max(...latencies)),
        minMs: round1(Math.min(...latencies)),
        ackP50Ms: round1(percentile(probeAcks, 0.5)),
        ackP99Ms: round1(percentile(probeAcks, 0.99)),
        postedP50Ms: round1(percentile(fromPost, 0.5)),
        postedP99Ms: round1(percentile(fromPost, 0.99)),
      },
      throughput: {
        events: tAccepted,
        eventsPerSec: perSec(tAccepted, ingestMs),
        ackP50Ms: Math.round(percentile(tAcks, 0.5)),
        ackP99Ms: Math.round(percentile(tAcks, 0.99)),
        retries: tRetries,
        evaluatorCatchUpMs: Math.round(caught.ms),
        evaluatedPerSec: perSec(tAccepted, ingestMs + caught.ms),
        caughtUp: caught.caughtUp,
        cpu: cpuBetween(cpuC, cpuD, pid),
      },
    };
  } finally {
    agent.destroy();
    await server.stop();
    await bench.destroy();
  }
}
