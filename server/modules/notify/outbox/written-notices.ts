import type { Executor } from '../../../db/types.ts';
import { newId } from '../../../ids.ts';
import type { ModuleContext } from '../../../module.ts';
import type { Locale } from '../channels/channel.ts';
import { createNotifyOutbox } from '../notify.core.ts';
import { channelsRepository, notificationsRepository } from '../notify.repository.ts';
import type { NotificationsTable, NotifyChannelsTable } from '../notify.tables.ts';
import { incidentGroupKey } from './incident-notices.ts';
import { MEDIUM, queuedRow, type StoredMessage } from './outbox.ts';
import { heldBack, reachable, type Reachable } from './people.ts';

/**
 * A notice about an incident whose words a person wrote (a plan's communication template, filled with the incident's
 * facts and edited: issue 12 item 3), to these people over these channels, in the one language the writer chose.
 * The key makes it idempotent: the same notice enqueued twice adds nothing.
 */
export interface WrittenNoticeOrder {
  key: string;
  incidentId: string;
  level: 1 | 2 | 3;
  siteId: string | null;
  /** the site's name, for a digest that folds it */
  siteName: string | null;
  locale: Locale;
  /** one line: the channel's title (e-mail subject, the robot's heading) */
  subject: string;
  /** the text as written: one line per line, blank lines kept out */
  body: string;
  /** the incident's page */
  url: string;
  userIds: readonly string[];
  channelIds: readonly string[];
}

/** The most lines a written notice is cut to (the body's bound is 4,000 characters; channels cut further). */
const MAX_LINES = 80;

const linesOf = (body: string) =>
  body
    .split(/\r\n|\r|\n/)
    .map((line) => line.trimEnd())
    .filter((line) => line.trim() !== '')
    .slice(0, MAX_LINES);

/**
 * Written notices in the outbox, beside the alerts' pages and the incidents' own notices: the same rows (one per person
 * and person channel, a group robot or webhook once naming the people, `skipped` with the reason for whoever cannot or
 * does not want to be told now), the same deliverer, retries and receipts; kind `incident`, grouped under the
 * incident. What differs from incident-notices.ts: the words are the writer's, in the writer's language for everyone.
 */
export function createWrittenNotices(ctx: ModuleContext) {
  const { registry } = createNotifyOutbox(ctx);
  const { events, config } = ctx;
  const retryForMs = config.notify.retryForMs;

  function message(order: WrittenNoticeOrder, now: number): StoredMessage {
    return { id: newId(), kind: 'incident', locale: order.locale, level: order.level, title: order.subject, lines: linesOf(order.body), url: order.url, ackUrl: null, at: now, sites: [order.siteName] };
  }

  function row(order: WrittenNoticeOrder, channel: NotifyChannelsTable, suffix: string, now: number, fields: Omit<Partial<NotificationsTable>, 'message'> & { message: StoredMessage }): NotificationsTable {
    return queuedRow(
      {
        dedupe_key: `${order.key}:${channel.id}:${suffix}`,
        kind: 'incident',
        channel_id: channel.id,
        channel_kind: channel.kind,
        group_key: incidentGroupKey(order.incidentId),
        level: order.level,
        site_id: order.siteId,
        give_up_at: now + retryForMs,
        ...fields,
      },
      now,
    );
  }

  async function rowsOf(trx: Executor, order: WrittenNoticeOrder, now: number): Promise<NotificationsTable[]> {
    const people = await reachable(trx, order.userIds);
    const targets = [...new Set(order.userIds)].map((id) => people.get(id)).filter((p): p is Reachable => p !== undefined && p.active);
    const rows: NotificationsTable[] = [];
    for (const channel of await channelsRepository.findByIds(trx, order.channelIds)) {
      const plugin = registry.get(channel.kind);
      if (!plugin || channel.enabled !== 1) continue;
      const addresses = plugin.describe.addresses;
      if (addresses === 'none') {
        const mentioned = targets.filter((p) => heldBack(p, 'chat', order.level, now) === null);
        rows.push(row(order, channel, 'group', now, { recipients: JSON.stringify(mentioned.map((p) => p.userId)), message: message(order, now) }));
        continue;
      }
      const medium = MEDIUM[addresses] ?? null;
      for (const person of targets) {
        const address = addresses === 'email' ? person.email : addresses === 'phone' ? person.phone : null;
        const why = addresses !== 'user' && address === null ? 'no-address' : medium ? heldBack(person, medium, order.level, now) : null;
        rows.push(
          row(order, channel, person.userId, now, {
            user_id: person.userId,
            address,
            message: message(order, now),
            ...(why !== null && { state: 'skipped', next_attempt_at: null, last_error: why }),
          }),
        );
      }
    }
    return rows;
  }

  return {
    /**
     * Stores the notice's notifications in the caller's transaction and wakes the deliverers after its commit.
     * Returns the rows written now (none when this notice was enqueued before).
     */
    async enqueue(trx: Executor, order: WrittenNoticeOrder, now: number): Promise<NotificationsTable[]> {
      const created = await notificationsRepository.insertNew(trx, await rowsOf(trx, order, now));
      const queued = created.filter((r) => r.state === 'queued');
      if (queued.length > 0) await events.append(trx, { type: 'notify.queued', count: queued.length, at: now });
      return created;
    },
  };
}

export type WrittenNotices = ReturnType<typeof createWrittenNotices>;
