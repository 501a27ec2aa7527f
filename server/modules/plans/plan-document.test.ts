import { describe, expect, it } from 'vitest';
import { ALERT_LEVELS } from '../alerting/alerting.tables.ts';
import { DEVICE_TYPES, SUBSYSTEMS } from '../estate/catalog.ts';
import { createValidatorCompiler } from '../../http/validation.ts';
import { backfillSteps, LIMITS, PlanDocument as PlanDocumentSchema, PLAN_DEVICE_TYPES, PLAN_LEVELS, PLAN_SUBSYSTEMS, readPlanDocument, type PlanDocument } from './plan-document.ts';

/** A small plan that is right in every way; each test breaks one thing. */
const valid = (): PlanDocument => ({
  key: 'gate-g2',
  title: { zh: '闸机 G2 故障', en: 'Gate G2 failure' },
  category: 'equipment',
  scope: { zh: '图书馆入馆闸机' },
  impact: { zh: '不能验票', en: 'tickets cannot be checked' },
  trigger: { alertRules: ['terminal-silent'], alertTypes: ['switch-down'], subsystems: ['access'], deviceTypes: ['gate'], levels: [1, 2] },
  roles: [
    { key: 'commander', name: { zh: '应急负责人', en: 'Incident commander' } },
    { key: 'onsite-engineer', name: { zh: '现场运维工程师' } },
  ],
  steps: [
    { key: 'report', title: { zh: '上报' }, role: 'commander', expectedMinutes: 5, phase: 'response' },
    { key: 'handheld', title: { zh: '手持机验票' }, role: 'onsite-engineer', expectedMinutes: 10, phase: 'fallback' },
    { key: 'repair', title: { zh: '更换备件' }, role: 'onsite-engineer', expectedMinutes: 30, phase: 'recovery', check: { kind: 'device-online', device: 'GATE-LIB-02' } },
    { key: 'backfill', title: { zh: '导入手持机数据' }, role: 'onsite-engineer', expectedMinutes: 30, phase: 'recovery' },
    { key: 'done', title: { zh: '告警恢复' }, role: 'commander', expectedMinutes: 5, phase: 'verification', check: { kind: 'alert-resolved', rule: 'terminal-silent' } },
  ],
  fallbacks: [{ key: 'handheld', title: { zh: '手持机验票' }, procedure: { zh: '用手持验票机验票' }, records: ['ticket_check'], backfillStep: 'backfill' }],
  communications: [
    {
      key: 'public',
      audience: 'public',
      subject: { zh: '{{site}}闸机故障', en: 'Gate failure at {{site}}' },
      body: { zh: '请走人工通道。咨询：{{ hotline }}', en: 'Use the staffed lane. Enquiries: {{hotline}}' },
    },
  ],
  prevention: [{ zh: '每个验票口设置2台以上闸机' }],
});

const problemsOf = (doc: unknown, prefix = '', ruleKeys?: string[]) => {
  const read = readPlanDocument(doc, prefix, ruleKeys ? { ruleKeys: new Set(ruleKeys) } : {});
  return read.problems.map((p) => ({ field: p.field, code: p.code, ...(p.params && { params: p.params }) }));
};

