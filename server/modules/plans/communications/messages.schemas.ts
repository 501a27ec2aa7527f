import { Type, type Static } from '@sinclair/typebox';
import { IsoDateTime, StringEnum } from '../../../http/schemas.ts';
import { Receipt } from '../../notify/index.ts';
import { AUDIENCES, LIMITS, LocalText, PLACEHOLDER_NAMES } from '../plan-document.ts';
import { LANGUAGES } from './fill.ts';

const Id = Type.String({ minLength: 1, maxLength: 64 });
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) => Type.Union([schema, Type.Null()]);
const Person = Type.Object({ userId: Type.String(), name: Type.String() });

/** The most people one message goes to (chosen and on duty together), and the most channels it goes over. */
export const MAX_RECIPIENTS = 100;
export const MAX_CHANNELS = 20;

export const TemplateParams = Type.Object({ id: Id, key: Type.String({ minLength: 1, maxLength: 64, pattern: '^[a-z0-9][a-z0-9_.-]*$' }) });

// ── Filled templates ──

export const FilledText = Type.Object({
  subject: Type.String(),
  body: Type.String(),
  missing: Type.Array(StringEnum(PLACEHOLDER_NAMES), { description: 'placeholders with no fact, left in as {{name}}: write them in before sending' }),
});

export const FilledTemplate = Type.Object({
  key: Type.String(),
  audience: StringEnum(AUDIENCES),
  zh: FilledText,
  en: Nullable(FilledText),
});

export const ChannelChoice = Type.Object({
  id: Type.String(),
  name: Type.String(),
  kind: Type.String({ description: 'the plug-in: email, sms-http, sms-aliyun, dingtalk, wecom, feishu, webhook, console' }),
  addresses: StringEnum(['email', 'phone', 'none', 'user'] as const, { description: 'what it reaches: e-mail or phone of each person, one group (robots, webhooks), the console user' }),
});

export const PersonChoice = Type.Object({
  userId: Type.String(),
  name: Type.String(),
  onDuty: Type.Boolean({ description: 'on duty now in a roster (as a participant or the leader on duty)' }),
  roles: Type.Array(Type.String(), { description: "the plan roles they hold on the checklist; 'assignee' for the incident's assignee" }),
});

export const PlanCommunications = Type.Object({
  incidentId: Type.String(),
  planKey: Type.String(),
  planVersion: Type.Integer(),
  planTitle: LocalText(400),
  templates: Type.Array(FilledTemplate),
  channels: Type.Array(ChannelChoice, { description: 'the enabled channels to choose from' }),
  people: Type.Array(PersonChoice, { description: "the incident's people: its assignee, the checklist's role holders, who is on duty" }),
});
export type PlanCommunications = Static<typeof PlanCommunications>;

// ── Sending ──

export const SendMessageBody = Type.Object(
  {
    language: StringEnum(LANGUAGES, { description: 'the language it is written in (every recipient gets this text)' }),
    subject: Type.String({ minLength: 1, maxLength: LIMITS.subject }),
    body: Type.String({ minLength: 1, maxLength: LIMITS.body }),
    userIds: Type.Array(Id, { maxItems: MAX_RECIPIENTS, uniqueItems: true, default: [], description: 'people, reached on the chosen channels that reach a person (e-mail, SMS, console) as their preferences allow' }),
    onDuty: Type.Boolean({ default: false, description: 'also the people on duty now in every roster (participants and leaders)' }),
    channelIds: Type.Array(Id, { minItems: 1, maxItems: MAX_CHANNELS, uniqueItems: true, description: 'the channels: a group robot or webhook posts once; a person channel reaches each person above' }),
  },
  { additionalProperties: false },
);
export type SendMessageBody = Static<typeof SendMessageBody>;


export const DELIVERY_STATES = ['queued', 'sent', 'delivered', 'failed', 'skipped'] as const;

export const PlanMessage = Type.Object({
  id: Type.String(),
  incidentId: Type.String(),
  templateKey: Type.String(),
  audience: StringEnum(AUDIENCES),
  language: StringEnum(LANGUAGES),
  subject: Type.String(),
  body: Type.String(),
  recipients: Type.Object({ userIds: Type.Array(Type.String()), onDuty: Type.Boolean(), channelIds: Type.Array(Type.String()) }, { description: 'what the sender chose' }),
  people: Type.Array(Person, { description: 'the people it went to (chosen and on duty when sent)' }),
  sentBy: Nullable(Person),
  sentAt: IsoDateTime,
  delivery: Type.Object(
    Object.fromEntries(DELIVERY_STATES.map((s) => [s, Type.Integer()])) as Record<(typeof DELIVERY_STATES)[number], ReturnType<typeof Type.Integer>>,
    { description: 'how many of its notifications are in each state' },
  ),
  receipts: Type.Array(Receipt),
});
export type PlanMessage = Static<typeof PlanMessage>;

export const PlanMessageList = Type.Object({ items: Type.Array(PlanMessage, { description: 'newest first' }) });
