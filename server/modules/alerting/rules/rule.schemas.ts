import { Type, type Static } from '@sinclair/typebox';
import { StringEnum } from '../../../http/schemas.ts';
import { Matchers } from '../matchers.ts';

/**
 * An alert rule as the API, rule documents (YAML/JSON) and the evaluator see it. One schema per kind of condition
 * (SPEC C3.1); the scope says which devices it watches (C3.2), overrides change its threshold or level for part of
 * that scope, `forMinutes` keeps it pending before it fires and `keepFiringMinutes` keeps it firing after it clears.
 */

export const RULE_KINDS = ['threshold', 'ratio', 'absence', 'event', 'change', 'baseline', 'composite'] as const;
export type RuleKind = (typeof RULE_KINDS)[number];
export const AGGREGATES = ['avg', 'min', 'max', 'sum', 'count', 'last'] as const;
export type Aggregate = (typeof AGGREGATES)[number];
export const OPERATORS = ['>', '>=', '<', '<='] as const;
export type Operator = (typeof OPERATORS)[number];

/** Counts a threshold rule can watch besides metrics and heartbeat vitals. */
export const COUNTER_METRICS = ['logins.failed', 'logins.all', 'txn.count', 'txn.failed'] as const;

const Minutes = (max: number, description: string) => Type.Integer({ minimum: 1, maximum: max, description });
const Finite = (description: string) => Type.Number({ description });

/** Which of a device's transactions count (a ratio's numerator or denominator). */
export const TxnFilter = Type.Object(
  {
    types: Type.Optional(Type.Array(Type.String({ maxLength: 40 }), { maxItems: 10, description: 'consume, recharge… (all when absent)' })),
    channels: Type.Optional(Type.Array(Type.String({ maxLength: 40 }), { maxItems: 10, description: 'wechat, alipay… (all when absent)' })),
    statuses: Type.Optional(Type.Array(Type.String({ maxLength: 40 }), { maxItems: 5, description: 'ok, failed, reversed (all when absent)' })),
  },
  { additionalProperties: false },
);
export type TxnFilter = Static<typeof TxnFilter>;

/** What a rule's alerts are kept apart by: one alert per device (the default), site, channel or account. */
export const SERIES_BY = ['device', 'site', 'channel', 'account'] as const;
export type SeriesBy = (typeof SERIES_BY)[number];

export const ThresholdCondition = Type.Object(
  {
    kind: Type.Literal('threshold'),
    metric: Type.String({ minLength: 1, maxLength: 100, description: 'a metric name, a heartbeat vital (cpu, memPct, diskPct, tempC, onBattery) or a count (logins.failed, txn.failed…)' }),
    aggregate: StringEnum(AGGREGATES),
    windowMinutes: Minutes(1440, 'the window the aggregate is taken over'),
    operator: StringEnum(OPERATORS),
    threshold: Finite('the value the aggregate is compared with'),
    by: Type.Optional(StringEnum(SERIES_BY, { description: 'device (default); account for login counts' })),
  },
  { additionalProperties: false },
);

export const RatioCondition = Type.Object(
  {
    kind: Type.Literal('ratio'),
    numerator: TxnFilter,
    denominator: TxnFilter,
    windowMinutes: Minutes(1440, 'the window both counts are taken over'),
    operator: StringEnum(OPERATORS),
    thresholdPct: Type.Number({ minimum: 0, maximum: 100, description: 'numerator / denominator × 100 compared with this' }),
    minCount: Type.Integer({ minimum: 1, maximum: 1_000_000, description: 'below this many in the denominator the ratio is not judged (1 of 2 is not 50 %)' }),
    by: Type.Optional(StringEnum(SERIES_BY, { description: 'site (default), device or channel' })),
  },
  { additionalProperties: false },
);

export const AbsenceCondition = Type.Object(
  {
    kind: Type.Literal('absence'),
    minutes: Minutes(1440, 'silent this long since the last report (at least the estate\'s silence threshold)'),
  },
  { additionalProperties: false },
);

