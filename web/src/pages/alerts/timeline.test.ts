import i18next from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import en from '../../i18n/en.json';
import zhCN from '../../i18n/zh-CN.json';
import { TIMELINE_KINDS, timelineDetails, timelineTitle } from './timeline';

const i18n = i18next.createInstance();
beforeAll(async () => {
  await i18n.init({ resources: { 'zh-CN': { translation: zhCN }, en: { translation: en } }, lng: 'zh-CN', interpolation: { escapeValue: false }, showSupportNotice: false });
});
const entry = (kind: string, actor: string | null, detail: Record<string, unknown> | null = null) => ({ at: '2025-03-01T00:00:00.000Z', kind, actorId: actor ? `u-${actor}` : null, actorName: actor, detail });

describe('the alert timeline', () => {
  it('says who did each thing, or that opsdesk did', () => {
    expect(timelineTitle(i18n.t, entry('acknowledged', '张伟'))).toBe('张伟 确认了告警');
    expect(timelineTitle(i18n.getFixedT('en'), entry('firing', null))).toBe('opsdesk: fired');
    expect(timelineTitle(i18n.getFixedT('en'), entry('acknowledged', null, null))).toBe('opsdesk: acknowledged the alert');
    // a person whose name cannot be read is still named by id
    expect(timelineTitle(i18n.getFixedT('en'), { ...entry('resolved', null), actorId: 'u-9' })).toBe('u-9 resolved the alert');
  });

  it('has words for every kind of entry in both languages', () => {
    for (const kind of TIMELINE_KINDS) {
      expect((zhCN.alert.timeline as Record<string, string>)[kind], kind).toBeTypeOf('string');
      expect((en.alert.timeline as Record<string, string>)[kind], kind).toBeTypeOf('string');
    }
  });

  it('shows a level change with its reason, a comment, a suppression and a value', () => {
    const t = i18n.getFixedT('en');
    expect(timelineDetails(t, entry('level', 'Zhang', { from: 3, to: 1, reason: 'exam day' }))).toEqual(['Level 3 → Level 1', 'Reason: exam day']);
    expect(timelineDetails(t, entry('acknowledged', 'Zhang', { comment: 'on my way' }))).toEqual(['Comment: on my way']);
    expect(timelineDetails(t, entry('suppressed', null, { by: 'silence:01J' }))).toEqual(['Silenced']);
    expect(timelineDetails(t, entry('firing', null, { value: 93.25 }))).toEqual(['Value: 93.25']);
    expect(timelineDetails(t, entry('level', 'Zhang', { from: 7, to: 'x' }))).toEqual([]);
  });
});
