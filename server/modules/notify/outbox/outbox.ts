import type { Executor } from '../../../db/types.ts';
import type { EventAppender } from '../../../events/index.ts';
import { newId, randomSecret } from '../../../ids.ts';
import type { SecretBox } from '../../../lib/secret-box.ts';
import { alertBriefs, type AlertBrief } from '../../alerting/index.ts';
import type { ChannelMessage, ChannelPlugin, Locale } from '../channels/channel.ts';
import { ackLinksRepository, channelsRepository, notificationsRepository } from '../notify.repository.ts';
import type { NotificationsTable, NotifyChannelsTable } from '../notify.tables.ts';
import { createIncidentNotices, type IncidentNoticeOrder } from './incident-notices.ts';
import { alertMessage, sitesOf } from './messages.ts';
import { heldBack, reachable, type Medium, type Reachable } from './people.ts';

/** A registry of channel plug-ins, by kind (channels/registry.ts and the in-console channel). */
export interface ChannelLookup {
  get(kind: string): ChannelPlugin | undefined;
}

/** A message as the outbox stores it: what the channel gets, and the sites it is about (a digest names them). */
export interface StoredMessage extends ChannelMessage {
  sites: (string | null)[];
}

/**
 * One thing to tell people, as escalation asks for it: these alerts, to these people, over these channels. The key
 * makes it idempotent: the same order enqueued twice (a replay after a crash) adds nothing.
 */
export interface NotifyOrder {
  key: string;
  kind: 'alert' | 'resolved';
  alertIds: readonly string[];
  level: 1 | 2 | 3;
  siteId: string | null;
  groupKey: string | null;
  escalationId: string | null;
  step: number | null;
  userIds: readonly string[];
  channelIds: readonly string[];
}

export interface OutboxOptions {
  channels: ChannelLookup;
  box: SecretBox;
  events: EventAppender;
  /** the console's address as people reach it (links in messages) */
  publicUrl: string;
  ackLinkTtlMs: number;
  /** how long a notification is retried before it is given up */
  retryForMs: number;
}

/** What a channel's `addresses` means for a person's preferences: e-mail, SMS, chat mentions; the console is never held back. */
export const MEDIUM: Record<string, Medium | null> = { email: 'email', phone: 'sms', none: 'chat', user: null };
/** Group robots are read by the whole team: they speak the console's default language. */
export const GROUP_LOCALE: Locale = 'zh-CN';
const ACK_PURPOSE = 'ack-link';

type RowFields = Pick<NotificationsTable, 'dedupe_key' | 'kind' | 'channel_id' | 'channel_kind' | 'give_up_at'> &
  Omit<Partial<NotificationsTable>, 'message' | 'id'> & { message: StoredMessage };

/** A notification's row as it is queued at `now` (its id is its message's), nothing of its sending yet. */
export function queuedRow(fields: RowFields, now: number): NotificationsTable {
  return {
    user_id: null,
    address: null,
    recipients: '[]',
    alert_id: null,
    alert_ids: '[]',
    group_key: null,
    incident_id: null,
    escalation_id: null,
    step: null,
    level: null,
    site_id: null,
    state: 'queued',
    attempts: 0,
    next_attempt_at: now,
    lease_owner: null,
    lease_until: null,
    last_error: null,
    provider_id: null,
    digest_id: null,
    created_at: now,
    sent_at: null,
    delivered_at: null,
    failed_at: null,
    read_at: null,
    ...fields,
    id: fields.message.id,
    message: JSON.stringify(fields.message),
  };
}

/**
 * The durable outbox (SPEC C4.5): notifications are rows written in the caller's transaction — the same one that
 * moves the escalation on — and a notify.queued event beside them wakes the deliverers (outbox/deliverer.ts) on every
 * node. Who is reached how is decided here, once: contacts, preferences, quiet hours and language; a person who cannot
 * be reached on a channel still gets a row, `skipped` with the reason, so the alert page shows it.
 */
