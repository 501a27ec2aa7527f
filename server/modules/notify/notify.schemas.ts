import { Type, type Static } from '@sinclair/typebox';
import { IsoDateTime, ListQuery, NullableIsoDateTime, Page, StringEnum } from '../../http/schemas.ts';
import { NullablePersonalString } from '../personal/index.ts';
import { ATTEMPT_OUTCOMES, CONTACT_KINDS, NOTIFICATION_KINDS, NOTIFICATION_STATES } from './notify.tables.ts';

const Name = Type.String({ minLength: 1, maxLength: 100 });
const Level = Type.Integer({ minimum: 1, maximum: 3 });
const RatePerMinute = Type.Union([Type.Integer({ minimum: 1, maximum: 10_000 }), Type.Null()], { description: "hand-overs a minute before the rest is folded into digests; null: the channel kind's default" });

// ————— channels —————

export const ChannelKind = Type.Object({
  kind: Type.String(),
  label: Type.Object({ 'zh-CN': Type.String(), en: Type.String() }),
  addresses: StringEnum(['email', 'phone', 'none', 'user'] as const, { description: 'what a person is reached at: e-mail, phone, nothing (the channel posts to one place), or their console' }),
  defaultRatePerMinute: Type.Union([Type.Integer(), Type.Null()]),
  secretFields: Type.Array(Type.String()),
  settingsSchema: Type.Unknown({ description: 'the JSON Schema of the settings: the console draws the form from it' }),
});
export const ChannelKindList = Type.Object({ items: Type.Array(ChannelKind) });

export const Channel = Type.Object({
  id: Type.String(),
  name: Type.String(),
  kind: Type.String(),
  settings: Type.Record(Type.String(), Type.Unknown(), { description: 'the settings without secrets' }),
  secretsSet: Type.Array(Type.String(), { description: 'the secret fields that have a value (the values are never returned)' }),
  ratePerMinute: Type.Union([Type.Integer(), Type.Null()]),
  effectiveRatePerMinute: Type.Union([Type.Integer(), Type.Null()]),
  enabled: Type.Boolean(),
  builtin: Type.Boolean(),
  createdAt: IsoDateTime,
  updatedAt: IsoDateTime,
});
export type Channel = Static<typeof Channel>;
export const ChannelList = Type.Object({ items: Type.Array(Channel) });

