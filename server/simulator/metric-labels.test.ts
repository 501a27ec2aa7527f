import fs from 'node:fs';
import path from 'node:path';
import i18next from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import { metricLabel } from '../../web/src/app/metrics.ts';

const root = path.resolve(import.meta.dirname, '../..');
const catalog = (name: string) => JSON.parse(fs.readFileSync(path.join(root, `web/src/i18n/${name}.json`), 'utf8')) as Record<string, unknown>;

/** Every metric name the simulator emits: metric(ctx, at, dev, rng, '<name>', value, unit) in generator/vitals.ts. */
function simulatorMetrics(): string[] {
  const source = fs.readFileSync(path.join(import.meta.dirname, 'generator/vitals.ts'), 'utf8');
  return [...new Set([...source.matchAll(/metric\(ctx, at, dev, rng, '([^']+)'/g)].map((m) => m[1]!))];
}

describe('the console labels every metric the simulator emits', () => {
  const i18n = i18next.createInstance();
  beforeAll(async () => {
    await i18n.init({ resources: { 'zh-CN': { translation: catalog('zh-CN') }, en: { translation: catalog('en') } }, lng: 'zh-CN', fallbackLng: false, showSupportNotice: false });
  });

  it('finds them (the pattern still matches the generator)', () => {
    expect(simulatorMetrics()).toEqual(expect.arrayContaining(['pos.txn_latency_ms', 'gate.passes_per_min', 'db.tablespace_pct']));
    expect(simulatorMetrics().length).toBeGreaterThanOrEqual(16);
  });

  it.each(['zh-CN', 'en'])('in %s, each with its unit', (lng) => {
    const t = i18n.getFixedT(lng);
    const unlabelled = simulatorMetrics().filter((name) => metricLabel(t, name) === name || !/\(.+\)$/.test(metricLabel(t, name)));
    expect(unlabelled).toEqual([]);
  });
});
