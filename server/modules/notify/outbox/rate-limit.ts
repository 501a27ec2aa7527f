import type { Db } from '../../../db/database.ts';
import type { Executor } from '../../../db/types.ts';
import { newId } from '../../../ids.ts';
import { notificationsRepository } from '../notify.repository.ts';
import type { NotificationsTable, NotifyChannelsTable } from '../notify.tables.ts';
import { digestMessage } from './messages.ts';
import { deliveryRepository } from './delivery.repository.ts';
import { queuedRow, type StoredMessage } from './outbox.ts';
import { RATE_WINDOW_MS } from './receipts.ts';

export const LEASE_MS = 120_000;

/** Hand-overs this node has made or is making to a channel that no receipt in the database counts yet. */
export interface OwnHandOvers {
  count: number;
  /** the earliest of them (clock ms), or null when there are none */
  oldest: number | null;
}

export interface RateLimitOptions {
  db: Db;
  nodeId: string;
  publicUrl: string;
  log: { warn(obj: object, msg: string): void };
}

/**
 * A channel's rate limit (SPEC C4.5): hand-overs in the window (now − 60 s, now] — receipts in the database, this
 * node's own hand-overs whose receipts are not written yet, and the rows other nodes hold leased — leave a budget;
 * what does not fit is folded into digests instead of dropped or queued for hours, and what still does not fit waits
 * for the window to reopen.
 *
 * A rate-limited channel's rows are claimed only here, all that are due at once, in one transaction that holds the
 * channel (nodes take turns) and decides them before it commits: so a row another node holds is always one it has
 * decided to hand over, never one still waiting for its decision — two nodes that had each claimed part of a storm
 * would otherwise count each other's part as sent and both hold theirs back.
 */
export function createRateLimit(options: RateLimitOptions) {
  const { nodeId, publicUrl, log } = options;
  const k = options.db.kysely;

  /** Holds rows this node holds back until the channel's window has room again. */
  async function defer(trx: Executor, rows: readonly NotificationsTable[], until: number): Promise<void> {
    for (const r of rows) await notificationsRepository.settle(trx, r.id, nodeId, { next_attempt_at: until });
  }

  /**
   * Folds rows for one recipient (a person, or a group robot) into one digest, written and held by this node, and
   * returns it. Every folded row points at the digest, so every alert is accounted for.
   */
  async function fold(trx: Executor, channel: NotifyChannelsTable, rows: readonly NotificationsTable[], now: number): Promise<NotificationsTable> {
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
          url: `${publicUrl}/alerts`,
          at: now,
        },
        locale,
      ),
      sites,
    };
    // Held by this node from the start: it is sent with the rows that fit.
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
    await notificationsRepository.insertNew(trx, [digest]);
    await notificationsRepository.fold(trx, rows.map((r) => r.id), id, now);
    log.warn({ channel: channel.name, folded: rows.length, digest: id }, 'notify: channel over its rate limit, folded into a digest');
    return digest;
  }

  return {
    /**
     * What to send now on one channel within `rate` a minute, out of `held` (rows this node claimed before it knew the
     * channel's rate) and every due row of the channel nobody holds: everything when it fits; otherwise a group robot
     * sends its most severe rows one by one and folds the rest into one digest, and a person channel folds each
     * person's rows. Whatever still does not fit waits for the window to open. `own` is read before the database, so
     * a receipt written meanwhile is counted twice (erring towards the vendor's limit), never not at all.
     */
    async decide(channel: NotifyChannelsTable, rate: number, held: readonly NotificationsTable[], now: number, own: () => OwnHandOvers): Promise<NotificationsTable[]> {
      const mine = own();
      return k.transaction().execute(async (trx) => {
        await deliveryRepository.lockChannel(trx, options.db.dialect, channel.id);
        const { count, oldest } = await notificationsRepository.handedOverSince(trx, channel.id, now - RATE_WINDOW_MS);
        // What other nodes are handing over right now (leased, not yet receipted) counts too: two nodes must not each
        // send the robot its twenty. A node that died holding rows keeps them counted until its lease lapses — erring
        // on the side of the vendor's limit.
        const budget = rate - count - mine.count - (await notificationsRepository.leasedByOthers(trx, channel.id, nodeId, now));
        const reopens = Math.min(oldest ?? now, mine.oldest ?? now) + RATE_WINDOW_MS;
        if (budget <= 0) {
          await deliveryRepository.deferDue(trx, channel.id, now, reopens);
          await defer(trx, held, reopens);
          return [];
        }
        const more = await notificationsRepository.claimChannel(trx, { channelId: channel.id, now, owner: nodeId, leaseUntil: now + LEASE_MS, limit: 5000 });
        const all = [...held, ...more].sort((a, b) => (a.level ?? 9) - (b.level ?? 9) || a.created_at - b.created_at);
        if (all.length <= budget) return all;
        const byRecipient = new Map<string, NotificationsTable[]>();
        // A person, an address without an account (an incident's reporter: never folded with someone else's), or the group.
        const recipientOf = (r: NotificationsTable) => r.user_id ?? (r.address !== null ? `address:${r.address}` : '');
        for (const r of all) byRecipient.set(recipientOf(r), [...(byRecipient.get(recipientOf(r)) ?? []), r]);
        let send: NotificationsTable[];
        if (byRecipient.size === 1) {
          const alone = all.slice(0, budget - 1);
          send = [...alone, await fold(trx, channel, all.slice(budget - 1), now)];
        } else {
          send = [];
          for (const group of byRecipient.values()) send.push(group.length > 1 ? await fold(trx, channel, group, now) : group[0]!);
        }
        await defer(trx, send.slice(budget), reopens);
        return send.slice(0, budget);
      });
    },
  };
}
