import i18next from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import en from '../../i18n/en.json';
import zhCN from '../../i18n/zh-CN.json';
import { describeAlertDetail, DETAIL_PLACEHOLDERS, MISSING_VALUE } from './alertDetail';

const i18n = i18next.createInstance();
beforeAll(async () => {
  await i18n.init({ resources: { 'zh-CN': { translation: zhCN }, en: { translation: en } }, lng: 'zh-CN', interpolation: { escapeValue: false }, showSupportNotice: false });
});
const enT = () => i18n.getFixedT('en');

describe('alert details', () => {
  it('say a threshold alert with its metric, aggregate and numbers in the reader’s language', () => {
    const detail = { code: 'threshold', values: { metric: 'cpu', aggregate: 'avg', value: 93.456789, operator: '>', threshold: 90, windowMinutes: 10 } };
    expect(describeAlertDetail(enT(), detail)).toBe('CPU (%) average 93.457 > 90 over 10 min');
    expect(describeAlertDetail(i18n.t, detail)).toBe('CPU 使用率 (%) 平均值 93.457 > 90（10 分钟内）');
  });

  it('show a value the server left out as a dash, never as a raw {{placeholder}}', () => {
    const said = describeAlertDetail(enT(), { code: 'threshold', values: { metric: 'diskPct', threshold: 90 } });
    expect(said).not.toMatch(/\{\{|\}\}/);
    expect(said).toContain(MISSING_VALUE);
    expect(said).toMatch(/— 90 over — min$/);
    const empty = describeAlertDetail(i18n.t, { code: 'switchDown', values: {} });
    expect(empty).not.toMatch(/\{\{|\}\}/);
    expect(describeAlertDetail(enT(), { code: 'absence', values: { minutes: null } })).toBe(`Silent for ${MISSING_VALUE} min (threshold ${MISSING_VALUE} min, last heard ${MISSING_VALUE})`);
  });

  it('show instants as the console’s time and keep text as written (not HTML-escaped)', () => {
    const lastSeenAt = '2025-03-01T00:05:00.000Z';
    expect(describeAlertDetail(enT(), { code: 'absence', values: { minutes: 4, threshold: 3, lastSeenAt } })).toBe('Silent for 4 min (threshold 3 min, last heard 2025-03-01 08:05:00)');
    expect(describeAlertDetail(enT(), { code: 'absence', values: { minutes: 4, threshold: 3, lastSeenAt: Date.parse(lastSeenAt) } })).toContain('2025-03-01 08:05:00');
    expect(describeAlertDetail(enT(), { code: 'external', values: { summary: 'Disk <90%> & rising' } })).toBe('Disk <90%> & rising');
  });

  it('say a topology outage with what the evaluator sends', () => {
    expect(describeAlertDetail(i18n.t, { code: 'siteDown', values: { offline: 41, total: 50, site: 'canteen-2' } })).toBe('站点 canteen-2 的 41/50 台设备失联（疑似网络中断）');
    expect(describeAlertDetail(enT(), { code: 'switchDown', values: { offline: 12, total: 14, site: 'lib', device: 'SW-3', deviceName: 'Library access switch' } })).toBe(
      '12 of 14 devices behind switch SW-3 (Library access switch) went silent',
    );
  });

  it('say a code newer than the console by its name', () => {
    expect(describeAlertDetail(enT(), { code: 'linkFlapping', values: { port: 3 } })).toBe('linkFlapping');
    expect(describeAlertDetail(enT(), null)).toBe('');
  });

  it('has a sentence for every code in both languages, using only the placeholders the formatter fills', () => {
    for (const [locale, catalog] of [['zh-CN', zhCN], ['en', en]] as const) {
      const sentences = (catalog as { alertDetail: Record<string, string> }).alertDetail;
      for (const [code, names] of Object.entries(DETAIL_PLACEHOLDERS)) {
        const sentence = sentences[code];
        expect(sentence, `${locale} alertDetail.${code}`).toBeTypeOf('string');
        const used = [...sentence!.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((m) => m[1]);
        expect(used.filter((name) => !names.includes(name!)), `${locale} alertDetail.${code}`).toEqual([]);
      }
    }
  });
});
