/**
 * Alert evaluation under load (issue 9, "Speed and failure"), against a real `opsdesk serve` on SQLite (and on
 * PostgreSQL too when OPSDESK_BENCH_PG_URL is set):
 *
 * - an estate of 10,000 devices (100 sites: router → site switch → 4 access switches → 94 terminals, servers, UPSes),
 *   the default rules plus 20 threshold and ratio rules, telemetry at 10,000 events/s through POST /api/v1/ingest;
 * - event committed → alert firing: a probe rule (`last(bench.probe) > 100` over 1 min, for 0) and probe devices that
 *   send one violating value each while the load runs; t0 = the ingest answer arrives, t1 = the live stream delivers
 *   the alert's `alert.changed` (state firing);
 * - ingest throughput with the rules on against the same run with every rule disabled (the baseline);
 * - the bench:ingest workload (the simulator's campus) with only the default rules, and how long the evaluator takes
 *   to handle it;
 * - an alert storm: the site switch down at 10 sites at once (the silence sweep run by the worker), counted in parent
 *   alerts, child alerts, alert rows and timeline rows;
 * - the alert list over 100,000 stored alerts, p50/p99 of 200 requests per filter, with each query's plan.
 *
 *   npm run bench:alerting [-- --only evaluation,campus,storm,list --pairs 1 --probes 240 --rate 10000 --events 300000
 *                            --campus-events 600000 --dialects sqlite,postgres --profile DIR --sql-timing DIR]
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runCampus } from './alerting/campus.ts';
import { diskCheck } from './alerting/disk.ts';
import { buildBenchEstate } from './alerting/estate.ts';
import { runEvaluation, type EvaluationFigures } from './alerting/evaluation.ts';
import { runList } from './alerting/list.ts';
import { percentile } from './alerting/measure.ts';
import type { BenchDialect } from './alerting/server.ts';
import { runStorm } from './alerting/storm.ts';

const argValue = (name: string): string | undefined => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : undefined;
};
const arg = (name: string, fallback: number): number => Number(argValue(name) ?? fallback);
const ONLY = new Set((argValue('only') ?? 'evaluation,campus,storm,list').split(','));
const PROFILE_DIR = argValue('profile') ?? null;
const SQL_TIMING_DIR = argValue('sql-timing') ?? null;
const PG_URL = process.env.OPSDESK_BENCH_PG_URL || null;
const PAIRS = arg('pairs', 1);

const log = (line: string) => process.stderr.write(`${line}\n`);

/** Diagnostics for a server: a CPU profile per thread (--profile), the time in each SQL statement per thread (--sql-timing). */
function diagnostics(tag: string): { nodeArgs: string[]; env: Record<string, string> } {
  return {
    nodeArgs: [
      ...(PROFILE_DIR ? ['--cpu-prof', '--cpu-prof-dir', path.join(PROFILE_DIR, tag)] : []),
      ...(SQL_TIMING_DIR ? ['--import', path.join(import.meta.dirname, 'alerting', 'sql-timing.mjs')] : []),
    ],
    env: SQL_TIMING_DIR ? { OPSDESK_BENCH_SQL_TIMING_DIR: path.join(SQL_TIMING_DIR, tag) } : {},
  };
}

async function evaluationPair(dialect: BenchDialect) {
  const estate = buildBenchEstate(100);
  // Three servers per site take the probes: 300 devices, each probed once (a device probed again and again would be flapping).
  const probeDevices = [...(estate.byType.get('server') ?? [])];
  const common = {
    dialect,
    pgUrl: PG_URL,
    estate,
    probeDevices,
    rate: arg('rate', 10_000),
    paceBatch: arg('pace-batch', 500),
    probes: Math.min(arg('probes', 240), probeDevices.length),
    probeEveryMs: arg('probe-every', 250),
    throughputEvents: arg('events', 300_000),
    batch: arg('batch', 1000),
    concurrency: arg('concurrency', 8),
    log,
  };
  log(`${dialect}: rules off`);
  const off = await runEvaluation({ ...common, rulesOn: false, ...diagnostics(`${dialect}-rules-off`) });
  log(`${dialect}: rules on`);
  const on = await runEvaluation({ ...common, rulesOn: true, ...diagnostics(`${dialect}-rules-on`) });
  return { dialect, on, off };
}

