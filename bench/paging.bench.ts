/**
 * Paging (issue 10): how long from an event to the notification handed to the channel, and how many notifications
 * the outbox hands over a second.
 *
 * - latency: a real `opsdesk serve` on SQLite (and on PostgreSQL when OPSDESK_BENCH_PG_URL is set) with the 10,000
 *   devices of bench:alerting written directly, the default rules, two people on duty with e-mail addresses, an
 *   e-mail channel to a local SMTP sink and a signed webhook to a local receiver (both on a thread of the benchmark),
 *   one policy paging over both; background telemetry through the ingest API while alerts are driven one at a time —
 *   the simulator's ups-on-battery, brute-force-login and payment-failure-spike scenarios through ingest, and external
 *   alerts from Alertmanager — each its own notification group (bench/paging/latency.ts says which instant is which);
 * - throughput: the outbox draining N webhook notifications in this process, against plain fetch POSTs of the same
 *   bodies to the same receiver at the same concurrency (bench/paging/throughput.ts).
 *
 *   npm run bench:paging [-- --only latency,throughput --runs 1 --rate 5000 --batch 500 --alerts 120 --every 1000
 *                          --poll 5 --notifications 20000 --dialects sqlite,postgres --profile DIR --sql-timing DIR]
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { percentile } from './alerting/measure.ts';
import type { BenchDialect } from './alerting/server.ts';
import { runLatency, type LatencyFigures, type Spread } from './paging/latency.ts';
import { runThroughput, type ThroughputFigures } from './paging/throughput.ts';

const argValue = (name: string): string | undefined => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : undefined;
};
const arg = (name: string, fallback: number): number => Number(argValue(name) ?? fallback);
const ONLY = new Set((argValue('only') ?? 'latency,throughput').split(','));
const PG_URL = process.env.OPSDESK_BENCH_PG_URL || null;
const DIALECTS = (argValue('dialects')?.split(',') ?? (PG_URL ? ['sqlite', 'postgres'] : ['sqlite'])) as BenchDialect[];
const PROFILE_DIR = argValue('profile') ?? null;
const SQL_TIMING_DIR = argValue('sql-timing') ?? null;

const log = (line: string) => process.stderr.write(`${line}\n`);

/**
 * Diagnostics for the server, as bench:alerting takes them: a CPU profile per thread, the time in each SQL statement.
 * With --profile the throughput phase also profiles this process over the drain alone (the deliverer runs here).
 */
function diagnostics(tag: string): { nodeArgs: string[]; env: Record<string, string> } {
  return {
    nodeArgs: [
      ...(PROFILE_DIR ? ['--cpu-prof', '--cpu-prof-dir', path.join(PROFILE_DIR, tag)] : []),
      ...(SQL_TIMING_DIR ? ['--import', path.join(import.meta.dirname, 'alerting', 'sql-timing.mjs')] : []),
    ],
    env: SQL_TIMING_DIR ? { OPSDESK_BENCH_SQL_TIMING_DIR: path.join(SQL_TIMING_DIR, tag) } : {},
  };
}

const row = (label: string, s: Spread | undefined) => (s ? `| ${label} | ${s.p50} | ${s.p99} | ${s.max} | ${s.n} |` : `| ${label} | | | | |`);

