import { Type, type Static } from '@sinclair/typebox';
import { Cursor, IsoDateTime, Limit, NullableIsoDateTime, StringEnum } from '../../http/schemas.ts';
import { FINDING_STATUSES, RUN_STATES, SEVERITIES } from './drills.tables.ts';

const Id = Type.String({ minLength: 1, maxLength: 64 });
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) => Type.Union([schema, Type.Null()]);
const Version = Type.Integer({ minimum: 1, maximum: 2_147_483_647, description: 'the version you read: 409 if it moved since' });
const Title = Type.String({ minLength: 1, maxLength: 200 });
const Reason = Type.String({ minLength: 1, maxLength: 1000 });
const Zone = Type.String({ minLength: 1, maxLength: 64, description: "IANA time zone the cron fields are read in; default the first site's, else Asia/Shanghai" });
const CalendarDate = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'YYYY-MM-DD' });
const SiteIds = Type.Array(Id, { minItems: 1, maxItems: 20, uniqueItems: true, description: 'the sites the drill is about: who sees it' });
const Participants = Type.Array(Id, { maxItems: 50, uniqueItems: true, description: 'user ids: the only people a drill tells anything' });
const LocalText = Type.Object({ zh: Type.String(), en: Type.Optional(Type.String()) });
const UserRef = Type.Object({ id: Type.String(), name: Type.String() });
const RunState = StringEnum(RUN_STATES, { description: 'scheduled → running → completed, or cancelled' });
const Severity = StringEnum(SEVERITIES);
const FindingStatus = StringEnum(FINDING_STATUSES);
const StepStatus = StringEnum(['pending', 'started', 'done', 'skipped'] as const);
const PlanRef = Type.Object({ id: Type.String(), key: Type.String(), version: Type.Integer({ description: 'the published version the drill copied' }), title: LocalText });

// ————— schedules —————

export const Schedule = Type.Object({
  id: Type.String(),
  plan: Type.Object({ id: Type.String(), key: Type.String(), title: LocalText }),
  title: Type.String(),
  cron: Nullable(Type.String()),
  onceAt: NullableIsoDateTime,
  timezone: Type.String(),
  siteIds: Type.Array(Type.String()),
  participants: Type.Array(UserRef),
  owner: Nullable(UserRef),
  enabled: Type.Boolean(),
  nextDueAt: Type.Union([IsoDateTime, Type.Null()], { description: 'the next occurrence the worker will make a run of; null: none to come' }),
  upcoming: Type.Array(IsoDateTime, { description: 'the next occurrences (at most 4, within a year)' }),
  version: Type.Integer(),
  createdAt: IsoDateTime,
  updatedAt: IsoDateTime,
});
export type Schedule = Static<typeof Schedule>;

export const SchedulePage = Type.Object({ items: Type.Array(Schedule), nextCursor: Nullable(Type.String()) });
export const ScheduleListQuery = Type.Object({ cursor: Type.Optional(Cursor), limit: Type.Optional(Limit) });

export const CreateScheduleBody = Type.Object(
  {
    planId: Id,
    title: Title,
    cron: Type.Optional(Type.String({ minLength: 1, maxLength: 100, description: "5 or 6 fields (croner), e.g. '0 9 15 3,6,9,12 *' for the quarterly switchover drill" })),
    onceAt: Type.Optional(IsoDateTime),
    timezone: Type.Optional(Zone),
    siteIds: SiteIds,
    participants: Participants,
    ownerId: Type.Optional(Nullable(Id)),
    enabled: Type.Optional(Type.Boolean({ default: true })),
  },
  { additionalProperties: false, description: 'exactly one of cron and onceAt' },
);
export type CreateScheduleBody = Static<typeof CreateScheduleBody>;

export const UpdateScheduleBody = Type.Object(
  {
    version: Version,
    title: Type.Optional(Title),
    cron: Type.Optional(Nullable(Type.String({ minLength: 1, maxLength: 100 }))),
    onceAt: Type.Optional(Nullable(IsoDateTime)),
    timezone: Type.Optional(Zone),
    siteIds: Type.Optional(SiteIds),
    participants: Type.Optional(Participants),
    ownerId: Type.Optional(Nullable(Id)),
    enabled: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false, description: 'what changes; giving cron clears onceAt and the other way round' },
);
export type UpdateScheduleBody = Static<typeof UpdateScheduleBody>;

