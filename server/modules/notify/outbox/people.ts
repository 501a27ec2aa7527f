import type { Executor } from '../../../db/types.ts';
import { localPartsOf } from '../../calendar/index.ts';
import type { ChannelRecipient, Locale } from '../channels/channel.ts';
import { peopleRepository } from '../notify.repository.ts';
import type { NotifyPreferences } from '../notify.schemas.ts';
import type { ContactKind } from '../notify.tables.ts';
import { localeOf } from './messages.ts';

/** What a person wants by default: everything for levels 1 and 2; no SMS for level 3. No quiet hours. */
export const DEFAULT_PREFERENCES: NotifyPreferences = {
  levels: {
    '1': { email: true, sms: true, chat: true },
    '2': { email: true, sms: true, chat: true },
    '3': { email: true, sms: false, chat: true },
  },
  quietHours: null,
};

/** A person as the outbox reaches them. */
export interface Reachable {
  userId: string;
  name: string;
  locale: Locale;
  active: boolean;
  email: string | null;
  phone: string | null;
  vendorIds: Partial<Record<Extract<ContactKind, 'dingtalk' | 'wecom' | 'feishu'>, string>>;
  preferences: NotifyPreferences;
}

/** A contact method of a kind: a verified one first, then the oldest; the user record's own field last. */
function pick<T extends { kind: string; value: string; verified: number }>(contacts: readonly T[], kind: string, fallback: string | null): string | null {
  const of = contacts.filter((c) => c.kind === kind);
  return (of.find((c) => c.verified === 1) ?? of[0])?.value ?? fallback;
}

export async function reachable(db: Executor, userIds: readonly string[]): Promise<Map<string, Reachable>> {
  const unique = [...new Set(userIds)];
  const [people, contacts, prefs] = await Promise.all([peopleRepository.find(db, unique), peopleRepository.contactsOf(db, unique), peopleRepository.preferencesOf(db, unique)]);
  const result = new Map<string, Reachable>();
  for (const p of people) {
    const own = contacts.filter((c) => c.user_id === p.id);
    const pref = prefs.find((x) => x.user_id === p.id);
    const vendorIds: Reachable['vendorIds'] = {};
    for (const kind of ['dingtalk', 'wecom', 'feishu'] as const) {
      const v = pick(own, kind, null);
      if (v) vendorIds[kind] = v;
    }
    result.set(p.id, {
      userId: p.id,
      name: p.display_name,
      locale: localeOf(p.locale),
      active: p.status === 'active',
      email: pick(own, 'email', p.email),
      phone: pick(own, 'phone', p.phone),
      vendorIds,
      preferences: pref ? { levels: JSON.parse(pref.levels) as NotifyPreferences['levels'], quietHours: pref.quiet_hours ? (JSON.parse(pref.quiet_hours) as NotifyPreferences['quietHours']) : null } : DEFAULT_PREFERENCES,
    });
  }
  return result;
}

/**
 * A person as a channel gets them: the address the notification was stored with (e-mail or phone; null for group
 * messages), their phone to @mention and their id in the channel's vendor directory (DingTalk, WeCom, Feishu).
 */
export function recipientOf(person: Reachable | undefined, userId: string, address: string | null, channelKind: string): ChannelRecipient {
  const vendorId = channelKind === 'dingtalk' || channelKind === 'wecom' || channelKind === 'feishu' ? (person?.vendorIds[channelKind] ?? null) : null;
  return { userId, name: person?.name ?? null, address, mobile: person?.phone ?? null, vendorId };
}

const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/** Whether `at` falls in the person's quiet hours (which may run over midnight: 22:00–07:00). */
export function inQuietHours(prefs: NotifyPreferences, at: number): boolean {
  const q = prefs.quietHours;
  if (!q) return false;
  const p = localPartsOf(at, q.zone);
  const now = p.hour * 60 + p.minute;
  const from = minutesOf(q.from);
  const to = minutesOf(q.to);
  if (from === to) return false;
  return from < to ? now >= from && now < to : now >= from || now < to;
}

export type Medium = 'email' | 'sms' | 'chat';

/**
 * Why a person is not to be told over this medium now, or null when they are: their preference for the level, or
 * quiet hours (which never hold back level 1: SPEC C4, "level 1 ignores quiet hours").
 */
export function heldBack(person: Reachable, medium: Medium, level: number, at: number): 'preferences' | 'quiet-hours' | null {
  const pref = person.preferences.levels[String(level) as '1' | '2' | '3'];
  if (pref && !pref[medium]) return 'preferences';
  if (level > 1 && inQuietHours(person.preferences, at)) return 'quiet-hours';
  return null;
}
