/**
 * issue 13, "Speed and accuracy": reconciliation of a generated card ledger against a generated WeChat Pay trade bill
 * (`--rows N` ledger rows, default 1,000,000), with planted differences of every kind and the ground truth.
 *
 * Timed: parse (the engine's fast loader over both CSVs) + match + classify + store (the pairs Parquet in the job's
 * directory, the carried records, and the differences serialised as the service receives them). Baseline, same run,
 * same files: DuckDB's plain FULL OUTER JOIN of the two CSVs on the merchant order id, parse included. Generation is
 * outside the timing; the files live under /tmp and are deleted at the end (`--keep` keeps them).
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { DuckDBInstance } from '@duckdb/node-api';
import { loadavg } from 'node:os';
import { runMatch } from '../server/modules/recon/engine/index.ts';
import { readRecordFile } from '../server/modules/recon/engine/index.ts';
import { evaluate } from './recon/evaluate.ts';
import { generate } from './recon/generate.ts';

const args = process.argv.slice(2);
const arg = (name: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
};
const rows = Number(arg('rows') ?? 1_000_000);
const keep = args.includes('--keep');
const dir = `/tmp/opsdesk-recon-bench-${rows}`;

function peakRssMb(): number {
  const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'));
  return m ? Math.round(Number(m[1]) / 1024) : Math.round(process.memoryUsage().rss / 1048576);
}

async function baseline(ledger: string, wechat: string): Promise<{ seconds: number; rows: number }> {
  const db = await DuckDBInstance.create(':memory:', { threads: '2', memory_limit: '2GB' });
  const conn = await db.connect();
  try {
    const t = performance.now();
    const r = await conn.runAndReadAll(
      `SELECT count(*) AS n FROM read_csv('${ledger}', ignore_errors = true) l
       FULL OUTER JOIN read_csv('${wechat}', ignore_errors = true) r ON l.merchant_order_id = ltrim(r.商户订单号, '\`')`,
    );
    return { seconds: (performance.now() - t) / 1000, rows: Number(r.getRowObjectsJS()[0]!.n) };
  } finally {
    conn.closeSync();
    db.closeSync();
  }
}

async function main() {
  rmSync(dir, { recursive: true, force: true });
  const tg = performance.now();
  const gen = generate({ dir, rows, seed: 13 });
  const genSeconds = (performance.now() - tg) / 1000;
  const load = loadavg().map((x) => x.toFixed(2)).join(' ');

  const base = await baseline(gen.ledgerPath, gen.channelPath);
  const t = performance.now();
  const result = await runMatch({
    day: gen.truth.day,
    left: { label: 'card ledger', files: [gen.ledgerPath], cutoff: { time: '23:00', timeZone: 'Asia/Shanghai' } },
    right: { label: 'WeChat Pay', files: [gen.channelPath], cutoff: { time: '00:00', timeZone: 'Asia/Shanghai' } },
    carryWindowMinutes: 60,
    carriedIn: { left: null, right: null },
    tolerances: { amountAbsFen: 0, amountPct: 0, timeWindowMs: 120_000, timeDirection: 'right-after-left' },
    autoConfirmScore: 0.8,
    workDir: `${dir}/job`,
    dryRun: false,
  });
  writeFileSync(`${dir}/job/differences.json`, JSON.stringify({ summary: result.summary, differences: result.differences, proposals: result.proposals, findings: result.findings }), { mode: 0o600 });
  const seconds = (performance.now() - t) / 1000;
  const peak = peakRssMb();

  const carried = { left: [] as number[], right: [] as number[] };
  for (const side of ['left', 'right'] as const) {
    const file = result.carriedOut[side];
    if (file) carried[side] = (await readRecordFile(file, { limit: 100_000 })).map((r) => r.provenance.line);
  }
  const ev = await evaluate(gen, result, carried);
  const s = result.summary;
  const table: [string, string][] = [
    ['ledger rows / bill rows', `${gen.truth.ledgerRows.toLocaleString('en')} / ${gen.truth.channelRows.toLocaleString('en')}`],
    ['generate (not timed)', `${genSeconds.toFixed(1)} s`],
    ['opsdesk: parse + match + classify + store', `${seconds.toFixed(2)} s`],
    ['baseline: DuckDB FULL OUTER JOIN of the CSVs', `${base.seconds.toFixed(2)} s (${base.rows.toLocaleString('en')} rows)`],
    ['ratio', (seconds / base.seconds).toFixed(2)],
    ['peak RSS', `${peak} MB`],
    ['matched by id / key / 1→n / n→1', `${s.matched.byId} / ${s.matched.byKey} / ${s.matched.oneToMany} / ${s.matched.manyToOne}`],
    ['differences', Object.entries(s.differences).filter(([, v]) => v.count).map(([k, v]) => `${k} ${v.count}`).join(', ')],
    ['carried out (left / right)', `${s.left.carriedOut} / ${s.right.carriedOut}`],
    ['planted items / found / true', `${ev.truthItems} / ${ev.foundItems} / ${ev.truePositives}`],
    ['false matches', String(ev.falseMatches)],
    ['precision / recall', `${ev.precision.toFixed(4)} / ${ev.recall.toFixed(4)}`],
    ['load average at start', load],
  ];
  for (const [k, v] of table) console.log(`${k.padEnd(46)} ${v}`);
  if (ev.missed.length) console.log('missed:', ev.missed.slice(0, 10));
  if (ev.unexpected.length) console.log('unexpected:', ev.unexpected.slice(0, 10));
  if (!keep) rmSync(dir, { recursive: true, force: true });
  console.log(
    `BENCH ${JSON.stringify({ name: 'recon', rows, seconds: Number(seconds.toFixed(3)), peakRssMb: peak, baselineSeconds: Number(base.seconds.toFixed(3)), ratio: Number((seconds / base.seconds).toFixed(2)), precision: Number(ev.precision.toFixed(4)), recall: Number(ev.recall.toFixed(4)) })}`,
  );
}

await main();
