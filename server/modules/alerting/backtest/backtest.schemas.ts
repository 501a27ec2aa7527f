import { Type, type Static } from '@sinclair/typebox';
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

export const BacktestPoint = Type.Tuple([Type.Integer({ description: 'epoch ms' }), Type.Union([Type.Number(), Type.Null()])]);

export const BacktestResult = Type.Object(
  {
    from: IsoDateTime,
    to: IsoDateTime,
    current: Type.Union([BacktestOutcome, Type.Null()], { description: 'the rule as saved (null for a new rule)' }),
    proposed: Type.Union([BacktestOutcome, Type.Null()], { description: 'the proposed definition (null when none was sent)' }),
    chart: Type.Object({
      series: Type.String({ description: 'the series shown: the one that fired most under the proposal (or the current rule)' }),
      points: Type.Array(BacktestPoint, { description: 'the value the rule judges, per step, at most ~2,000 points' }),
      currentThreshold: Type.Union([Type.Number(), Type.Null()]),
      proposedThreshold: Type.Union([Type.Number(), Type.Null()]),
    }),
    elapsedMs: Type.Integer(),
  },
  { description: 'what a rule would have done' },
);
export type BacktestResult = Static<typeof BacktestResult>;
