import { Type, type Static } from '@sinclair/typebox';
import { DOCUMENTED_BODY } from '../../../http/documented-body.ts';
import { IsoDateTime } from '../../../http/schemas.ts';
import { RuleDefinition } from '../rules/rule.schemas.ts';

/**
 * A backtest (SPEC C3.7): what a rule — as saved, or as proposed before saving — would have done over the stored
 * roll-ups and events of the last days, side by side.
 */
export const BacktestBody = Type.Object(
  {
    days: Type.Integer({ minimum: 1, maximum: 30, default: 7 }),
    proposed: Type.Optional(RuleDefinition),
  },
  { additionalProperties: false },
);
export type BacktestBody = Static<typeof BacktestBody>;

/**
 * What the routes validate: `days` as BacktestBody says, `proposed` left to the service, which reads it as the rules
 * service reads a rule (rule-input.ts: the condition checked against its own kind's schema — Ajv's removeAdditional,
 * trying the kinds of the RuleCondition union one after another, would strip a ratio's fields). The OpenAPI document
 * shows BacktestBody.
 */
export const BacktestRequest = Type.Object(
  {
    days: BacktestBody.properties.days,
    proposed: Type.Optional(Type.Unknown()),
  },
  {
    additionalProperties: false,
    [DOCUMENTED_BODY]: { description: 'how many days back, and the rule as edited (optional for a saved rule)', required: true, content: { 'application/json': { schema: BacktestBody } } },
  },
);
export type BacktestRequest = Static<typeof BacktestRequest>;

export const BacktestInterval = Type.Object({
  series: Type.String({ description: 'what the alert would have been about: a device code, site code, channel or account (masked)' }),
  labels: Type.Record(Type.String(), Type.String()),
  start: IsoDateTime,
  end: Type.Union([IsoDateTime, Type.Null()], { description: 'null: still firing at the end of the range' }),
  minutes: Type.Number(),
  peak: Type.Union([Type.Number(), Type.Null()], { description: 'the worst value while it fired' }),
});

export const BacktestOutcome = Type.Object({
  intervals: Type.Array(BacktestInterval, { description: 'firing intervals, at most 500, oldest first' }),
  alerts: Type.Integer({ description: 'how many times it would have fired' }),
  firingMinutes: Type.Number(),
  truncated: Type.Boolean(),
});
export type BacktestOutcome = Static<typeof BacktestOutcome>;

/**
 * [epoch ms, value or null], as a two-item array of numbers or nulls: OpenAPI 3.1 has no `items: [...]` tuples (it
 * wants prefixItems, which the response serialiser does not know), and the serialiser refuses a tuple item that is a
 * union.
 */
export const BacktestPoint = Type.Unsafe<[number, number | null]>({
  type: 'array',
  minItems: 2,
  maxItems: 2,
  items: { type: ['number', 'null'] },
  description: '[epoch ms, the judged value or null when there was none]',
});

export const BacktestResult = Type.Object(
  {
    from: IsoDateTime,
    to: IsoDateTime,
    current: Type.Union([BacktestOutcome, Type.Null()], { description: 'the rule as saved (null for a new rule)' }),
    proposed: Type.Union([BacktestOutcome, Type.Null()], { description: 'the proposed definition (null when none was sent)' }),
    actual: Type.Union([BacktestOutcome, Type.Null()], {
      description: 'the alerts the saved rule really raised that fired in the range or were still firing in it (null for a new rule); peak is null (alerts keep their latest value only)',
    }),
    chart: Type.Object({
      series: Type.String({ description: 'the series shown: the one that fired longest under the proposal (or the current rule); when none fired, the one nearest to firing' }),
      points: Type.Array(BacktestPoint, {
        description: 'the value the rule judges, per step (a minute), at most ~2,000 points: over longer ranges each point holds the worst value of its steps. Baselines: how many standard deviations the value is from its normal. Empty when the series has no judged value (events, composites, no data)',
      }),
      currentThreshold: Type.Union([Type.Number(), Type.Null()], { description: 'for the series shown; a baseline watching falls has its deviations as a negative number' }),
      proposedThreshold: Type.Union([Type.Number(), Type.Null()]),
    }),
    elapsedMs: Type.Integer(),
  },
  { description: 'what a rule would have done' },
);
export type BacktestResult = Static<typeof BacktestResult>;
