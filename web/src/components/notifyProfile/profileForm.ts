/**
 * "My notification settings": contact methods and preferences per level with quiet hours, as the drawer edits them
 * and as PUT /users/{id}/notify-profile takes them. The form keeps the body's shape (contacts, preferences) so that the
 * server's field problems (`contacts.1.value`, `preferences.quietHours.zone`) land where they are named.
 *
 * Stored contact values come back masked: a kept method is sent as `{ id }`, never with the masked text, and the
 * contact list is sent only when it changed (a change of preferences alone leaves the methods alone).
 */
import type { ContactKind, ContactMethod, NotifyPreferences, NotifyProfile, NotifyProfileUpdate } from '../../api/notify';

export const CONTACT_KINDS: readonly ContactKind[] = ['phone', 'email', 'dingtalk', 'wecom', 'feishu'];
export const PREFERENCE_LEVELS = ['1', '2', '3'] as const;
export const MEDIA = ['email', 'sms', 'chat'] as const;
export const DEFAULT_QUIET = { from: '22:00', to: '07:00', zone: 'Asia/Shanghai' };

export interface ContactRow {
  /** a stored method (shown masked, kept or removed); absent: a new one being typed */
  id?: string;
  kind: ContactKind;
  value?: string;
  /** the stored value as the API shows it (masked) */
  shown?: string;
  verified?: boolean;
}

export interface ProfileFormValues {
  contacts: ContactRow[];
  quietOn: boolean;
  preferences: { levels: NotifyPreferences['levels']; quietHours: { from: string; to: string; zone: string } };
}

/** The value a stored method holds, by its kind (e-mail, phone, or a DingTalk/WeCom/Feishu id), as the API shows it. */
export const shownValue = (c: ContactMethod): string => c.email ?? c.phone ?? c.vendorId ?? '';

export function profileToForm(profile: NotifyProfile): ProfileFormValues {
  return {
    contacts: profile.contacts.map((c) => ({ id: c.id, kind: c.kind, shown: shownValue(c), verified: c.verified })),
    quietOn: profile.preferences.quietHours !== null,
    preferences: { levels: profile.preferences.levels, quietHours: profile.preferences.quietHours ?? DEFAULT_QUIET },
  };
}

export function formToProfile(values: ProfileFormValues, stored: NotifyProfile): NotifyProfileUpdate {
  const rows = values.contacts ?? [];
  const keptIds = rows.filter((r) => r.id).map((r) => r.id);
  const added = rows.filter((r) => !r.id);
  const changed = added.length > 0 || keptIds.length !== stored.contacts.length;
  return {
    ...(changed && { contacts: rows.map((r) => (r.id ? { id: r.id } : { kind: r.kind, value: (r.value ?? '').trim() })) }),
    preferences: { levels: values.preferences.levels, quietHours: values.quietOn ? values.preferences.quietHours : null },
  };
}
