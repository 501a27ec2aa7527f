/**
 * The outbox's throughput to a local webhook receiver, in the benchmark's own process (no HTTP server): a migrated
 * database with the application's services (createServices, as the CLI builds them), a webhook channel without a
 * rate limit, N notification rows enqueued through the outbox as escalations enqueue them (one order per row, two
 * people on duty named in each), then the deliverer draining them — a stream of claims, up to 16 sends in flight
 * (8 to one channel: here there is one), receipts written as sends finish — timed from the first claim to the last
 * receipt.
 *
 * Baseline, in the same run: the same bodies (the JSON the webhook channel sends, signed the same way) POSTed with
 * plain `fetch` to the same receiver at the same concurrency (16), without the database; once before and once after
 * the drain, so a machine that slowed down meanwhile shows. For reference, the same POSTs once more with node:http
 * over a keep-alive agent: what the HTTP client itself costs.
 */
import fs from 'node:fs';
import http from 'node:http';
import { Session } from 'node:inspector/promises';
import os from 'node:os';
import path from 'node:path';
import { systemClock } from '../../server/clock.ts';
import { loadConfig } from '../../server/config.ts';
import { createExternalAlerts } from '../../server/modules/alerting/index.ts';
import { loadOrCreateSigningKey } from '../../server/modules/audit/index.ts';
import { systemContext } from '../../server/modules/auth/index.ts';
import type { ChannelMessage } from '../../server/modules/notify/channels/channel.ts';
import { webhookBody, webhookSignature } from '../../server/modules/notify/channels/webhook.ts';
import type { NotifyOrder } from '../../server/modules/notify/index.ts';
import { createServices } from '../../server/services.ts';
import { percentile, perSec } from '../alerting/measure.ts';
import { createBenchDb, type BenchDialect } from '../alerting/server.ts';
import { startReceivers } from './receivers.ts';

export interface ThroughputOptions {
  dialect: BenchDialect;
  pgUrl: string | null;
  notifications: number;
  concurrency: number;
  /** write a CPU profile of this process over the drain alone (the enqueue and the baselines left out) here */
  profileDir?: string | null;
  log: (line: string) => void;
}

export interface ThroughputFigures {
  dialect: BenchDialect;
  notifications: number;
  enqueue: { ms: number; perSec: number };
  drain: { ms: number; perSec: number; sent: number; otherStates: Record<string, number> };
  baseline: { beforePerSec: number; afterPerSec: number; perSec: number; nodeHttpPerSec: number };
  ratio: number;
  /** what the receiver got during the drain: every call, distinct notification ids, bad signatures, repeats */
  receiver: { arrivals: number; distinct: number; invalid: number; duplicates: number };
  /** the drain's receipt writes, and its time with at least one send in flight against its time with none */
  rounds: Awaited<ReturnType<typeof rounds>>;
  loadavg: string;
}

const SECRET = 'whsec-bench-0123456789abcdef';
const ORDERS_PER_TRANSACTION = 1000;
const ALERTS = 100;

