/**
 * Where the simulator's events go: opsdesk's public ingestion interfaces, nothing else (SPEC C14).
 *
 * - HTTP: `POST {target}/api/v1/ingest` with a bearer token and a JSON array (≤ 1000 envelopes). A bounded number
 *   of requests in flight over keep-alive connections; 429/503 and network errors are retried with back-off,
 *   honouring Retry-After; re-sending is safe because ingestion is idempotent by id (re-sent items come back as
 *   duplicates). Nothing is dropped silently: when a batch cannot be delivered the sender fails and says why.
 * - MQTT: `opsdesk/v1/{site}/{device}/{kind}` at QoS 1, one envelope or an array per message; a message counts
 *   only once the broker has acknowledged it (PUBACK), with a bounded number unacknowledged.
 *
 * `send()` resolves when the batch has been taken on (a slot was free), which is how back-pressure reaches the
 * generator; `flush()` resolves when everything taken on has been delivered, or rejects with the first failure.
 */
import mqtt, { type MqttClient } from 'mqtt';
import type { Envelope, ItemResult } from '../modules/ingest/index.ts';

export interface SendTotals {
  /** envelopes handed to the sender */
  events: number;
  /** HTTP: items the server accepted / already had / refused */
  accepted: number;
  duplicates: number;
  rejected: number;
  /** MQTT: envelopes in messages the broker acknowledged */
  published: number;
  requests: number;
  retries: number;
  /** the first few refusals, to show the operator */
  rejections: { id: string | null; code: string; message: string; field?: string }[];
}

export interface Sink {
  readonly name: string;
  send(batch: readonly Envelope[]): Promise<void>;
  flush(): Promise<void>;
  close(): Promise<void>;
  readonly totals: SendTotals;
  readonly inFlight: number;
}

export class SendError extends Error {}

export const emptyTotals = (): SendTotals => ({ events: 0, accepted: 0, duplicates: 0, rejected: 0, published: 0, requests: 0, retries: 0, rejections: [] });

const MAX_REJECTION_SAMPLES = 20;
/** Waits `ms`, or less when the signal aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}

/** A counting semaphore: `acquire()` waits for a free slot. */
class Slots {
  private used = 0;
  private waiters: (() => void)[] = [];
  private idleWaiters: (() => void)[] = [];
  constructor(private readonly max: number) {}
  get inUse(): number {
    return this.used;
  }
  async acquire(): Promise<void> {
    if (this.used < this.max) {
      this.used++;
      return;
    }
    await new Promise<void>((resolve) => this.waiters.push(resolve));
  }
  release(): void {
    const next = this.waiters.shift();
    if (next) next();
    else {
      this.used--;
      if (this.used === 0) for (const w of this.idleWaiters.splice(0)) w();
    }
  }
  idle(): Promise<void> {
    return this.used === 0 ? Promise.resolve() : new Promise((resolve) => this.idleWaiters.push(resolve));
  }
}

/** Retry-After as milliseconds: delta seconds or an HTTP date; null when absent or unreadable. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | null {
  if (!value) return null;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? null : Math.max(0, date - now);
}

export interface HttpSenderOptions {
  /** opsdesk's base URL, e.g. http://127.0.0.1:8080 */
  target: string;
  token: string;
  /** requests in flight at once (default 4) */
  maxInFlight?: number;
  /** attempts per batch after a network error or a 5xx other than 503 (default 8); 429/503 are retried as told */
  maxRetries?: number;
  /** the longest a 429/503 may keep one batch waiting in total before the sender gives up (default 10 min) */
  maxBusyWaitMs?: number;
  /** first back-off step, doubled each attempt up to `maxBackoffMs` (defaults 200 ms and 10 s) */
  backoffMs?: number;
  maxBackoffMs?: number;
  requestTimeoutMs?: number;
  /** ask for every item's result, or (default) only those not accepted */
  results?: 'all' | 'errors';
  fetch?: typeof fetch;
  signal?: AbortSignal;
}

interface IngestAnswer {
  results?: ItemResult[];
  accepted?: number;
  duplicates?: number;
  rejected?: number;
}

