import { describe, expect, it } from 'vitest';
import { formatIncidentNumber } from '../../incidents/intake/mail/incident-number.ts';
import { DEFAULT_PLANS } from '../defaults/default-plans.ts';
import { PLACEHOLDER_NAMES, PLAN_SUBSYSTEMS, type CommunicationTemplate } from '../plan-document.ts';
import { incidentNumber } from './facts.ts';
import { fillTemplate, fillText, localTime, placeholdersLeft, subsystemWord, SUBSYSTEM_WORDS, type FilledFacts } from './fill.ts';

/** Filling a template: every known fact put in, a missing one left visible and named, nothing else touched. */

const facts = (overrides: Partial<FilledFacts> = {}): FilledFacts => ({
  incidentNumber: 'INC-000042',
  incidentTitle: '南门闸机离线',
  level: '1',
  site: '景区南门',
  device: '南门闸机1（GATE-S1）',
  subsystem: '票务',
  startedAt: '2026-11-10 10:00',
  impact: '南门无法检票',
  workaround: '手持机验票',
  expectedRecovery: null,
  hotline: '0571-88886666',
  commander: '张工',
  updatedAt: '2026-11-10 10:20',
  planTitle: '验票闸机故障',
  ...overrides,
});

const template: CommunicationTemplate = {
  key: 'client',
  audience: 'client',
  subject: { zh: '【{{level}}级】{{incidentTitle}}（{{incidentNumber}}）', en: '[Level {{level}}] {{incidentTitle}} ({{incidentNumber}})' },
  body: { zh: '{{site}}于{{startedAt}}故障。预计恢复：{{expectedRecovery}}。电话：{{ hotline }}。', en: '{{site}} since {{startedAt}}. Recovery: {{expectedRecovery}}. Call {{hotline}}.' },
};

describe('filling a communication template', () => {
  it('puts every fact in, in the language asked for, spaces inside the braces allowed', () => {
    const zh = fillTemplate(template, 'zh', facts())!;
    expect(zh.subject).toBe('【1级】南门闸机离线（INC-000042）');
    expect(zh.body).toBe('景区南门于2026-11-10 10:00故障。预计恢复：{{expectedRecovery}}。电话：0571-88886666。');
    expect(zh.missing).toEqual(['expectedRecovery']);
    const en = fillTemplate(template, 'en', facts({ site: 'South gate' }))!;
    expect(en.body).toBe('South gate since 2026-11-10 10:00. Recovery: {{expectedRecovery}}. Call 0571-88886666.');
  });

  it('leaves a fact the incident lacks as its placeholder and lists it once, subject first; blank counts as lacking', () => {
    const filled = fillTemplate(template, 'zh', facts({ incidentTitle: null, hotline: '  ', site: null }))!;
    expect(filled.subject).toBe('【1级】{{incidentTitle}}（INC-000042）');
    expect(filled.body).toContain('{{site}}于');
    expect(filled.body).toContain('电话：{{hotline}}');
    expect(filled.missing).toEqual(['incidentTitle', 'site', 'expectedRecovery', 'hotline']);
  });

  it('gives no English when the template has none, and touches no text that is not a known placeholder', () => {
    expect(fillTemplate({ ...template, body: { zh: template.body.zh } }, 'en', facts())).toBeNull();
    const missing = new Set<never>();
    expect(fillText('{{unknown}} {single} {{ site', facts(), missing)).toBe('{{unknown}} {single} {{ site');
    // A fact that itself looks like a placeholder is put in as text, not filled again.
    expect(fillText('{{incidentTitle}}', facts({ incidentTitle: '{{hotline}}' }), missing)).toBe('{{hotline}}');
  });

  it('fills every shipped plan’s templates in both languages, with only the facts no incident knows left', () => {
    const all = facts({ expectedRecovery: '12:00' });
    for (const plan of DEFAULT_PLANS) {
      for (const t of plan.communications) {
        for (const language of ['zh', 'en'] as const) {
          const filled = fillTemplate(t, language, all)!;
          expect(filled.missing, `${plan.key}/${t.key}/${language}`).toEqual([]);
          expect(placeholdersLeft(filled.subject + filled.body)).toEqual([]);
        }
      }
    }
    expect(placeholdersLeft('{{hotline}} and {{ hotline }} and {{commander}} and {{nope}}')).toEqual(['hotline', 'commander']);
  });

  it('tells facts in the words and time zone people read', () => {
    expect(Object.keys(SUBSYSTEM_WORDS).sort()).toEqual([...PLAN_SUBSYSTEMS].sort());
    expect(subsystemWord('selfpay', 'zh')).toBe('自助缴费');
    expect(subsystemWord('selfpay', 'en')).toBe('Self-service payment');
    expect(subsystemWord('lab', 'en')).toBe('lab');
    expect(subsystemWord(null, 'zh')).toBeNull();
    expect(localTime(Date.parse('2026-11-10T02:05:00Z'), 'Asia/Shanghai')).toBe('2026-11-10 10:05');
    expect(localTime(Date.parse('2026-11-10T02:05:00Z'), 'Europe/London')).toBe('2026-11-10 02:05');
    for (const n of [1, 42, 999_999, 1_234_567]) expect(incidentNumber(n)).toBe(formatIncidentNumber(n));
    expect(PLACEHOLDER_NAMES).toHaveLength(Object.keys(facts()).length);
  });
});