export async function runThroughput(o: ThroughputOptions): Promise<ThroughputFigures> {
  const bench = await createBenchDb(o.dialect, o.pgUrl);
  const receivers = await startReceivers(SECRET);
  const config = loadConfig({ OPSDESK_DATA_DIR: bench.dir, OPSDESK_PUBLIC_URL: 'https://ops.example.edu', ...bench.env }, {}, bench.dir);
  const services = createServices({ db: bench.db, clock: systemClock, config, signer: loadOrCreateSigningKey(config.audit.signingKeyPath) });
  const k = bench.db.kysely;
  const loadavg = os.loadavg().map((l) => l.toFixed(1)).join(' ');
  try {
    const system = systemContext('bench');
    await services.roles.ensureBuiltIns(system);
    const people: { id: string; displayName: string }[] = [];
    for (const [username, displayName] of [['duty1', '值班一'], ['duty2', '值班二']] as const) {
      people.push(await services.users.create(system, { username, displayName, email: `${username}@campus.example`, password: 'Lantern-Orchid-Pebble-4', roleIds: ['engineer'], siteIds: null }));
    }
    const channel = await services.channels.create(system, { name: 'bench webhook', kind: 'webhook', settings: { url: receivers.webhookUrl, secret: SECRET } });

    // Alerts to page about: escalations name real alerts, and the outbox words each message from them.
    const external = createExternalAlerts({ db: bench.db, clock: systemClock, events: services.events });
    const raised = await external.receive(
      'alertmanager',
      Array.from({ length: ALERTS }, (_, i) => ({ fingerprint: null, status: 'firing' as const, labels: { alertname: `BenchThroughput${i}`, severity: 'critical' }, annotations: { summary: `bench alert ${i}` }, startsAt: Date.now(), endsAt: null, generatorUrl: null })),
    );
    const alertIds = raised.map((r) => r.alertId!);

    o.log(`${o.dialect}: enqueueing ${o.notifications.toLocaleString('en')} notifications`);
    let started = performance.now();
    for (let i = 0; i < o.notifications; i += ORDERS_PER_TRANSACTION) {
      const now = Date.now();
      const orders: NotifyOrder[] = Array.from({ length: Math.min(ORDERS_PER_TRANSACTION, o.notifications - i) }, (_, j) => ({
        key: `bench:${i + j}`,
        kind: 'alert',
        alertIds: [alertIds[(i + j) % ALERTS]!],
        level: 1,
        siteId: null,
        groupKey: `bench-${(i + j) % ALERTS}`,
        escalationId: null,
        step: 0,
        userIds: people.map((p) => p.id),
        channelIds: [channel.id],
      }));
      await k.transaction().execute((trx) => services.notifyCore.outbox.enqueue(trx, orders, now));
    }
    const enqueueMs = performance.now() - started;

    // The baseline's bodies: what the webhook channel sends for each row (webhook.ts), people named as the deliverer names them.
    const rows = await k.selectFrom('notifications').select(['id', 'message']).where('channel_id', '=', channel.id).execute();
    if (rows.length !== o.notifications) throw new Error(`the outbox holds ${rows.length} rows, ${o.notifications} were enqueued`);
    const recipients = people.map((p) => ({ userId: p.id, name: p.displayName, address: null, mobile: null, vendorId: null }));
    const bodies = rows.map((r) => JSON.stringify(webhookBody(JSON.parse(r.message) as ChannelMessage, recipients)));

    o.log(`${o.dialect}: baseline (plain fetch, ${o.concurrency} at a time)`);
    const before = await postAll(receivers.webhookUrl, bodies, o.concurrency);

    o.log(`${o.dialect}: the deliverer drains the outbox`);
    await receivers.waitForTotal(o.notifications, 10_000);
    receivers.reset();
    const profiler = o.profileDir ? await startProfile() : null;
    const drainStartedAt = Date.now();
    started = performance.now();
    await services.notifyCore.deliverer.runOnce();
    const drainMs = performance.now() - started;
    const drainEndedAt = Date.now();
    if (profiler) await profiler.stop(path.join(o.profileDir!, `${o.dialect}-drain.cpuprofile`));
    await receivers.waitForTotal(o.notifications, 10_000);
    const states = await k.selectFrom('notifications').select(['state', (eb) => eb.fn.countAll<number>().as('n')]).where('channel_id', '=', channel.id).groupBy('state').execute();
    const drainReceived = { arrivals: receivers.total(), distinct: receivers.first.size, invalid: receivers.counts.invalid, duplicates: receivers.counts.duplicates };
    const byState = Object.fromEntries(states.map((s) => [s.state, Number(s.n)]));
    const sent = byState.sent ?? 0;
    delete byState.sent;

    o.log(`${o.dialect}: baseline again, then with node:http`);
    const after = await postAll(receivers.webhookUrl, bodies, o.concurrency);
    const nodeHttp = await postAll(receivers.webhookUrl, bodies, o.concurrency, 'node:http');

    const drainPerSec = perSec(sent, drainMs);
    const baselinePerSec = Math.round((before.perSec + after.perSec) / 2);
    return {
      dialect: o.dialect,
      notifications: o.notifications,
      enqueue: { ms: Math.round(enqueueMs), perSec: perSec(o.notifications, enqueueMs) },
      drain: { ms: Math.round(drainMs), perSec: drainPerSec, sent, otherStates: byState },
      baseline: { beforePerSec: before.perSec, afterPerSec: after.perSec, perSec: baselinePerSec, nodeHttpPerSec: nodeHttp.perSec },
      ratio: Number((drainPerSec / baselinePerSec).toFixed(2)),
      receiver: drainReceived,
      rounds: await rounds(k, channel.id, drainStartedAt, drainEndedAt),
      loadavg,
    };
  } finally {
    await services.notifyCore.close();
    await receivers.close();
    await bench.destroy();
  }
}

