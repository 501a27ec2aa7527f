import type { Clock } from '../../../clock.ts';
import type { Db } from '../../../db/database.ts';
import type { Delivered, DomainEvent } from '../../../events/index.ts';
import type { SecretBox } from '../../../lib/secret-box.ts';
import { ChannelSendError, type ChannelPlugin, type ChannelRecipient } from '../channels/channel.ts';
import { channelSettings } from '../channel-settings.ts';
import { channelsRepository, type notificationsRepository } from '../notify.repository.ts';
import type { NotificationsTable, NotifyChannelsTable } from '../notify.tables.ts';
import { deliveryRepository } from './delivery.repository.ts';
import type { ChannelLookup, StoredMessage } from './outbox.ts';
import { reachable, recipientOf, type Reachable } from './people.ts';
import { createRateLimit, LEASE_MS, type OwnHandOvers } from './rate-limit.ts';
import { createReceiptWriter, type Outcome } from './receipts.ts';

export { backoffMs } from './receipts.ts';

export interface DelivererLog {
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

export interface DelivererOptions {
  db: Db;
  clock: Clock;
  channels: ChannelLookup;
  box: SecretBox;
  /** appends notify.console in the receipts' transaction; subscribes to notify.queued to wake */
  events: { append(trx: Parameters<typeof notificationsRepository.update>[0], ...e: DomainEvent[]): Promise<void>; subscribe(l: (d: Delivered) => void): () => void };
  nodeId: string;
  sendTimeoutMs: number;
  publicUrl: string;
  /** notifications in flight at once on this node */
  concurrency?: number;
  /** of which at most this many to one channel: a slow channel (a mail server) cannot hold every slot */
  channelConcurrency?: number;
  /**
   * receipts are written when this many wait, or `receiptDelayMs` after the first of them: on SQLite every commit
   * syncs the file on the main thread, so fewer, larger writes leave it to the sends (5 ms: ~700 notifications/s, 20 ms:
   * ~1,300 on the loaded bench machine)
   */
  receiptBatch?: number;
  receiptDelayMs?: number;
  /** the safety net: look at the queue at least this often even if nothing woke it */
  pollMs?: number;
  /** 0..1; tests make back-off exact */
  random?: () => number;
  log?: DelivererLog;
}

/** A claimed row ready to go: its channel, settings and recipients read. */
interface Job {
  row: NotificationsTable;
  target: Target;
  recipients: ChannelRecipient[];
  /** when its hand-over started (clock ms); null while it waits for a slot */
  startedAt: number | null;
}

interface Target {
  channel: NotifyChannelsTable;
  plugin: ChannelPlugin;
  settings: Record<string, unknown>;
}

/** One channel as this node is sending to it. */
interface Lane {
  /** claimed, within the rate, waiting for a slot (up to READY_SHARES times the channel's share) */
  waiting: Job[];
  inFlight: number;
  /** waiting, in flight, or sent with the receipt not yet written: the hand-overs the rate window cannot see yet */
  own: Set<Job>;
}

/** A channel's row, plug-in and settings are read again after this long (ms): an edit or a disable takes effect. */
const CHANNEL_TTL_MS = 1000;
/** A row is sent only with this much of its lease left beyond the send's own timeout; otherwise it is given back. */
const LEASE_SPARE_MS = 10_000;
/**
 * Rows kept ready behind a channel's slots, in shares of its slots: enough that the sends do not stop while the next
 * claim is on its way, which on a busy PostgreSQL (a queue table's dead index entries to step over) takes tens of ms.
 */
const READY_SHARES = 4;
/** No claim for fewer rows than this while others are in hand: one claim's round trip is worth a few rows. */
const SMALLEST_CLAIM = 4;

/**
 * Sends what the outbox holds (SPEC C4.5). Every node with a worker runs one; rows are claimed with a lease, so two
 * nodes never send the same notification, and one that dies mid-send leaves its rows to be claimed again after the
 * lease (a channel may then see a message twice, never zero times: at-least-once, with the notification id for
 * receivers to deduplicate on). Each attempt leaves a receipt. A failure that can pass is retried with back-off until
 * the row's give_up_at (24 h by default), so a channel down for ten minutes loses nothing. A channel's rate limit is
 * honoured by folding what waits into a digest instead of dropping it or queueing it for hours.
 *
 * A stream, not rounds: up to `concurrency` sends in flight, at most `channelConcurrency` of them to one channel; a
 * slot that frees takes the next claimed row at once, claims go on while sends are in flight (a row queued meanwhile
 * waits for a slot, not for a round), and receipts are written as sends finish, batched by the receipt writer.
 */
export function createDeliverer(options: DelivererOptions) {
  const { db, clock, channels, box, events, nodeId, sendTimeoutMs } = options;
  const concurrency = options.concurrency ?? 16;
  const channelConcurrency = Math.min(options.channelConcurrency ?? 8, concurrency);
  const pollMs = options.pollMs ?? 1000;
  const log = options.log ?? { warn: () => {}, error: () => {} };
  const k = db.kysely;
  const receipts = createReceiptWriter({ db, clock, nodeId, events, random: options.random ?? Math.random, log, batch: options.receiptBatch ?? 100, delayMs: options.receiptDelayMs ?? 20 });
  const rateLimit = createRateLimit({ db, nodeId, publicUrl: options.publicUrl, log });

  const lanes = new Map<string, Lane>();
  let inFlight = 0;
  /** the last claim found fewer rows than it asked for: nothing more is due until a wake, except on `dryExcept` */
  let dry = false;
  /** the channels that claim left out (this node held enough of them): a slot of theirs freeing is worth a claim */
  let dryExcept = new Set<string>();
  /** counts wakes, so a claim knows whether one came while it ran */
  let wakes = 0;
  let pump: Promise<void> | null = null;
  let stopping = false;
  let waiter: (() => void) | null = null;
  let poll: NodeJS.Timeout | null = null;
  let unsubscribe: (() => void) | null = null;
  const targets = new Map<string, { at: number; target: Target | { failure: string } }>();
  let limited: { at: number; rates: Map<string, number> } | null = null;
  const people = new Map<string, { at: number; person: Reachable | undefined }>();

  const laneOf = (channelId: string): Lane => {
    let lane = lanes.get(channelId);
    if (!lane) lanes.set(channelId, (lane = { waiting: [], inFlight: 0, own: new Set() }));
    return lane;
  };
  const full = (lane: Lane) => lane.waiting.length >= READY_SHARES * channelConcurrency;
  const nudge = () => {
    const w = waiter;
    waiter = null;
    w?.();
  };
  const nextEvent = () => new Promise<void>((resolve) => (waiter = resolve));

  function ownHandOvers(channelId: string): OwnHandOvers {
    let oldest: number | null = null;
    const own = lanes.get(channelId)?.own ?? new Set<Job>();
    for (const job of own) if (job.startedAt !== null && (oldest === null || job.startedAt < oldest)) oldest = job.startedAt;
    return { count: own.size, oldest };
  }

  /** Hands a row's outcome to the receipt writer; the row stays counted as this node's until its receipt is in. */
  function finish(job: Job | null, outcome: Outcome): void {
    if (job) {
      const lane = laneOf(job.row.channel_id);
      outcome.written = () => {
        lane.own.delete(job);
        if (lane.own.size === 0 && lane.inFlight === 0 && lane.waiting.length === 0) lanes.delete(job.row.channel_id);
      };
    }
    receipts.add(outcome);
  }

  /** Starts waiting rows while there are slots, a row from each channel in turn. */
  function startWhatFits(): void {
    let started = true;
    while (started && inFlight < concurrency) {
      started = false;
      for (const lane of lanes.values()) {
        if (inFlight >= concurrency) break;
        if (lane.waiting.length === 0 || lane.inFlight >= channelConcurrency) continue;
        const job = lane.waiting.shift()!;
        started = true;
        const now = clock.now();
        // Claimed long ago behind a slow channel: give the row back rather than send it on a lease that may lapse
        // mid-send and let another node send it too.
        if (job.row.lease_until !== null && job.row.lease_until - now < sendTimeoutMs + LEASE_SPARE_MS) {
          finish(job, { row: job.row, outcome: 'released', startedAt: now, durationMs: 0 });
          continue;
        }
        job.startedAt = now;
        lane.inFlight += 1;
        inFlight += 1;
        void send(job).then((outcome) => {
          lane.inFlight -= 1;
          inFlight -= 1;
          finish(job, outcome);
          startWhatFits();
          nudge();
        });
      }
    }
  }

  /** One hand-over, with one timer for the whole of it; never throws. */
  async function send(job: Job): Promise<Outcome> {
    const { row, target } = job;
    const startedAt = job.startedAt!;
    const t0 = performance.now();
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort(new DOMException(`timed out after ${sendTimeoutMs} ms`, 'TimeoutError'));
    }, sendTimeoutMs);
    try {
      const result = await target.plugin.send(target.settings, JSON.parse(row.message) as StoredMessage, job.recipients, { signal: controller.signal, now: startedAt });
      return { row, outcome: result.outcome, result, startedAt, durationMs: Math.round(performance.now() - t0) };
    } catch (error) {
      const e = error instanceof ChannelSendError ? error : null;
      const message = timedOut ? `timed out after ${sendTimeoutMs} ms` : error instanceof Error ? error.message : String(error);
      return {
        row,
        outcome: timedOut ? 'timeout' : e?.rateLimited ? 'rate-limited' : 'failed',
        error: message.slice(0, 1000),
        retryable: e ? e.retryable : true,
        rateLimited: e?.rateLimited ?? false,
        startedAt,
        durationMs: Math.round(performance.now() - t0),
      };
    } finally {
      clearTimeout(timer);
    }
  }

  /** The channel, its plug-in and settings, read at most once a second; or why its rows cannot be sent. */
  async function targetOf(channelId: string): Promise<Target | { failure: string }> {
    const kept = targets.get(channelId);
    if (kept && performance.now() - kept.at < CHANNEL_TTL_MS) return kept.target;
    const channel = await channelsRepository.findById(k, channelId);
    const plugin = channel && channels.get(channel.kind);
    let target: Target | { failure: string };
    if (!channel || !plugin || channel.enabled !== 1) target = { failure: !channel ? 'the channel was deleted' : !plugin ? `no channel plug-in ${channel.kind}` : 'the channel is disabled' };
    else {
      try {
        target = { channel, plugin, settings: channelSettings(channel, box) };
      } catch (error) {
        target = { failure: `cannot read the channel's secrets: ${(error as Error).message}` };
      }
    }
    targets.set(channelId, { at: performance.now(), target });
    return target;
  }

  /** The enabled channels with a rate limit (their own, or their plug-in's), read at most once a second. */
  async function rateLimited(): Promise<Map<string, number>> {
    if (limited && performance.now() - limited.at < CHANNEL_TTL_MS) return limited.rates;
    const rates = new Map<string, number>();
    for (const channel of await channelsRepository.list(k)) {
      const rate = channel.rate_per_minute ?? channels.get(channel.kind)?.describe.defaultRatePerMinute ?? null;
      if (channel.enabled === 1 && rate !== null) rates.set(channel.id, rate);
    }
    limited = { at: performance.now(), rates };
    return rates;
  }

  /** People as paging reaches them, read at most once a second each (a storm names the same few people again and again). */
  async function peopleOf(userIds: readonly string[]): Promise<Map<string, Reachable | undefined>> {
    const now = performance.now();
    const stale = [...new Set(userIds)].filter((id) => !(now - (people.get(id)?.at ?? -Infinity) < CHANNEL_TTL_MS));
    if (stale.length > 0) {
      const found = await reachable(k, stale);
      for (const id of stale) people.set(id, { at: now, person: found.get(id) });
    }
    return new Map(userIds.map((id) => [id, people.get(id)?.person]));
  }

  async function recipientsOf(rows: readonly NotificationsTable[], channelKind: string): Promise<Map<string, ChannelRecipient[]>> {
    const persons = await peopleOf(rows.flatMap((r) => (r.user_id ? [r.user_id] : (JSON.parse(r.recipients) as string[]))));
    const result = new Map<string, ChannelRecipient[]>();
    for (const r of rows) {
      if (!r.user_id && r.address !== null) {
        // An address without an account (an incident's reporter): the message goes to the address alone.
        result.set(r.id, [{ userId: null, name: null, address: r.address, mobile: null, vendorId: null }]);
        continue;
      }
      const named = r.user_id ? [{ id: r.user_id, address: r.address }] : (JSON.parse(r.recipients) as string[]).map((id) => ({ id, address: null }));
      result.set(r.id, named.map(({ id, address }) => recipientOf(persons.get(id), id, address, channelKind)));
    }
    return result;
  }

  /**
   * Makes one channel's rows ready: those claimed (`rows`) and, on a rate-limited channel, every due row the rate
   * decision claims. What the channel cannot take fails now; what its rate leaves waits or is folded.
   */
  async function prepare(channelId: string, rows: NotificationsTable[], now: number): Promise<void> {
    const target = await targetOf(channelId);
    if ('failure' in target) {
      const held = rows.length > 0 ? rows : await deliveryRepository.claimDue(db, { now, owner: nodeId, leaseUntil: now + LEASE_MS, limit: 1000, onlyChannel: channelId });
      for (const row of held) finish(null, { row, outcome: 'failed', error: target.failure, retryable: false, startedAt: now, durationMs: 0 });
      return;
    }
    const rate = target.channel.rate_per_minute ?? target.plugin.describe.defaultRatePerMinute;
    const sendNow = rate === null ? rows : await rateLimit.decide(target.channel, rate, rows, now, () => ownHandOvers(channelId));
    const recipients = await recipientsOf(sendNow, target.channel.kind);
    const lane = laneOf(channelId);
    for (const row of sendNow) {
      const job: Job = { row, target, recipients: recipients.get(row.id) ?? [], startedAt: null };
      lane.waiting.push(job);
      lane.own.add(job);
    }
    startWhatFits();
  }

  /**
   * Claims what there is room for and readies it: channels this node holds enough of are left out, and rate-limited
   * channels are claimed by their rate decision instead (all their due rows at once).
   */
  async function claim(limit: number): Promise<void> {
    const seen = wakes;
    const rates = await rateLimited();
    const skip = [...lanes].filter(([, lane]) => full(lane)).map(([id]) => id);
    const now = clock.now();
    const rows = await deliveryRepository.claimDue(db, { now, owner: nodeId, leaseUntil: now + LEASE_MS, limit, skipChannels: [...skip, ...rates.keys()] });
    const dueLimited = await deliveryRepository.channelsWithDue(k, [...rates.keys()], now);
    if (rows.length < limit && dueLimited.length === 0 && wakes === seen) {
      dry = true;
      dryExcept = new Set(skip);
    }
    const byChannel = new Map<string, NotificationsTable[]>(dueLimited.map((id) => [id, []]));
    for (const r of rows) byChannel.set(r.channel_id, [...(byChannel.get(r.channel_id) ?? []), r]);
    await Promise.all([...byChannel].map(([id, list]) => prepare(id, list, now)));
    // A full claim that filled every channel it touched came from one backlog (rows are claimed oldest first): a claim
    // leaving those channels out now would read through the backlog to find nothing. Other channels' new rows come
    // with a wake (notify.queued), rows due by their back-off with the poll.
    const filled = [...byChannel.keys()].every((id) => lanes.has(id) && full(lanes.get(id)!));
    if (rows.length === limit && dueLimited.length === 0 && filled && wakes === seen) {
      dry = true;
      dryExcept = new Set([...lanes].filter(([, lane]) => full(lane)).map(([id]) => id));
    }
  }

  const worthClaiming = () => !dry || [...dryExcept].some((id) => !lanes.has(id) || !full(lanes.get(id)!));

  /** Rows there is room to claim: the free slots and READY_SHARES as many ready behind them (channels held enough of aside). */
  function room(): number {
    let ready = 0;
    for (const lane of lanes.values()) if (!full(lane)) ready += lane.waiting.length;
    return (READY_SHARES + 1) * concurrency - inFlight - ready;
  }

  /** Claims and sends until nothing is due and nothing is in flight, then writes the last receipts. */
  async function run(): Promise<void> {
    // A run that starts from idle reads the channels afresh (an edit made while the queue was empty applies at once).
    targets.clear();
    limited = null;
    people.clear();
    do {
      for (;;) {
        startWhatFits();
        if (stopping) {
          // Rows claimed but not started go back for another node (or this one after a restart) at once.
          for (const lane of lanes.values()) for (const job of lane.waiting.splice(0)) finish(job, { row: job.row, outcome: 'released', startedAt: clock.now(), durationMs: 0 });
          if (inFlight === 0) break;
        } else {
          const limit = room();
          if (worthClaiming() && (limit >= SMALLEST_CLAIM || (limit > 0 && inFlight === 0))) {
            try {
              await claim(limit);
            } catch (error) {
              log.error({ err: error }, 'notify: the deliverer could not claim; it tries again at the next wake');
              dry = true;
              dryExcept = new Set();
            }
            continue;
          }
          if (inFlight === 0) break;
        }
        await nextEvent();
      }
      await receipts.flushed();
    } while (!stopping && worthClaiming());
  }

  /** Runs the queue now; a wake while it runs makes it claim again. */
  function wake(): Promise<void> {
    if (stopping) return pump ?? Promise.resolve();
    wakes += 1;
    dry = false;
    if (pump) {
      nudge();
      return pump;
    }
    pump = run()
      .catch((error: unknown) => log.error({ err: error }, 'notify: the deliverer failed; it tries again at the next wake'))
      .finally(() => {
        pump = null;
      });
    return pump;
  }

  return {
    /** Sends everything due now and writes its receipts (tests call it after moving the clock). */
    runOnce: () => wake(),

    start(): void {
      if (poll || stopping) return;
      unsubscribe = events.subscribe(({ event }) => {
        if (event.type === 'notify.queued') void wake();
      });
      poll = setInterval(() => void wake(), pollMs);
      poll.unref();
      void wake();
    },

    /** Stops claiming, gives back what waits, lets what is in flight finish (each within its timeout) and writes every receipt. */
    async stop(): Promise<void> {
      stopping = true;
      unsubscribe?.();
      unsubscribe = null;
      if (poll) clearInterval(poll);
      poll = null;
      nudge();
      await pump;
      await receipts.flushed();
    },
  };
}

export type Deliverer = ReturnType<typeof createDeliverer>;
