import http from 'node:http';
import type { AddressInfo } from 'node:net';
import mqtt from 'mqtt';
import { afterEach, describe, expect, it } from 'vitest';
import type { Envelope } from '../modules/ingest/envelope.ts';
import { demoCampus } from './estate.ts';
import { generateEvents } from './generator.ts';
import { createHttpSender, createMqttSender, parseRetryAfter, SendError, topicOf } from './senders.ts';

const events = (seed: number, minutes = 10): Envelope[] =>
  generateEvents({ estate: demoCampus(), seed, startMs: Date.parse('2026-11-18T12:00:00+08:00'), durationMs: minutes * 60_000 });

type Behaviour = (request: number, ids: string[], res: http.ServerResponse, req: http.IncomingMessage) => boolean;

/** A stand-in for opsdesk's ingest endpoint that stores ids idempotently, misbehaving as told first. */
async function ingestServer(misbehave: Behaviour = () => false) {
  const stored = new Set<string>();
  const received: string[] = [];
  const auth: string[] = [];
  const queries: string[] = [];
  let requests = 0;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const n = requests++;
      auth.push(req.headers.authorization ?? '');
      const url = new URL(req.url ?? '/', 'http://localhost');
      queries.push(url.search);
      if (req.method !== 'POST' || url.pathname !== '/api/v1/ingest') {
        res.writeHead(404).end();
        return;
      }
      const batch = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Envelope[];
      const ids = batch.map((e) => e.id);
      if (misbehave(n, ids, res, req)) return;
      const results = ids.map((id, index) => {
        received.push(id);
        if (stored.has(id)) return { index, id, status: 'duplicate' as const };
        stored.add(id);
        return { index, id, status: 'accepted' as const };
      });
      const count = (s: string) => results.filter((r) => r.status === s).length;
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ results, accepted: count('accepted'), duplicates: count('duplicate'), rejected: 0 }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    stored,
    received,
    auth,
    queries,
    get requests() {
      return requests;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanup.splice(0)) await c();
});

describe('HTTP sender', () => {
  it('honours 429 Retry-After, then delivers everything exactly once', async () => {
    const srv = await ingestServer((n, _ids, res) => {
      if (n !== 0) return false;
      res.writeHead(429, { 'retry-after': '1', 'content-type': 'application/json' }).end('{"error":{"code":"RATE_LIMITED","message":"busy"}}');
      return true;
    });
    cleanup.push(srv.close);
    const batch = events(1, 3);
    expect(batch.length).toBeGreaterThan(2_000);
    const sender = createHttpSender({ target: srv.url, token: 'tok-123', maxInFlight: 2 });
    const started = Date.now();
    for (let i = 0; i < batch.length; i += 1000) await sender.send(batch.slice(i, i + 1000));
    await sender.flush();
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    expect(srv.stored.size).toBe(batch.length);
    expect([...srv.stored].sort()).toEqual(batch.map((e) => e.id).sort());
    expect(srv.received).toHaveLength(batch.length); // the refused batch was not stored, so nothing twice
    expect(sender.totals).toMatchObject({ events: batch.length, accepted: batch.length, duplicates: 0, rejected: 0, retries: 1 });
    expect(new Set(srv.auth)).toEqual(new Set(['Bearer tok-123']));
    expect(new Set(srv.queries)).toEqual(new Set(['?results=errors']));
    await sender.close();
  });

  it('retries 503 and dropped connections; what the server already had comes back as duplicates', async () => {
    const srv = await ingestServer((n, ids, res, req) => {
      if (n === 0) {
        res.writeHead(503).end();
        return true;
      }
      if (n === 1) {
        // stored, then the connection dies before the answer: the sender cannot know, so it re-sends
        for (const id of ids) srv.stored.add(id);
        req.socket.destroy();
        return true;
      }
      return false;
    });
    cleanup.push(srv.close);
    const batch = events(2, 1).slice(0, 500);
    const sender = createHttpSender({ target: srv.url, token: 't', maxInFlight: 1, backoffMs: 10 });
    await sender.send(batch);
    await sender.flush();
    expect(srv.stored.size).toBe(500);
    expect(sender.totals.accepted + sender.totals.duplicates).toBe(500);
    expect(sender.totals.duplicates).toBe(500);
    expect(sender.totals.retries).toBe(2);
  });

  it('fails loudly instead of dropping data when the token is refused', async () => {
    const srv = await ingestServer((_n, _ids, res) => {
      res.writeHead(401, { 'content-type': 'application/json' }).end('{"error":{"code":"UNAUTHENTICATED","message":"bad token"}}');
      return true;
    });
    cleanup.push(srv.close);
    const sender = createHttpSender({ target: srv.url, token: 'wrong' });
    await sender.send(events(3, 1).slice(0, 10));
    await expect(sender.flush()).rejects.toThrow(SendError);
    await expect(sender.send(events(3, 1).slice(0, 10))).rejects.toThrow(/HTTP 401/);
  });

  it('gives up after its retries when the server keeps failing, saying so', async () => {
    const srv = await ingestServer((_n, _ids, res) => {
      res.writeHead(500).end();
      return true;
    });
    cleanup.push(srv.close);
    const sender = createHttpSender({ target: srv.url, token: 't', maxRetries: 2, backoffMs: 5 });
    await sender.send(events(4, 1).slice(0, 3));
    await expect(sender.flush()).rejects.toThrow(/after 3 attempts: HTTP 500/);
  });

  it('counts per-item rejections and keeps a sample', async () => {
    const srv = await ingestServer((_n, ids, res) => {
      const results = ids.map((id, index) => (index === 0 ? { index, id, status: 'rejected', error: { code: 'TS_TOO_OLD', message: 'ts is too old', field: 'ts' } } : { index, id, status: 'accepted' }));
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ results }));
      return true;
    });
    cleanup.push(srv.close);
    const sender = createHttpSender({ target: srv.url, token: 't' });
    await sender.send(events(5, 1).slice(0, 4));
    await sender.flush();
    expect(sender.totals).toMatchObject({ accepted: 3, rejected: 1, rejections: [{ code: 'TS_TOO_OLD', field: 'ts' }] });
  });

  it('counts from the totals when only the items not accepted are listed, and refuses answers that do not add up', async () => {
    let lie = false;
    const srv = await ingestServer((_n, ids, res) => {
      const results = [{ index: 1, id: ids[1], status: 'duplicate' }, { index: 2, id: ids[2], status: 'rejected', error: { code: 'INVALID_FIELD', message: 'data.amountFen must be a whole number', field: 'data.amountFen' } }];
      const body = { received: ids.length, accepted: ids.length - (lie ? 3 : 2), duplicates: 1, rejected: 1, results };
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
      return true;
    });
    cleanup.push(srv.close);
    const sender = createHttpSender({ target: `${srv.url}/`, token: 't' });
    await sender.send(events(6, 1).slice(0, 10));
    await sender.flush();
    expect(sender.totals).toMatchObject({ accepted: 8, duplicates: 1, rejected: 1, rejections: [{ code: 'INVALID_FIELD', field: 'data.amountFen' }] });
    lie = true;
    await sender.send(events(6, 1).slice(0, 10));
    await expect(sender.flush()).rejects.toThrow(/accounts for 2 of a batch of 10/);
  });

  it('reads Retry-After as seconds or an HTTP date', () => {
    expect(parseRetryAfter('2')).toBe(2000);
    expect(parseRetryAfter(new Date(Date.now() + 5000).toUTCString(), Date.now())).toBeGreaterThan(3000);
    expect(parseRetryAfter('soon')).toBeNull();
    expect(parseRetryAfter(null)).toBeNull();
  });
});

