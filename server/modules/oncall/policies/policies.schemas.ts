import { Type, type Static } from '@sinclair/typebox';
import { IsoDateTime, StringEnum } from '../../../http/schemas.ts';

const Id = Type.String({ minLength: 1, maxLength: 64 });

const UserTarget = Type.Object({ kind: Type.Literal('user'), userId: Id }, { additionalProperties: false });
const RosterTarget = Type.Object(
  {
    kind: Type.Literal('roster'),
    rosterId: Id,
    include: Type.Optional(StringEnum(['on-duty', 'leader', 'both'] as const, { description: 'whoever is on duty (the default), the leader on duty (领导带班), or both' })),
  },
  { additionalProperties: false },
);
const RoleTarget = Type.Object({ kind: Type.Literal('role'), roleId: Id }, { additionalProperties: false, description: 'every active user holding the role' });
const TARGETS = [UserTarget, RosterTarget, RoleTarget] as const;

/**
 * Who a step pages, chosen by `kind` (a discriminator, as alert rule conditions are): a validator trying each branch
 * in turn would strip the fields the first branches do not know before reaching the right one.
 */
export const StepTarget = Type.Unsafe<Static<(typeof TARGETS)[number]>>({
  type: 'object',
  oneOf: [...TARGETS],
  discriminator: { propertyName: 'kind' },
  required: ['kind'],
  description: 'who a step pages: a user, whoever a roster has on duty (or its leader), or the members of a role',
});
export type StepTarget = Static<typeof StepTarget>;

export const EscalationStep = Type.Object(
  {
    targets: Type.Array(StepTarget, { minItems: 1, maxItems: 20 }),
    channelIds: Type.Array(Id, { minItems: 1, maxItems: 10, description: 'the channels the step uses: person channels reach each target, group robots post once naming them' }),
    waitMinutes: Type.Integer({ minimum: 1, maximum: 24 * 60, description: 'how long to wait for an acknowledgement before the next step' }),
  },
  { additionalProperties: false },
);
export type EscalationStep = Static<typeof EscalationStep>;

const Levels = Type.Array(Type.Integer({ minimum: 1, maximum: 3 }), { minItems: 1, maxItems: 3, uniqueItems: true });
const Scope = (what: string) => Type.Union([Type.Array(Type.String({ minLength: 1, maxLength: 64 }), { minItems: 1, maxItems: 500 }), Type.Null()], { description: `${what}; null: every one` });

export const EscalationPolicy = Type.Object({
  id: Type.String(),
  name: Type.String(),
  description: Type.Union([Type.String(), Type.Null()]),
  position: Type.Integer({ description: 'lower first: the first enabled policy that matches a group of alerts pages for it' }),
  levels: Type.Array(Type.Integer()),
  siteIds: Type.Union([Type.Array(Type.String()), Type.Null()]),
  subsystems: Type.Union([Type.Array(Type.String()), Type.Null()]),
  steps: Type.Array(EscalationStep),
  repeat: Type.Integer(),
  enabled: Type.Boolean(),
  version: Type.Integer(),
  createdAt: IsoDateTime,
  updatedAt: IsoDateTime,
});
export type EscalationPolicy = Static<typeof EscalationPolicy>;
export const EscalationPolicyList = Type.Object({ items: Type.Array(EscalationPolicy) });

const policyFields = {
  name: Type.String({ minLength: 1, maxLength: 100 }),
  description: Type.Optional(Type.Union([Type.String({ maxLength: 2000 }), Type.Null()])),
  position: Type.Optional(Type.Integer({ minimum: 0, maximum: 10_000 })),
  levels: Levels,
  siteIds: Type.Optional(Scope('sites it pages for')),
  subsystems: Type.Optional(Scope('subsystems it pages for (consumption, access, network…)')),
  steps: Type.Array(EscalationStep, { minItems: 1, maxItems: 10 }),
  repeat: Type.Optional(Type.Integer({ minimum: 0, maximum: 10, description: 'times to run the steps again when nobody acknowledged' })),
  enabled: Type.Optional(Type.Boolean()),
};
export const CreateEscalationPolicyBody = Type.Object(policyFields, { additionalProperties: false });
export type CreateEscalationPolicyBody = Static<typeof CreateEscalationPolicyBody>;
export const UpdateEscalationPolicyBody = Type.Partial(Type.Object(policyFields), { additionalProperties: false, minProperties: 1 });
export type UpdateEscalationPolicyBody = Static<typeof UpdateEscalationPolicyBody>;

export const Escalation = Type.Object({
  id: Type.String(),
  groupKey: Type.String(),
  policyId: Type.String(),
  policyName: Type.Union([Type.String(), Type.Null()]),
  level: Type.Integer(),
  siteId: Type.Union([Type.String(), Type.Null()]),
  state: Type.String(),
  alerts: Type.Record(Type.String(), Type.String(), { description: 'the alerts it pages about and their state' }),
  nextStep: Type.Integer(),
  round: Type.Integer(),
  nextAt: Type.Union([IsoDateTime, Type.Null()]),
  lastStepPaged: Type.Boolean({ description: "the last step was paged and nextAt ends its wait: unanswered by then, the escalation is exhausted" }),
  startedAt: IsoDateTime,
  endedAt: Type.Union([IsoDateTime, Type.Null()]),
  endedBy: Type.Union([Type.String(), Type.Null()]),
});
export const EscalationList = Type.Object({ items: Type.Array(Escalation) });
export const EscalationQuery = Type.Object({ alertId: Type.Optional(Type.String({ maxLength: 64 })), state: Type.Optional(Type.String({ maxLength: 20 })) });