function printLatency(f: LatencyFigures, run: number) {
  const c = f.counts;
  console.log(`\n### paging latency on ${f.dialect}, run ${run}: 10,000 devices, default rules, ${c.driven} alerts driven (load average ${f.loadavg})`);
  console.log(`background: ${f.background.achievedPerSec.toLocaleString('en')} of ${f.background.targetPerSec.toLocaleString('en')} events/s (ack p50 / p99 ${f.background.ackP50Ms} / ${f.background.ackP99Ms} ms, ${f.background.skipped} batches not sent, ${f.background.retries} retried); server CPU main thread ${f.cpu?.mainPct ?? '?'} %, busiest other thread ${f.cpu?.busiestOtherPct ?? '?'} % (${f.cpu?.busiestOther ?? '?'}), all threads ${f.cpu?.totalPct ?? '?'} %`);
  const ld = f.loopDelay;
  if (ld) console.log(`server main thread event-loop delay over the ${ld.seconds} s measured: mean ${ld.meanMs} ms, p50 ${ld.p50Ms}, p99 ${ld.p99Ms}, max ${ld.maxMs} ms`);
  console.log('| span, per notification handed over | p50 ms | p99 ms | max ms | n |');
  console.log('|---|---:|---:|---:|---:|');
  console.log(row('**event committed → handed over, less the 30 s group wait** (driven alerts; the SPEC §7 figure)', f.spans.c));
  for (const kind of Object.keys(f.byKind)) console.log(row(`  of which ${kind}`, f.byKind[kind]));
  console.log(row('  the same from the poll before (upper bound)', f.spans.cUpper));
  console.log(row('**(a) alert.notify committed → handed over**', f.spans.a));
  console.log(row('  the same, from the poll before (upper bound)', f.spans.aUpper));
  console.log(row('**(b) group due (flush_at) → handed over**', f.spans.b));
  for (const ch of Object.keys(f.byChannel)) {
    console.log(row(`  ${ch}: (a)`, f.byChannel[ch]!.a));
    console.log(row(`  ${ch}: (b)`, f.byChannel[ch]!.b));
  }
  console.log('| where (b) goes | | | | |');
  console.log(row('(the request\'s answer arrived this long after the commit)', f.spans.answerLag));
  console.log(row('event committed → group scheduled (first_at: the batch\'s arrival, so below 0 when the evaluator is current)', f.spans.eventToScheduled));
  console.log(row('group due → the tick that flushed it (the evaluator wakes itself at flush_at)', f.spans.dueToTick));
  console.log(row('tick → alert.notify committed (the evaluator: its backlog, then the tick)', f.spans.tickToNotify));
  console.log(row('alert.notify committed → send started', f.spans.notifyToSend));
  console.log(row('  alert.notify committed → notifications written (the escalator: notify.queued committed)', f.spans.notifyToQueued));
  console.log(row('  notifications written → send started (the deliverer wakes, finishes its round, claims)', f.spans.queuedToSend));
  console.log(row('send started → handed over (the channel: fetch / SMTP)', f.spans.sendToHanded));
  console.log(row('handed over → receipt written (sent_at)', f.spans.handedToReceipt));
  console.log(row('resolution of "alert.notify committed" (poll interval as it was)', f.pollResolution));
  console.log(
    `counts: ${c.drivenPaged} of ${c.driven} driven alerts paged as new groups (${c.drivenUnseen} commits not seen); ${c.notifies} alert.notify (${c.notifiesOther} about other alerts the default rules raised); ${c.notifications} notifications, ${c.sent} sent, ${c.notArrived} not arrived; receivers: ${c.arrivals.webhook} webhook calls, ${c.arrivals.email} mails, ${c.arrivals.invalid} bad signatures or unreadable mails, ${c.arrivals.duplicates} repeats, ${c.strays} naming no notification of the run; attempts: ${Object.entries(c.attempts).map(([o, n]) => `${n} ${o}`).join(', ')}; alerting.tick: ${f.ticks.n} ticks, ${f.ticks.byJob} of them by the 5 s job`,
  );
}

