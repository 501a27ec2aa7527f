import type { Executor } from '../../../db/types.ts';
import { sha256Hex } from '../../../lib/hash.ts';
import type { Locale } from '../channels/channel.ts';
import { channelsRepository } from '../notify.repository.ts';
import type { NotificationsTable } from '../notify.tables.ts';
import type { ChannelLookup, StoredMessage } from './outbox.ts';
import { MEDIUM, queuedRow } from './outbox.ts';
import { heldBack, reachable, type Reachable } from './people.ts';

/** One notice (about an incident, or a written notice about something else), as its outbox rows are made: who, where, and its words in a language. */
export interface NoticeFanOut {
  /** the notice's idempotency key: the same notice enqueued twice adds nothing */
  key: string;
  /** 'incident' for an incident's notices; 'notice' for a written notice about something else (a drill) */
  kind: 'incident' | 'notice';
  groupKey: string;
  /** the incident it is about, or null (a drill) */
  incidentId: string | null;
  level: 1 | 2 | 3;
  siteId: string | null;
  giveUpAt: number;
  userIds: readonly string[];
  /** raw addresses (people who may have no account): e-mail channels only, in the group language */
  emails: readonly string[];
  channelIds: readonly string[];
  /** the words for a person's language, or for a group or raw address (null); a new message id each call */
  message: (locale: Locale | null) => StoredMessage;
}

/** Raw addresses as one key: trimmed, lower case, each once. */
const normalEmails = (emails: readonly string[]) => [...new Set(emails.map((e) => e.trim().toLowerCase()).filter((e) => e !== ''))];

/**
 * The rows of a notice (incident-notices.ts, written-notices.ts), as the alerts' pages are made: one per
 * person and person channel, a group robot or webhook once naming those who want chat mentions now, `skipped` with the
 * reason for whoever cannot or does not want to be told now; raw addresses on e-mail channels, each once, and not when
 * a person told above has it.
 */
export async function noticeRows(trx: Executor, channels: ChannelLookup, notice: NoticeFanOut, now: number): Promise<NotificationsTable[]> {
  const row = (channel: { id: string; kind: string }, suffix: string, fields: Omit<Partial<NotificationsTable>, 'message'> & { message: StoredMessage }): NotificationsTable =>
    queuedRow(
      {
        dedupe_key: `${notice.key}:${channel.id}:${suffix}`,
        kind: notice.kind,
        channel_id: channel.id,
        channel_kind: channel.kind,
        group_key: notice.groupKey,
        incident_id: notice.incidentId,
        level: notice.level,
        site_id: notice.siteId,
        give_up_at: notice.giveUpAt,
        ...fields,
      },
      now,
    );
  const people = await reachable(trx, notice.userIds);
  const targets = [...new Set(notice.userIds)].map((id) => people.get(id)).filter((p): p is Reachable => p !== undefined && p.active);
  const emails = normalEmails(notice.emails);
  const rows: NotificationsTable[] = [];
  for (const channel of await channelsRepository.findByIds(trx, notice.channelIds)) {
    const plugin = channels.get(channel.kind);
    if (!plugin || channel.enabled !== 1) continue;
    const addresses = plugin.describe.addresses;
    if (addresses === 'none') {
      const mentioned = targets.filter((p) => heldBack(p, 'chat', notice.level, now) === null);
      rows.push(row(channel, 'group', { recipients: JSON.stringify(mentioned.map((p) => p.userId)), message: notice.message(null) }));
      continue;
    }
    const medium = MEDIUM[addresses] ?? null;
    for (const person of targets) {
      const address = addresses === 'email' ? person.email : addresses === 'phone' ? person.phone : null;
      const why = addresses !== 'user' && address === null ? 'no-address' : medium ? heldBack(person, medium, notice.level, now) : null;
      rows.push(
        row(channel, person.userId, {
          user_id: person.userId,
          address,
          message: notice.message(person.locale),
          ...(why !== null && { state: 'skipped', next_attempt_at: null, last_error: why }),
        }),
      );
    }
    if (addresses !== 'email') continue;
    const told = new Set(targets.flatMap((p) => (p.email ? [p.email.trim().toLowerCase()] : [])));
    for (const email of emails.filter((e) => !told.has(e))) {
      rows.push(row(channel, `mail:${sha256Hex(email).slice(0, 32)}`, { address: email, message: notice.message(null) }));
    }
  }
  return rows;
}
