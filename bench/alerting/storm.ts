/**
 * The alert storm: the simulator's `switch-down` situation at 10 sites at once. Every device heartbeats every 5 s
 * (2,000 events/s) until, at one instant, the site switch of 10 sites and everything behind it (99 of each site's 100
 * devices) stop; the worker's silence sweep marks them offline and the evaluator does the rest. It must raise exactly
 * 10 parent alerts (source topology, one switch-down per site), with the silent terminals' alerts as their children,
 * and then stay quiet: the rows written are counted, and counted again 35 s later.
 *
 * To keep the run short the estate's silence threshold is 60 s (OPSDESK_DEVICE_SILENCE_SECONDS) instead of 180 s and
 * the default `terminal-silent` rule waits 1 minute instead of 3: as shipped, the rule waits exactly the silence
 * threshold, so a terminal's alert fires as soon as the sweep marks it offline, and so it does here.
 */
import http from 'node:http';
import { buildBenchEstate, insertEstate, type BenchDevice } from './estate.ts';
import { postBatch } from './http.ts';
import { round1, sleep } from './measure.ts';
import { FRONT_LINE_TYPES, insertRules } from './rules.ts';
import { createBenchDb, startBenchServer, waitForEvaluator } from './server.ts';
import { createTelemetry } from './telemetry.ts';

const STORM_SITES = 10;
const HEARTBEAT_EVERY_MS = 5_000;
const SEND_EVERY_MS = 250;