export const VersionBody = Type.Object({ version: Version }, { additionalProperties: false });
export const VersionQuery = Type.Object({ version: Version });

// ————— runs —————

export const DrillStep = Type.Object({
  key: Type.String(),
  position: Type.Integer(),
  title: LocalText,
  detail: Nullable(LocalText),
  role: Type.String(),
  phase: Type.String(),
  status: StepStatus,
  expectedMinutes: Type.Integer(),
  actualMinutes: Type.Union([Type.Number(), Type.Null()], { description: 'from its start (or the end of the step before) to done, or to now while started' }),
  overdue: Type.Boolean({ description: 'actual beyond expected' }),
  startedAt: NullableIsoDateTime,
  startedBy: Nullable(Type.String()),
  doneAt: NullableIsoDateTime,
  doneBy: Nullable(Type.String()),
  skippedAt: NullableIsoDateTime,
  skippedBy: Nullable(Type.String()),
  skipReason: Nullable(Type.String()),
  version: Type.Integer(),
});

const RunFields = {
  id: Type.String(),
  drill: Type.Literal(true, { description: 'always true: a drill pages nobody and sends nothing to clients' }),
  scheduleId: Nullable(Type.String()),
  occurrenceAt: NullableIsoDateTime,
  plan: PlanRef,
  title: Type.String(),
  state: RunState,
  scheduledFor: IsoDateTime,
  siteIds: Type.Array(Type.String()),
  owner: Nullable(UserRef),
  startedAt: NullableIsoDateTime,
  startedBy: Nullable(Type.String()),
  endedAt: NullableIsoDateTime,
  endedBy: Nullable(Type.String()),
  cancelReason: Nullable(Type.String()),
  summary: Nullable(Type.String()),
  progress: Type.Object({ total: Type.Integer(), done: Type.Integer(), skipped: Type.Integer() }),
  version: Type.Integer(),
  createdAt: IsoDateTime,
};

export const RunSummary = Type.Object({ ...RunFields, participantCount: Type.Integer() });
export const RunPage = Type.Object({ items: Type.Array(RunSummary), nextCursor: Nullable(Type.String()) });

export const RunNotice = Type.Object(
  {
    state: StringEnum(['none', 'sent'] as const, {
      description:
        'none: nobody told yet (a run made by hand and not started, or nobody to tell); sent: the notice is in the outbox for userIds (made by the worker: when its occurrence came; by hand: when started); how each fared is in the notifications (kind notice, group key notice:drill-run:<id>)',
    }),
    userIds: Type.Array(Type.String(), { description: 'whom a drill tells: its participants and its owner, nobody else' }),
    sentAt: NullableIsoDateTime,
  },
  { description: 'what the drill told people when it started' },
);

export const RunDetail = Type.Object({ ...RunFields, participants: Type.Array(UserRef), steps: Type.Array(DrillStep), notice: RunNotice, findingCount: Type.Integer() });
export type RunDetail = Static<typeof RunDetail>;

export const RunListQuery = Type.Object({
  state: Type.Optional(RunState),
  scheduleId: Type.Optional(Id),
  planId: Type.Optional(Id),
  from: Type.Optional(IsoDateTime),
  to: Type.Optional(IsoDateTime),
  cursor: Type.Optional(Cursor),
  limit: Type.Optional(Limit),
});
export type RunListQuery = Static<typeof RunListQuery>;

export const CreateRunBody = Type.Object(
  {
    scheduleId: Type.Optional(Id),
    planId: Type.Optional(Id),
    title: Type.Optional(Title),
    scheduledFor: Type.Optional(IsoDateTime),
    siteIds: Type.Optional(SiteIds),
    participants: Type.Optional(Participants),
    ownerId: Type.Optional(Nullable(Id)),
    start: Type.Optional(Type.Boolean({ default: false, description: 'start it at once' })),
  },
  { additionalProperties: false, description: "a run by hand: from a schedule (its plan, sites and people unless given) or from a plan (siteIds required)" },
);
export type CreateRunBody = Static<typeof CreateRunBody>;

