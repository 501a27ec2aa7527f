/**
 * Durable ingest through the HTTP batch API on the embedded SQLite (WAL, synchronous=FULL), driven by the estate
 * simulator's events for its campus (registered first through the import API), against a baseline measured in the same run: a bare batched better-sqlite3 insert of the same
 * event rows into the same table. Also the MQTT path when a broker answers on 127.0.0.1:1883.
 *
 *   npm run bench:ingest [-- --events 600000 --concurrency 8 --batch 1000 --mqtt-events 200000 --profile DIR]
 *
 * --profile DIR writes a CPU profile of every thread of the HTTP run's server (main, ingest writer, checkpointer) into
 * DIR (`node --cpu-prof`), to see where the time goes; the figures of a profiled run are not comparable.
 *
 * Eight concurrent senders by default: a campus posts from many collectors at once (gateways, kiosks, the ticket
 * office), and group commit is what turns that concurrency into fewer commits.
 */
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import mqtt from 'mqtt';
import { openDatabase } from '../server/db/database.ts';
import { migrateToLatest } from '../server/db/migrator.ts';
import type { Envelope } from '../server/modules/ingest/envelope.ts';
import { demoEstateCsv } from '../server/demo.ts';
import { demoCampus } from '../server/simulator/estate.ts';
import { EventGenerator } from '../server/simulator/generator.ts';
import { ADMIN_PASSWORD } from '../server/testing/app.ts';
import { createToken, startServerProcess } from '../server/testing/server-process.ts';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const EVENTS = arg('events', 600_000);
const BATCH = arg('batch', 1000);
const CONCURRENCY = arg('concurrency', 8);
const MQTT_EVENTS = arg('mqtt-events', 200_000);
const MQTT_PER_MESSAGE = arg('mqtt-per-message', 500);
const MQTT_URL = 'mqtt://127.0.0.1:1883';
const PROFILE_DIR = (() => {
  const i = process.argv.indexOf('--profile');
  return i > 0 ? path.resolve(process.argv[i + 1] ?? '.') : null;
})();

/** The simulator's campus, compressed in time: as many events as asked, in batches, in the order they happened. */
function simulatorBatches(count: number, seed: number): Envelope[][] {
  const estate = demoCampus();
  const hours = Math.ceil(count / 25_000) + 1;
  const now = Date.now();
  const generator = new EventGenerator({ estate, seed, startMs: now - hours * 3_600_000, durationMs: hours * 3_600_000, rate: 1 });
  const batches: Envelope[][] = [];
  let total = 0;
  while (total < count && !generator.done) {
    const out: Envelope[] = [];
    generator.take(Infinity, Math.min(BATCH, count - total), out);
    if (out.length === 0) break;
    batches.push(out);
    total += out.length;
  }
  return batches;
}

const perSec = (n: number, ms: number) => Math.round((n / ms) * 1000);

/**
 * CPU seconds a process has used so far, all its threads (Linux /proc; null elsewhere). Unlike events/s, it hardly
 * moves when other work shares the cores, so it compares two versions of the code on a busy machine.
 */
function cpuSeconds(pid: number | undefined): number | null {
  try {
    const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100; // utime + stime, in clock ticks (USER_HZ = 100)
  } catch {
    return null;
  }
}
const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? 0;
};

/**
 * POSTs one body over a keep-alive connection. node:http rather than fetch: the load generator shares the two cores
 * with the server, and fetch costs it several times the CPU for the same requests.
 */
function post(agent: http.Agent, url: URL, token: string, body: Buffer): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      url,
      { method: 'POST', agent, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'content-length': body.length } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString() }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

