import type { Executor } from '../../../db/types.ts';
import { newId } from '../../../ids.ts';
import type { ModuleContext } from '../../../module.ts';
import type { Locale } from '../channels/channel.ts';
import { createNotifyOutbox } from '../notify.core.ts';
import { notificationsRepository } from '../notify.repository.ts';
import type { NotificationsTable } from '../notify.tables.ts';
import { incidentGroupKey } from './incident-notices.ts';
import { noticeRows } from './notice-rows.ts';
import type { StoredMessage } from './outbox.ts';

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

  function rowsOf(trx: Executor, order: WrittenNoticeOrder, now: number): Promise<NotificationsTable[]> {
    const fanOut = { key: order.key, groupKey: incidentGroupKey(order.incidentId), level: order.level, siteId: order.siteId, giveUpAt: now + retryForMs, userIds: order.userIds, emails: [], channelIds: order.channelIds };
    // The writer's language for everyone: the words are theirs, not opsdesk's to translate.
    return noticeRows(trx, registry, { ...fanOut, message: () => message(order, now) }, now);
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