export const CancelRunBody = Type.Object({ version: Version, reason: Reason }, { additionalProperties: false });
export const CompleteRunBody = Type.Object({ version: Version, summary: Type.Optional(Type.String({ maxLength: 4000 })) }, { additionalProperties: false });
export type CompleteRunBody = Static<typeof CompleteRunBody>;

export const StepParams = Type.Object({ id: Id, key: Type.String({ minLength: 1, maxLength: 64 }) });
export const StepUpdateBody = Type.Object(
  {
    action: StringEnum(['start', 'done', 'skip'] as const, { description: 'start, done, skip (with a reason)' }),
    version: Version,
    reason: Type.Optional(Reason),
  },
  { additionalProperties: false },
);
export type StepUpdateBody = Static<typeof StepUpdateBody>;

// ————— findings —————

export const Finding = Type.Object({
  id: Type.String(),
  runId: Type.String(),
  stepKey: Nullable(Type.String()),
  text: Type.String(),
  severity: Severity,
  action: Nullable(Type.String({ description: 'the follow-up action' })),
  owner: Nullable(UserRef),
  dueDate: Nullable(Type.String()),
  overdue: Type.Boolean({ description: 'open and past its due date' }),
  status: FindingStatus,
  doneAt: NullableIsoDateTime,
  doneBy: Nullable(Type.String()),
  version: Type.Integer(),
  createdBy: Nullable(Type.String()),
  createdAt: IsoDateTime,
  updatedAt: IsoDateTime,
});
export type Finding = Static<typeof Finding>;
export const FindingPage = Type.Object({ items: Type.Array(Finding), nextCursor: Nullable(Type.String()) });
export const FindingListQuery = Type.Object({
  runId: Type.Optional(Id),
  status: Type.Optional(FindingStatus),
  ownerId: Type.Optional(Id),
  cursor: Type.Optional(Cursor),
  limit: Type.Optional(Limit),
});
export type FindingListQuery = Static<typeof FindingListQuery>;

const FindingText = Type.String({ minLength: 1, maxLength: 2000 });
const ActionText = Type.String({ minLength: 1, maxLength: 2000 });
export const CreateFindingBody = Type.Object(
  {
    text: FindingText,
    severity: Severity,
    stepKey: Type.Optional(Nullable(Type.String({ minLength: 1, maxLength: 64 }))),
    action: Type.Optional(Nullable(ActionText)),
    ownerId: Type.Optional(Nullable(Id)),
    dueDate: Type.Optional(Nullable(CalendarDate)),
  },
  { additionalProperties: false },
);
export type CreateFindingBody = Static<typeof CreateFindingBody>;

export const UpdateFindingBody = Type.Object(
  {
    version: Version,
    text: Type.Optional(FindingText),
    severity: Type.Optional(Severity),
    action: Type.Optional(Nullable(ActionText)),
    ownerId: Type.Optional(Nullable(Id)),
    dueDate: Type.Optional(Nullable(CalendarDate)),
    status: Type.Optional(FindingStatus),
  },
  { additionalProperties: false },
);
export type UpdateFindingBody = Static<typeof UpdateFindingBody>;

// ————— report —————

const ReportStep = Type.Object({
  key: Type.String(),
  position: Type.Integer(),
  title: LocalText,
  role: Type.String(),
  phase: Type.String(),
  status: StepStatus,
  expectedMinutes: Type.Integer(),
  actualMinutes: Type.Union([Type.Number(), Type.Null()]),
  overByMinutes: Type.Union([Type.Number(), Type.Null()], { description: 'actual − expected when positive' }),
  skipReason: Nullable(Type.String()),
});

export const DrillReport = Type.Object({
  run: RunSummary,
  totalMinutes: Type.Union([Type.Number(), Type.Null()], { description: 'from the start to the end (or now while running); null before the start' }),
  expectedMinutes: Type.Integer({ description: 'the steps’ expected minutes, skipped steps left out' }),
  steps: Type.Array(ReportStep),
  overran: Type.Array(ReportStep, { description: 'the steps that took longer than expected, the largest overrun first' }),
  skipped: Type.Array(ReportStep),
  notDone: Type.Array(ReportStep, { description: 'steps neither done nor skipped' }),
  findings: Type.Array(Finding),
  openActions: Type.Integer(),
});
export type DrillReport = Static<typeof DrillReport>;