async function httpRun(batches: Buffer[], sizes: number[]) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'opsdesk-bench-ingest-'));
  const server = await startServerProcess({
    dataDir: dir,
    env: { OPSDESK_ADMIN_PASSWORD: ADMIN_PASSWORD, OPSDESK_RATE_LIMIT_PER_MINUTE: '0', OPSDESK_LOG_LEVEL: 'error' },
    ...(PROFILE_DIR && { nodeArgs: ['--cpu-prof', '--cpu-prof-dir', PROFILE_DIR] }),
  });
  try {
    const token = await createToken(server.url, ADMIN_PASSWORD, ['ingest:write', 'estate:write', 'sites:write']);
    await registerEstate(server.url, token);
    const latencies: number[] = [];
    let next = 0;
    let accepted = 0;
    let retried = 0;
    const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY });
    const ingestUrl = new URL(`${server.url}/api/v1/ingest?results=errors`);
    const started = performance.now();
    const cpuBefore = cpuSeconds(server.child.pid);
    const sender = async () => {
      for (let i = next++; i < batches.length; i = next++) {
        for (;;) {
          const t0 = performance.now();
          const res = await post(agent, ingestUrl, token, batches[i]!);
          const body = JSON.parse(res.body) as { accepted?: number; rejected?: number };
          if (res.status === 503 || res.status === 429) {
            retried++;
            await new Promise((r) => setTimeout(r, 50));
            continue;
          }
          if (res.status !== 200) throw new Error(`ingest answered ${res.status}: ${JSON.stringify(body)}`);
          if (body.rejected) throw new Error(`${body.rejected} simulator events were rejected`);
          latencies.push(performance.now() - t0);
          accepted += body.accepted ?? 0;
          break;
        }
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, sender));
    const ms = performance.now() - started;
    const cpuAfter = cpuSeconds(server.child.pid);
    agent.destroy();
    const total = sizes.reduce((a, b) => a + b, 0);
    if (accepted !== total) throw new Error(`accepted ${accepted} of ${total}`);
    // The server's CPU per 1,000 events while it took them in (every thread: main, ingest writer, checkpointer).
    const serverCpuMsPer1000 = cpuBefore !== null && cpuAfter !== null ? Math.round(((cpuAfter - cpuBefore) * 1000 * 1000) / total) : null;
    return { eventsPerSec: perSec(total, ms), p99AckMs: Math.round(percentile(latencies, 0.99)), p50AckMs: Math.round(percentile(latencies, 0.5)), retried, serverCpuMsPer1000 };
  } finally {
    await server.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Registers the simulated campus first, as a real installation would have it: the pipeline then does its real work per
 * batch (device lookups, last-seen, health changes) rather than filling the discovered list.
 */
async function registerEstate(url: string, token: string) {
  const post = async (kind: string, csv: string) => {
    const res = await fetch(`${url}/api/v1/imports/${kind}`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'text/csv' }, body: csv });
    if (!res.ok) throw new Error(`importing ${kind} failed: ${res.status} ${await res.text()}`);
  };
  const csv = demoEstateCsv();
  await post('sites', csv.sites);
  await post('devices', csv.devices);
}

/** The baseline: the same event rows, in the same batches, straight into the same table through better-sqlite3. */
async function baselineRun(batches: Envelope[][]) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'opsdesk-bench-baseline-'));
  const file = path.join(dir, 'opsdesk.sqlite');
  const db = openDatabase({ kind: 'sqlite', file });
  await migrateToLatest(db);
  await db.close();
  const raw = new SQLite(file);
  raw.pragma('journal_mode = WAL');
  raw.pragma('synchronous = FULL');
  const insert = raw.prepare('insert into events (id, kind, ts, received_at, device_code, site_code, source, labels, data) values (?, ?, ?, ?, ?, ?, ?, ?, ?)');
  const write = raw.transaction((batch: Envelope[], now: number) => {
    for (const e of batch) insert.run(e.id, e.kind, Date.parse(e.ts), now, e.device, e.site ?? null, 'http', e.labels ? JSON.stringify(e.labels) : null, JSON.stringify(e.data));
  });
  const started = performance.now();
  let total = 0;
  for (const batch of batches) {
    write(batch, Date.now());
    total += batch.length;
  }
  const ms = performance.now() - started;
  raw.close();
  fs.rmSync(dir, { recursive: true, force: true });
  return { baselinePerSec: perSec(total, ms) };
}

async function brokerUp(): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(1883, '127.0.0.1', () => {
      socket.end();
      resolve(true);
    });
    socket.on('error', () => resolve(false));
  });
}

