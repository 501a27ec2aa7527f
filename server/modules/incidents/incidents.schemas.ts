import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { IsoDateTime, ListQuery, NullableIsoDateTime, Page, StringEnum } from '../../http/schemas.ts';
import { NullablePersonalString } from '../personal/index.ts';
import { IMPACTS, URGENCIES } from './grading/matrix.ts';
import { INCIDENT_SOURCES } from './incidents.tables.ts';
import { INCIDENT_STATES, SLA_CLOCKS, WAITING_REASONS } from './workflow/model.ts';
import { KEY_LIMIT, TEXT_LIMIT } from './workflow/requests.ts';
import { REQUEST_KINDS } from './workflow/transitions.ts';

const Id = Type.String({ minLength: 1, maxLength: KEY_LIMIT });
const Text = (description: string) => Type.String({ minLength: 1, maxLength: TEXT_LIMIT, description });
const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);
const Level = Type.Integer({ minimum: 1, maximum: 3, description: '1 一级 (most severe), 2 二级, 3 三级' });

export const TITLE_LIMIT = 200;
export const DESCRIPTION_LIMIT = 20_000;

const ASSIGNEES = [
  Type.Object({ kind: Type.Literal('user'), userId: Id }, { additionalProperties: false }),
  Type.Object({ kind: Type.Literal('team'), teamId: Id }, { additionalProperties: false }),
] as const;
/** Chosen by `kind`, like TransitionBody: a plain union would strip teamId while trying the user branch. */
const AssigneeBody = Type.Unsafe<Static<(typeof ASSIGNEES)[number]>>({
  type: 'object',
  oneOf: [...ASSIGNEES],
  discriminator: { propertyName: 'kind' },
  required: ['kind'],
  description: 'an engineer, or a team whose members may act on it',
});

const Location = Type.Object(
  {
    latitude: Type.Number({ minimum: -90, maximum: 90 }),
    longitude: Type.Number({ minimum: -180, maximum: 180 }),
    accuracyMeters: Type.Optional(Type.Number({ minimum: 0, maximum: 100_000 })),
  },
  { additionalProperties: false, description: "where the phone said it was (WGS 84, as browsers report it)" },
);

const kindOnly = (kind: string, description: string) => Type.Object({ kind: Type.Literal(kind) }, { additionalProperties: false, description });

const TRANSITION_BODIES = [
  Type.Object({ kind: Type.Literal('assign'), assignee: AssigneeBody }, { additionalProperties: false, description: 'new → assigned' }),
  kindOnly('take', 'new → acknowledged: an engineer takes it up (responds)'),
  Type.Object({ kind: Type.Literal('reassign'), assignee: AssigneeBody, reason: Type.Optional(Text('why')) }, { additionalProperties: false }),
  kindOnly('acknowledge', 'assigned → acknowledged (responds)'),
  kindOnly('start_work', 'acknowledged → in progress'),
  Type.Object({ kind: Type.Literal('check_in'), location: Type.Optional(Location) }, { additionalProperties: false, description: 'on site: stops the on-site clock (the assignee in person)' }),
  Type.Object({ kind: Type.Literal('wait'), reason: StringEnum(WAITING_REASONS), note: Type.Optional(Text('what is awaited')) }, { additionalProperties: false, description: 'waiting for the customer pauses the SLA clocks' }),
  kindOnly('resume', 'waiting → in progress'),
  Type.Object({ kind: Type.Literal('resolve'), fix: Text('what was done (处理措施)'), causeCategory: Id }, { additionalProperties: false, description: 'stops every clock' }),
  Type.Object({ kind: Type.Literal('confirm'), comment: Type.Optional(Text('the client’s word')) }, { additionalProperties: false, description: 'the client confirms the fix' }),
  kindOnly('close', 'confirmed → closed'),
  kindOnly('auto_close', 'opsdesk only'),
  Type.Object({ kind: Type.Literal('reopen'), reason: Text('why the fix did not hold') }, { additionalProperties: false }),
  Type.Object({ kind: Type.Literal('escalate'), level: Level, reason: Text('the important event, the VIP area…') }, { additionalProperties: false, description: 'raise the level' }),
  Type.Object({ kind: Type.Literal('declare_major'), reason: Text('why') }, { additionalProperties: false, description: 'a major incident (level 1, updates every N minutes, review before closing)' }),
  Type.Object({ kind: Type.Literal('communicate'), message: Text('the update to the client') }, { additionalProperties: false }),
  Type.Object({ kind: Type.Literal('record_review'), summary: Text('the post-incident review') }, { additionalProperties: false }),
] as const;

