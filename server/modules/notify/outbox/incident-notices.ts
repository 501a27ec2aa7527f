import type { Executor } from '../../../db/types.ts';
import type { EventAppender } from '../../../events/index.ts';
import { newId } from '../../../ids.ts';
import { sha256Hex } from '../../../lib/hash.ts';
import { DEFAULT_ZONE } from '../../calendar/index.ts';
import { siteRecords } from '../../sites/index.ts';
import type { ChannelDescription, Locale } from '../channels/channel.ts';
import { channelsRepository, notificationsRepository } from '../notify.repository.ts';
import type { NotificationsTable, NotifyChannelsTable } from '../notify.tables.ts';
import { incidentMessage, INCIDENT_NOTICES, type IncidentClock, type IncidentMessageInput, type IncidentNotice } from './incident-message.ts';
import type { ChannelLookup, StoredMessage } from './outbox.ts';
import { GROUP_LOCALE, MEDIUM, queuedRow } from './outbox.ts';
import { heldBack, reachable, type Reachable } from './people.ts';

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

/** Raw addresses as one key: trimmed, lower case, each once. */
const normalEmails = (emails: readonly string[]) => [...new Set(emails.map((e) => e.trim().toLowerCase()).filter((e) => e !== ''))];

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

  function row(order: IncidentNoticeOrder, channel: NotifyChannelsTable, suffix: string, now: number, fields: Omit<Partial<NotificationsTable>, 'message'> & { message: StoredMessage }): NotificationsTable {
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

  async function rowsOf(trx: Executor, order: IncidentNoticeOrder, now: number): Promise<NotificationsTable[]> {
    const people = await reachable(trx, order.userIds);
    const targets = [...new Set(order.userIds)].map((id) => people.get(id)).filter((p): p is Reachable => p !== undefined && p.active);
    const emails = normalEmails(order.emails);
    const message = await wording(trx, order, now);
    const rows: NotificationsTable[] = [];
    for (const channel of await channelsRepository.findByIds(trx, order.channelIds)) {
      const plugin = channels.get(channel.kind);
      if (!plugin || channel.enabled !== 1) continue;
      const addresses = plugin.describe.addresses;
      if (addresses === 'none') {
        // A group robot or webhook: one message naming those who want chat mentions at this level and hour.
        const mentioned = targets.filter((p) => heldBack(p, 'chat', order.level, now) === null);
        const id = newId();
        rows.push(row(order, channel, 'group', now, { recipients: JSON.stringify(mentioned.map((p) => p.userId)), message: message(id, GROUP_LOCALE) }));
        continue;
      }
      const medium = MEDIUM[addresses] ?? null;
      for (const person of targets) {
        const id = newId();
        const address = addresses === 'email' ? person.email : addresses === 'phone' ? person.phone : null;
        const why = addresses !== 'user' && address === null ? 'no-address' : medium ? heldBack(person, medium, order.level, now) : null;
        rows.push(
          row(order, channel, person.userId, now, {
            user_id: person.userId,
            address,
            message: message(id, person.locale),
            ...(why !== null && { state: 'skipped', next_attempt_at: null, last_error: why }),
          }),
        );
      }
      if (addresses !== 'email') continue;
      // Someone without an account (the reporter's address from a mail or a form): no preferences, no quiet hours,
      // the deployment's language. An address that is also a person's told above is not told twice.
      const told = new Set(targets.flatMap((p) => (p.email ? [p.email.trim().toLowerCase()] : [])));
      for (const email of emails.filter((e) => !told.has(e))) {
        const id = newId();
        rows.push(row(order, channel, `mail:${sha256Hex(email).slice(0, 32)}`, now, { address: email, message: message(id, GROUP_LOCALE) }));
      }
    }
    return rows;
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
