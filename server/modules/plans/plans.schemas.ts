import { Type, type Static } from '@sinclair/typebox';
import { Cursor, IsoDateTime, Limit, NullableIsoDateTime, StringEnum } from '../../http/schemas.ts';
import { LocalText, PLAN_CATEGORIES, PlanDocument, PlanTrigger, StepCheck, STEP_PHASES } from './plan-document.ts';
import { PLAN_STATES } from './plans.tables.ts';

const Id = Type.String({ minLength: 1, maxLength: 64 });
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) => Type.Union([schema, Type.Null()]);
const Version = Type.Integer({ minimum: 1, maximum: 2_147_483_647, description: 'the version you read: 409 if it moved since' });

// ── The library ──

export const PlanListQuery = Type.Object({
  state: Type.Optional(StringEnum(PLAN_STATES, { description: 'active (default: both)' })),
  category: Type.Optional(StringEnum(PLAN_CATEGORIES)),
  cursor: Type.Optional(Cursor),
  limit: Type.Optional(Limit),
});
export type PlanListQuery = Static<typeof PlanListQuery>;

export const PlanSummary = Type.Object({
  id: Type.String(),
  key: Type.String(),
  title: Type.String({ description: "the draft's Chinese title" }),
  titleEn: Nullable(Type.String({ description: "the draft's English title, when it has one" })),
  category: Type.String(),
  state: StringEnum(PLAN_STATES),
  publishedVersion: Nullable(Type.Integer({ description: 'the newest published version, null before the first publish' })),
  draftChanged: Type.Boolean({ description: 'the draft differs from the newest published version' }),
  builtin: Type.Boolean({ description: 'shipped by opsdesk' }),
  version: Type.Integer({ description: 'edit counter for optimistic concurrency' }),
  updatedAt: IsoDateTime,
});
export type PlanSummary = Static<typeof PlanSummary>;

export const PlanPage = Type.Object({ items: Type.Array(PlanSummary), nextCursor: Nullable(Type.String()) });

export const PlanDetail = Type.Object({ ...PlanSummary.properties, draft: PlanDocument, createdAt: IsoDateTime });
export type PlanDetail = Static<typeof PlanDetail>;

export const CreatePlanBody = Type.Object({ document: PlanDocument }, { additionalProperties: false });
export type CreatePlanBody = Static<typeof CreatePlanBody>;

export const UpdatePlanBody = Type.Object({ version: Version, document: PlanDocument }, { additionalProperties: false });
export type UpdatePlanBody = Static<typeof UpdatePlanBody>;

export const PublishPlanBody = Type.Object({ version: Version }, { additionalProperties: false });

export const VersionParams = Type.Object({ id: Id, n: Type.Integer({ minimum: 1, maximum: 1_000_000 }) });

/** A person as the API shows an actor: the id and the display name (the id when the account is gone). */
const Person = Type.Object({ userId: Type.String(), name: Type.String() });

/** `publishedBy` is null for the shipped plans' first versions (opsdesk published them). */
export const PlanVersionSummary = Type.Object({ number: Type.Integer(), publishedAt: IsoDateTime, publishedBy: Nullable(Person) });
export const PlanVersionList = Type.Object({ items: Type.Array(PlanVersionSummary) });
export const PlanVersion = Type.Object({ planId: Type.String(), ...PlanVersionSummary.properties, document: PlanDocument });
export type PlanVersion = Static<typeof PlanVersion>;

// ── Suggestions ──

export const SuggestionsQuery = Type.Object({
  alertId: Type.Optional(Id),
  incidentId: Type.Optional(Id),
});

export const SUGGESTION_REASONS = ['alertRule', 'alertType', 'subsystem', 'deviceType', 'level'] as const;

export const Suggestion = Type.Object({
  planId: Type.String(),
  key: Type.String(),
  title: Type.String(),
  category: Type.String(),
  version: Type.Integer({ description: 'the published version that would be attached' }),
  score: Type.Integer(),
  reasons: Type.Array(
    Type.Object({
      kind: StringEnum(SUGGESTION_REASONS),
      value: Type.String({ description: 'what matched: the rule key, the alert name, the subsystem, the device type, the level' }),
      alertId: Nullable(Type.String()),
    }),
  ),
});
export type Suggestion = Static<typeof Suggestion>;
export const SuggestionList = Type.Object({ items: Type.Array(Suggestion) });

// ── The checklist ──

export const AttachPlanBody = Type.Object({ planId: Id }, { additionalProperties: false });

export const IncidentPlanParams = Type.Object({ id: Id });
export const StepParams = Type.Object({ id: Id, key: Type.String({ minLength: 1, maxLength: 64 }) });

export const STEP_STATUSES = ['pending', 'started', 'done', 'skipped'] as const;
export const STEP_ACTIONS = ['start', 'done', 'skip', 'reassign'] as const;


export const ChecklistStep = Type.Object({
  key: Type.String(),
  position: Type.Integer(),
  title: LocalText(400),
  detail: Nullable(LocalText(4000)),
  role: Type.String(),
  phase: StringEnum(STEP_PHASES),
  check: Nullable(StepCheck),
  backfill: Type.Boolean({ description: 'the back-fill step: the incident cannot close while it is open' }),
  status: StringEnum(STEP_STATUSES),
  assignee: Nullable(Person),
  expectedMinutes: Type.Integer(),
  elapsedMinutes: Nullable(Type.Integer({ description: 'from start to done (or now); null before it starts' })),
  overdue: Type.Boolean({ description: 'elapsed beyond expected' }),
  startedAt: NullableIsoDateTime,
  startedBy: Nullable(Person),
  doneAt: NullableIsoDateTime,
  doneBy: Nullable(Person),
  skippedAt: NullableIsoDateTime,
  skippedBy: Nullable(Person),
  skipReason: Nullable(Type.String()),
  verified: Type.Boolean({ description: 'ticked by opsdesk because its check passed' }),
  version: Type.Integer(),
});
export type ChecklistStep = Static<typeof ChecklistStep>;

export const IncidentPlan = Type.Object({
  incidentId: Type.String(),
  planId: Type.String(),
  planKey: Type.String(),
  planVersion: Type.Integer({ description: 'the published version the incident runs; later versions do not change it' }),
  title: LocalText(400),
  attachedAt: IsoDateTime,
  attachedBy: Nullable(Person),
  steps: Type.Array(ChecklistStep),
});
export type IncidentPlan = Static<typeof IncidentPlan>;

export const StepUpdateBody = Type.Object(
  {
    action: StringEnum(STEP_ACTIONS, { description: 'start, done, skip (with a reason), reassign (to userId, or null for nobody)' }),
    version: Version,
    reason: Type.Optional(Type.String({ minLength: 1, maxLength: 1000, description: 'why: required to skip' })),
    userId: Type.Optional(Nullable(Id)),
  },
  { additionalProperties: false },
);
export type StepUpdateBody = Static<typeof StepUpdateBody>;

export { PlanTrigger };
