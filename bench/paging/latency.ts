/**
 * Paging latency on a real `opsdesk serve` (SQLite, or PostgreSQL): the bench:alerting estate of 10,000 devices
 * written directly, the 7 default rules, the paging of setup.ts (the engineer on duty and the lead, e-mail to a local
 * SMTP sink, a signed webhook to a local receiver), background telemetry through the ingest API, and alerts driven one every
 * `everyMs` (drive.ts: three of the simulator's scenarios through ingest, and external alerts from Alertmanager), each
 * a notification group of its own.
 *
 * Times, all wall-clock epoch ms on the one machine (the server stamps its rows with Date.now(), the receivers and the
 * benchmark use it too):
 *
 * - event committed: the first poll of the benchmark's own connection that found the event's row (watch.ts; not the
 *   answer to its request, which a saturated server sends long after the commit — that lag is reported too);
 * - group scheduled: alert_groups.first_at, the evaluator's time when it took the alert in — the `at` of the event
 *   it was handling, for an ingest batch the instant the request arrived, so usually a little before the commit;
 *   the group is due 30 s later (GROUP_TIMING.groupWaitMs), its flush_at;
 * - tick: the `at` of the alerting.tick that flushed the group — the evaluator's wake at flush_at, or the 5 s cron
 *   job if that came first — also the alert.notify's `at` (and its notifications' created_at);
 * - alert.notify committed: first seen by the benchmark's poll of domain_events (watch.ts);
 * - notifications written: the escalator's notify.queued for that alert.notify, seen the same way (the escalator
 *   handles the alert.notify events in order and each escalation's first step writes one notify.queued with the
 *   tick's `at`: the first unclaimed notify.queued after an alert.notify with its `at` is its own);
 * - send started: the notification's first attempt's `at`, as the deliverer stamps it before calling the channel;
 * - handed over: the receiver has the whole request or mail (receivers.worker.ts);
 * - receipt: the notification's sent_at, written after the channel answered.
 */
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { insertEstate, buildBenchEstate } from '../alerting/estate.ts';
import { postBatch } from '../alerting/http.ts';
import { cpuBetween, percentile, round1, sampleCpu, sleep } from '../alerting/measure.ts';
import { insertRules } from '../alerting/rules.ts';
import { createBenchDb, startBenchServer, waitForEvaluator, type BenchDialect } from '../alerting/server.ts';
import { createTelemetry } from '../alerting/telemetry.ts';
import { GROUP_TIMING } from '../../server/modules/alerting/engine/grouping.ts';
import { startBackground, type BackgroundFigures } from './background.ts';
import { createDriver, DRIVEN_KINDS, RULE_OF, type Driven, type DrivenKind } from './drive.ts';
import { startReceivers, type Arrival } from './receivers.ts';
import { setUpPaging } from './setup.ts';
import { watchServer, type Committed, type Seen } from './watch.ts';

export interface LatencyOptions {
  dialect: BenchDialect;
  pgUrl: string | null;
  /** background telemetry, events/s, in batches of `batch` */
  rate: number;
  batch: number;
  /** driven alerts, one every `everyMs` */
  alerts: number;
  everyMs: number;
  pollMs: number;
  nodeArgs?: string[];
  env?: Record<string, string>;
  log: (line: string) => void;
}

/** p50 / p99 / max of a span, ms, and how many samples. */
export interface Spread {
  n: number;
  p50: number;
  p99: number;
  max: number;
}

export interface LoopDelay {
  seconds: number;
  samples: number;
  meanMs: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
}