const MQTT_URL = process.env.OPSDESK_TEST_MQTT_URL ?? 'mqtt://127.0.0.1:1883';
const mqttRequired = Boolean(process.env.OPSDESK_TEST_MQTT_URL);

async function brokerReachable(): Promise<boolean> {
  try {
    const client = await mqtt.connectAsync(MQTT_URL, { connectTimeout: 2000, reconnectPeriod: 0 }, false);
    await client.endAsync();
    return true;
  } catch {
    return false;
  }
}

const reachable = await brokerReachable();
if (!reachable && mqttRequired) throw new Error(`OPSDESK_TEST_MQTT_URL is set but ${MQTT_URL} is unreachable`);

describe.skipIf(!reachable)('MQTT sender (real broker)', () => {
  it('publishes every envelope at QoS 1 on opsdesk/v1/{site}/{device}/{kind}', async () => {
    // a seed of our own, so the ids are ours even if other tests share the broker
    const seed = Math.floor(Math.random() * 2 ** 31);
    const batch = events(seed, 2);
    const want = new Map(batch.map((e) => [e.id, e]));
    const got = new Map<string, string>();
    let duplicates = 0;
    const sub = await mqtt.connectAsync(MQTT_URL, { clientId: `sim-test-sub-${seed}` }, false);
    cleanup.push(() => sub.endAsync());
    await sub.subscribeAsync('opsdesk/v1/#', { qos: 1 });
    const all = new Promise<void>((resolve) => {
      sub.on('message', (topic, payload) => {
        let parsed: unknown;
        try {
          parsed = JSON.parse(payload.toString('utf8'));
        } catch {
          return;
        }
        for (const e of (Array.isArray(parsed) ? parsed : [parsed]) as Envelope[]) {
          if (!want.has(e.id)) continue;
          if (got.has(e.id)) duplicates++;
          got.set(e.id, topic);
        }
        if (got.size === want.size) resolve();
      });
    });

    const sender = await createMqttSender({ url: MQTT_URL, maxInFlight: 50, maxPerMessage: 20 });
    for (let i = 0; i < batch.length; i += 1000) await sender.send(batch.slice(i, i + 1000));
    await sender.flush();
    expect(sender.totals.published).toBe(batch.length);
    await Promise.race([all, new Promise((_, reject) => setTimeout(() => reject(new Error(`received ${got.size} of ${want.size}`)), 15_000))]);
    await sender.close();
    expect(got.size).toBe(batch.length);
    expect(duplicates).toBe(0);
    for (const [id, topic] of got) expect(topic).toBe(topicOf(want.get(id)!));
    expect(topicOf(batch[0]!)).toMatch(/^opsdesk\/v1\/[a-z0-9-]+\/[A-Z0-9-]+\/(heartbeat|metric|event|txn|login)$/);
  });

  it('fails fast when the broker cannot be reached', async () => {
    await expect(createMqttSender({ url: 'mqtt://127.0.0.1:1', connectTimeoutMs: 1000 })).rejects.toThrow();
  });
});