describe('the plan document', () => {
  it('names the subsystems, device types and levels the estate and alerting use', () => {
    expect([...PLAN_SUBSYSTEMS]).toEqual([...SUBSYSTEMS]);
    expect([...PLAN_DEVICE_TYPES]).toEqual([...DEVICE_TYPES]);
    expect([...PLAN_LEVELS]).toEqual([...ALERT_LEVELS]);
  });

  it('reads a well-formed plan, dropping fields it does not know', () => {
    const doc = { ...valid(), colour: 'red' };
    const read = readPlanDocument(doc);
    expect(read.problems).toEqual([]);
    expect(read.document?.key).toBe('gate-g2');
    expect(read.document).not.toHaveProperty('colour');
    expect(backfillSteps(read.document!)).toEqual(['backfill']);
  });

  it('refuses a step whose role is not one of the plan', () => {
    const doc = valid();
    doc.steps[2]!.role = 'finance';
    expect(problemsOf(doc)).toEqual([{ field: 'steps.2.role', code: 'unknownRole', params: { role: 'finance' } }]);
  });

  it('refuses repeated keys in each list, naming the repeat', () => {
    const doc = valid();
    doc.steps[3]!.key = 'repair';
    doc.roles.push({ key: 'commander', name: { zh: '又一个' } });
    doc.communications.push({ ...doc.communications[0]! });
    expect(problemsOf(doc)).toEqual(
      expect.arrayContaining([
        { field: 'roles.2.key', code: 'duplicateValue', params: { value: 'commander' } },
        { field: 'steps.3.key', code: 'duplicateValue', params: { value: 'repair' } },
        { field: 'communications.1.key', code: 'duplicateValue', params: { value: 'public' } },
      ]),
    );
    // the fallback's back-fill step was the renamed one: it is named too
    expect(problemsOf(doc)).toContainEqual({ field: 'fallbacks.0.backfillStep', code: 'enum', params: { allowedValues: 'report, handheld, repair, done' } });
  });

  it('refuses unknown placeholders and braces that open or close nothing', () => {
    const doc = valid();
    doc.communications[0]!.body = { zh: '{{site}}：{{visitorCount}} 人滞留，{{hotline}' };
    const problems = problemsOf(doc);
    expect(problems).toContainEqual(expect.objectContaining({ field: 'communications.0.body.zh', code: 'placeholderUnknown', params: expect.objectContaining({ name: '{{visitorCount}}' }) }));
    expect(problems).toContainEqual(expect.objectContaining({ field: 'communications.0.body.zh', code: 'placeholderUnknown', params: expect.objectContaining({ name: '{{hotline' }) }));
    expect(problems.find((p) => p.code === 'placeholderUnknown')?.params?.allowed).toContain('{{incidentNumber}}');
  });

  it('refuses a translation that does not use the same placeholders as the Chinese', () => {
    const doc = valid();
    doc.communications[0]!.body = { zh: '请走人工通道。咨询：{{hotline}}', en: 'Use the staffed lane at {{site}}.' };
    expect(problemsOf(doc)).toEqual([
      { field: 'communications.0.body.en', code: 'placeholderMissing', params: { name: '{{hotline}}' } },
      { field: 'communications.0.body.zh', code: 'placeholderMissing', params: { name: '{{site}}' } },
    ]);
  });

  it('refuses oversized texts and lists with their field path', () => {
    const doc = valid();
    doc.title.zh = '闸'.repeat(LIMITS.title + 1);
    doc.steps = Array.from({ length: LIMITS.steps + 1 }, (_, i) => ({ ...doc.steps[0]!, key: `s${i}` }));
    doc.communications[0]!.body.en = 'x'.repeat(LIMITS.body + 1);
    expect(problemsOf(doc, 'body')).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ field: 'body.title.zh', code: 'maxLength', params: { limit: LIMITS.title } }),
        expect.objectContaining({ field: 'body.steps', code: 'maxItems', params: { limit: LIMITS.steps } }),
        expect.objectContaining({ field: 'body.communications.0.body.en', code: 'maxLength', params: { limit: LIMITS.body } }),
      ]),
    );
  });

  it('refuses wrong values in the schema: kinds, phases, durations, vocabularies, repeats', () => {
    const doc = valid() as unknown as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
    doc.steps[0].check = { kind: 'ping' };
    doc.steps[1].phase = 'panic';
    doc.steps[2].check = { kind: 'device-online' };
    doc.steps[3].expectedMinutes = 0;
    doc.trigger.subsystems = ['ticket'];
    doc.trigger.levels = [1, 1];
    doc.fallbacks[0].records = ['cash'];
    doc.key = 'Gate G2';
    const problems = problemsOf(doc);
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ field: 'steps.0.check.kind', code: 'enum' }),
        expect.objectContaining({ field: 'steps.1.phase', code: 'enum' }),
        expect.objectContaining({ field: 'steps.2.check.device', code: 'required' }),
        expect.objectContaining({ field: 'steps.3.expectedMinutes', code: 'minimum' }),
        expect.objectContaining({ field: 'trigger.subsystems.0', code: 'enum' }),
        expect.objectContaining({ field: 'trigger.levels', code: 'uniqueItems' }),
        expect.objectContaining({ field: 'fallbacks.0.records.0', code: 'enum' }),
        expect.objectContaining({ field: 'key', code: 'pattern' }),
      ]),
    );
    // an unknown check kind is one problem, not one per kind
    expect(problems.filter((p) => p.field.startsWith('steps.0.'))).toHaveLength(1);
  });

  it('refuses a fallback that records by hand without naming the step that back-fills it', () => {
    const doc = valid();
    delete doc.fallbacks[0]!.backfillStep;
    expect(problemsOf(doc)).toEqual([{ field: 'fallbacks.0.backfillStep', code: 'required' }]);
    doc.fallbacks[0]!.records = [];
    expect(problemsOf(doc)).toEqual([]);
  });

  it('checks alert rule references when the caller knows the rules', () => {
    const doc = valid();
    doc.trigger.alertRules = ['terminal-silent', 'gate-on-fire'];
    expect(problemsOf(structuredClone(doc))).toEqual([]);
    expect(problemsOf(doc, '', ['terminal-silent'])).toEqual([{ field: 'trigger.alertRules.1', code: 'unknownRule', params: { rule: 'gate-on-fire' } }]);
    doc.steps[4]!.check = { kind: 'alert-resolved', rule: 'gate-jammed' };
    expect(problemsOf(doc, '', ['terminal-silent', 'gate-on-fire'])).toEqual([{ field: 'steps.4.check.rule', code: 'unknownRule', params: { rule: 'gate-jammed' } }]);
  });

  it('refuses what is not a plan at all, and text that cannot be stored', () => {
    expect(problemsOf('plan')).toEqual([expect.objectContaining({ field: 'plan', code: 'type' })]);
    expect(problemsOf([], 'body')).toEqual([expect.objectContaining({ field: 'body', code: 'type' })]);
    const doc = valid();
    doc.roles[0]!.name.zh = '负责\u0000人';
    expect(problemsOf(doc)).toEqual([expect.objectContaining({ field: 'roles.0.name.zh', code: 'nulCharacter' })]);
    const missing = valid() as Partial<PlanDocument>;
    delete missing.steps;
    expect(problemsOf(missing)).toEqual([expect.objectContaining({ field: 'steps', code: 'required' })]);
  });

  it('serves as a route body schema as it is (the check chosen by its discriminator)', () => {
    const validate = createValidatorCompiler()({ schema: PlanDocumentSchema, httpPart: 'body', method: 'POST', url: '/plans' } as never) as (data: unknown) => boolean;
    expect(validate(valid())).toBe(true);
    const doc = valid();
    (doc.steps[2] as { check: unknown }).check = { kind: 'devices-online', device: 'GATE-LIB-02' };
    expect(validate(doc)).toBe(false);
  });
});