export interface LatencyFigures {
  dialect: BenchDialect;
  background: BackgroundFigures;
  cpu: ReturnType<typeof cpuBetween>;
  /** how late the server's main thread ran its event loop while the alerts were driven and paged (loop-delay.mjs) */
  loopDelay: LoopDelay | null;
  loadavg: string;
  counts: {
    driven: number;
    drivenPaged: number;
    /** driven alerts whose group was paged by another alert's notify, or never */
    drivenUnmatched: number;
    /** driven events whose commit the poll never saw */
    drivenUnseen: number;
    notifies: number;
    notifiesOther: number;
    notifications: number;
    sent: number;
    notArrived: number;
    arrivals: { webhook: number; email: number; invalid: number; duplicates: number };
    /** receiver arrivals that name no notification of this run */
    strays: number;
    /** the deliverer's attempts on the two channels, by outcome (a retry shows as failed or timeout first) */
    attempts: Record<string, number>;
  };
  /** per notification handed over */
  spans: Record<string, Spread>;
  /** event committed → handed over, less the group wait, by driven kind and by channel */
  byKind: Record<string, Spread>;
  byChannel: Record<string, { a: Spread; b: Spread }>;
  pollResolution: Spread;
  /** the alerting.tick events of the measured window, and how many of them the 5 s job appended (the rest: wakes) */
  ticks: { n: number; byJob: number };
}

const SECRET = 'whsec-bench-0123456789abcdef';
const WAIT = GROUP_TIMING.groupWaitMs;

export const spread = (values: readonly number[]): Spread =>
  values.length === 0 ? { n: 0, p50: NaN, p99: NaN, max: NaN } : { n: values.length, p50: round1(percentile(values, 0.5)), p99: round1(percentile(values, 0.99)), max: round1(Math.max(...values)) };

