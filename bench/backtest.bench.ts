/**
 * Alert rule backtests (SPEC C3.7: "answers in seconds for 30 days of the demo campus") on the embedded SQLite, over
 * 30 days of the demo campus's stored telemetry: the metric roll-ups of all 251 devices, every payment transaction,
 * and the heartbeats of the servers and databases (vitals are not rolled up). A threshold on a metric, a threshold on
 * a heartbeat vital, a ratio and a baseline are backtested through the API — the saved rule and a proposed edit side by
 * side, as the rules editor asks — each against a baseline measured in the same run: the plain SQL aggregation of the
 * same rows (what reading them costs at the least, without replaying anything).
 *
 *   npm run bench:backtest [-- --days 30 --seed 20261201]
 *
 * The data: the estate simulator runs one workday and one weekend day of the campus (server/simulator); each day of
 * the range is a copy of one of them (weekdays of the workday, weekends of the weekend day) with every value jittered a
 * few percent, so that a baseline learns a normal with some spread. The gate roll-ups also cover the four weeks before
 * the range, which the default gate baseline learns from, and one morning peak in the range loses most of a site's
 * gate traffic, which it should catch.
 */
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { withSqliteConnection } from '../server/db/database.ts';
import { loadDemoEstate } from '../server/demo.ts';
import type { Envelope } from '../server/modules/ingest/index.ts';
import { systemContext } from '../server/modules/auth/index.ts';
import { demoCampus } from '../server/simulator/estate.ts';
import { EventGenerator } from '../server/simulator/generator.ts';
import { createTestApp, type TestApp } from '../server/testing/app.ts';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const DAYS = arg('days', 30);
const SEED = arg('seed', 20261201);
const LEARN_WEEKS = 4;

const MINUTE = 60_000;
const DAY = 86_400_000;
/** Asia/Shanghai, the campus's zone: local midnight is 16:00 UTC. */
const ZONE_OFFSET = 8 * 3_600_000;

