import type { Executor } from '../../../db/types.ts';
import { newId } from '../../../ids.ts';
import type { ModuleContext } from '../../../module.ts';
import type { Locale } from '../channels/channel.ts';
import { createNotifyOutbox } from '../notify.core.ts';
import { notificationsRepository } from '../notify.repository.ts';
import type { NotificationsTable } from '../notify.tables.ts';
import { incidentGroupKey } from './incident-notices.ts';
import { noticeRows } from './notice-rows.ts';
import { GROUP_LOCALE, type StoredMessage } from './outbox.ts';

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

/** Words in Chinese (always) and English (when given; else the Chinese is sent to English readers too). */
export interface NoticeWords {
  zh: string;
  en?: string | null;
}

/**
 * A written notice about something that is neither an alert nor an incident — a drill starting (issue 12 item 5) —
 * to these people over these channels, each person in their own language. Whoever is on duty is the caller's to
 * resolve into `userIds` (oncall builds on notify, not the other way round).
 */
export interface NoticeOrder {
  /** idempotency: the same key enqueued again (a retry, a second node) adds nothing */
  key: string;
  /**
   * what the notice is about, e.g. `drill-run:<id>`: stored as the rows' group key under `notice:` (noticeGroupKey),
   * so it never mixes with an alert group or an incident's notices
   */
  groupKey: string;
  /** the level people's preferences and quiet hours are read at: a drill is 3 (minor) */
  level: 1 | 2 | 3;
  siteId: string | null;
  /** the site's name, for a digest that folds it */
  siteName: string | null;
  /** one line: the channel's title (e-mail subject, the robot's heading) */
  subject: NoticeWords;
  /** one line per line, blank lines kept out */
  body: NoticeWords;
  /** the console page the notice links to, e.g. `/drills/runs/<id>` (a path on opsdesk's public address) */
  path: string;
  userIds: readonly string[];
  channelIds: readonly string[];
}

/** The group key a notice's rows are stored under: the notifications list finds them by it. */
export const noticeGroupKey = (about: string) => `notice:${about}`;

function checkNotice(order: NoticeOrder): void {
  // A path on our own console: never another host (`//evil.example`), never a scheme.
  if (!/^\/(?!\/)[^\s]*$/.test(order.path)) throw new TypeError(`A notice links to a console path starting with one /, got ${order.path}`);
  if (order.groupKey.trim() === '' || order.key.trim() === '') throw new TypeError('A notice has a key and a group key');
  if (order.subject.zh.trim() === '') throw new TypeError('A notice has a subject');
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
 * does not want to be told now), the same deliverer, retries and receipts. An incident's (WrittenNoticeOrder): kind
 * `incident`, grouped under the incident, the words the writer's in the writer's language for everyone. Any other
 * (NoticeOrder): kind `notice`, grouped under its own key, in zh and en as the caller words it.
 */
export function createWrittenNotices(ctx: ModuleContext) {
  const { registry } = createNotifyOutbox(ctx);
  const { events, config } = ctx;
  const retryForMs = config.notify.retryForMs;

  function message(order: WrittenNoticeOrder, now: number): StoredMessage {
    return { id: newId(), kind: 'incident', locale: order.locale, level: order.level, title: order.subject, lines: linesOf(order.body), url: order.url, ackUrl: null, at: now, sites: [order.siteName] };
  }

  function rowsOf(trx: Executor, order: WrittenNoticeOrder, now: number): Promise<NotificationsTable[]> {
    const fanOut = { key: order.key, kind: 'incident' as const, groupKey: incidentGroupKey(order.incidentId), incidentId: order.incidentId, level: order.level, siteId: order.siteId, giveUpAt: now + retryForMs, userIds: order.userIds, emails: [], channelIds: order.channelIds };
    // The writer's language for everyone: the words are theirs, not opsdesk's to translate.
    return noticeRows(trx, registry, { ...fanOut, message: () => message(order, now) }, now);
  }

  /** A notice's words in a reader's language: English where it was written in English too, else the Chinese. */
  function noticeMessage(order: NoticeOrder, locale: Locale, now: number): StoredMessage {
    const pick = (words: NoticeWords) => (locale === 'en' && words.en?.trim() ? words.en : words.zh);
    const url = `${config.notify.publicUrl}${order.path}`;
    return { id: newId(), kind: 'notice', locale, level: order.level, title: pick(order.subject).trim(), lines: linesOf(pick(order.body)), url, ackUrl: null, at: now, sites: [order.siteName] };
  }

  /** Stores the rows (a replay stores none) and wakes the deliverers after the caller's commit. */
  async function store(trx: Executor, rows: NotificationsTable[], now: number): Promise<NotificationsTable[]> {
    const created = await notificationsRepository.insertNew(trx, rows);
    const queued = created.filter((r) => r.state === 'queued');
    if (queued.length > 0) await events.append(trx, { type: 'notify.queued', count: queued.length, at: now });
    return created;
  }

  return {
    /**
     * Stores the notice's notifications in the caller's transaction and wakes the deliverers after its commit.
     * Returns the rows written now (none when this notice was enqueued before).
     */
    async enqueue(trx: Executor, order: WrittenNoticeOrder, now: number): Promise<NotificationsTable[]> {
      return store(trx, await rowsOf(trx, order, now), now);
    },

    /**
     * Stores a notice about something that is not an incident (NoticeOrder) in the caller's transaction, as `enqueue`
     * does: the same fan-out (notice-rows.ts), kind `notice`, grouped under noticeGroupKey(order.groupKey), each
     * person in their language, group robots in the console's. Returns the rows written now (none for a replay).
     */
    async enqueueNotice(trx: Executor, order: NoticeOrder, now: number): Promise<NotificationsTable[]> {
      checkNotice(order);
      const rows = await noticeRows(
        trx,
        registry,
        {
          key: order.key,
          kind: 'notice',
          groupKey: noticeGroupKey(order.groupKey),
          incidentId: null,
          level: order.level,
          siteId: order.siteId,
          giveUpAt: now + retryForMs,
          userIds: order.userIds,
          emails: [],
          channelIds: order.channelIds,
          message: (locale) => noticeMessage(order, locale ?? GROUP_LOCALE, now),
        },
        now,
      );
      return store(trx, rows, now);
    },
  };
}

export type WrittenNotices = ReturnType<typeof createWrittenNotices>;