export async function runLatency(o: LatencyOptions): Promise<LatencyFigures> {
  const estate = buildBenchEstate(100);
  const bench = await createBenchDb(o.dialect, o.pgUrl);
  const k = bench.db.kysely;
  const now = Date.now();
  await insertEstate(k, estate, now);
  await insertRules(k, { probeDevices: [], enabled: true, silenceMinutes: 3, own: false }, now);
  const receivers = await startReceivers(SECRET);
  const loopDelayFile = path.join(bench.dir, 'loop-delay.json');
  const { server } = await startBenchServer(
    bench,
    { ...o.env, OPSDESK_BENCH_LOOP_DELAY_FILE: loopDelayFile },
    [...(o.nodeArgs ?? []), '--import', path.join(import.meta.dirname, 'loop-delay.mjs')],
  );
  const agent = new http.Agent({ keepAlive: true, maxSockets: 32 });
  let stopped = false;
  let background: ReturnType<typeof startBackground> | null = null;
  let watch: ReturnType<typeof watchServer> | null = null;
  try {
    const setup = await setUpPaging(server.url, receivers, SECRET);
    const token = setup.token;
    const ingestUrl = new URL(`${server.url}/api/v1/ingest?results=errors`);
    const runTag = `pg${o.dialect[0]}`;
    const telemetry = createTelemetry(estate, runTag);

    // Every device's first heartbeat (10,000 health changes), and the evaluator through them.
    for (let i = 0; i < estate.devices.length; i += 1000) await postBatch(agent, ingestUrl, token, telemetry.heartbeats(estate.devices.slice(i, i + 1000), new Date().toISOString()));
    await waitForEvaluator(bench.db, 120_000);
    o.log(`  ${o.dialect}: estate warm; background ${o.rate.toLocaleString('en')} events/s, ${o.alerts} alerts one every ${o.everyMs} ms`);

    background = startBackground({ agent, url: ingestUrl, token, telemetry, rate: o.rate, batch: o.batch });
    await sleep(10_000);
    watch = watchServer(bench.db, o.pollMs);
    const startedAt = Date.now();
    process.kill(server.child.pid!, 'SIGUSR2'); // the event-loop delay from here on
    const loadavg = os.loadavg().map((l) => l.toFixed(1)).join(' ');
    const cpuA = sampleCpu(server.child.pid!);
    const driver = createDriver({ estate, agent, base: server.url, token, runTag, expect: watch.expect });
    const driven: Driven[] = [];
    const drives: Promise<void>[] = [];
    const refused: unknown[] = [];
    const driveStart = performance.now();
    for (let i = 0; i < o.alerts && refused.length === 0; i++) {
      const wait = driveStart + i * o.everyMs - performance.now();
      if (wait > 0) await sleep(wait);
      drives.push(driver.drive(i).then((d) => void driven.push(d), (error: unknown) => void refused.push(error)));
    }
    await Promise.all(drives);
    if (refused.length > 0) throw refused[0];
    // The last group is due 30 s after it fired; then up to a tick (5 s) and the sends. Wait until nothing is queued.
    const lastDue = Date.now() + WAIT;
    await sleep(WAIT + 5_000);
    for (;;) {
      const queued = Number((await k.selectFrom('notifications').select((eb) => eb.fn.countAll<number>().as('n')).where('state', '=', 'queued').executeTakeFirst())?.n ?? 0);
      if ((queued === 0 && Date.now() > lastDue + 10_000) || Date.now() > lastDue + 60_000) break;
      await sleep(500);
    }
    const cpuB = sampleCpu(server.child.pid!);
    const endedAt = Date.now();
    const bg = await background.stop();
    background = null;
    const { polls } = await watch.stop();
    const { seen, committed } = watch;
    watch = null;
    await sleep(200); // the receivers' last batch of arrivals
    await server.stop();
    stopped = true;
    const loopDelay = fs.existsSync(loopDelayFile) ? (JSON.parse(fs.readFileSync(loopDelayFile, 'utf8')) as LoopDelay) : null;
    o.log(`  ${o.dialect}: ${driven.length} alerts driven, ${[...seen.values()].filter((x) => x.type === 'alert.notify').length} alert.notify seen in ${polls} polls; analysing`);
    const figures = await analyse(k, { driven, seen, committed, arrivals: receivers.first, counts: receivers.counts, startedAt, endedAt, channels: setup.channels });
    return { dialect: o.dialect, background: bg, cpu: cpuBetween(cpuA, cpuB, server.child.pid!), loopDelay, loadavg, ...figures };
  } catch (error) {
    o.log(`  ${o.dialect}: the run failed; the server said:\n${server.output().slice(-4000)}`);
    throw error;
  } finally {
    await background?.stop().catch(() => undefined);
    await watch?.stop();
    agent.destroy();
    if (!stopped) await server.stop();
    await receivers.close();
    await bench.destroy();
  }
}

/** Each alert.notify's notify.queued: the first one after it, not yet taken, with the same `at` (see the top). */
function matchQueued(seen: Map<number, Seen>): Map<number, Seen> {
  const all = [...seen.values()].sort((x, y) => x.position - y.position);
  const taken = new Set<number>();
  const result = new Map<number, Seen>();
  for (const notify of all) {
    if (notify.type !== 'alert.notify') continue;
    const queued = all.find((q) => q.type === 'notify.queued' && q.position > notify.position && q.at === notify.at && !taken.has(q.position));
    if (!queued) continue;
    taken.add(queued.position);
    result.set(notify.position, queued);
  }
  return result;
}

type K = Awaited<ReturnType<typeof createBenchDb>>['db']['kysely'];

interface NotifyPayload {
  groupKey: string;
  reason: 'new' | 'changed' | 'repeat';
  firing: string[];
  at: number;
}

