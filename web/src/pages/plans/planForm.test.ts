import { describe, expect, it } from 'vitest';
import { namePathOf } from '../../app/fieldPaths';
import type { PlanDocument } from './planApi';
import { documentToForm, formPathOf, formToDocument, locate, newPlanForm, newStep, nextKey } from './planForm';
import { inLocale, roleName, stepsByPhase } from './planText';

const gate: PlanDocument = {
  key: 'gate-failure',
  title: { zh: '验票闸机故障', en: 'Ticket gate failure' },
  category: 'equipment',
  scope: { zh: '验票口的验票闸机。', en: 'The ticket gates at the checkpoints.' },
  impact: { zh: '无法验票。' },
  trigger: { alertRules: ['terminal-silent'], alertTypes: [], subsystems: ['ticketing'], deviceTypes: ['gate'], levels: [1, 2] },
  roles: [
    { key: 'commander', name: { zh: '应急指挥', en: 'Incident commander' }, duties: { zh: '组织处置' } },
    { key: 'ticket-staff', name: { zh: '票务人员' } },
  ],
  steps: [
    { key: 'report', title: { zh: '上报', en: 'Report' }, role: 'commander', expectedMinutes: 5, phase: 'response' },
    { key: 'handheld-check', title: { zh: '启用手持验票机' }, detail: { zh: '开设临时验票', en: 'Open a temporary check' }, role: 'ticket-staff', expectedMinutes: 10, phase: 'fallback' },
    { key: 'replace-parts', title: { zh: '更换备件' }, role: 'commander', expectedMinutes: 30, phase: 'recovery', check: { kind: 'devices-online', deviceType: 'gate' } },
    { key: 'backfill', title: { zh: '补录' }, role: 'ticket-staff', expectedMinutes: 30, phase: 'recovery', check: { kind: 'alert-resolved' } },
    { key: 'g2', title: { zh: 'G2 在线' }, role: 'commander', expectedMinutes: 5, phase: 'verification', check: { kind: 'device-online', device: 'G2' } },
  ],
  fallbacks: [{ key: 'handheld', title: { zh: '手持验票' }, procedure: { zh: '用手持机验票' }, records: ['ticket_check'], backfillStep: 'backfill' }],
  communications: [{ key: 'client', audience: 'client', subject: { zh: '{{incidentNumber}} 闸机故障' }, body: { zh: '热线 {{hotline}}', en: 'Hotline {{hotline}}' } }],
  prevention: [{ zh: '定期巡检', en: 'Regular inspections' }],
  source: { document: '000', section: '1.7' },
};