export const CreateChannelBody = Type.Object(
  {
    name: Name,
    kind: Type.String({ minLength: 1, maxLength: 32 }),
    settings: Type.Record(Type.String({ maxLength: 64 }), Type.Unknown(), { description: "the kind's settings, secrets included (checked against the kind's schema)", maxProperties: 50 }),
    ratePerMinute: Type.Optional(RatePerMinute),
    enabled: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
export type CreateChannelBody = Static<typeof CreateChannelBody>;

export const UpdateChannelBody = Type.Object(
  {
    name: Type.Optional(Name),
    settings: Type.Optional(
      Type.Record(Type.String({ maxLength: 64 }), Type.Unknown(), { description: 'the whole settings; a secret field left out keeps its stored value, null clears it', maxProperties: 50 }),
    ),
    ratePerMinute: Type.Optional(RatePerMinute),
    enabled: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type UpdateChannelBody = Static<typeof UpdateChannelBody>;

export const TestChannelBody = Type.Object(
  {
    userId: Type.Optional(Type.String({ maxLength: 64, description: 'send to this person at their contact for the channel (default: yourself)' })),
  },
  { additionalProperties: false },
);

// ————— notifications (receipts) —————

export const NotificationAttempt = Type.Object({
  attempt: Type.Integer(),
  at: IsoDateTime,
  durationMs: Type.Integer(),
  outcome: StringEnum(ATTEMPT_OUTCOMES),
  detail: Type.Union([Type.String(), Type.Null()]),
});

/** Over which channel a notification went and to whom (the address is personal: masked on the way out). */
const deliveredTo = {
  channelId: Type.String(),
  channelName: Type.Union([Type.String(), Type.Null()]),
  channelKind: Type.String(),
  userId: Type.Union([Type.String(), Type.Null()]),
  userName: Type.Union([Type.String(), Type.Null()]),
  email: NullablePersonalString('email', { description: 'the address it went to (e-mail channels)' }),
  phone: NullablePersonalString('phone', { description: 'the number it went to (SMS channels)' }),
};

export const Notification = Type.Object({
  id: Type.String(),
  kind: StringEnum(NOTIFICATION_KINDS),
  state: StringEnum(NOTIFICATION_STATES),
  ...deliveredTo,
  recipients: Type.Array(Type.String(), { description: 'people a group message named (robots, webhooks)' }),
  alertIds: Type.Array(Type.String()),
  incidentId: Type.Union([Type.String(), Type.Null()], { description: 'the incident it is about (its notices and written messages)' }),
  escalationId: Type.Union([Type.String(), Type.Null()]),
  step: Type.Union([Type.Integer(), Type.Null()]),
  level: Type.Union([Level, Type.Null()]),
  title: Type.String(),
  attempts: Type.Integer(),
  lastError: Type.Union([Type.String(), Type.Null()]),
  providerId: Type.Union([Type.String(), Type.Null()]),
  digestId: Type.Union([Type.String(), Type.Null()]),
  createdAt: IsoDateTime,
  sentAt: NullableIsoDateTime,
  deliveredAt: NullableIsoDateTime,
  failedAt: NullableIsoDateTime,
  nextAttemptAt: NullableIsoDateTime,
});
export type Notification = Static<typeof Notification>;
export const NotificationPage = Page(Notification);
export const NotificationDetail = Type.Composite([Notification, Type.Object({ lines: Type.Array(Type.String()), history: Type.Array(NotificationAttempt) })]);
export type NotificationDetail = Static<typeof NotificationDetail>;

export const NotificationListQuery = ListQuery({
  alertId: Type.Optional(Type.String({ maxLength: 64 })),
  incidentId: Type.Optional(Type.String({ maxLength: 64 })),
  userId: Type.Optional(Type.String({ maxLength: 64 })),
  channelId: Type.Optional(Type.String({ maxLength: 64 })),
  escalationId: Type.Optional(Type.String({ maxLength: 64 })),
  state: Type.Optional(StringEnum(NOTIFICATION_STATES)),
  kind: Type.Optional(StringEnum(NOTIFICATION_KINDS)),
});
export type NotificationListQuery = Static<typeof NotificationListQuery>;

// ————— receipts of notices another module sent (a plan's messages, an incident's notices) —————

export const Receipt = Type.Object({
  id: Type.String(),
  state: Type.String({ description: 'queued | sent | delivered | failed | skipped (a folded row reports its digest)' }),
  folded: Type.Boolean(),
  ...deliveredTo,
  attempts: Type.Integer(),
  lastError: Type.Union([Type.String({ description: 'why it failed or was skipped: no-address, preferences, quiet-hours, the vendor’s answer' }), Type.Null()]),
  createdAt: IsoDateTime,
  sentAt: NullableIsoDateTime,
  deliveredAt: NullableIsoDateTime,
  failedAt: NullableIsoDateTime,
});
export type Receipt = Static<typeof Receipt>;
export const ReceiptPage = Page(Receipt);

// ————— the console inbox (the bell) —————

export const InboxItem = Type.Object({
  id: Type.String(),
  kind: StringEnum(NOTIFICATION_KINDS),
  level: Type.Union([Level, Type.Null()]),
  title: Type.String(),
  lines: Type.Array(Type.String()),
  alertIds: Type.Array(Type.String()),
  path: Type.Union([Type.String(), Type.Null()], { description: "where the notice leads in the console: its link's path (an alert, an incident, a survey), null without one" }),
  createdAt: IsoDateTime,
  readAt: NullableIsoDateTime,
});
export const InboxPage = Type.Composite([Page(InboxItem), Type.Object({ unread: Type.Integer() })]);
export const InboxQuery = ListQuery({ unread: Type.Optional(Type.Boolean()) });
export const MarkReadBody = Type.Object(
  { ids: Type.Optional(Type.Array(Type.String({ maxLength: 64 }), { maxItems: 200 })), all: Type.Optional(Type.Boolean()) },
  { additionalProperties: false, minProperties: 1 },
);
export const UnreadCount = Type.Object({ unread: Type.Integer() });

// ————— people: contact methods and preferences —————

export const ContactKindEnum = StringEnum(CONTACT_KINDS);
export const ContactMethod = Type.Object({
  id: Type.String(),
  kind: ContactKindEnum,
  /** one of the three holds the value, by kind, so that each is masked as what it is */
  email: NullablePersonalString('email'),
  phone: NullablePersonalString('phone'),
  vendorId: NullablePersonalString('account', { description: 'DingTalk, WeCom or Feishu user id' }),
  verified: Type.Boolean(),
});
export const ContactMethodInput = Type.Object(
  {
    id: Type.Optional(Type.String({ maxLength: 64, description: 'keep this stored method as it is (its value comes back masked, so it is not sent again)' })),
    kind: Type.Optional(ContactKindEnum),
    value: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    verified: Type.Optional(Type.Boolean({ description: 'set by an administrator who checked it (a test message arrived)' })),
  },
  { additionalProperties: false, description: 'a new method (kind and value), or a stored one kept by its id' },
);
export type ContactMethodInput = Static<typeof ContactMethodInput>;

const LevelPreference = Type.Object(
  {
    email: Type.Boolean(),
    sms: Type.Boolean(),
    chat: Type.Boolean({ description: 'mentions in DingTalk, WeCom or Feishu groups' }),
  },
  { additionalProperties: false },
);
export const QuietHours = Type.Object(
  {
    from: Type.String({ pattern: '^([01][0-9]|2[0-3]):[0-5][0-9]$' }),
    to: Type.String({ pattern: '^([01][0-9]|2[0-3]):[0-5][0-9]$' }),
    zone: Type.String({ maxLength: 64 }),
  },
  { additionalProperties: false, description: 'no e-mail, SMS or mentions for level 2 and 3 alerts in these local hours (level 1 always reaches you); the console still shows them' },
);
export const NotifyPreferences = Type.Object(
  {
    levels: Type.Object({ '1': LevelPreference, '2': LevelPreference, '3': LevelPreference }, { additionalProperties: false }),
    quietHours: Type.Union([QuietHours, Type.Null()]),
  },
  { additionalProperties: false },
);
export type NotifyPreferences = Static<typeof NotifyPreferences>;

export const NotifyProfile = Type.Object({
  userId: Type.String(),
  contacts: Type.Array(ContactMethod),
  preferences: NotifyPreferences,
});
export const UpdateNotifyProfileBody = Type.Object(
  {
    contacts: Type.Optional(Type.Array(ContactMethodInput, { maxItems: 20, description: 'the whole list: methods left out are removed' })),
    preferences: Type.Optional(NotifyPreferences),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type UpdateNotifyProfileBody = Static<typeof UpdateNotifyProfileBody>;

// ————— acknowledgement links and SMS replies —————

export const AckTokenParams = Type.Object({ token: Type.String({ minLength: 1, maxLength: 200, description: 'the link\'s last part, <id>.<signature>: anything else is answered 404 like a forged one' }) });
export const AckLinkAlert = Type.Object({ id: Type.String(), title: Type.String(), level: Level, state: Type.String() });
export const AckLinkView = Type.Object({
  userName: Type.String(),
  alerts: Type.Array(AckLinkAlert),
  expiresAt: IsoDateTime,
  usedAt: NullableIsoDateTime,
});
export const AckLinkResult = Type.Object({ acknowledged: Type.Integer({ description: 'alerts acknowledged now' }), alerts: Type.Array(AckLinkAlert) });

export const SmsReplyBody = Type.Object(
  {
    phone: Type.String({ minLength: 5, maxLength: 30, description: 'the number the reply came from' }),
    text: Type.String({ maxLength: 500, description: '"1" (or 确认, ack) acknowledges what was last sent to that number' }),
    receivedAt: Type.Optional(IsoDateTime),
  },
  { additionalProperties: false },
);
export const SmsReplyResult = Type.Object({
  outcome: StringEnum(['acknowledged', 'nothing-to-acknowledge', 'unknown-number', 'not-understood'] as const),
  acknowledged: Type.Integer(),
});