/** A CPU profile of this thread (the deliverer's), from now until stop. */
async function startProfile() {
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
  return {
    async stop(file: string) {
      const { profile } = await session.post('Profiler.stop');
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, JSON.stringify(profile));
      session.disconnect();
    },
  };
}

/** Plain POSTs of the bodies, signed as the channel signs them, `concurrency` at a time; every answer read. */
async function postAll(url: string, bodies: readonly string[], concurrency: number, client: 'fetch' | 'node:http' = 'fetch'): Promise<{ ms: number; perSec: number }> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
  const viaNodeHttp = (headers: Record<string, string>, raw: string) =>
    new Promise<number>((resolve, reject) => {
      const req = http.request(url, { method: 'POST', agent, headers: { ...headers, 'content-length': String(Buffer.byteLength(raw)) } }, (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
        res.on('error', reject);
      });
      req.on('error', reject);
      req.end(raw);
    });
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (let i = next++; i < bodies.length; i = next++) {
        const raw = bodies[i]!;
        const timestamp = Math.floor(Date.now() / 1000);
        const id = (JSON.parse(raw) as { id: string }).id;
        const headers = { 'user-agent': 'opsdesk', 'content-type': 'application/json; charset=utf-8', 'x-opsdesk-timestamp': String(timestamp), 'x-opsdesk-signature': webhookSignature(SECRET, timestamp, raw), 'x-opsdesk-delivery': id };
        let status: number;
        if (client === 'node:http') status = await viaNodeHttp(headers, raw);
        else {
          const res = await fetch(url, { method: 'POST', headers, body: raw, redirect: 'manual' });
          await res.text();
          status = res.status;
        }
        if (status < 200 || status >= 300) throw new Error(`baseline: the receiver answered ${status}`);
      }
    }),
  );
  const ms = performance.now() - started;
  agent.destroy();
  return { ms, perSec: perSec(bodies.length, ms) };
}

/**
 * Where the drain's time went, from its own receipts. The deliverer writes the receipts of the sends that finished
 * in the last few milliseconds together, with one `now`, so the rows sharing a `sent_at` are one receipt write
 * (`rounds`). The send phase is the time with at least one send in flight (the union of the attempts' spans, from
 * their start to start + duration); the rest of the drain — claiming, reading the channel and the people, writing
 * receipts while nothing is in flight — is database time between sends.
 */
async function rounds(k: Awaited<ReturnType<typeof createBenchDb>>['db']['kysely'], channelId: string, drainStartedAt: number, drainEndedAt: number) {
  const writes = await k
    .selectFrom('notifications')
    .select((eb) => eb.fn.count<number>('sent_at').distinct().as('n'))
    .where('channel_id', '=', channelId)
    .where('sent_at', 'is not', null)
    .executeTakeFirst();
  const sends = await k.selectFrom('notification_attempts').select(['at', 'duration_ms']).where('channel_id', '=', channelId).orderBy('at').execute();
  let sendMs = 0;
  let reach = -Infinity;
  for (const { at, duration_ms } of sends) {
    const start = Math.max(Number(at), reach);
    const end = Number(at) + duration_ms;
    if (end > start) sendMs += end - start;
    reach = Math.max(reach, end);
  }
  const durations = sends.map((s) => s.duration_ms);
  return {
    rounds: Number(writes?.n ?? 0),
    sendPhaseMs: sendMs,
    betweenMs: drainEndedAt - drainStartedAt - sendMs,
    sendP50Ms: percentile(durations, 0.5),
    sendP99Ms: percentile(durations, 0.99),
  };
}
