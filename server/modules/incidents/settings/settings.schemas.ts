import { Type, type Static } from '@sinclair/typebox';
import { IsoDateTime, StringEnum } from '../../../http/schemas.ts';
import { COMMUNICATION_MINUTES } from '../grading/major.ts';
import { WAITING_REASONS } from '../workflow/model.ts';
import { POLICY_DAYS } from '../workflow/policy.ts';
import { INTAKE_RULE_LIMIT, RULE_ID_LIMIT } from './settings.ts';

/*
 * The shapes are declared here for validation, types and the OpenAPI document; what a shape cannot say — the grading
 * matrix's order, rules and people that must exist — the service checks and refuses by field.
 */

const Level = Type.Integer({ minimum: 1, maximum: 3 });
const GradingRow = (impact: string) =>
  Type.Object({ high: Level, medium: Level, low: Level }, { additionalProperties: false, description: `the level for ${impact} impact at each urgency` });

export const GradingMatrixSchema = Type.Object(
  { high: GradingRow('high'), medium: GradingRow('medium'), low: GradingRow('low') },
  { additionalProperties: false, description: 'impact × urgency → level (1 most severe); a worse impact or urgency never gets a lower level' },
);

export const WorkflowPolicySchema = Type.Object(
  {
    autoCloseAfterDays: Type.Integer({ minimum: POLICY_DAYS.min, maximum: POLICY_DAYS.max, description: 'a resolved incident nobody confirmed is closed this many calendar days after its resolution; 0: never' }),
    reopenWindowDays: Type.Integer({ minimum: POLICY_DAYS.min, maximum: POLICY_DAYS.max, description: 'a closed incident may be reopened for this many days' }),
    pausingWaitReasons: Type.Array(StringEnum(WAITING_REASONS), { maxItems: WAITING_REASONS.length, uniqueItems: true, description: 'waiting for these pauses the SLA clocks' }),
    major: Type.Object(
      {
        communicationEveryMinutes: Type.Integer({ minimum: COMMUNICATION_MINUTES.min, maximum: COMMUNICATION_MINUTES.max, description: 'minutes between updates to the client while a major incident is open' }),
        reviewRequired: Type.Boolean({ description: 'a major incident is closed only after its post-incident review' }),
      },
      { additionalProperties: false },
    ),
  },
  { additionalProperties: false },
);

export const IntakeSettingsSchema = Type.Object(
  {
    fromAlerts: Type.Object(
      {
        levels: Type.Array(Level, { maxItems: 3, uniqueItems: true, description: 'alerts of these levels open an incident, one per alert group' }),
        ruleIds: Type.Array(Type.String({ minLength: 1, maxLength: RULE_ID_LIMIT }), { maxItems: INTAKE_RULE_LIMIT, uniqueItems: true, description: 'alerts raised by these rules open one too, whatever their level' }),
      },
      { additionalProperties: false },
    ),
  },
  { additionalProperties: false },
);

export const IncidentSettingsView = Type.Object({
  grading: GradingMatrixSchema,
  workflow: WorkflowPolicySchema,
  intake: IntakeSettingsSchema,
  version: Type.Integer({ description: 'send it back with a change: a change to an older version is refused (409)' }),
});
export type IncidentSettingsView = Static<typeof IncidentSettingsView>;

export const UpdateIncidentSettingsBody = Type.Object(
  {
    grading: Type.Optional(GradingMatrixSchema),
    workflow: Type.Optional(WorkflowPolicySchema),
    intake: Type.Optional(IntakeSettingsSchema),
    version: Type.Integer({ minimum: 0, description: 'the version the change was made to' }),
  },
  { additionalProperties: false },
);
export type UpdateIncidentSettingsBody = Static<typeof UpdateIncidentSettingsBody>;

export const CAUSE_CODE_PATTERN = '^[a-z0-9_-]{1,32}$';
export const CAUSE_LIMIT = 100;

export const CauseCategory = Type.Object({
  code: Type.String({ pattern: CAUSE_CODE_PATTERN, description: 'stable code stored on incidents: 1–32 of a–z, 0–9, _ and -' }),
  nameZh: Type.String({ minLength: 1, maxLength: 100 }),
  nameEn: Type.String({ minLength: 1, maxLength: 100 }),
  enabled: Type.Boolean({ description: 'offered when resolving; a disabled cause stays on the incidents that have it' }),
});
export type CauseCategory = Static<typeof CauseCategory>;

export const CauseCategoryList = Type.Object({ items: Type.Array(CauseCategory, { description: 'in the order the console offers them' }) });

export const ReplaceCauseCategoriesBody = Type.Object(
  { items: Type.Array(CauseCategory, { minItems: 1, maxItems: CAUSE_LIMIT, description: 'the whole taxonomy in order; a code in use on incidents may be disabled but not left out' }) },
  { additionalProperties: false },
);
export type ReplaceCauseCategoriesBody = Static<typeof ReplaceCauseCategoriesBody>;

export const TEAM_MEMBER_LIMIT = 200;

export const Team = Type.Object({
  id: Type.String(),
  name: Type.String(),
  description: Type.Union([Type.String(), Type.Null()]),
  members: Type.Array(Type.Object({ id: Type.String(), displayName: Type.String() }), { description: 'in name order' }),
  createdAt: IsoDateTime,
  updatedAt: IsoDateTime,
});
export type Team = Static<typeof Team>;
export const TeamList = Type.Object({ items: Type.Array(Team) });

const teamFields = {
  name: Type.String({ minLength: 1, maxLength: 100 }),
  description: Type.Optional(Type.Union([Type.String({ maxLength: 2000 }), Type.Null()])),
  memberIds: Type.Array(Type.String({ minLength: 1, maxLength: 64 }), { maxItems: TEAM_MEMBER_LIMIT, uniqueItems: true, description: 'active users' }),
};
export const CreateTeamBody = Type.Object(teamFields, { additionalProperties: false });
export type CreateTeamBody = Static<typeof CreateTeamBody>;
export const UpdateTeamBody = Type.Partial(Type.Object(teamFields), { additionalProperties: false, minProperties: 1 });
export type UpdateTeamBody = Static<typeof UpdateTeamBody>;
