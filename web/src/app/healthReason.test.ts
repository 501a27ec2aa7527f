import i18next from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import en from '../i18n/en.json';
import zhCN from '../i18n/zh-CN.json';
import { describeHealthReason } from './healthReason';

const i18n = i18next.createInstance();
beforeAll(async () => {
  await i18n.init({ resources: { 'zh-CN': { translation: zhCN }, en: { translation: en } }, lng: 'zh-CN', interpolation: { escapeValue: false } });
});

describe('health reasons', () => {
  it('say telemetry’s reasons in the reader’s language, with their values', () => {
    expect(describeHealthReason(i18n.t, { code: 'silent', values: { minutes: 12 } })).toBe('12 分钟无上报');
    expect(describeHealthReason(i18n.t, { code: 'status', values: { status: 'paper_out' } })).toBe('上报状态：paper_out');
    expect(describeHealthReason(i18n.t, { code: 'onBattery', values: {} })).toBe('电池供电中');
    expect(describeHealthReason(i18n.getFixedT('en'), { code: 'silent', values: { minutes: 12 } })).toBe('silent for 12 min');
  });

  it('leave an operator’s note as it was written', () => {
    expect(describeHealthReason(i18n.t, { code: 'operator', values: { note: '更换打印模块' } })).toBe('更换打印模块');
    expect(describeHealthReason(i18n.t, null)).toBeNull();
  });

  it('say a code newer than the console by its name rather than nothing', () => {
    expect(describeHealthReason(i18n.t, { code: 'linkFlapping', values: {} })).toBe('linkFlapping');
  });
});