describe('plan form', () => {
  it('gives a document back unchanged: texts, optional texts, checks of each kind, the back-fill step, the source', () => {
    expect(formToDocument(documentToForm(gate))).toEqual(gate);
  });

  it('leaves out what is not written: English, a detail, duties, a check, a back-fill step, the source', () => {
    const values = documentToForm(gate);
    values.title.en = '  ';
    values.roles[0]!.duties = { zh: '', en: '' };
    values.steps[1]!.detail = { zh: ' ', en: '' };
    values.steps[2]!.check = { kind: 'none', device: '', rule: '' };
    values.fallbacks[0]!.backfillStep = null;
    values.source = { document: '', section: '' };
    const doc = formToDocument(values);
    expect(doc.title).toEqual({ zh: '验票闸机故障' });
    expect(doc.roles[0]).not.toHaveProperty('duties');
    expect(doc.steps[1]).not.toHaveProperty('detail');
    expect(doc.steps[2]).not.toHaveProperty('check');
    expect(doc.fallbacks[0]).not.toHaveProperty('backfillStep');
    expect(doc).not.toHaveProperty('source');
  });

  it('sends what is wrong as it is, for the server to name at its field', () => {
    const values = documentToForm(gate);
    values.steps[0]!.title = { zh: '   ', en: '' };
    values.steps[0]!.expectedMinutes = null;
    values.steps[0]!.check = { kind: 'devices-online', device: '', rule: '' };
    values.steps[1]!.detail = { zh: '', en: 'only English' };
    const doc = formToDocument(values);
    expect(doc.steps[0]).toMatchObject({ title: { zh: '' }, expectedMinutes: 0, check: { kind: 'devices-online', deviceType: '' } });
    expect(doc.steps[1]!.detail).toEqual({ zh: '', en: 'only English' });
  });

  it('keeps only the fields of the chosen check kind', () => {
    const values = documentToForm(gate);
    values.steps[4]!.check = { kind: 'alert-resolved', device: 'G2', deviceType: 'gate', rule: ' terminal-silent ' };
    expect(formToDocument(values).steps[4]!.check).toEqual({ kind: 'alert-resolved', rule: 'terminal-silent' });
  });

  it('starts a new plan with a role and a step for it, which reads as a document', () => {
    const doc = formToDocument(newPlanForm());
    expect(doc.roles.map((r) => r.key)).toEqual(['commander']);
    expect(doc.steps).toEqual([{ key: 'step-1', title: { zh: '' }, role: 'commander', expectedMinutes: 10, phase: 'response' }]);
  });

  it('gives a new step a free key and the last step’s phase', () => {
    const steps = documentToForm(gate).steps;
    expect(newStep(steps, 'ticket-staff')).toMatchObject({ key: 'step-6', phase: 'verification', role: 'ticket-staff', check: { kind: 'none' } });
    expect(nextKey('step', ['step-2', 'x'])).toBe('step-3');
    expect(nextKey('step', ['step-3', 'step-4', 'a'])).toBe('step-5');
  });
});

describe('server problems in the editor', () => {
  it('puts a document problem on the form path and in its tab, and leaves the version to the list', () => {
    expect(formPathOf(namePathOf('body.document.steps.3.role'))).toEqual(['steps', 3, 'role']);
    expect(formPathOf(namePathOf('body.document.communications.0.body.en'))).toEqual(['communications', 0, 'body', 'en']);
    expect(formPathOf(namePathOf('draft.trigger.alertRules.0'))).toEqual(['trigger', 'alertRules', 0]);
    expect(formPathOf(namePathOf('body.version'))).toBeNull();
    expect(locate(['steps', 3, 'title', 'zh'])).toEqual({ section: 'steps', index: 3, rest: ['title', 'zh'] });
    expect(locate(['trigger', 'alertRules', 1])).toEqual({ section: 'trigger', index: null, rest: ['alertRules', 1] });
    expect(locate(['prevention', 2, 'zh'])).toEqual({ section: 'prevention', index: 2, rest: ['zh'] });
    expect(locate(['steps'])).toEqual({ section: 'steps', index: null, rest: [] });
    expect(locate(['title', 'en'])).toEqual({ section: 'basics', index: null, rest: ['title', 'en'] });
  });
});

describe('plan text', () => {
  it('reads English where the plan has it and Chinese otherwise', () => {
    expect(inLocale(gate.title, 'en')).toBe('Ticket gate failure');
    expect(inLocale(gate.impact, 'en')).toBe('无法验票。');
    expect(inLocale(gate.title, 'zh-CN')).toBe('验票闸机故障');
    expect(roleName(gate, 'commander', 'en')).toBe('Incident commander');
    expect(roleName(gate, 'gone', 'en')).toBe('gone');
  });

  it('groups steps by phase in the phases’ order, numbered as in the plan, with the back-fill step marked', () => {
    const groups = stepsByPhase({ ...gate, steps: [gate.steps[2]!, gate.steps[0]!, ...gate.steps.slice(3)] });
    expect(groups.map((g) => g.phase)).toEqual(['response', 'recovery', 'verification']);
    expect(groups[1]!.steps.map((s) => [s.number, s.step.key, s.backfill])).toEqual([
      [1, 'replace-parts', false],
      [3, 'backfill', true],
    ]);
  });
});