function printEvaluation(r: { dialect: BenchDialect; on: EvaluationFigures; off: EvaluationFigures }) {
  const { on, off } = r;
  const ratio = Number((on.throughput.eventsPerSec / off.throughput.eventsPerSec).toFixed(2));
  const cpu = (c: EvaluationFigures['paced']['cpu']) => (c ? `${c.mainPct} % / ${c.busiestOtherPct} % (${c.busiestOther})` : 'n/a');
  console.log(`\n### evaluation on ${r.dialect}: 10,000 devices, ${on.probes.sent} probes`);
  console.log('| | rules on (7 default + 20) | rules off (all disabled) | ratio |');
  console.log('|---|---:|---:|---:|');
  console.log(`| first heartbeats of 10,000 devices: ingest ms / evaluator done after ms | ${on.warmup.ingestMs} / ${on.warmup.evaluatorMs} | ${off.warmup.ingestMs} / ${off.warmup.evaluatorMs} | |`);
  console.log(`| paced load: achieved of ${on.paced.targetPerSec.toLocaleString('en')} events/s | ${on.paced.achievedPerSec.toLocaleString('en')} | ${off.paced.achievedPerSec.toLocaleString('en')} | |`);
  console.log(`| paced load: ack p50 / p99 ms (503 answers retried) | ${on.paced.ackP50Ms} / ${on.paced.ackP99Ms} (${on.paced.retries}) | ${off.paced.ackP50Ms} / ${off.paced.ackP99Ms} (${off.paced.retries}) | |`);
  console.log(`| paced load: evaluator's largest backlog (events) | ${on.paced.evaluatorBehindMax} | ${off.paced.evaluatorBehindMax} | |`);
  console.log(`| paced load: server CPU, main thread / busiest other thread | ${cpu(on.paced.cpu)} | ${cpu(off.paced.cpu)} | |`);
  console.log(`| probe: committed (its ingest answer read) → firing (its alert.changed read from the live stream), p50 / p99 / min / max ms | ${on.probes.p50Ms} / ${on.probes.p99Ms} / ${on.probes.minMs} / ${on.probes.maxMs} (${on.probes.fired} of ${on.probes.sent} fired) | (${off.probes.fired} fired) | |`);
  console.log(`| probe: posted → answer read, p50 / p99 ms | ${on.probes.ackP50Ms} / ${on.probes.ackP99Ms} | ${off.probes.ackP50Ms} / ${off.probes.ackP99Ms} | |`);
  console.log(`| probe: posted → firing, p50 / p99 ms | ${on.probes.postedP50Ms} / ${on.probes.postedP99Ms} | | |`);
  console.log(`| throughput, ${on.throughput.events.toLocaleString('en')} events unpaced: events/s acknowledged | ${on.throughput.eventsPerSec.toLocaleString('en')} | ${off.throughput.eventsPerSec.toLocaleString('en')} | ${ratio} |`);
  console.log(`| throughput: ack p50 / p99 ms | ${on.throughput.ackP50Ms} / ${on.throughput.ackP99Ms} | ${off.throughput.ackP50Ms} / ${off.throughput.ackP99Ms} | |`);
  console.log(`| throughput: evaluator caught up ms after the last answer | ${on.throughput.evaluatorCatchUpMs}${on.throughput.caughtUp ? '' : ' (not caught up)'} | ${off.throughput.evaluatorCatchUpMs} | |`);
  console.log(`| throughput: events/s acknowledged and evaluated | ${on.throughput.evaluatedPerSec.toLocaleString('en')} | ${off.throughput.evaluatedPerSec.toLocaleString('en')} | ${(on.throughput.evaluatedPerSec / off.throughput.evaluatedPerSec).toFixed(2)} |`);
  console.log(`| throughput: server CPU, main thread / busiest other thread | ${cpu(on.throughput.cpu)} | ${cpu(off.throughput.cpu)} | |`);
  return ratio;
}

async function main() {
  if (PROFILE_DIR) fs.mkdirSync(PROFILE_DIR, { recursive: true });
  console.log(`alerting benchmark, ${os.cpus().length} cores (${os.cpus()[0]?.model ?? 'unknown cpu'}), Node.js ${process.version}, load average at start ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}; the load generator runs on the same machine`);
  let headline: { p50Ms: number; p99Ms: number; eventsPerSec: number; ingestRatioRulesOn: number } | null = null;

  if (ONLY.has('evaluation')) {
    const dialects = (argValue('dialects')?.split(',') ?? (PG_URL ? ['sqlite', 'postgres'] : ['sqlite'])) as BenchDialect[];
    for (const dialect of dialects) {
      const figures: { p50Ms: number; p99Ms: number; eventsPerSec: number; ingestRatioRulesOn: number }[] = [];
      // Rules off, then on, PAIRS times: the figure that matters is the ratio within a pair, on the same machine state.
      for (let i = 0; i < PAIRS; i++) {
        const diskBefore = await diskCheck();
        const pair = await evaluationPair(dialect);
        const diskAfter = await diskCheck();
        const ratio = printEvaluation(pair);
        console.log(`disk check (bare better-sqlite3 inserts of event rows, 1,000 a transaction, WAL, synchronous=FULL): ${diskBefore.toLocaleString('en')} rows/s before the pair, ${diskAfter.toLocaleString('en')} after`);
        figures.push({ p50Ms: pair.on.probes.p50Ms, p99Ms: pair.on.probes.p99Ms, eventsPerSec: pair.on.throughput.eventsPerSec, ingestRatioRulesOn: ratio });
      }
      const median = (pick: (f: (typeof figures)[number]) => number) => percentile(figures.map(pick), 0.5);
      if (PAIRS > 1) console.log(`\nmedian of ${PAIRS} pairs on ${dialect}: ${JSON.stringify({ p50Ms: median((f) => f.p50Ms), p99Ms: median((f) => f.p99Ms), eventsPerSec: median((f) => f.eventsPerSec), ingestRatioRulesOn: median((f) => f.ingestRatioRulesOn) })}`);
      if (dialect === 'sqlite') headline = { p50Ms: median((f) => f.p50Ms), p99Ms: median((f) => f.p99Ms), eventsPerSec: median((f) => f.eventsPerSec), ingestRatioRulesOn: median((f) => f.ingestRatioRulesOn) };
    }
  }
  if (ONLY.has('campus')) await runCampus({ log, diagnostics });
  if (ONLY.has('storm')) await runStorm({ log });
  if (ONLY.has('list')) await runList({ log });
  if (headline) console.log(`BENCH ${JSON.stringify({ name: 'alerting', ...headline })}`);
}

await main();