async function analyse(
  k: K,
  r: { driven: Driven[]; seen: Map<number, Seen>; committed: Map<string, Committed>; arrivals: Map<string, Arrival>; counts: { webhook: number; email: number; invalid: number; duplicates: number }; startedAt: number; endedAt: number; channels: { email: string; webhook: string } },
): Promise<Omit<LatencyFigures, 'dialect' | 'background' | 'cpu' | 'loopDelay' | 'loadavg'>> {
  // The alert.notify events of the window that started paging a group (reason new): each started escalation esc_<position>.
  const notifyRows = await k.selectFrom('domain_events').select(['position', 'at', 'payload']).where('type', '=', 'alert.notify').where('at', '>=', r.startedAt).execute();
  const notifies = new Map(notifyRows.map((n) => [Number(n.position), JSON.parse(n.payload) as NotifyPayload]));
  const groups = new Map((await k.selectFrom('alert_groups').select(['group_key', 'first_at']).execute()).map((g) => [g.group_key, Number(g.first_at)]));
  const tickJobs = (await k.selectFrom('jobs').select(['run_at']).where('name', '=', 'alerting.tick').where('run_at', '>=', r.startedAt).where('run_at', '<=', r.endedAt).execute()).length;
  const ticks = (await k.selectFrom('domain_events').select(['at']).where('type', '=', 'alerting.tick').where('at', '>=', r.startedAt).execute()).map((t) => Number(t.at));
  const notifications = await k
    .selectFrom('notifications')
    .select(['id', 'escalation_id', 'group_key', 'channel_id', 'channel_kind', 'state', 'step', 'kind', 'sent_at', 'alert_ids'])
    .where('created_at', '>=', r.startedAt)
    .where('channel_id', 'in', [r.channels.email, r.channels.webhook])
    .execute();
  const attempts = new Map<string, number>();
  const outcomes: Record<string, number> = {};
  for (const a of await k.selectFrom('notification_attempts').select(['notification_id', 'at', 'attempt', 'outcome']).where('at', '>=', r.startedAt).where('channel_id', 'in', [r.channels.email, r.channels.webhook]).execute()) {
    outcomes[a.outcome] = (outcomes[a.outcome] ?? 0) + 1;
    if (a.attempt === 1) attempts.set(a.notification_id, Number(a.at));
  }

  // Driven alerts → their alerts: by id (Alertmanager answers with it), or by rule and what the scenario targeted.
  const rules = new Map((await k.selectFrom('alert_rules').select(['id', 'key']).execute()).map((x) => [x.id, x.key]));
  const alerts = await k.selectFrom('alerts').select(['id', 'rule_id', 'site_id', 'device_id']).where('created_at', '>=', r.startedAt).execute();
  const alertOf = (d: Driven) => {
    if (d.alertId) return alerts.find((a) => a.id === d.alertId);
    const rule = RULE_OF[d.kind as Exclude<DrivenKind, 'alertmanager'>];
    return alerts.find((a) => {
      if (!a.rule_id || rules.get(a.rule_id) !== rule) return false;
      // The account travels masked in the labels; each driven alert has a site of its own among its kind.
      return d.kind === 'ups-on-battery' ? a.device_id === d.device!.id : a.site_id === d.site.id;
    });
  };
  const drivenByAlert = new Map<string, Driven>();
  for (const d of r.driven) {
    const a = alertOf(d);
    if (a) drivenByAlert.set(a.id, d);
  }

  const spans: Record<string, number[]> = {
    a: [],
    aUpper: [],
    b: [],
    c: [],
    cUpper: [],
    answerLag: [],
    eventToScheduled: [],
    dueToTick: [],
    tickToNotify: [],
    notifyToSend: [],
    notifyToQueued: [],
    queuedToSend: [],
    sendToHanded: [],
    handedToReceipt: [],
  };
  const byKind: Record<string, number[]> = Object.fromEntries(DRIVEN_KINDS.map((kind) => [kind, []]));
  const byChannel: Record<string, { a: number[]; b: number[] }> = { webhook: { a: [], b: [] }, email: { a: [], b: [] } };
  const resolution: number[] = [];
  const drivenPaged = new Set<Driven>();
  let sent = 0;
  let notArrived = 0;
  let measured = 0;
  const notifyPositions = new Set<number>();
  const queuedOf = matchQueued(r.seen);
  for (const n of notifications) {
    if (n.kind !== 'alert' || n.step !== 0 || !n.escalation_id?.startsWith('esc_')) continue;
    const position = Number(n.escalation_id.slice(4));
    const notify = notifies.get(position);
    const seen = r.seen.get(position);
    if (!notify || notify.reason !== 'new') continue;
    measured++;
    if (n.state === 'sent') sent++;
    const arrival = r.arrivals.get(n.id);
    if (!arrival) {
      notArrived++;
      continue;
    }
    notifyPositions.add(position);
    const handed = arrival.at;
    const firstAt = groups.get(notify.groupKey);
    const due = firstAt === undefined ? null : firstAt + WAIT;
    const send = attempts.get(n.id);
    const channel = n.channel_kind === 'email' ? 'email' : 'webhook';
    if (seen) {
      spans.a!.push(handed - seen.seenAt);
      spans.aUpper!.push(handed - seen.previousPollAt);
      byChannel[channel]!.a.push(handed - seen.seenAt);
      spans.tickToNotify!.push(seen.seenAt - notify.at);
      if (send !== undefined) spans.notifyToSend!.push(send - seen.seenAt);
      const queued = queuedOf.get(position);
      if (queued) {
        spans.notifyToQueued!.push(queued.seenAt - seen.seenAt);
        if (send !== undefined) spans.queuedToSend!.push(send - queued.seenAt);
      }
    }
    if (due !== null) {
      spans.b!.push(handed - due);
      byChannel[channel]!.b.push(handed - due);
      spans.dueToTick!.push(notify.at - due);
    }
    if (send !== undefined) spans.sendToHanded!.push(handed - send);
    if (n.sent_at !== null) spans.handedToReceipt!.push(Number(n.sent_at) - handed);
    // The driven alerts this notification is about: event committed → handed over, less the group wait.
    for (const id of notify.firing) {
      const d = drivenByAlert.get(id);
      if (!d) continue;
      drivenPaged.add(d);
      const commit = r.committed.get(d.commitKey);
      if (!commit) continue;
      spans.c!.push(handed - commit.seenAt - WAIT);
      spans.cUpper!.push(handed - commit.previousPollAt - WAIT);
      spans.answerLag!.push(d.answeredAt - commit.seenAt);
      byKind[d.kind]!.push(handed - commit.seenAt - WAIT);
      if (firstAt !== undefined) spans.eventToScheduled!.push(firstAt - commit.seenAt);
    }
  }
  for (const p of notifyPositions) {
    const seen = r.seen.get(p);
    if (seen?.type !== 'alert.notify') continue;
    if (seen) resolution.push(seen.seenAt - seen.previousPollAt);
  }
  const ids = new Set(notifications.map((n) => n.id));
  return {
    counts: {
      driven: r.driven.length,
      drivenPaged: drivenPaged.size,
      drivenUnmatched: r.driven.length - drivenPaged.size,
      drivenUnseen: r.driven.filter((d) => !r.committed.has(d.commitKey)).length,
      notifies: notifyPositions.size,
      notifiesOther: [...notifyPositions].filter((p) => !notifies.get(p)!.firing.some((id) => drivenByAlert.has(id))).length,
      notifications: measured,
      sent,
      notArrived,
      arrivals: { ...r.counts },
      strays: [...r.arrivals.keys()].filter((id) => !ids.has(id)).length,
      attempts: outcomes,
    },
    spans: Object.fromEntries(Object.entries(spans).map(([name, v]) => [name, spread(v)])),
    byKind: Object.fromEntries(Object.entries(byKind).map(([name, v]) => [name, spread(v)])),
    byChannel: Object.fromEntries(Object.entries(byChannel).map(([name, v]) => [name, { a: spread(v.a), b: spread(v.b) }])),
    pollResolution: spread(resolution),
    ticks: { n: ticks.filter((t) => t >= r.startedAt && t <= r.endedAt).length, byJob: tickJobs },
  };
}
