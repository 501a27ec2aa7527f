import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { healthReasonKey } from '../../../web/src/app/healthReason.ts';
import { HEALTH_REASONS } from './health.ts';

const catalog = (name: string) => JSON.parse(fs.readFileSync(path.resolve(import.meta.dirname, `../../../web/src/i18n/${name}.json`), 'utf8')) as Record<string, Record<string, string>>;

/** One reason of each kind the server can store, with the values it carries. */
const samples = [
  HEALTH_REASONS.onBattery(),
  HEALTH_REASONS.status('paper_out'),
  HEALTH_REASONS.degraded(),
  HEALTH_REASONS.recovered(),
  HEALTH_REASONS.firstReport(),
  HEALTH_REASONS.reportingAgain(),
  HEALTH_REASONS.silent(7),
];

describe('health reasons and the console', () => {
  it('every reason telemetry gives is one the console recognises, with its values', () => {
    expect(Object.keys(HEALTH_REASONS)).toHaveLength(samples.length);
    for (const reason of samples) expect(healthReasonKey(reason), reason).not.toBeNull();
    expect(healthReasonKey(HEALTH_REASONS.silent(7))!.params).toEqual({ minutes: 7 });
    expect(healthReasonKey(HEALTH_REASONS.status('jam'))!.params).toEqual({ status: 'jam' });
    // An operator's maintenance note is free text: shown as written.
    expect(healthReasonKey('更换打印模块')).toBeNull();
  });

  it.each(['zh-CN', 'en'])('and translates each in %s', (name) => {
    const translations = catalog(name);
    for (const reason of samples) {
      const key = healthReasonKey(reason)!.key.split('.');
      expect(translations[key[0]!]?.[key[1]!], `${key.join('.')} missing from ${name}.json`).toBeTypeOf('string');
    }
  });
});