export function createOutbox(options: OutboxOptions) {
  const { channels, box, events, publicUrl, ackLinkTtlMs, retryForMs } = options;
  const incidentNotices = createIncidentNotices({ channels, events, publicUrl, retryForMs });
  const alertUrl = (alertIds: readonly string[]) => (alertIds.length === 1 ? `${publicUrl}/alerts/${alertIds[0]}` : `${publicUrl}/alerts`);

  /** A one-time acknowledgement link for a person: the id is random, the signature proves opsdesk made it. */
  async function ackLink(trx: Executor, notificationId: string, userId: string, alertIds: readonly string[], now: number): Promise<string> {
    const id = randomSecret(18);
    await ackLinksRepository.insert(trx, { id, notification_id: notificationId, user_id: userId, alert_ids: JSON.stringify(alertIds), expires_at: now + ackLinkTtlMs, used_at: null, used_ip: null, created_at: now });
    return `${publicUrl}/ack/${id}.${box.sign(ACK_PURPOSE, id)}`;
  }

  function row(order: NotifyOrder, channel: NotifyChannelsTable, suffix: string, now: number, fields: Omit<Partial<NotificationsTable>, 'message'> & { message: StoredMessage }): NotificationsTable {
    return queuedRow(
      {
        dedupe_key: `${order.key}:${channel.id}:${suffix}`,
        kind: order.kind,
        channel_id: channel.id,
        channel_kind: channel.kind,
        alert_id: order.alertIds[0] ?? null,
        alert_ids: JSON.stringify(order.alertIds),
        group_key: order.groupKey,
        escalation_id: order.escalationId,
        step: order.step,
        level: order.level,
        site_id: order.siteId,
        give_up_at: now + retryForMs,
        ...fields,
      },
      now,
    );
  }

  function worded(order: NotifyOrder, briefs: readonly AlertBrief[], id: string, locale: Locale, ackUrl: string | null, now: number): StoredMessage {
    const message = alertMessage({ id, kind: order.kind, alerts: briefs, level: order.level, url: alertUrl(order.alertIds), ackUrl, at: now }, locale);
    return { ...message, sites: sitesOf(briefs) };
  }

  /** The rows of one order: one per person on person channels, one per group channel naming the people. */
  async function rowsOf(trx: Executor, order: NotifyOrder, people: Map<string, Reachable>, briefs: readonly AlertBrief[], now: number): Promise<NotificationsTable[]> {
    const rows: NotificationsTable[] = [];
    const found = await channelsRepository.findByIds(trx, order.channelIds);
    const targets = order.userIds.map((id) => people.get(id)).filter((p): p is Reachable => p !== undefined && p.active);
    for (const channel of found) {
      const plugin = channels.get(channel.kind);
      if (!plugin || channel.enabled !== 1) continue;
      const medium = MEDIUM[plugin.describe.addresses] ?? null;
      if (plugin.describe.addresses === 'none') {
        // A group robot or webhook: one message, mentioning those who want to be mentioned at this level and hour.
        const mentioned = targets.filter((p) => heldBack(p, 'chat', order.level, now) === null);
        const id = newId();
        rows.push(row(order, channel, 'group', now, { recipients: JSON.stringify(mentioned.map((p) => p.userId)), message: worded(order, briefs, id, GROUP_LOCALE, null, now) }));
        continue;
      }
      for (const person of targets) {
        const id = newId();
        const address = plugin.describe.addresses === 'email' ? person.email : plugin.describe.addresses === 'phone' ? person.phone : null;
        const why = plugin.describe.addresses !== 'user' && address === null ? 'no-address' : medium ? heldBack(person, medium, order.level, now) : null;
        const ackUrl = why === null && order.kind === 'alert' ? await ackLink(trx, id, person.userId, order.alertIds, now) : null;
        const message = worded(order, briefs, id, person.locale, ackUrl, now);
        rows.push(
          row(order, channel, person.userId, now, {
            user_id: person.userId,
            address,
            message,
            ...(why !== null && { state: 'skipped', next_attempt_at: null, last_error: why }),
          }),
        );
      }
    }
    return rows;
  }

  return {
    /**
     * Stores the notifications of these orders in the caller's transaction and wakes the deliverers after its commit.
     * Returns the rows written now (none for an order already enqueued).
     */
    async enqueue(trx: Executor, orders: readonly NotifyOrder[], now: number): Promise<NotificationsTable[]> {
      const people = await reachable(trx, orders.flatMap((o) => o.userIds));
      const briefs = new Map((await alertBriefs(trx, [...new Set(orders.flatMap((o) => o.alertIds))])).map((b) => [b.id, b]));
      const rows: NotificationsTable[] = [];
      for (const order of orders) {
        const about = order.alertIds.map((id) => briefs.get(id)).filter((b): b is AlertBrief => b !== undefined);
        rows.push(...(await rowsOf(trx, order, people, about, now)));
      }
      const created = await notificationsRepository.insertNew(trx, rows);
      const queued = created.filter((r) => r.state === 'queued');
      if (queued.length > 0) await events.append(trx, { type: 'notify.queued', count: queued.length, at: now });
      return created;
    },

    /**
     * Stores the notifications of one incident notice (an SLA warning or breach, an update to the client, its
     * resolution) in the caller's transaction, as enqueue does for alerts; see incident-notices.ts.
     */
    enqueueIncidentNotice: (trx: Executor, order: IncidentNoticeOrder, now: number): Promise<NotificationsTable[]> => incidentNotices.enqueue(trx, order, now),

    /** The enabled channels and what each reaches (e-mail, phone, a group, the console user), to choose a notice's. */
    enabledChannels: (db: Executor) => incidentNotices.enabledChannels(db),

    /** Checks an acknowledgement link's signature; the link's id when it is one opsdesk made. */
    linkId(token: string): string | null {
      const dot = token.indexOf('.');
      if (dot <= 0) return null;
      const id = token.slice(0, dot);
      return box.verify(ACK_PURPOSE, id, token.slice(dot + 1)) ? id : null;
    },
  };
}

export type Outbox = ReturnType<typeof createOutbox>;
