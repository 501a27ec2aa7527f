import type { Clock } from '../../../clock.ts';
import type { Db } from '../../../db/database.ts';
import type { DomainEvent } from '../../../events/index.ts';
import { newId } from '../../../ids.ts';
import type { SendResult } from '../channels/channel.ts';
import { notificationsRepository } from '../notify.repository.ts';
import type { AttemptOutcome, NotificationsTable } from '../notify.tables.ts';
import { deliveryRepository, type RowValues } from './delivery.repository.ts';
import type { StoredMessage } from './outbox.ts';

/** Back-off before attempt n+1: 5 s doubling to at most 5 minutes, with "equal jitter" (half fixed, half random). */
export function backoffMs(failures: number, random: () => number): number {
  const ceiling = Math.min(5 * 60_000, 5000 * 2 ** Math.max(0, failures - 1));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

/** How long a channel that said "too fast" is left alone: its rate window. */
export const RATE_WINDOW_MS = 60_000;

/** What became of one claimed row: an attempt (its receipt), or `released` — given back unsent, lease and all. */
export interface Outcome {
  row: NotificationsTable;
  outcome: AttemptOutcome | 'released';
  result?: SendResult;
  error?: string;
  retryable?: boolean;
  rateLimited?: boolean;
  startedAt: number;
  durationMs: number;
  /** called once the receipt is committed (or could not be): the deliverer stops counting the row as its own */
  written?: () => void;
}

export interface ReceiptsOptions {
  db: Db;
  clock: Clock;
  nodeId: string;
  /** appends notify.console in the receipts' transaction */
  events: { append(trx: Parameters<typeof notificationsRepository.update>[0], ...e: DomainEvent[]): Promise<void> };
  random: () => number;
  log: { warn(obj: object, msg: string): void; error(obj: object, msg: string): void };
  /** a write starts when this many receipts wait… */
  batch: number;
  /** …or this long after the first of them came (ms) */
  delayMs: number;
}

/** A write that fails (the database busy or gone) is tried again this many times, this far apart. */
const WRITE_TRIES = 3;
const WRITE_RETRY_MS = 200;

/**
 * Writes receipts as sends finish, a few dozen or a few milliseconds at a time, one write after another: each write is
 * one transaction with one multi-row insert of the attempts and one update per kind of outcome (sent, delivered,
 * to retry, failed, released), so the database costs the same few statements for one receipt as for fifty. A row's
 * receipt is written with its lease checked: a node whose lease lapsed (and whose row another node took) writes the
 * attempt but moves nothing.
 */
export function createReceiptWriter(options: ReceiptsOptions) {
  const { db, clock, nodeId, events, random, log } = options;
  let waiting: Outcome[] = [];
  let timer: NodeJS.Timeout | null = null;
  let chain: Promise<void> = Promise.resolve();
  let writeQueued = false;

  function queueWrite(): void {
    if (timer) clearTimeout(timer);
    timer = null;
    // The write already queued takes whatever is waiting when it starts.
    if (writeQueued) return;
    writeQueued = true;
    chain = chain.then(async () => {
      writeQueued = false;
      const batch = waiting;
      waiting = [];
      if (batch.length > 0) await writeWithRetries(batch);
    });
  }

  async function writeWithRetries(batch: Outcome[]): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        await write(batch);
        break;
      } catch (error) {
        if (attempt >= WRITE_TRIES) {
          // The rows keep their lease until it lapses and are then sent again: at least once, never lost.
          log.error({ err: error, notifications: batch.length }, 'notify: could not write receipts; the notifications will be sent again when their lease lapses');
          break;
        }
        await new Promise((resolve) => setTimeout(resolve, WRITE_RETRY_MS * attempt));
      }
    }
    for (const o of batch) o.written?.();
  }

  async function write(batch: readonly Outcome[]): Promise<void> {
    const now = clock.now();
    const attempts = batch.filter((o) => o.outcome !== 'released');
    const sent: RowValues[] = [];
    const delivered: RowValues[] = [];
    const retry: RowValues[] = [];
    const failed: RowValues[] = [];
    const released: RowValues[] = [];
    const consoleEvents: DomainEvent[] = [];
    for (const o of batch) {
      const { row } = o;
      if (o.outcome === 'released') released.push({ id: row.id });
      else if (o.result) {
        (o.result.outcome === 'delivered' ? delivered : sent).push({ id: row.id, provider_id: o.result.providerId ?? null });
        if (row.channel_kind === 'console' && row.user_id) {
          const m = JSON.parse(row.message) as StoredMessage;
          consoleEvents.push({ type: 'notify.console', notificationId: row.id, userId: row.user_id, kind: row.kind, level: m.level, title: m.title, alertIds: JSON.parse(row.alert_ids) as string[], at: now });
        }
      } else {
        const wait = o.rateLimited ? RATE_WINDOW_MS : backoffMs(row.attempts + 1, random);
        if (o.retryable !== false && now + wait <= row.give_up_at) retry.push({ id: row.id, next_attempt_at: now + wait, last_error: o.error ?? null });
        else failed.push({ id: row.id, last_error: o.error ?? null });
      }
    }
    await db.kysely.transaction().execute(async (trx) => {
      await notificationsRepository.insertAttempts(
        trx,
        attempts.map((o) => ({
          id: newId(),
          notification_id: o.row.id,
          channel_id: o.row.channel_id,
          attempt: o.row.attempts + 1,
          at: o.startedAt,
          duration_ms: o.durationMs,
          outcome: o.outcome as AttemptOutcome,
          detail: o.error ?? o.result?.detail ?? null,
          node: nodeId,
        })),
      );
      const moved = new Set<string>();
      const settle = async (rows: RowValues[], common: Partial<NotificationsTable>, attempted = true) => {
        if (rows.length > 0) for (const id of await deliveryRepository.settle(trx, nodeId, rows, common, attempted)) moved.add(id);
      };
      await settle(sent, { state: 'sent', sent_at: now, next_attempt_at: null, last_error: null });
      await settle(delivered, { state: 'delivered', sent_at: now, delivered_at: now, next_attempt_at: null, last_error: null });
      await settle(retry, { state: 'queued' });
      await settle(failed, { state: 'failed', next_attempt_at: null, failed_at: now });
      await settle(released, {}, false);
      for (const o of batch) if (!moved.has(o.row.id)) log.warn({ notification: o.row.id }, 'notification: this node lost its claim before the receipt was written');
      if (consoleEvents.length > 0) await events.append(trx, ...consoleEvents);
    });
  }

  return {
    /** Takes one outcome; its receipt is written within `delayMs`, sooner when `batch` are waiting. */
    add(outcome: Outcome): void {
      waiting.push(outcome);
      if (waiting.length >= options.batch) queueWrite();
      else timer ??= setTimeout(queueWrite, options.delayMs);
    },

    /** Resolves when every receipt taken so far is written. */
    async flushed(): Promise<void> {
      while (waiting.length > 0 || writeQueued) {
        queueWrite();
        await chain;
      }
      await chain;
    },
  };
}