/** The HTTP batch sender. */
export function createHttpSender(options: HttpSenderOptions): Sink {
  const url = new URL('api/v1/ingest', options.target.endsWith('/') ? options.target : `${options.target}/`);
  // Only the items that were not accepted come back in full; the counts cover the rest.
  if ((options.results ?? 'errors') === 'errors') url.searchParams.set('results', 'errors');
  const doFetch = options.fetch ?? fetch;
  const slots = new Slots(options.maxInFlight ?? 4);
  const maxRetries = options.maxRetries ?? 8;
  const maxBusyWaitMs = options.maxBusyWaitMs ?? 600_000;
  const base = options.backoffMs ?? 200;
  const cap = options.maxBackoffMs ?? 10_000;
  const timeoutMs = options.requestTimeoutMs ?? 60_000;
  const totals = emptyTotals();
  let failure: Error | null = null;

  const backoff = (attempt: number): number => Math.min(cap, base * 2 ** attempt) * (0.5 + Math.random() / 2);

  /** Counts the answer: from its totals when they add up (results=errors lists only the others), else item by item. */
  function count(answer: IngestAnswer, batch: readonly Envelope[]): void {
    const results = Array.isArray(answer.results) ? answer.results : [];
    const { accepted, duplicates, rejected } = answer;
    const summed = typeof accepted === 'number' && typeof duplicates === 'number' && typeof rejected === 'number' && accepted + duplicates + rejected === batch.length;
    if (!summed && results.length !== batch.length) {
      throw new SendError(`opsdesk's answer accounts for ${results.length} of a batch of ${batch.length} items`);
    }
    if (summed) {
      totals.accepted += accepted;
      totals.duplicates += duplicates;
      totals.rejected += rejected;
    }
    for (const r of results) {
      if (r.status === 'accepted') {
        if (!summed) totals.accepted++;
      } else if (r.status === 'duplicate') {
        if (!summed) totals.duplicates++;
      } else {
        if (!summed) totals.rejected++;
        if (totals.rejections.length < MAX_REJECTION_SAMPLES) {
          totals.rejections.push({ id: r.id, code: r.error?.code ?? 'REJECTED', message: r.error?.message ?? 'rejected', ...(r.error?.field ? { field: r.error.field } : {}) });
        }
      }
    }
  }

  async function deliver(batch: readonly Envelope[], body: string): Promise<void> {
    let attempt = 0;
    let busyWaited = 0;
    for (;;) {
      if (options.signal?.aborted && attempt > 0) throw new SendError('stopped while retrying a batch');
      let status = 0;
      let retryAfter: number | null = null;
      let detail = '';
      try {
        totals.requests++;
        const response = await doFetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${options.token}` },
          body,
          signal: AbortSignal.timeout(timeoutMs),
        });
        status = response.status;
        if (status >= 200 && status < 300) {
          count((await response.json()) as IngestAnswer, batch);
          return;
        }
        retryAfter = parseRetryAfter(response.headers.get('retry-after'));
        detail = (await response.text().catch(() => '')).slice(0, 300);
      } catch (error) {
        if (error instanceof SendError) throw error;
        detail = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
      }

      if (status === 413 && batch.length > 1) {
        // Too big for this server: halve it.
        const half = Math.ceil(batch.length / 2);
        await deliver(batch.slice(0, half), JSON.stringify(batch.slice(0, half)));
        await deliver(batch.slice(half), JSON.stringify(batch.slice(half)));
        return;
      }
      if (status === 429 || status === 503) {
        // The node is saturated and says when to come back: do as told, for as long as it keeps saying so.
        const wait = retryAfter ?? backoff(Math.min(attempt, 6));
        busyWaited += wait;
        if (busyWaited > maxBusyWaitMs) throw new SendError(`opsdesk stayed busy (HTTP ${status}) for over ${Math.round(maxBusyWaitMs / 1000)} s: ${detail}`);
        totals.retries++;
        attempt++;
        await sleep(wait, options.signal);
        continue;
      }
      if (status === 0 || status >= 500) {
        if (attempt >= maxRetries) throw new SendError(`could not deliver a batch of ${batch.length} after ${attempt + 1} attempts: ${status ? `HTTP ${status} ` : ''}${detail}`);
        totals.retries++;
        await sleep(retryAfter ?? backoff(attempt), options.signal);
        attempt++;
        continue;
      }
      // 400, 401, 403, 404, …: retrying will not help.
      throw new SendError(`opsdesk refused the batch: HTTP ${status} ${detail}`);
    }
  }

  return {
    name: 'http',
    totals,
    get inFlight() {
      return slots.inUse;
    },
    async send(batch) {
      if (failure) throw failure;
      if (batch.length === 0) return;
      if (batch.length > 1000) {
        for (let i = 0; i < batch.length; i += 1000) await this.send(batch.slice(i, i + 1000));
        return;
      }
      await slots.acquire();
      if (failure) {
        slots.release();
        throw failure;
      }
      totals.events += batch.length;
      const body = JSON.stringify(batch);
      deliver(batch, body)
        .catch((error: unknown) => {
          failure ??= error instanceof Error ? error : new SendError(String(error));
        })
        .finally(() => slots.release());
    },
    async flush() {
      await slots.idle();
      if (failure) throw failure;
    },
    async close() {
      await slots.idle();
    },
  };
}

export interface MqttSenderOptions {
  /** mqtt://127.0.0.1:1883 */
  url: string;
  clientId?: string;
  username?: string;
  password?: string;
  /** messages awaiting PUBACK at once (default 200) */
  maxInFlight?: number;
  /** most envelopes in one message (default 100) */
  maxPerMessage?: number;
  /**
   * Messages per second at most (default unlimited). MQTT has no end-to-end back-pressure — a PUBACK means the broker
   * has the message, not that opsdesk stored it — and a broker drops QoS 1 messages once a slow subscriber's queue is
   * full (Mosquitto's max_queued_messages, 1000 by default). Fast runs over MQTT should stay under what opsdesk takes.
   */
  maxMessagesPerSecond?: number;
  connectTimeoutMs?: number;
}

/** `opsdesk/v1/{site}/{device}/{kind}`; `_` stands in for a missing site. */
export const topicOf = (e: Envelope): string => `opsdesk/v1/${e.site ?? '_'}/${e.device}/${e.kind}`;

/** Connects (failing fast when the broker cannot be reached) and returns the MQTT sender. */
export async function createMqttSender(options: MqttSenderOptions): Promise<Sink> {
  const client: MqttClient = await mqtt.connectAsync(options.url, {
    clientId: options.clientId ?? `opsdesk-sim-${process.pid}-${Math.floor(Math.random() * 1e9).toString(36)}`,
    username: options.username,
    password: options.password,
    protocolVersion: 4,
    clean: true,
    connectTimeout: options.connectTimeoutMs ?? 10_000,
    reconnectPeriod: 1_000,
  }, false);
  const slots = new Slots(options.maxInFlight ?? 200);
  const maxPerMessage = options.maxPerMessage ?? 100;
  const totals = emptyTotals();
  let failure: Error | null = null;
  const spacing = options.maxMessagesPerSecond && options.maxMessagesPerSecond > 0 ? 1000 / options.maxMessagesPerSecond : 0;
  let nextAt = 0;

  async function publish(topic: string, group: Envelope[]): Promise<void> {
    if (spacing > 0) {
      const now = Date.now();
      const wait = nextAt - now;
      nextAt = Math.max(now, nextAt) + spacing;
      if (wait > 0) await sleep(wait);
    }
    await slots.acquire();
    if (failure) {
      slots.release();
      throw failure;
    }
    totals.requests++;
    const payload = JSON.stringify(group.length === 1 ? group[0] : group);
    // MQTT.js keeps unacknowledged QoS 1 messages and re-sends them after a reconnect; the promise resolves on PUBACK.
    client
      .publishAsync(topic, payload, { qos: 1 })
      .then(() => {
        totals.published += group.length;
      })
      .catch((error: unknown) => {
        failure ??= new SendError(`MQTT publish to ${topic} failed: ${error instanceof Error ? error.message : String(error)}`);
      })
      .finally(() => slots.release());
  }

  return {
    name: 'mqtt',
    totals,
    get inFlight() {
      return slots.inUse;
    },
    async send(batch) {
      if (failure) throw failure;
      totals.events += batch.length;
      // One message per device and kind, in the order the events came.
      const groups = new Map<string, Envelope[]>();
      for (const e of batch) {
        const topic = topicOf(e);
        let group = groups.get(topic);
        if (!group || group.length >= maxPerMessage) {
          if (group) await publish(topic, group);
          group = [];
          groups.set(topic, group);
        }
        group.push(e);
      }
      for (const [topic, group] of groups) if (group.length > 0) await publish(topic, group);
    },
    async flush() {
      await slots.idle();
      if (failure) throw failure;
    },
    async close() {
      await slots.idle().catch(() => undefined);
      await client.endAsync();
    },
  };
}

/** Routes device telemetry (heartbeats, metrics) to one sink and everything else to another. */
export function splitSink(telemetry: Sink, business: Sink): Sink {
  const totals = emptyTotals();
  const sync = () => {
    for (const key of ['events', 'accepted', 'duplicates', 'rejected', 'published', 'requests', 'retries'] as const) totals[key] = telemetry.totals[key] + business.totals[key];
    totals.rejections = [...business.totals.rejections, ...telemetry.totals.rejections].slice(0, MAX_REJECTION_SAMPLES);
  };
  return {
    name: `${telemetry.name}+${business.name}`,
    get totals() {
      sync();
      return totals;
    },
    get inFlight() {
      return telemetry.inFlight + business.inFlight;
    },
    async send(batch) {
      const a: Envelope[] = [];
      const b: Envelope[] = [];
      for (const e of batch) (e.kind === 'heartbeat' || e.kind === 'metric' ? a : b).push(e);
      if (a.length > 0) await telemetry.send(a);
      if (b.length > 0) await business.send(b);
    },
    async flush() {
      await Promise.all([telemetry.flush(), business.flush()]);
    },
    async close() {
      await Promise.all([telemetry.close(), business.close()]);
    },
  };
}