/** A small seeded generator (mulberry32) for the jitter: the same seed, the same data. */
function random(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

interface DayTemplate {
  metrics: [device: string, metric: string, offset: number, value: number][];
  txns: [device: string, site: string | null, offset: number, type: string, channel: string | null, status: string, amount: number][];
  cpu: [device: string, offset: number, data: string][];
}

/** One simulated day of the campus, as offsets from its local midnight. */
function simulateDay(dayStart: number, seed: number, servers: ReadonlySet<string>): DayTemplate {
  const generator = new EventGenerator({ estate: demoCampus(), seed, startMs: dayStart, durationMs: DAY, rate: 1 });
  const day: DayTemplate = { metrics: [], txns: [], cpu: [] };
  for (;;) {
    const batch: Envelope[] = [];
    if (generator.take(Infinity, 5000, batch) === 0) break;
    for (const e of batch) {
      const offset = Date.parse(e.ts) - dayStart;
      if (offset < 0 || offset >= DAY) continue;
      const d = e.data as Record<string, unknown>;
      if (e.kind === 'metric') day.metrics.push([e.device, d.name as string, offset, d.value as number]);
      else if (e.kind === 'txn') day.txns.push([e.device, e.site ?? null, offset, d.type as string, (d.channel as string | undefined) ?? null, d.status as string, d.amountFen as number]);
      else if (e.kind === 'heartbeat' && servers.has(e.device)) day.cpu.push([e.device, offset, JSON.stringify(d)]);
    }
  }
  return day;
}

const localMidnight = (ms: number) => ms - ((ms + ZONE_OFFSET) % DAY);
const isWeekend = (dayStart: number) => [0, 6].includes(new Date(dayStart + ZONE_OFFSET).getUTCDay());

/** Writes the range's telemetry straight into the tables, as ingest leaves them. Returns row counts. */
async function fill(t: TestApp, now: number) {
  const estate = demoCampus();
  const servers = new Set(estate.devices.filter((d) => d.type === 'server' || d.type === 'database').map((d) => d.code));
  const gates = estate.devices.filter((d) => d.type === 'gate');
  const droppedSite = gates[0]!.siteCode;
  const today = localMidnight(now);
  // Templates: the last Wednesday and Saturday before today.
  let workday = today - DAY;
  while (isWeekend(workday) || new Date(workday + ZONE_OFFSET).getUTCDay() !== 3) workday -= DAY;
  let weekend = today - DAY;
  while (new Date(weekend + ZONE_OFFSET).getUTCDay() !== 6) weekend -= DAY;
  const started = performance.now();
  const templates = { workday: simulateDay(workday, SEED, servers), weekend: simulateDay(weekend, SEED + 1, servers) };
  const simulatedMs = performance.now() - started;

  const jitter = random(SEED);
  const first = today - (DAYS + 1) * DAY;
  const learnFirst = first - LEARN_WEEKS * 7 * DAY;
  const dropDay = today - 3 * DAY;
  const counts = { rollups: 0, transactions: 0, heartbeats: 0 };
  await withSqliteConnection(t.db, async (db) => {
    const rollup = db.prepare('insert into metric_rollups (device_code, metric, minute, count, sum, min, max, last) values (?, ?, ?, ?, ?, ?, ?, ?) on conflict do nothing');
    const txn = db.prepare(
      `insert into transactions (txn_id, event_id, type, amount_fen, account, card, channel, status, error_code, card_counter, balance_before_fen,
        balance_after_fen, device_code, site_code, device_ts, collected_at, offline, source) values (?, ?, ?, ?, null, null, ?, ?, null, null, null, null, ?, ?, ?, ?, 0, 'live')`,
    );
    const heartbeat = db.prepare(`insert into events (id, kind, ts, received_at, device_code, site_code, source, labels, data) values (?, 'heartbeat', ?, ?, ?, null, 'http', null, ?)`);
    const gateCodes = new Set(gates.map((g) => g.code));
    const droppedGates = new Set(gates.filter((g) => g.siteCode === droppedSite).map((g) => g.code));
    for (let day = learnFirst; day < today + DAY; day += DAY) {
      const template = isWeekend(day) ? templates.weekend : templates.workday;
      const inRange = day >= first;
      db.transaction(() => {
        const minutes = new Map<string, [count: number, sum: number, min: number, max: number, last: number]>();
        for (const [device, metric, offset, value] of template.metrics) {
          if (!inRange && !gateCodes.has(device)) continue;
          const ts = day + offset;
          if (ts >= now) continue;
          let v = value * (1 + (jitter() - 0.5) * 0.2);
          // The morning peak the gate baseline should catch: 08:00–08:40 at one site, three days ago.
          if (day === dropDay && droppedGates.has(device) && offset >= 8 * 3_600_000 && offset < 8 * 3_600_000 + 40 * MINUTE) v = 0;
          if (metric === 'gate.passes_per_min') v = Math.round(v);
          const key = `${device}\u0000${metric}\u0000${ts - (ts % MINUTE)}`;
          const m = minutes.get(key);
          if (m) {
            m[0] += 1;
            m[1] += v;
            m[2] = Math.min(m[2], v);
            m[3] = Math.max(m[3], v);
            m[4] = v;
          } else minutes.set(key, [1, v, v, v, v]);
        }
        for (const [key, [count, sum, min, max, last]] of minutes) {
          const [device, metric, minute] = key.split('\u0000') as [string, string, string];
          rollup.run(device, metric, Number(minute), count, sum, min, max, last);
          counts.rollups++;
        }
        if (!inRange) return;
        template.txns.forEach(([device, site, offset, type, channel, status, amount], i) => {
          const ts = day + offset;
          if (ts >= now) return;
          const id = `${day}-${i}`;
          txn.run(id, id, type, amount, channel, status, device, site, ts, ts);
          counts.transactions++;
        });
        template.cpu.forEach(([device, offset, data], i) => {
          const ts = day + offset;
          if (ts >= now) return;
          heartbeat.run(`hb-${day}-${i}`, ts, ts, device, data);
          counts.heartbeats++;
        });
      })();
    }
    db.pragma('wal_checkpoint(TRUNCATE)');
    db.exec('analyze');
  });
  return { ...counts, simulatedMs, fillMs: performance.now() - started - simulatedMs, droppedSite, dropDay };
}

/** The same rows read by plain SQL aggregation: the least a replay must cost. */
function sqlBaselines(t: TestApp, from: number, to: number) {
  return withSqliteConnection(t.db, async (db) => {
    const time = (sql: string, ...params: unknown[]) => {
      const started = performance.now();
      const rows = db.prepare(sql).all(...params).length;
      return { ms: performance.now() - started, rows };
    };
    const learnFrom = from - LEARN_WEEKS * 7 * DAY;
    return {
      threshold: time(`select device_code, count(*), sum(sum), max(max) from metric_rollups where metric = 'pos.txn_latency_ms' and minute >= ? and minute < ? group by device_code`, from, to),
      vital: time(
        `select device_code, count(*), avg(json_extract(data, '$.cpu')) from events where kind = 'heartbeat' and device_code in (select code from devices where type in ('server', 'database')) and ts >= ? and ts < ? group by device_code`,
        from,
        to,
      ),
      ratio: time(
        `select site_code, count(*), sum(status = 'failed') from transactions where device_ts >= ? and device_ts < ? and channel in ('wechat', 'alipay', 'unionpay', 'bank') group by site_code`,
        from,
        to,
      ),
      baseline: time(`select device_code, count(*), sum(sum), max(max) from metric_rollups where metric = 'gate.passes_per_min' and minute >= ? and minute < ? group by device_code`, learnFrom, to),
    };
  });
}

type Outcome = { alerts: number; firingMinutes: number; intervals: { series: string; labels: Record<string, string>; start: string }[] } | null;

async function main() {
  const t = await createTestApp('sqlite');
  try {
    const system = systemContext('bench');
    await loadDemoEstate(t.services, system);
    const now = t.clock.now();
    const filled = await fill(t, now);
    const admin = await t.loginAdmin();
    const ruleId = async (key: string) => (await t.db.kysely.selectFrom('alert_rules').select('id').where('key', '=', key).executeTakeFirstOrThrow()).id;
    const view = async (key: string) => {
      const res = await t.call(admin, { method: 'GET', url: `/api/v1/alert-rules/${await ruleId(key)}` });
      return res.json() as Record<string, unknown> & { condition: Record<string, unknown> };
    };
    const latency = await t.call(admin, {
      method: 'POST',
      url: '/api/v1/alert-rules',
      payload: { key: 'pos-latency-high', name: '消费机交易延迟过高', level: 3, condition: { kind: 'threshold', metric: 'pos.txn_latency_ms', aggregate: 'avg', windowMinutes: 10, operator: '>', threshold: 900 }, scope: { deviceTypes: ['pos'] } },
    });
    if (latency.statusCode !== 200) throw new Error(latency.body);

    const cases: { name: string; key: string; change: string; edit: (c: Record<string, unknown>) => Record<string, unknown>; sql: keyof Awaited<ReturnType<typeof sqlBaselines>> }[] = [
      { name: 'threshold on a metric (pos.txn_latency_ms, 90 POS)', key: 'pos-latency-high', change: '900 → 700 ms', edit: (c) => ({ ...c, threshold: 700 }), sql: 'threshold' },
      { name: 'threshold on a heartbeat vital (server CPU, 11 hosts)', key: 'server-cpu-high', change: '90 → 60 %', edit: (c) => ({ ...c, threshold: 60 }), sql: 'vital' },
      { name: 'ratio (payment failure rate, by site)', key: 'payment-failure-rate', change: '5 → 2 %', edit: (c) => ({ ...c, thresholdPct: 2 }), sql: 'ratio' },
      // The campus's gates pass ~2 people a minute at peak: the shipped minNormal (5) keeps the rule from judging them.
      { name: 'baseline (gate throughput at peak hours, 16 gates)', key: 'gate-throughput-drop', change: '3σ → 1.5σ, minNormal 5 → 1', edit: (c) => ({ ...c, deviations: 1.5, minNormal: 1 }), sql: 'baseline' },
    ];
    const to = now - (now % MINUTE);
    const from = to - DAYS * DAY;
    const sql = await sqlBaselines(t, from, to);
    const results: { name: string; change: string; ms: number; replayedMs: number; sqlMs: number; current: Outcome; proposed: Outcome; points: number }[] = [];
    for (const c of cases) {
      const rule = await view(c.key);
      const proposed = { ...rule, condition: c.edit(rule.condition) };
      const started = performance.now();
      const res = await t.call(admin, { method: 'POST', url: `/api/v1/alert-rules/${rule.id as string}/backtest`, payload: { days: DAYS, proposed } });
      const ms = performance.now() - started;
      if (res.statusCode !== 200) throw new Error(`${c.key}: ${res.body}`);
      const body = res.json() as { current: Outcome; proposed: Outcome; elapsedMs: number; chart: { points: unknown[] } };
      results.push({ name: c.name, change: c.change, ms, replayedMs: body.elapsedMs, sqlMs: sql[c.sql].ms, current: body.current, proposed: body.proposed, points: body.chart.points.length });
    }

    const fmt = (ms: number) => Math.round(ms).toLocaleString('en');
    const fired = (o: Outcome) => (o ? `${o.alerts} / ${Math.round(o.firingMinutes).toLocaleString('en')} min` : '–');
    console.log(`backtest, ${DAYS} days of the demo campus (251 devices): ${filled.rollups.toLocaleString('en')} roll-ups (gates from ${LEARN_WEEKS} weeks earlier), ${filled.transactions.toLocaleString('en')} transactions, ${filled.heartbeats.toLocaleString('en')} server heartbeats`);
    console.log(`simulated 2 days in ${fmt(filled.simulatedMs)} ms, wrote the tables in ${fmt(filled.fillMs)} ms; SQLite WAL, ${os.cpus().length} cores (${os.cpus()[0]?.model ?? 'unknown cpu'}), Node.js ${process.version}`);
    console.log('| rule | backtest ms (HTTP) | SQL aggregation ms | ratio | saved rule fired | proposal | proposal fired | chart points |');
    console.log('|---|---:|---:|---:|---:|---|---:|---:|');
    for (const r of results) console.log(`| ${r.name} | ${fmt(r.ms)} | ${fmt(r.sqlMs)} | ${(r.ms / r.sqlMs).toFixed(1)} | ${fired(r.current)} | ${r.change} | ${fired(r.proposed)} | ${r.points} |`);
    // The morning the gates of one site lost their traffic: did the edited baseline catch it?
    const dropAt = filled.dropDay + 8 * 3_600_000;
    const caught = (results[3]!.proposed?.intervals ?? []).filter((i) => i.labels.site === filled.droppedSite && Date.parse(i.start) >= dropAt && Date.parse(i.start) < dropAt + 50 * MINUTE);
    console.log(`the gate drop (${filled.droppedSite}, ${new Date(filled.dropDay + ZONE_OFFSET).toISOString().slice(0, 10)} 08:00–08:40): the edited baseline fired for ${caught.length} of its gates (${caught.map((i) => `${i.series} at ${i.start.slice(11, 16)} UTC`).join(', ') || 'none'})`);
    console.log(`load average while it ran: ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`);
    console.log('baseline: the plain SQL aggregation (count, sum, max per device or site) of the rows each backtest reads, on the same database');
    const slowest = Math.max(...results.map((r) => r.ms));
    const sqlTotal = results.reduce((s, r) => s + r.sqlMs, 0);
    const total = results.reduce((s, r) => s + r.ms, 0);
    console.log(
      `BENCH ${JSON.stringify({
        name: 'backtest',
        days: DAYS,
        thresholdMs: Math.round(results[0]!.ms),
        vitalMs: Math.round(results[1]!.ms),
        ratioMs: Math.round(results[2]!.ms),
        baselineMs: Math.round(results[3]!.ms),
        slowestMs: Math.round(slowest),
        sqlMs: Math.round(sqlTotal),
        ratio: Number((total / sqlTotal).toFixed(1)),
      })}`,
    );
  } finally {
    await t.close();
  }
}

await main();