function printThroughput(f: ThroughputFigures) {
  console.log(`\n### outbox throughput on ${f.dialect}: ${f.notifications.toLocaleString('en')} webhook notifications, concurrency 16 (load average ${f.loadavg})`);
  console.log('| | notifications/s | baseline (plain fetch, before / after) | ratio |');
  console.log('|---|---:|---:|---:|');
  console.log(`| deliverer draining the outbox | ${f.drain.perSec.toLocaleString('en')} | ${f.baseline.perSec.toLocaleString('en')} (${f.baseline.beforePerSec.toLocaleString('en')} / ${f.baseline.afterPerSec.toLocaleString('en')}) | ${f.ratio} |`);
  console.log(`| for reference: the same POSTs with node:http (keep-alive agent) | ${f.baseline.nodeHttpPerSec.toLocaleString('en')} | | |`);
  console.log(`| enqueue (outbox.enqueue, 1,000 orders a transaction) | ${f.enqueue.perSec.toLocaleString('en')} | | |`);
  const others = Object.entries(f.drain.otherStates);
  console.log(
    `drain: ${f.drain.ms.toLocaleString('en')} ms, ${f.drain.sent.toLocaleString('en')} sent${others.length ? `, ${others.map(([s, n]) => `${n} ${s}`).join(', ')}` : ''}; ${f.rounds.rounds} rounds: sends ${f.rounds.sendPhaseMs.toLocaleString('en')} ms, database between them ${f.rounds.betweenMs.toLocaleString('en')} ms; one send p50 / p99 ${f.rounds.sendP50Ms} / ${f.rounds.sendP99Ms} ms; receiver: ${f.receiver.arrivals.toLocaleString('en')} calls, ${f.receiver.distinct.toLocaleString('en')} distinct, ${f.receiver.invalid} bad signatures, ${f.receiver.duplicates} repeats`,
  );
}

async function main() {
  if (PROFILE_DIR) fs.mkdirSync(PROFILE_DIR, { recursive: true });
  console.log(`paging benchmark, ${os.cpus().length} cores (${os.cpus()[0]?.model ?? 'unknown cpu'}), Node.js ${process.version}, load average at start ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}; the load generator and the receivers run on the same machine`);
  const headline: { p50Ms?: number; p99Ms?: number; notificationsPerSec?: number; notifyToHandedP99Ms?: number; dueToHandedP99Ms?: number; baselinePerSec?: number; ratio?: number } = {};

  if (ONLY.has('latency')) {
    for (const dialect of DIALECTS) {
      const runs: LatencyFigures[] = [];
      for (let i = 1; i <= arg('runs', 1); i++) {
        log(`latency on ${dialect}, run ${i}`);
        const d = diagnostics(`${dialect}-latency-${i}`);
        const f = await runLatency({
          dialect,
          pgUrl: PG_URL,
          rate: arg('rate', 5_000),
          batch: arg('batch', 500),
          alerts: arg('alerts', 120),
          everyMs: arg('every', 1000),
          pollMs: arg('poll', 5),
          nodeArgs: d.nodeArgs,
          env: d.env,
          log,
        });
        printLatency(f, i);
        runs.push(f);
      }
      if (dialect === 'sqlite') {
        const median = (pick: (f: LatencyFigures) => number) => percentile(runs.map(pick), 0.5);
        Object.assign(headline, { p50Ms: median((f) => f.spans.c!.p50), p99Ms: median((f) => f.spans.c!.p99), notifyToHandedP99Ms: median((f) => f.spans.a!.p99), dueToHandedP99Ms: median((f) => f.spans.b!.p99) });
      }
    }
  }

  if (ONLY.has('throughput')) {
    for (const dialect of DIALECTS) {
      log(`throughput on ${dialect}`);
      const f = await runThroughput({ dialect, pgUrl: PG_URL, notifications: arg('notifications', 20_000), concurrency: 16, profileDir: PROFILE_DIR, log });
      printThroughput(f);
      if (dialect === 'sqlite') Object.assign(headline, { notificationsPerSec: f.drain.perSec, baselinePerSec: f.baseline.perSec, ratio: f.ratio });
    }
  }

  const { p50Ms, p99Ms, notificationsPerSec, ...rest } = headline;
  console.log(`BENCH ${JSON.stringify({ name: 'paging', p50Ms, p99Ms, notificationsPerSec, ...rest })}`);
}

await main();