/** One body per kind, chosen by `kind` (a discriminator: see oncall's StepTarget for why not a plain union). */
export const TransitionBody = Type.Unsafe<Static<(typeof TRANSITION_BODIES)[number]>>({
  type: 'object',
  oneOf: [...TRANSITION_BODIES],
  discriminator: { propertyName: 'kind' },
  required: ['kind'],
  description: 'what to do to the incident; the workflow table (incidents README) says who may do what from which state',
});
export type TransitionBody = Static<typeof TransitionBody>;

export const CreateIncidentBody = Type.Object(
  {
    title: Type.String({ minLength: 1, maxLength: TITLE_LIMIT }),
    description: Type.String({ maxLength: DESCRIPTION_LIMIT, default: '' }),
    siteId: Id,
    deviceId: Type.Optional(Id),
    subsystem: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
    impact: StringEnum(IMPACTS, { description: 'how widely it hurts' }),
    urgency: StringEnum(URGENCIES, { description: 'how soon it must be fixed' }),
    channel: Type.Optional(StringEnum(['form', 'phone', 'api'] as const, { description: 'how the request came in: the console form (default), a call to the hotline, a program' })),
    reporterName: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
    reporterPhone: Type.Optional(Type.String({ minLength: 1, maxLength: 40 })),
    reporterEmail: Type.Optional(Type.String({ minLength: 3, maxLength: 254, format: 'email' })),
    alertIds: Type.Optional(Type.Array(Id, { maxItems: 100, uniqueItems: true, description: 'alerts to link at once' })),
    assignee: Type.Optional(AssigneeBody),
  },
  { additionalProperties: false },
);
export type CreateIncidentBody = Static<typeof CreateIncidentBody>;

export const CommentBody = Type.Object({ text: Type.String({ minLength: 1, maxLength: TEXT_LIMIT }) }, { additionalProperties: false });
export const LinkAlertBody = Type.Object({ alertId: Id }, { additionalProperties: false });
export const FromAlertBody = Type.Object({ alertId: Id, siteId: Type.Optional(Type.String({ minLength: 1, maxLength: KEY_LIMIT, description: 'for an alert of no site (an account, a payment channel)' })) }, { additionalProperties: false });

export const IncidentListQuery = ListQuery({
  state: Type.Optional(Type.String({ maxLength: 200, description: "comma-separated states, or 'open' (new … waiting)" })),
  level: Type.Optional(Type.String({ maxLength: 10, description: 'comma-separated levels' })),
  site: Type.Optional(Id),
  assignee: Type.Optional(Type.String({ maxLength: KEY_LIMIT, description: "a user id, or 'me'" })),
  source: Type.Optional(StringEnum(INCIDENT_SOURCES)),
  q: Type.Optional(Type.String({ maxLength: 100, description: 'words of the title, or the number (INC-000123)' })),
  sla: Type.Optional(StringEnum(['warning', 'breached'] as const, { description: 'a target past its warning share now, or late (running late or closed late)' })),
});
export type IncidentListQuery = Static<typeof IncidentListQuery>;

const ClockStatusSchema = StringEnum(['running', 'paused', 'stopped'] as const);

export const SlaTargetView = Type.Object({
  clock: StringEnum(SLA_CLOCKS),
  status: ClockStatusSchema,
  standing: StringEnum(['ok', 'warning', 'breached', 'met', 'paused'] as const),
  startedAt: IsoDateTime,
  dueAt: IsoDateTime,
  stoppedAt: NullableIsoDateTime,
  elapsedMinutes: Type.Integer({ description: 'business minutes counted so far (final once stopped)' }),
  remainingMinutes: Type.Integer({ description: 'business minutes left before the due instant; negative once breached' }),
  met: Nullable(Type.Boolean()),
  breachedAt: NullableIsoDateTime,
  calendarName: Nullable(Type.String()),
});

