import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeHealthReason, healthReasonKey } from '../../../web/src/app/healthReason.ts';
import { decodeHealthReason, encodeHealthReason, HEALTH_REASON_CODES, HEALTH_REASONS, type HealthReason } from '../estate/health-reason.ts';

const catalog = (name: string) => JSON.parse(fs.readFileSync(path.resolve(import.meta.dirname, `../../../web/src/i18n/${name}.json`), 'utf8')) as Record<string, Record<string, string>>;

/** One reason of each code the server can store, with the values it carries. */
const samples: HealthReason[] = [
  HEALTH_REASONS.onBattery(),
  HEALTH_REASONS.status('paper_out'),
  HEALTH_REASONS.degraded(),
  HEALTH_REASONS.recovered(),
  HEALTH_REASONS.firstReport(),
  HEALTH_REASONS.reportingAgain(),
  HEALTH_REASONS.silent(7),
  HEALTH_REASONS.operator('更换打印模块'),
];

describe('health reasons and the console', () => {
  it('every code has a sample here', () => {
    expect(samples.map((r) => r.code).sort()).toEqual([...HEALTH_REASON_CODES].sort());
  });

  it.each(['zh-CN', 'en'])('every code but an operator’s note is translated in %s, with a placeholder for each value', (name) => {
    const translations = catalog(name);
    for (const reason of samples) {
      const known = healthReasonKey(reason);
      if (reason.code === 'operator') {
        expect(known).toBeNull();
        continue;
      }
      const [group, key] = known!.key.split('.');
      const text = translations[group!]?.[key!];
      expect(text, `${known!.key} missing from ${name}.json`).toBeTypeOf('string');
      const placeholders = [...text!.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();
      expect(placeholders, `${known!.key} in ${name}.json`).toEqual(Object.keys(reason.values).sort());
    }
  });

  it('an operator’s note reaches the reader as written', () => {
    const t = ((key: string) => key) as unknown as Parameters<typeof describeHealthReason>[0];
    expect(describeHealthReason(t, HEALTH_REASONS.operator('更换打印模块'))).toBe('更换打印模块');
  });

  it('are stored as JSON and read back; text that is not a reason is kept as a note', () => {
    for (const reason of samples) expect(decodeHealthReason(encodeHealthReason(reason))).toEqual(reason);
    expect(decodeHealthReason(null)).toBeNull();
    expect(decodeHealthReason('restarted by hand')).toEqual(HEALTH_REASONS.operator('restarted by hand'));
    expect(decodeHealthReason('{"code":"nonsense","values":{}}')).toEqual(HEALTH_REASONS.operator('{"code":"nonsense","values":{}}'));
  });
});
