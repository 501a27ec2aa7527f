/**
 * The notify module's tables (SPEC C4.1, C4.4, C4.5). JSON documents are text columns, parsed through their schemas.
 */

export const CONTACT_KINDS = ['email', 'phone', 'dingtalk', 'wecom', 'feishu'] as const;
export type ContactKind = (typeof CONTACT_KINDS)[number];

/** queued → (sending) → sent | delivered | failed; folded into a digest; skipped (quiet hours, no address) */
export const NOTIFICATION_STATES = ['queued', 'sent', 'delivered', 'failed', 'folded', 'skipped'] as const;
export type NotificationState = (typeof NOTIFICATION_STATES)[number];
/**
 * 'incident': an incident's notice (SLA warning or breach, an update to the client, resolved); about no alert.
 * 'notice': a written notice about neither an alert nor an incident (a drill starting), grouped under its own key.
 */
export const NOTIFICATION_KINDS = ['alert', 'resolved', 'digest', 'test', 'incident', 'notice'] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

export interface NotifyChannelsTable {
  id: string;
  name: string;
  /** the plug-in: email, sms-http, sms-aliyun, dingtalk, wecom, feishu, webhook, console */
  kind: string;
  /** JSON: the plug-in's settings without its secret fields */
  settings: string;
  /** the secret fields, sealed (secret-box.ts); never returned by the API */
  secrets: string | null;
  /** hand-overs a minute before the rest is folded into digests; null: the plug-in's default */
  rate_per_minute: number | null;
  enabled: number;
  /** 1 for the in-console channel opsdesk ships */
  builtin: number;
  created_by: string | null;
  created_at: number;
  updated_at: number;
}

export interface ContactMethodsTable {
  id: string;
  user_id: string;
  kind: ContactKind;
  value: string;
  verified: number;
  created_at: number;
  updated_at: number;
}

export interface NotifyPreferencesTable {
  user_id: string;
  /** JSON: per level, the kinds of channel the person wants (NotifyPreferences in notify.schemas.ts) */
  levels: string;
  /** JSON { from: 'HH:MM', to: 'HH:MM', zone } or null */
  quiet_hours: string | null;
  updated_at: number;
}

export interface NotificationsTable {
  id: string;
  /** what makes the same notification the same on a replay (escalation, step, round, channel, person) */
  dedupe_key: string;
  kind: NotificationKind;
  channel_id: string;
  channel_kind: string;
  /** the person told (null for a robot or webhook that posts to a group) */
  user_id: string | null;
  /** the e-mail or phone it went to (personal: masked by the API) */
  address: string | null;
  /** JSON array of user ids a group message named */
  recipients: string;
  /** the first alert it is about (for the alert page's timeline) */
  alert_id: string | null;
  /** JSON array of every alert it is about */
  alert_ids: string;
  /** the alert group it is about; `incident:<id>` for an incident's notice */
  group_key: string | null;
  /** the incident it is about (its notices and written messages), for the incident page */
  incident_id: string | null;
  escalation_id: string | null;
  step: number | null;
  level: number | null;
  site_id: string | null;
  /** JSON ChannelMessage, worded in the recipient's language */
  message: string;
  state: NotificationState;
  attempts: number;
  next_attempt_at: number | null;
  give_up_at: number;
  lease_owner: string | null;
  lease_until: number | null;
  last_error: string | null;
  provider_id: string | null;
  /** the digest this one was folded into */
  digest_id: string | null;
  created_at: number;
  sent_at: number | null;
  delivered_at: number | null;
  failed_at: number | null;
  /** in-console notifications: when the person opened it */
  read_at: number | null;
}

export const ATTEMPT_OUTCOMES = ['sent', 'delivered', 'failed', 'rate-limited', 'timeout'] as const;
export type AttemptOutcome = (typeof ATTEMPT_OUTCOMES)[number];

export interface NotificationAttemptsTable {
  id: string;
  notification_id: string;
  channel_id: string;
  attempt: number;
  at: number;
  duration_ms: number;
  outcome: AttemptOutcome;
  detail: string | null;
  node: string | null;
}

export interface AckLinksTable {
  id: string;
  notification_id: string;
  user_id: string;
  /** JSON array of the alerts the link acknowledges */
  alert_ids: string;
  expires_at: number;
  used_at: number | null;
  used_ip: string | null;
  created_at: number;
}

export interface NotifyTables {
  notify_channels: NotifyChannelsTable;
  contact_methods: ContactMethodsTable;
  notify_preferences: NotifyPreferencesTable;
  notifications: NotificationsTable;
  notification_attempts: NotificationAttemptsTable;
  ack_links: AckLinksTable;
}
