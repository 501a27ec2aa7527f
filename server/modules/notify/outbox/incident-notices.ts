import type { Executor } from '../../../db/types.ts';
import type { EventAppender } from '../../../events/index.ts';
import { newId } from '../../../ids.ts';
import { DEFAULT_ZONE } from '../../calendar/index.ts';
import { siteRecords } from '../../sites/index.ts';
import type { ChannelDescription, Locale } from '../channels/channel.ts';
import { channelsRepository, notificationsRepository } from '../notify.repository.ts';
import type { NotificationsTable } from '../notify.tables.ts';
import { incidentMessage, INCIDENT_NOTICES, type IncidentClock, type IncidentMessageInput, type IncidentNotice } from './incident-message.ts';
import type { ChannelLookup, StoredMessage } from './outbox.ts';
import { GROUP_LOCALE } from './outbox.ts';
import { noticeRows } from './notice-rows.ts';

/**
 * One notice about an incident, to these people and raw e-mail addresses over these channels (SPEC C5.3 warnings and
 * breaches, C5.8 updates to the client). The key makes it idempotent: the same notice enqueued twice adds nothing.
 */
export interface IncidentNoticeOrder {
  key: string;
  kind: 'incident';
  incidentId: string;
  /** INC-000123 */
  ref: string;
  level: 1 | 2 | 3;
  siteId: string | null;
  title: string;
  notice: IncidentNotice;
  /** the SLA clock a warning or breach is about */
  clock?: IncidentClock;
  /** the SLA target's due instant (epoch ms), for a warning or breach */
  dueAt?: number;
  /** the update's words, or the fix of a resolved incident */
  message?: string;
  /** where the message links to, when not the incident's page (a survey's public link) */
  url?: string;
  userIds: readonly string[];
  /** addresses of people who may have no account (the client's reporter): e-mail channels only, in Chinese */
  emails: readonly string[];
  channelIds: readonly string[];
}

/** A channel as a caller choosing where to send needs it: what it reaches (an address kind) and whether it is on. */
export interface EnabledChannel {
  id: string;
  kind: string;
  name: string;
  addresses: ChannelDescription['addresses'];
}

export interface IncidentNoticeOptions {
  channels: ChannelLookup;
  events: EventAppender;
  publicUrl: string;
  retryForMs: number;
}

/** The group key of an incident's notices: the notifications list and a later incident page find them by it. */
export const incidentGroupKey = (incidentId: string) => `incident:${incidentId}`;

function checkOrder(order: IncidentNoticeOrder): void {
  if (!INCIDENT_NOTICES.includes(order.notice)) throw new TypeError(`An incident notice is one of ${INCIDENT_NOTICES.join(', ')}, got ${String(order.notice)}`);
  if ((order.notice === 'sla_warning' || order.notice === 'sla_breach') && (order.clock === undefined || order.dueAt === undefined)) {
    throw new TypeError(`An incident's ${order.notice} names its clock and due instant`);
  }
}

/**
 * Incident notices in the outbox, beside the alerts' pages: the same rows (one per person and channel, a group robot
 * once naming the people, `skipped` with the reason for who cannot or does not want to be told now), the same
 * deliverer, retries and receipts. What differs: no acknowledgement links (an incident is answered in its workflow),
 * raw addresses for a client's reporter without an account, and the words (incident-message.ts).
 */
export function createIncidentNotices(options: IncidentNoticeOptions) {
  const { channels, events, publicUrl, retryForMs } = options;

  async function wording(trx: Executor, order: IncidentNoticeOrder, now: number) {
    const site = order.siteId ? await siteRecords.findById(trx, order.siteId) : undefined;
    const input: Omit<IncidentMessageInput, 'id'> = {
      ref: order.ref,
      title: order.title,
      level: order.level,
      notice: order.notice,
      clock: order.clock ?? null,
      dueAt: order.dueAt ?? null,
      message: order.message ?? null,
      siteName: site?.name ?? null,
      zone: site?.timezone ?? DEFAULT_ZONE,
      url: order.url ?? `${publicUrl}/incidents/${encodeURIComponent(order.incidentId)}`,
      at: now,
    };
    return (id: string, locale: Locale): StoredMessage => ({ ...incidentMessage({ ...input, id }, locale), sites: [input.siteName] });
  }

  async function rowsOf(trx: Executor, order: IncidentNoticeOrder, now: number): Promise<NotificationsTable[]> {
    const message = await wording(trx, order, now);
    return noticeRows(
      trx,
      channels,
      {
        key: order.key,
        kind: 'incident',
        groupKey: incidentGroupKey(order.incidentId),
        incidentId: order.incidentId,
        level: order.level,
        siteId: order.siteId,
        giveUpAt: now + retryForMs,
        userIds: order.userIds,
        emails: order.emails,
        channelIds: order.channelIds,
        message: (locale) => message(newId(), locale ?? GROUP_LOCALE),
      },
      now,
    );
  }

  return {
    /**
     * Stores an incident notice's notifications in the caller's transaction and wakes the deliverers after its commit.
     * Returns the rows written now (none when this notice was enqueued before).
     */
    async enqueue(trx: Executor, order: IncidentNoticeOrder, now: number): Promise<NotificationsTable[]> {
      checkOrder(order);
      const created = await notificationsRepository.insertNew(trx, await rowsOf(trx, order, now));
      const queued = created.filter((r) => r.state === 'queued');
      if (queued.length > 0) await events.append(trx, { type: 'notify.queued', count: queued.length, at: now });
      return created;
    },

    /** The enabled channels with what each reaches, for a caller choosing where a notice goes. */
    async enabledChannels(db: Executor): Promise<EnabledChannel[]> {
      const out: EnabledChannel[] = [];
      for (const channel of await channelsRepository.list(db)) {
        const plugin = channels.get(channel.kind);
        if (plugin && channel.enabled === 1) out.push({ id: channel.id, kind: channel.kind, name: channel.name, addresses: plugin.describe.addresses });
      }
      return out;
    },
  };
}
