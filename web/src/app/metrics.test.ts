import i18next from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import en from '../i18n/en.json';
import zhCN from '../i18n/zh-CN.json';
import { metricLabel } from './metrics';

// The simulator's every metric is labelled in both languages: server/simulator/metric-labels.test.ts.
describe('metric names in the reader’s language', () => {
  const i18n = i18next.createInstance();
  beforeAll(async () => {
    await i18n.init({ resources: { 'zh-CN': { translation: zhCN }, en: { translation: en } }, lng: 'zh-CN', fallbackLng: false, showSupportNotice: false });
  });

  it('shows a metric nobody labelled by its raw name, even one that is a prefix of labelled ones', () => {
    const t = i18n.getFixedT('en');
    expect(metricLabel(t, 'boiler.pressure_kpa')).toBe('boiler.pressure_kpa');
    expect(metricLabel(t, 'pos')).toBe('pos');
    expect(metricLabel(t, 'vendor:temp')).toBe('vendor:temp');
    expect(metricLabel(t, 'pos.txn_latency_ms')).toBe('Transaction time (ms)');
    expect(metricLabel(i18n.getFixedT('zh-CN'), 'gate.passes_per_min')).toBe('通行人次 (人次/分钟)');
  });
});
