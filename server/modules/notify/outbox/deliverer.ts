import type { Clock } from '../../../clock.ts';
import type { Db } from '../../../db/database.ts';
import type { Delivered, DomainEvent } from '../../../events/index.ts';
import { newId } from '../../../ids.ts';
import type { SecretBox } from '../../../lib/secret-box.ts';
import { ChannelSendError, type ChannelRecipient, type SendResult } from '../channels/channel.ts';
import { channelsRepository, notificationsRepository } from '../notify.repository.ts';
import { reachable, recipientOf } from './people.ts';
import type { AttemptOutcome, NotificationsTable, NotifyChannelsTable } from '../notify.tables.ts';
import { channelSettings } from '../channel-settings.ts';
import { digestMessage } from './messages.ts';
import { queuedRow, type ChannelLookup, type StoredMessage } from './outbox.ts';

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
  /** notifications sent at once by this node */
  concurrency?: number;
  /** the safety net: look at the queue at least this often even if nothing woke it */
  pollMs?: number;
  /** 0..1; tests make back-off exact */
  random?: () => number;
  log?: DelivererLog;
}

/** Back-off before attempt n+1: 5 s doubling to at most 5 minutes, with "equal jitter" (half fixed, half random). */
export function backoffMs(failures: number, random: () => number): number {
  const ceiling = Math.min(5 * 60_000, 5000 * 2 ** Math.max(0, failures - 1));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

const BATCH = 200;
const LEASE_MS = 120_000;
const WINDOW_MS = 60_000;

interface Outcome {
  row: NotificationsTable;
  outcome: AttemptOutcome;
  result?: SendResult;
  error?: string;
  retryable?: boolean;
  rateLimited?: boolean;
  startedAt: number;
  durationMs: number;
}

/**
 * Sends what the outbox holds (SPEC C4.5). Every node with a worker runs one; rows are claimed with a lease, so two
 * nodes never send the same notification, and one that dies mid-send leaves its rows to be claimed again after the
 * lease (a channel may then see a message twice, never zero times: at-least-once, with the notification id for
 * receivers to deduplicate on). Each attempt leaves a receipt. A failure that can pass is retried with back-off until
 * the row's give_up_at (24 h by default), so a channel down for ten minutes loses nothing. A channel's rate limit is
 * honoured by folding what waits into a digest instead of dropping it or queueing it for hours.
 */
export function createDeliverer(options: DelivererOptions) {
  const { db, clock, channels, box, events, nodeId, sendTimeoutMs } = options;
  const random = options.random ?? Math.random;
  const concurrency = options.concurrency ?? 16;
  const pollMs = options.pollMs ?? 1000;
  const log = options.log ?? { warn: () => {}, error: () => {} };
  const k = db.kysely;

  let running = false;
  let busy: Promise<void> | null = null;
  let again = false;
  let poll: NodeJS.Timeout | null = null;
  let unsubscribe: (() => void) | null = null;
  const stopping = new AbortController();

  async function recipientsOf(rows: readonly NotificationsTable[], channelKind: string): Promise<Map<string, ChannelRecipient[]>> {
    const people = await reachable(k, rows.flatMap((r) => (r.user_id ? [r.user_id] : (JSON.parse(r.recipients) as string[]))));
    const result = new Map<string, ChannelRecipient[]>();
    for (const r of rows) {
      const named = r.user_id ? [{ id: r.user_id, address: r.address }] : (JSON.parse(r.recipients) as string[]).map((id) => ({ id, address: null }));
      result.set(r.id, named.map(({ id, address }) => recipientOf(people.get(id), id, address, channelKind)));
    }
    return result;
  }

  async function sendOne(row: NotificationsTable, channel: NotifyChannelsTable, settings: Record<string, unknown>, recipients: ChannelRecipient[]): Promise<Outcome> {
    const plugin = channels.get(channel.kind)!;
    const startedAt = clock.now();
    const t0 = performance.now();
    const signal = AbortSignal.any([AbortSignal.timeout(sendTimeoutMs), stopping.signal]);
    try {
      const result = await plugin.send(settings, JSON.parse(row.message) as StoredMessage, recipients, { signal, now: startedAt });
      return { row, outcome: result.outcome, result, startedAt, durationMs: Math.round(performance.now() - t0) };
    } catch (error) {
      const timedOut = signal.aborted && !stopping.signal.aborted;
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
    }
  }

  /** Writes the receipts of a batch and moves each row on: sent, retried later, or failed for good. */
  async function settle(outcomes: readonly Outcome[]): Promise<void> {
    if (outcomes.length === 0) return;
    const now = clock.now();
    await k.transaction().execute(async (trx) => {
      const consoleEvents: DomainEvent[] = [];
      // The receipts in one statement (a round holds up to 200), then each row moved on.
      await notificationsRepository.insertAttempts(
        trx,
        outcomes.map((o) => ({
          id: newId(),
          notification_id: o.row.id,
          channel_id: o.row.channel_id,
          attempt: o.row.attempts + 1,
          at: o.startedAt,
          duration_ms: o.durationMs,
          outcome: o.outcome,
          detail: o.error ?? o.result?.detail ?? null,
          node: nodeId,
        })),
      );
      for (const o of outcomes) {
        const attempt = o.row.attempts + 1;
        let patch: Partial<NotificationsTable>;
        if (o.result) {
          patch = { state: o.result.outcome, attempts: attempt, sent_at: now, next_attempt_at: null, last_error: null, provider_id: o.result.providerId ?? null, ...(o.result.outcome === 'delivered' && { delivered_at: now }) };
          if (o.row.channel_kind === 'console' && o.row.user_id) {
            const m = JSON.parse(o.row.message) as StoredMessage;
            consoleEvents.push({ type: 'notify.console', notificationId: o.row.id, userId: o.row.user_id, kind: o.row.kind, level: m.level, title: m.title, alertIds: JSON.parse(o.row.alert_ids) as string[], at: now });
          }
        } else {
          const wait = o.rateLimited ? WINDOW_MS : backoffMs(attempt, random);
          const retry = o.retryable !== false && now + wait <= o.row.give_up_at;
          patch = retry
            ? { state: 'queued', attempts: attempt, next_attempt_at: now + wait, last_error: o.error ?? null }
            : { state: 'failed', attempts: attempt, next_attempt_at: null, failed_at: now, last_error: o.error ?? null };
        }
        if (!(await notificationsRepository.settle(trx, o.row.id, nodeId, patch))) log.warn({ notification: o.row.id }, 'notification: this node lost its claim before the receipt was written');
      }
      if (consoleEvents.length > 0) await events.append(trx, ...consoleEvents);
    });
  }

  /** Holds rows back until the channel's window has room again. */
  async function defer(rows: readonly NotificationsTable[], until: number): Promise<void> {
    await k.transaction().execute(async (trx) => {
      for (const r of rows) await notificationsRepository.settle(trx, r.id, nodeId, { next_attempt_at: until });
    });
  }

  /**
   * Folds rows for one recipient (a person, or a group robot) into one digest, written and held by this node, and
   * returns it. Every folded row points at the digest, so every alert is accounted for.
   */
  async function fold(channel: NotifyChannelsTable, rows: readonly NotificationsTable[], now: number): Promise<NotificationsTable> {
    const messages = rows.map((r) => JSON.parse(r.message) as StoredMessage);
    const alerts = (kind: string) => new Set(rows.filter((r) => r.kind === kind).flatMap((r) => JSON.parse(r.alert_ids) as string[]));
    const resolved = alerts('resolved');
    const firing = [...alerts('alert')].filter((a) => !resolved.has(a));
    const fresh = new Set(rows.filter((r) => r.kind === 'alert' && (r.step ?? 0) === 0).flatMap((r) => JSON.parse(r.alert_ids) as string[]));
    // Stored before the messages named their sites, a message has none to give.
    const sites = [...new Set(messages.flatMap((m) => m.sites ?? []))];
    const levels = rows.map((r) => r.level).filter((l): l is number => l !== null);
    const first = rows[0]!;
    const id = newId();
    const locale = messages[0]!.locale;
    const message: StoredMessage = {
      ...digestMessage(
        {
          id,
          folded: messages,
          fresh: firing.filter((a) => fresh.has(a)).length,
          still: firing.filter((a) => !fresh.has(a)).length,
          resolved: resolved.size,
          sites,
          level: levels.length > 0 ? (Math.min(...levels) as 1 | 2 | 3) : null,
          url: `${options.publicUrl}/alerts`,
          at: now,
        },
        locale,
      ),
      sites,
    };
    // Held by this node from the start: it is sent in this same round.
    const digest = queuedRow(
      {
        dedupe_key: `digest:${id}`,
        kind: 'digest',
        channel_id: first.channel_id,
        channel_kind: first.channel_kind,
        user_id: first.user_id,
        address: first.address,
        recipients: JSON.stringify([...new Set(rows.flatMap((r) => JSON.parse(r.recipients) as string[]))]),
        alert_ids: JSON.stringify([...new Set(rows.flatMap((r) => JSON.parse(r.alert_ids) as string[]))].slice(0, 1000)),
        group_key: first.group_key,
        level: message.level,
        site_id: new Set(rows.map((r) => r.site_id)).size === 1 ? first.site_id : null,
        give_up_at: Math.max(...rows.map((r) => r.give_up_at)),
        lease_owner: nodeId,
        lease_until: now + LEASE_MS,
        message,
      },
      now,
    );
    await k.transaction().execute(async (trx) => {
      await notificationsRepository.insertNew(trx, [digest]);
      await notificationsRepository.fold(trx, rows.map((r) => r.id), id, now);
    });
    log.warn({ channel: channel.name, folded: rows.length, digest: id }, 'notify: channel over its rate limit, folded into a digest');
    return digest;
  }

  /**
   * What to send now on one channel within its rate limit: everything when it fits; otherwise a group robot sends its
   * most severe rows one by one and folds the rest into one digest, and a person channel folds each person's rows.
   * Whatever still does not fit waits for the window to open.
   */
  async function withinRate(channel: NotifyChannelsTable, rows: NotificationsTable[], now: number): Promise<NotificationsTable[]> {
    const plugin = channels.get(channel.kind)!;
    const rate = channel.rate_per_minute ?? plugin.describe.defaultRatePerMinute;
    if (rate === null) return rows;
    const { count, oldest } = await notificationsRepository.handedOverSince(k, channel.id, now - WINDOW_MS);
    // What other nodes are handing over right now (leased, not yet receipted) counts too: two nodes must not each
    // send the robot its twenty. A node that died holding rows keeps them counted until its lease lapses — erring on
    // the side of the vendor's limit.
    const budget = rate - count - (await notificationsRepository.leasedByOthers(k, channel.id, nodeId, now));
    const reopens = (oldest ?? now) + WINDOW_MS;
    if (budget <= 0) {
      await defer(rows, reopens);
      return [];
    }
    if (rows.length <= budget) return rows;
    // Over the limit: take every due row of the channel, not just this batch, so the digest covers the whole storm.
    const more = await notificationsRepository.claimChannel(k, { channelId: channel.id, now, owner: nodeId, leaseUntil: now + LEASE_MS, limit: 5000 });
    const all = [...rows, ...more].sort((a, b) => (a.level ?? 9) - (b.level ?? 9) || a.created_at - b.created_at);
    const byRecipient = new Map<string, NotificationsTable[]>();
    for (const r of all) byRecipient.set(r.user_id ?? '', [...(byRecipient.get(r.user_id ?? '') ?? []), r]);
    let send: NotificationsTable[];
    if (byRecipient.size === 1) {
      const alone = all.slice(0, budget - 1);
      send = [...alone, await fold(channel, all.slice(budget - 1), now)];
    } else {
      send = [];
      for (const group of byRecipient.values()) send.push(group.length > 1 ? await fold(channel, group, now) : group[0]!);
    }
    if (send.length > budget) await defer(send.slice(budget), reopens);
    return send.slice(0, budget);
  }

  async function deliverChannel(channelId: string, rows: NotificationsTable[]): Promise<Outcome[]> {
    const now = clock.now();
    const channel = await channelsRepository.findById(k, channelId);
    const plugin = channel && channels.get(channel.kind);
    if (!channel || !plugin || channel.enabled !== 1) {
      const why = !channel ? 'the channel was deleted' : !plugin ? `no channel plug-in ${channel.kind}` : 'the channel is disabled';
      return rows.map((row) => ({ row, outcome: 'failed' as const, error: why, retryable: false, startedAt: now, durationMs: 0 }));
    }
    const sendNow = await withinRate(channel, rows, now);
    let settings: Record<string, unknown>;
    try {
      settings = channelSettings(channel, box);
    } catch (error) {
      return sendNow.map((row) => ({ row, outcome: 'failed' as const, error: `cannot read the channel's secrets: ${(error as Error).message}`, retryable: false, startedAt: now, durationMs: 0 }));
    }
    const recipients = await recipientsOf(sendNow, channel.kind);
    const outcomes: Outcome[] = [];
    let next = 0;
    const worker = async () => {
      while (next < sendNow.length) {
        const row = sendNow[next++]!;
        outcomes.push(await sendOne(row, channel, settings, recipients.get(row.id) ?? []));
      }
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, sendNow.length) }, worker));
    return outcomes;
  }

  /** Claims and sends until nothing is due. */
  async function drainQueue(): Promise<void> {
    for (;;) {
      const now = clock.now();
      const rows = await notificationsRepository.claimDue(k, { now, owner: nodeId, leaseUntil: now + LEASE_MS, limit: BATCH });
      if (rows.length === 0) return;
      const byChannel = new Map<string, NotificationsTable[]>();
      for (const r of rows) byChannel.set(r.channel_id, [...(byChannel.get(r.channel_id) ?? []), r]);
      const outcomes = (await Promise.all([...byChannel].map(([id, list]) => deliverChannel(id, list)))).flat();
      await settle(outcomes);
      if (stopping.signal.aborted) return;
    }
  }

  /** Runs the queue now; a wake while it runs makes it look once more when it is done. */
  function wake(): Promise<void> {
    if (busy) {
      again = true;
      return busy;
    }
    busy = (async () => {
      try {
        do {
          again = false;
          await drainQueue();
        } while (again && !stopping.signal.aborted);
      } catch (error) {
        log.error({ err: error }, 'notify: the deliverer failed; it tries again at the next wake');
      } finally {
        busy = null;
      }
    })();
    return busy;
  }

  return {
    /** Sends everything due now (tests call it after moving the clock). */
    runOnce: () => wake(),

    start(): void {
      if (running) return;
      running = true;
      unsubscribe = events.subscribe(({ event }) => {
        if (event.type === 'notify.queued') void wake();
      });
      poll = setInterval(() => void wake(), pollMs);
      poll.unref();
      void wake();
    },

    async stop(): Promise<void> {
      running = false;
      unsubscribe?.();
      if (poll) clearInterval(poll);
      poll = null;
      stopping.abort();
      await busy;
    },
  };
}

export type Deliverer = ReturnType<typeof createDeliverer>;
