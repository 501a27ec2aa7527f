import { describe, expect, it } from 'vitest';
import type { AlertRule } from '../../api/alerts';
import { defaultCondition, formPath, formToDefinition, placedProblems, RULE_KINDS, ruleToForm, thresholdOf, type RuleFormValues } from './ruleForm';

const rule: AlertRule = {
  id: 'r1',
  key: 'payment-failure-rate',
  name: '支付失败率过高',
  nameEn: 'Payment failure rate high',
  description: null,
  condition: { kind: 'ratio', numerator: { statuses: ['failed'] }, denominator: {}, windowMinutes: 10, operator: '>', thresholdPct: 5, minCount: 20, by: 'site' },
  scope: { subsystems: ['consumption'] },
  overrides: [{ scope: { sites: ['library'] }, threshold: 8 }],
  level: 1,
  forMinutes: 2,
  keepFiringMinutes: 5,
  groupBy: ['alertname', 'site'],
  labels: { team: 'payments' },
  enabled: true,
  builtin: true,
  broken: null,
  version: 3,
  createdAt: '2025-03-01T00:00:00.000Z',
  updatedAt: '2025-03-01T00:00:00.000Z',
};

describe('the rule form', () => {
  it('gives back the definition of a rule it was opened on, unchanged', () => {
    const definition = formToDefinition(ruleToForm(rule));
    expect(definition).toEqual({
      key: rule.key,
      name: rule.name,
      nameEn: rule.nameEn,
      description: null,
      condition: rule.condition,
      scope: rule.scope,
      overrides: rule.overrides,
      level: 1,
      forMinutes: 2,
      keepFiringMinutes: 5,
      groupBy: ['alertname', 'site'],
      labels: { team: 'payments' },
      enabled: true,
    });
  });

  it('starts every kind from a complete condition of that kind', () => {
    for (const kind of RULE_KINDS) {
      const values: RuleFormValues = { ...ruleToForm(null), key: 'k', name: 'n', condition: { ...defaultCondition(kind) } };
      const { condition } = formToDefinition(values);
      expect(condition.kind).toBe(kind);
      expect(Object.values(condition).every((v) => v !== undefined && v !== null && !Number.isNaN(v))).toBe(true);
    }
  });

  it('sends only the chosen kind’s fields, and leaves out empty lists, blank text and blank numbers', () => {
    const values: RuleFormValues = {
      ...ruleToForm(null),
      key: ' pos-offline ',
      name: ' POS 离线 ',
      nameEn: '  ',
      // a threshold's fields left over from before the kind was switched
      condition: { kind: 'event', metric: 'cpu', threshold: 90, eventTypes: ['ups.on_battery', ' '], severities: [], messagePattern: '  ', resolveAfterMinutes: null, attributes: [{ name: '', op: '=', value: '' }] },
      scope: { sites: [], subsystems: ['power'], deviceTypes: [], devices: [' '], labels: [] },
      overrides: [{ scope: { sites: ['a'], subsystems: [], deviceTypes: [], devices: [], labels: [] }, threshold: null, level: null }],
      forMinutes: null,
      labels: [{ key: ' ', value: 'x' }, { key: 'team', value: 'power' }],
    };
    expect(formToDefinition(values)).toMatchObject({
      key: 'pos-offline',
      name: 'POS 离线',
      nameEn: null,
      condition: { kind: 'event', eventTypes: ['ups.on_battery'] },
      scope: { subsystems: ['power'] },
      overrides: [{ scope: { sites: ['a'] } }],
      forMinutes: 0,
      labels: { team: 'power' },
    });
    const { condition, overrides } = formToDefinition(values);
    expect(Object.keys(condition).sort()).toEqual(['eventTypes', 'kind']);
    expect(Object.keys(overrides![0]!)).toEqual(['scope']);
    expect('groupBy' in formToDefinition(values)).toBe(false);
  });

  it('keeps only complete peak-hour pairs of a baseline rule', () => {
    const values: RuleFormValues = { ...ruleToForm(null), key: 'k', name: 'n', condition: { ...defaultCondition('baseline'), hours: [[7, 9], [null, 12]] } };
    expect(formToDefinition(values).condition).toMatchObject({ hours: [[7, 9]] });
  });

  it('names the threshold an override replaces for each kind', () => {
    expect(thresholdOf(rule.condition)).toBe(5);
    expect(thresholdOf(defaultCondition('baseline'))).toBe(3);
    expect(thresholdOf(defaultCondition('absence'))).toBeNull();
  });

  it('places the server’s field problems on the form fields they name', () => {
    expect(formPath('body/condition/windowMinutes')).toEqual(['condition', 'windowMinutes']);
    expect(formPath('/overrides/0/threshold')).toEqual(['overrides', 0, 'threshold']);
    expect(formPath('body.scope.labels.1.value')).toEqual(['scope', 'labels', 1, 'value']);
    expect(placedProblems([{ field: '/condition/minutes', code: 'minimum', params: { limit: 1 }, message: 'must be >= 1' }, 'junk', { field: 3 }])).toEqual([
      { name: ['condition', 'minutes'], field: '/condition/minutes', code: 'minimum', params: { limit: 1 }, message: 'must be >= 1' },
    ]);
    expect(placedProblems({ field: 'x' })).toEqual([]);
  });
});
