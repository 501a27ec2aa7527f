import { describe, expect, it } from 'vitest';
import type { PlanTrigger } from './plan-document.ts';
import { MAX_SUGGESTIONS, rankPlans, SCORES, type MatchSubject, type PublishedTrigger } from './suggestions.ts';

const trigger = (t: Partial<PlanTrigger>): PlanTrigger => ({ alertRules: [], alertTypes: [], subsystems: [], deviceTypes: [], levels: [], ...t });
const plan = (key: string, t: Partial<PlanTrigger>): PublishedTrigger => ({ planId: `id-${key}`, key, title: key, category: 'equipment', version: 1, trigger: trigger(t) });
const alert = (s: Partial<MatchSubject>): MatchSubject => ({ alertId: 'a1', ruleKey: null, alertName: null, subsystem: null, deviceType: null, level: 2, ...s });

describe('plan suggestions', () => {
  it('ranks the rule match over the alert name over the device type over the subsystem, ties by key', () => {
    const plans = [
      plan('by-subsystem', { subsystems: ['network'] }),
      plan('by-device', { deviceTypes: ['switch'] }),
      plan('by-name', { alertTypes: ['switch-down'] }),
      plan('by-rule', { alertRules: ['terminal-silent'] }),
      plan('also-subsystem', { subsystems: ['network'] }),
      plan('unrelated', { subsystems: ['water'], alertRules: ['payment-failure-rate'] }),
    ];
    const ranked = rankPlans(plans, [alert({ ruleKey: 'terminal-silent', alertName: 'switch-down', subsystem: 'network', deviceType: 'switch' })]);
    expect(ranked.map((s) => [s.key, s.score])).toEqual([
      ['by-rule', SCORES.alertRule],
      ['by-name', SCORES.alertType],
      ['by-device', SCORES.deviceType],
      ['also-subsystem', SCORES.subsystem],
      ['by-subsystem', SCORES.subsystem],
    ]);
  });

  it('adds up every reason and the listed level; a plan that lists levels is not suggested at others', () => {
    const plans = [plan('levelled', { alertRules: ['r'], subsystems: ['selfpay'], levels: [1, 2] })];
    const [s] = rankPlans(plans, [alert({ ruleKey: 'r', subsystem: 'selfpay', level: 1 })]);
    expect(s!.score).toBe(SCORES.alertRule + SCORES.subsystem + SCORES.level);
    expect(s!.reasons.map((r) => r.kind)).toEqual(['alertRule', 'subsystem', 'level']);
    expect(rankPlans(plans, [alert({ ruleKey: 'r', subsystem: 'selfpay', level: 3 })])).toEqual([]);
    // A level alone suggests nothing.
    expect(rankPlans([plan('only-level', { levels: [2] })], [alert({ level: 2 })])).toEqual([]);
  });

  it('answers the best MAX_SUGGESTIONS of many matches, the strongest kept whatever their key', () => {
    const plans = [
      ...Array.from({ length: 3 * MAX_SUGGESTIONS }, (_, i) => plan(`a-subsystem-${String(i).padStart(3, '0')}`, { subsystems: ['selfpay'] })),
      plan('z-by-rule', { alertRules: ['payment-failure-rate'] }),
    ];
    const ranked = rankPlans(plans, [alert({ ruleKey: 'payment-failure-rate', subsystem: 'selfpay' })]);
    expect(ranked).toHaveLength(MAX_SUGGESTIONS);
    expect(ranked[0]!.key).toBe('z-by-rule');
    expect(ranked.at(-1)!.key).toBe(`a-subsystem-${String(MAX_SUGGESTIONS - 2).padStart(3, '0')}`);
    expect(rankPlans(plans, [alert({ subsystem: 'selfpay' })], 5)).toHaveLength(5);
  });

  it("scores a plan by the incident's best-matching subject and names that subject", () => {
    const plans = [plan('p', { alertRules: ['r'], subsystems: ['ticketing'] })];
    const [s] = rankPlans(plans, [alert({ alertId: 'weak', subsystem: 'ticketing' }), alert({ alertId: 'strong', ruleKey: 'r' }), { ...alert({ subsystem: 'ticketing' }), alertId: null }]);
    expect(s).toMatchObject({ score: SCORES.alertRule, reasons: [{ kind: 'alertRule', value: 'r', alertId: 'strong' }] });
  });
});
