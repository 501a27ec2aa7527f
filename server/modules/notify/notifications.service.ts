import { toIso, toIsoOrNull } from '../../clock.ts';
import { NotFoundError } from '../../errors.ts';
import { cursorPage, type ListRequest } from '../../http/cursor.ts';
import type { ModuleContext } from '../../module.ts';
import { can, type RequestContext } from '../auth/index.ts';
import { NOTIFICATIONS_ORDER, notificationsRepository } from './notify.repository.ts';
import type { Notification, NotificationDetail, NotificationListQuery } from './notify.schemas.ts';
import type { NotificationsTable } from './notify.tables.ts';
import type { StoredMessage } from './outbox/outbox.ts';

type Row = NotificationsTable & { channel_name?: string | null; user_name?: string | null };

/** A message's link as a path in the console (the link is absolute, on the configured public address). */
function consolePath(url: string | null): string | null {
  if (!url) return null;
  try {
    const { pathname, search } = new URL(url);
    return pathname + search;
  } catch {
    return null;
  }
}

function toView(r: Row): Notification {
  const message = JSON.parse(r.message) as StoredMessage;
  const email = r.channel_kind === 'email' ? r.address : null;
  return {
    id: r.id,
    kind: r.kind,
    state: r.state,
    channelId: r.channel_id,
    channelName: r.channel_name ?? null,
    channelKind: r.channel_kind,
    userId: r.user_id,
    userName: r.user_name ?? null,
    email,
    phone: r.address !== null && email === null ? r.address : null,
    recipients: JSON.parse(r.recipients) as string[],
    alertIds: JSON.parse(r.alert_ids) as string[],
    incidentId: r.incident_id,
    escalationId: r.escalation_id,
    step: r.step,
    level: r.level as Notification['level'],
    title: message.title,
    attempts: r.attempts,
    lastError: r.last_error,
    providerId: r.provider_id,
    digestId: r.digest_id,
    createdAt: toIso(r.created_at),
    sentAt: toIsoOrNull(r.sent_at),
    deliveredAt: toIsoOrNull(r.delivered_at),
    failedAt: toIsoOrNull(r.failed_at),
    nextAttemptAt: r.state === 'queued' ? toIsoOrNull(r.next_attempt_at) : null,
  };
}

/**
 * Receipts (SPEC C4.4, C4.5): who was told what, over which channel, when it was handed over or delivered, and why it
 * failed — for the alert page and the notifications list (notify:read, within the reader's sites; everyone sees
 * their own). And the console's inbox: a person's in-console notifications with the bell's unread count.
 */
export function createNotificationsService(ctx: ModuleContext) {
  const { db, clock } = ctx;
  const k = db.kysely;

  /** notify:read sees the notifications of their sites; anyone sees their own. */
  const scope = (rc: RequestContext) => (can(rc.actor, 'notify:read') ? { onlySiteIds: rc.actor.siteIds, readerId: rc.actor.userId } : { onlySiteIds: [] as string[], readerId: rc.actor.userId });

  return {
    async list(rc: RequestContext, query: Omit<NotificationListQuery, 'cursor' | 'limit'>, request: ListRequest) {
      const filter = { ...query, ...scope(rc) };
      if (!can(rc.actor, 'notify:read')) filter.userId = rc.actor.userId ?? '-';
      return cursorPage(NOTIFICATIONS_ORDER, request, (page) => notificationsRepository.list(k, filter, page), (rows) => rows.map(toView));
    },

    async get(rc: RequestContext, id: string): Promise<NotificationDetail> {
      const row = await notificationsRepository.findById(k, id);
      const mine = row?.user_id !== null && row?.user_id === rc.actor.userId;
      const inScope = row && can(rc.actor, 'notify:read') && (rc.actor.siteIds === null || (row.site_id !== null && rc.actor.siteIds.includes(row.site_id)));
      if (!row || (!mine && !inScope)) throw new NotFoundError('Notification', id);
      const withNames = (await notificationsRepository.findWithNames(k, id)) ?? row;
      const attempts = await notificationsRepository.attemptsOf(k, id);
      const message = JSON.parse(row.message) as StoredMessage;
      return {
        ...toView(withNames),
        lines: message.lines,
        history: attempts.map((a) => ({ attempt: a.attempt, at: toIso(a.at), durationMs: a.duration_ms, outcome: a.outcome, detail: a.detail })),
      };
    },

    async inbox(rc: RequestContext, unread: boolean | undefined, request: ListRequest) {
      const userId = rc.actor.userId ?? '-';
      const page = await cursorPage(
        NOTIFICATIONS_ORDER,
        request,
        (p) => notificationsRepository.list(k, { onlySiteIds: null, userId, channelKind: 'console', ...(unread && { unread: true }) }, p),
        (rows) =>
          rows.map((r) => {
            const m = JSON.parse(r.message) as StoredMessage;
            return { id: r.id, kind: r.kind, level: r.level as 1 | 2 | 3 | null, title: m.title, lines: m.lines, alertIds: JSON.parse(r.alert_ids) as string[], path: consolePath(m.url), createdAt: toIso(r.created_at), readAt: toIsoOrNull(r.read_at) };
          }),
      );
      return { ...page, unread: await notificationsRepository.unreadCount(k, userId) };
    },

    unread: async (rc: RequestContext) => ({ unread: rc.actor.userId ? await notificationsRepository.unreadCount(k, rc.actor.userId) : 0 }),

    async markRead(rc: RequestContext, body: { ids?: string[]; all?: boolean }) {
      if (!rc.actor.userId) return { unread: 0 };
      await notificationsRepository.markRead(k, rc.actor.userId, body.all ? null : (body.ids ?? []), clock.now());
      return { unread: await notificationsRepository.unreadCount(k, rc.actor.userId) };
    },
  };
}

export type NotificationsService = ReturnType<typeof createNotificationsService>;