export const Incident = Type.Object({
  id: Type.String(),
  number: Type.Integer(),
  ref: Type.String({ description: 'INC-000123: quote it in a mail subject to add to this incident' }),
  title: Type.String(),
  description: Type.String(),
  siteId: Type.String(),
  deviceId: Nullable(Type.String()),
  subsystem: Nullable(Type.String()),
  impact: Type.String(),
  urgency: Type.String(),
  level: Type.Integer(),
  state: StringEnum(INCIDENT_STATES),
  source: StringEnum(INCIDENT_SOURCES),
  sourceRef: Nullable(Type.String()),
  reporterName: NullablePersonalString('name'),
  reporterPhone: NullablePersonalString('phone'),
  reporterEmail: NullablePersonalString('email'),
  assignee: Nullable(Type.Object({ kind: StringEnum(['user', 'team'] as const), id: Type.String(), name: Type.String() })),
  waitingReason: Nullable(StringEnum(WAITING_REASONS)),
  fix: Nullable(Type.String()),
  causeCategory: Nullable(Type.String()),
  resolvedAt: NullableIsoDateTime,
  confirmedAt: NullableIsoDateTime,
  closedAt: NullableIsoDateTime,
  closedHow: Nullable(StringEnum(['confirmed', 'auto'] as const)),
  firstCheckInAt: NullableIsoDateTime,
  reopenCount: Type.Integer(),
  firstTimeFix: Nullable(Type.Boolean({ description: 'resolved and never reopened; null while open' })),
  major: Nullable(Type.Object({ declaredAt: IsoDateTime, reason: Type.String(), lastCommunicationAt: NullableIsoDateTime, communicationDueAt: NullableIsoDateTime, communicationOverdue: Type.Boolean() })),
  review: Nullable(Type.Object({ summary: Type.String(), at: IsoDateTime })),
  satisfaction: Nullable(Type.Integer()),
  sla: Type.Array(SlaTargetView),
  version: Type.Integer(),
  createdAt: IsoDateTime,
  updatedAt: IsoDateTime,
});
export type Incident = Static<typeof Incident>;

export const TimelineItem = Type.Object({
  id: Type.String(),
  at: IsoDateTime,
  kind: Type.String({ description: "a transition kind, 'open', or a note: comment, alert_linked, attachment, part_used, sla_warning, sla_breach…" }),
  actorName: Type.String(),
  actorId: Nullable(Type.String()),
  from: Nullable(StringEnum(INCIDENT_STATES)),
  to: StringEnum(INCIDENT_STATES),
  details: Type.Record(Type.String(), Type.Unknown()),
  clocks: Type.Array(Type.Object({ clock: StringEnum(SLA_CLOCKS), action: Type.String(), at: IsoDateTime })),
  levelChange: Nullable(Type.Object({ from: Type.Integer(), to: Type.Integer() })),
});

export const LinkedAlert = Type.Object({ alertId: Type.String(), linkedAt: IsoDateTime, title: Nullable(Type.String()), state: Nullable(Type.String()), level: Nullable(Type.Integer()) });

export const AttachmentView = Type.Object({ id: Type.String(), filename: Type.String(), contentType: Type.String(), size: Type.Integer(), sha256: Type.String(), source: Type.String(), createdAt: IsoDateTime });

export const IncidentDetail = Type.Object({
  incident: Incident,
  timeline: Type.Array(TimelineItem),
  alerts: Type.Array(LinkedAlert),
  attachments: Type.Array(AttachmentView),
  actions: Type.Array(StringEnum(REQUEST_KINDS), { description: 'what the caller may do now (the page’s buttons); values are checked when asked' }),
});
export type IncidentDetail = Static<typeof IncidentDetail>;

export const IncidentPage = Page(Incident);
export const FromAlertResponse = Type.Object({ incident: Incident, opened: Type.Boolean({ description: 'false: the alert joined the open incident of its group' }) });

const Person = Type.Object({ userId: Type.String(), name: Type.String() });
export const OnDutyResponse = Type.Object({
  items: Type.Array(Type.Object({ rosterId: Type.String(), rosterName: Type.String(), people: Type.Array(Person), leader: Nullable(Person) })),
});