export const EventCondition = Type.Object(
  {
    kind: Type.Literal('event'),
    eventTypes: Type.Optional(Type.Array(Type.String({ maxLength: 100 }), { maxItems: 20, description: 'event types that fire it (any when absent)' })),
    severities: Type.Optional(Type.Array(StringEnum(['info', 'warning', 'critical'] as const), { maxItems: 3 })),
    attributes: Type.Optional(Matchers),
    messagePattern: Type.Optional(Type.String({ minLength: 1, maxLength: 500, description: 'a regular expression the message must contain a match of' })),
    resolveEventTypes: Type.Optional(Type.Array(Type.String({ maxLength: 100 }), { maxItems: 20, description: 'event types from the same device that resolve it (ups.on_mains)' })),
    resolveAfterMinutes: Type.Optional(Minutes(10_080, 'resolves by itself this long after the last matching event (default 30)')),
  },
  { additionalProperties: false },
);

export const ChangeCondition = Type.Object(
  {
    kind: Type.Literal('change'),
    metric: Type.String({ minLength: 1, maxLength: 100 }),
    windowMinutes: Minutes(1440, 'the newest minute is compared with the one this many minutes before it'),
    mode: StringEnum(['absolute', 'percent'] as const),
    operator: StringEnum(OPERATORS),
    threshold: Finite('the change (new − old, or its percentage of old) compared with this; negative for falls'),
  },
  { additionalProperties: false },
);

export const BaselineCondition = Type.Object(
  {
    kind: Type.Literal('baseline'),
    metric: Type.String({ minLength: 1, maxLength: 100 }),
    windowMinutes: Minutes(120, 'the recent average compared with its normal'),
    learnWeeks: Type.Integer({ minimum: 1, maximum: 8, description: 'weeks of one-minute roll-ups the normal for each hour of each weekday is learned from' }),
    direction: StringEnum(['below', 'above', 'both'] as const),
    deviations: Type.Number({ exclusiveMinimum: 0, maximum: 20, description: 'how many standard deviations from normal is abnormal' }),
    minDropPct: Type.Optional(Type.Number({ minimum: 0, maximum: 100, description: 'and at least this far from normal, in percent (quiet hours have small deviations)' })),
    minNormal: Type.Optional(Type.Number({ minimum: 0, description: 'not judged when the normal is below this (the gate at 3 a.m.)' })),
    hours: Type.Optional(Type.Array(Type.Array(Type.Integer({ minimum: 0, maximum: 24 }), { minItems: 2, maxItems: 2 }), { maxItems: 6, description: 'local [from, to) hours it is judged in (peak hours); all day when absent' })),
  },
  { additionalProperties: false },
);

export const CompositeCondition = Type.Object(
  {
    kind: Type.Literal('composite'),
    rules: Type.Array(Type.String({ minLength: 1, maxLength: 100 }), { minItems: 2, maxItems: 5, description: 'the keys of the rules that must all be firing' }),
    withinMinutes: Minutes(1440, 'all of them fired within this long of each other'),
    by: Type.Optional(StringEnum(['site', 'device'] as const, { description: 'where they must coincide (default site)' })),
  },
  { additionalProperties: false },
);

export const CONDITION_SCHEMAS = [ThresholdCondition, RatioCondition, AbsenceCondition, EventCondition, ChangeCondition, BaselineCondition, CompositeCondition] as const;
/**
 * One of the kinds, chosen by `kind` (a discriminator): a validator that tried each branch in turn would strip the
 * fields the first branches do not know (removeAdditional) before reaching the right one, and would report seven
 * branches' errors for one mistake.
 */
export const RuleCondition = Type.Unsafe<Static<(typeof CONDITION_SCHEMAS)[number]>>({
  type: 'object',
  oneOf: [...CONDITION_SCHEMAS],
  discriminator: { propertyName: 'kind' },
  required: ['kind'],
  description: 'the rule\'s condition, by kind',
});
export type RuleCondition = Static<typeof RuleCondition>;
export type ConditionOf<K extends RuleKind> = Extract<RuleCondition, { kind: K }>;