export async function runStorm(o: { log: (line: string) => void }) {
  const estate = buildBenchEstate(100);
  // Every tenth site, so the storm is spread over the estate, not its first rows.
  const targets = estate.siteSwitches.filter((_, i) => i % (estate.siteSwitches.length / STORM_SITES) === 0).slice(0, STORM_SITES);
  const silent = new Set<string>();
  for (const sw of targets) {
    silent.add(sw.id);
    for (const d of estate.downstreamOf(sw.id)) silent.add(d.id);
  }
  const expectedChildren = estate.devices.filter((d) => silent.has(d.id) && FRONT_LINE_TYPES.includes(d.type)).length;

  const bench = await createBenchDb('sqlite', null);
  const k = bench.db.kysely;
  const now = Date.now();
  await insertEstate(k, estate, now);
  await insertRules(
    k,
    {
      probeDevices: (estate.byType.get('server') ?? []).map((d) => d.code),
      enabled: true,
      silenceMinutes: 1,
      own: true,
      adjust: (def) => (def.key === 'terminal-silent' && def.condition.kind === 'absence' ? { ...def, condition: { ...def.condition, minutes: 1 } } : def),
    },
    now,
  );
  const { server, token } = await startBenchServer(bench, { OPSDESK_DEVICE_SILENCE_SECONDS: '60' });
  const agent = new http.Agent({ keepAlive: true, maxSockets: 8 });
  const url = new URL(`${server.url}/api/v1/ingest?results=errors`);
  const telemetry = createTelemetry(estate, 'storm');
  let reporting: BenchDevice[] = estate.devices;
  let running = true;
  let at = 0;
  const perSend = Math.ceil((estate.devices.length * SEND_EVERY_MS) / HEARTBEAT_EVERY_MS);
  const heartbeats = (async () => {
    const start = performance.now();
    for (let n = 0; running; n++) {
      const wait = start + n * SEND_EVERY_MS - performance.now();
      if (wait > 0) await sleep(wait);
      const list = reporting;
      const part: BenchDevice[] = [];
      for (let i = 0; i < perSend && list.length > 0; i++) part.push(list[at++ % list.length]!);
      await postBatch(agent, url, token, telemetry.heartbeats(part, new Date().toISOString()));
    }
  })();

  try {
    // Every device heard from (first reports: online), and the evaluator through them.
    await sleep(HEARTBEAT_EVERY_MS + 2_000);
    await waitForEvaluator(bench.db, 120_000);
    await sleep(5_000);
    const before = await counts();
    o.log(`storm: ${silent.size} devices behind ${targets.length} site switches fall silent (${expectedChildren} of them terminals with the 1-minute absence rule)`);
    reporting = estate.devices.filter((d) => !silent.has(d.id));
    const stormAt = Date.now();
    const t0 = performance.now();
    let firstParentMs: number | null = null;
    let allParentsMs: number | null = null;
    let allChildrenMs: number | null = null;
    for (;;) {
      const c = await counts();
      const elapsed = performance.now() - t0;
      if (firstParentMs === null && c.parents > 0) firstParentMs = elapsed;
      if (allParentsMs === null && c.parents >= targets.length) allParentsMs = elapsed;
      if (allChildrenMs === null && c.childrenFiring >= expectedChildren) allChildrenMs = elapsed;
      if (allChildrenMs !== null || elapsed > 180_000) break;
      await sleep(250);
    }
    await waitForEvaluator(bench.db, 60_000);
    const settled = await counts();
    // Long enough for the notification groups' first wait (30 s) to pass: what paging is told is counted too.
    await sleep(35_000);
    const later = await counts();
    const parents = await k.selectFrom('alerts').select(['name', 'detail', 'device_id', 'state', 'created_at', 'resolved_at']).where('source', '=', 'topology').execute();
    const transient = parents.filter((p) => p.state === 'resolved');
    const lived = transient.map((p) => Number(p.resolved_at) - Number(p.created_at));
    const sweeps = await k
      .selectFrom('domain_events')
      .select(['at', (eb) => eb.fn.countAll<number>().as('n')])
      .where('type', '=', 'device.health')
      .where('at', '>=', stormAt)
      .groupBy('at')
      .orderBy('at')
      .execute();
    const kinds = await k.selectFrom('alert_events').select(['kind', (eb) => eb.fn.countAll<number>().as('n')]).groupBy('kind').execute();
    const notices = (await k.selectFrom('domain_events').select('payload').where('type', '=', 'alert.notify').execute()).map((r) => JSON.parse(r.payload) as { firing: string[]; labels: Record<string, string> });
    const childIds = new Set((await k.selectFrom('alerts').select('id').where('parent_id', 'is not', null).execute()).map((r) => r.id));
    const notifiedChildren = notices.reduce((n, x) => n + x.firing.filter((id) => childIds.has(id)).length, 0);
    const targetIds = new Set(targets.map((t) => t.id));

    console.log(`\n### alert storm on SQLite: the site switch down at ${targets.length} sites at once (${silent.size} of 10,000 devices silent)`);
    console.log('| | figure |');
    console.log('|---|---:|');
    console.log(`| parent alerts (source topology) | ${parents.length}: ${summariseParents(parents, targetIds)} |`);
    console.log(`| of those, raised and resolved again while the sweep's health changes were handled one by one | ${transient.length}${lived.length ? ` (open ${Math.min(...lived)}–${Math.max(...lived)} ms)` : ''} |`);
    console.log(`| device.health events of the storm, by sweep | ${sweeps.map((x) => Number(x.n)).join(' + ')} |`);
    console.log(`| child alerts (terminal-silent, attached to a parent) / terminals behind the switches | ${settled.childrenFiring} / ${expectedChildren} |`);
    console.log(`| device alerts of the silent devices left without a parent | ${settled.orphans} |`);
    console.log(`| silence → first parent / all ${targets.length} parents / all children firing, s | ${fmt(firstParentMs)} / ${fmt(allParentsMs)} / ${fmt(allChildrenMs)} |`);
    console.log(`| alert rows written by the storm | ${settled.alerts - before.alerts} |`);
    console.log(`| alert_events rows written by the storm (${kinds.map((x) => `${x.kind} ${Number(x.n)}`).join(', ')}) | ${settled.alertEvents - before.alertEvents} |`);
    console.log(`| alert.changed events written by the storm | ${settled.changed - before.changed} |`);
    const notifiedNames = new Map<string, number>();
    for (const x of notices) notifiedNames.set(x.labels.alertname ?? '?', (notifiedNames.get(x.labels.alertname ?? '?') ?? 0) + x.firing.length);
    console.log(`| alert.notify events / alerts named in them (${[...notifiedNames].map(([name, n]) => `${name} ${n}`).join(', ') || 'none'}) / children among them | ${notices.length} / ${notices.reduce((n, x) => n + x.firing.length, 0)} / ${notifiedChildren} |`);
    console.log(`| rows written in the 35 s after it settled: alerts / alert_events | ${later.alerts - settled.alerts} / ${later.alertEvents - settled.alertEvents} |`);
    console.log(`(silence threshold 60 s and terminal-silent at 1 minute, in the shipped proportion (180 s, 3 minutes); the worker's sweep and the alerting tick every 5 s)`);
    return { parents: parents.length, children: settled.childrenFiring, alertRows: settled.alerts - before.alerts, alertEventRows: settled.alertEvents - before.alertEvents };
  } finally {
    running = false;
    await heartbeats.catch(() => {});
    agent.destroy();
    await server.stop();
    await bench.destroy();
  }

  async function counts() {
    const n = async (q: Promise<{ n: number | string | bigint } | undefined>) => Number((await q)?.n ?? 0);
    const alerts = await n(k.selectFrom('alerts').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst());
    const alertEvents = await n(k.selectFrom('alert_events').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst());
    const parents = await n(k.selectFrom('alerts').select((eb) => eb.fn.countAll<number>().as('n')).where('source', '=', 'topology').where('state', '<>', 'resolved').executeTakeFirst());
    const childrenFiring = await n(
      k.selectFrom('alerts').select((eb) => eb.fn.countAll<number>().as('n')).where('source', '=', 'rule').where('state', '=', 'firing').where('parent_id', 'is not', null).executeTakeFirst(),
    );
    const orphans = await n(
      k.selectFrom('alerts').select((eb) => eb.fn.countAll<number>().as('n')).where('source', '=', 'rule').where('state', '<>', 'resolved').where('parent_id', 'is', null).where('device_id', 'in', [...silent]).executeTakeFirst(),
    );
    const changed = await n(k.selectFrom('domain_events').select((eb) => eb.fn.countAll<number>().as('n')).where('type', '=', 'alert.changed').executeTakeFirst());
    return { alerts, alertEvents, parents, childrenFiring, orphans, changed };
  }
}

const fmt = (ms: number | null) => (ms === null ? 'never' : String(round1(ms / 1000)));

function summariseParents(rows: { name: string; detail: string; device_id: string | null; state: string }[], targets: ReadonlySet<string>): string {
  const byName = new Map<string, number>();
  let onTarget = 0;
  for (const r of rows) {
    byName.set(`${r.name} (${r.state})`, (byName.get(`${r.name} (${r.state})`) ?? 0) + 1);
    if (r.device_id && targets.has(r.device_id)) onTarget++;
  }
  const shown = rows.find((r) => r.state !== 'resolved') ?? rows[0];
  const sample = shown ? (JSON.parse(shown.detail) as { values: Record<string, unknown> }).values : null;
  return `${[...byName].map(([k, v]) => `${v} ${k}`).join(', ')}; ${onTarget} on the site switches that failed${sample ? `; e.g. offline ${String(sample.offline)} of ${String(sample.total)} behind ${String(sample.device)}` : ''}`;
}