/** MQTT: publish arrays of envelopes with QoS 1 and time until opsdesk has committed every one. */
async function mqttRun(batches: Envelope[][]) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'opsdesk-bench-mqtt-'));
  const clientId = `opsdesk-bench-${process.pid}`;
  const server = await startServerProcess({ dataDir: dir, env: { OPSDESK_ADMIN_PASSWORD: ADMIN_PASSWORD, OPSDESK_LOG_LEVEL: 'error', OPSDESK_MQTT_URL: MQTT_URL, OPSDESK_MQTT_CLIENT_ID: clientId } });
  const publisher = await mqtt.connectAsync(MQTT_URL, { clientId: `${clientId}-pub` });
  const reader = new SQLite(path.join(dir, 'opsdesk.sqlite'), { readonly: true });
  try {
    await new Promise((r) => setTimeout(r, 500)); // the subscription is set up after "listening"
    const messages: { topic: string; payload: string; size: number }[] = [];
    for (const batch of batches) {
      for (let i = 0; i < batch.length; i += MQTT_PER_MESSAGE) {
        const part = batch.slice(i, i + MQTT_PER_MESSAGE);
        messages.push({ topic: `opsdesk/v1/${part[0]!.site ?? 'campus'}/${part[0]!.device}/batch`, payload: JSON.stringify(part), size: part.length });
      }
    }
    const total = messages.reduce((n, m) => n + m.size, 0);
    const count = () => (reader.prepare('select count(*) as n from events').get() as { n: number }).n;
    const started = performance.now();
    // A bounded window of unacknowledged publishes, so the broker's queue for opsdesk never overflows.
    let next = 0;
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        for (let i = next++; i < messages.length; i = next++) await publisher.publishAsync(messages[i]!.topic, messages[i]!.payload, { qos: 1 });
      }),
    );
    while (count() < total) {
      if (performance.now() - started > 300_000) throw new Error(`only ${count()} of ${total} MQTT events stored`);
      await new Promise((r) => setTimeout(r, 20));
    }
    return { mqttEventsPerSec: perSec(total, performance.now() - started) };
  } finally {
    reader.close();
    await publisher.endAsync();
    await server.stop();
    await (await mqtt.connectAsync(MQTT_URL, { clientId, clean: true })).endAsync();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

async function main() {
  const batches = simulatorBatches(EVENTS, 20261129);
  const sizes = batches.map((b) => b.length);
  const bodies = batches.map((b) => Buffer.from(JSON.stringify(b)));
  const kinds = new Map<string, number>();
  for (const b of batches) for (const e of b) kinds.set(e.kind, (kinds.get(e.kind) ?? 0) + 1);

  const http = await httpRun(bodies, sizes);
  const baseline = await baselineRun(batches);
  const mqttFigures = (await brokerUp()) ? await mqttRun(simulatorBatches(MQTT_EVENTS, 7)) : null;
  const ratio = Number((http.eventsPerSec / baseline.baselinePerSec).toFixed(2));

  const total = sizes.reduce((a, b) => a + b, 0);
  console.log(`ingest, ${total.toLocaleString('en')} simulator events (${[...kinds].map(([k, n]) => `${k} ${n}`).join(', ')}), batches of ${BATCH}, ${CONCURRENCY} concurrent senders`);
  console.log(`SQLite WAL synchronous=FULL, ${os.cpus().length} cores (${os.cpus()[0]?.model ?? 'unknown cpu'}); the sender runs on the same machine`);
  console.log('| path | events/s | baseline rows/s | ratio | p50 ack ms | p99 ack ms | server CPU ms / 1,000 events |');
  console.log('|---|---:|---:|---:|---:|---:|---:|');
  console.log(`| HTTP batch API (parse, validate, store events + transactions + logins + roll-ups + health) | ${http.eventsPerSec.toLocaleString('en')} | ${baseline.baselinePerSec.toLocaleString('en')} | ${ratio} | ${http.p50AckMs} | ${http.p99AckMs} | ${http.serverCpuMsPer1000 ?? ''} |`);
  if (mqttFigures) console.log(`| MQTT, ${MQTT_PER_MESSAGE} envelopes a message, QoS 1, PUBACK after commit | ${mqttFigures.mqttEventsPerSec.toLocaleString('en')} | | | | | |`);
  else console.log('| MQTT | no broker on 127.0.0.1:1883: not measured | | | | | |');
  console.log('baseline: the same event rows, same batches, inserted by better-sqlite3 into the same table (WAL, synchronous=FULL), without HTTP, validation or derived rows');
  console.log('server CPU: what the opsdesk process used while taking the HTTP run in (all threads), per 1,000 events: compares code on a busy machine');
  console.log(`BENCH ${JSON.stringify({ name: 'ingest', eventsPerSec: http.eventsPerSec, baselinePerSec: baseline.baselinePerSec, ratio, p99AckMs: http.p99AckMs, serverCpuMsPer1000: http.serverCpuMsPer1000, mqttEventsPerSec: mqttFigures?.mqttEventsPerSec ?? null })}`);
}

await main();