/** Which devices a rule watches; empty lists mean all. A device must pass every list given. */
export const RuleScope = Type.Object(
  {
    sites: Type.Optional(Type.Array(Type.String({ maxLength: 64 }), { maxItems: 200, description: 'site codes' })),
    subsystems: Type.Optional(Type.Array(Type.String({ maxLength: 40 }), { maxItems: 20 })),
    deviceTypes: Type.Optional(Type.Array(Type.String({ maxLength: 40 }), { maxItems: 20 })),
    devices: Type.Optional(Type.Array(Type.String({ maxLength: 64 }), { maxItems: 500, description: 'device codes' })),
    labels: Type.Optional(Matchers),
  },
  { additionalProperties: false },
);
export type RuleScope = Static<typeof RuleScope>;

/** A different threshold or level for part of the scope (the library's gates are not the canteen's). */
export const RuleOverride = Type.Object(
  {
    scope: RuleScope,
    threshold: Type.Optional(Finite('replaces the condition\'s threshold (thresholdPct for ratios, deviations for baselines)')),
    level: Type.Optional(Type.Union([Type.Literal(1), Type.Literal(2), Type.Literal(3)])),
  },
  { additionalProperties: false },
);
export type RuleOverride = Static<typeof RuleOverride>;

export const Level = Type.Union([Type.Literal(1), Type.Literal(2), Type.Literal(3)], { description: '1 severe (一级), 2 important (二级), 3 minor (三级)' });

/** What is written to create or replace a rule (the API's body, one entry of a rule document). */
export const RuleDefinition = Type.Object(
  {
    key: Type.String({ minLength: 1, maxLength: 100, pattern: '^[a-z0-9][a-z0-9_.-]*$', description: 'stable slug: rule documents match rules by it' }),
    name: Type.String({ minLength: 1, maxLength: 200 }),
    nameEn: Type.Optional(Type.Union([Type.String({ minLength: 1, maxLength: 200 }), Type.Null()])),
    description: Type.Optional(Type.Union([Type.String({ maxLength: 2000 }), Type.Null()])),
    condition: RuleCondition,
    scope: Type.Optional(RuleScope),
    overrides: Type.Optional(Type.Array(RuleOverride, { maxItems: 50 })),
    level: Level,
    forMinutes: Type.Optional(Type.Number({ minimum: 0, maximum: 1440, description: 'pending this long before firing' })),
    keepFiringMinutes: Type.Optional(Type.Number({ minimum: 0, maximum: 1440, description: 'keeps firing this long after the condition clears' })),
    groupBy: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 100 }), { maxItems: 10, description: 'labels alerts are grouped by for notification (default alertname, site)' })),
    labels: Type.Optional(Type.Record(Type.String({ maxLength: 100 }), Type.String({ maxLength: 500 }), { maxProperties: 20 })),
    enabled: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
export type RuleDefinition = Static<typeof RuleDefinition>;

/** A rule as stored and returned. */
export const AlertRule = Type.Object(
  {
    id: Type.String(),
    key: Type.String(),
    name: Type.String(),
    nameEn: Type.Union([Type.String(), Type.Null()]),
    description: Type.Union([Type.String(), Type.Null()]),
    condition: RuleCondition,
    scope: RuleScope,
    overrides: Type.Array(RuleOverride),
    level: Level,
    forMinutes: Type.Number(),
    keepFiringMinutes: Type.Number(),
    groupBy: Type.Array(Type.String()),
    labels: Type.Record(Type.String(), Type.String()),
    enabled: Type.Boolean(),
    builtin: Type.Boolean(),
    broken: Type.Union([Type.String(), Type.Null()], { description: 'why it stopped being evaluated (it threw), or null' }),
    version: Type.Integer(),
    createdAt: Type.String({ format: 'date-time' }),
    updatedAt: Type.String({ format: 'date-time' }),
  },
  { description: 'an alert rule' },
);
export type AlertRule = Static<typeof AlertRule>;

export const DEFAULT_GROUP_BY = ['alertname', 'site'] as const;
