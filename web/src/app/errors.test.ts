import i18next from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import { ApiError } from '../api/client';
import en from '../i18n/en.json';
import zhCN from '../i18n/zh-CN.json';
import { describeError, describeProblem, fieldProblems } from './errors';

const i18n = i18next.createInstance();
beforeAll(async () => {
  await i18n.init({ resources: { 'zh-CN': { translation: zhCN }, en: { translation: en } }, lng: 'zh-CN', interpolation: { escapeValue: false } });
});

const refusal = new ApiError(400, 'VALIDATION_FAILED', 'Invalid request', [
  { field: 'body.name', code: 'maxLength', params: { limit: 100 }, message: 'must NOT have more than 100 characters' },
  { field: 'body.ip', code: 'ipAddress', message: 'must be an IPv4 or IPv6 address' },
  { field: 'body.colour', code: 'somethingNew', message: 'is a new kind of problem' },
]);

describe('field problems', () => {
  it('are read with their code and values', () => {
    expect(fieldProblems(refusal)[0]).toEqual({ field: 'name', code: 'maxLength', params: { limit: 100 }, message: 'must NOT have more than 100 characters' });
  });

  it('are said in the reader’s language, with their values', () => {
    const [name, ip] = fieldProblems(refusal);
    expect(describeProblem(i18n.t, name!)).toBe('最多 100 个字符');
    expect(describeProblem(i18n.t, ip!)).toBe('应为 IPv4 或 IPv6 地址');
    expect(describeProblem(i18n.getFixedT('en'), name!)).toBe('must be at most 100 characters');
  });

  it('fall back to the server’s English for a code the console does not know yet', () => {
    expect(describeProblem(i18n.t, fieldProblems(refusal)[2]!)).toBe('is a new kind of problem');
    expect(describeProblem(i18n.t, { message: 'no code at all' })).toBe('no code at all');
  });

  it('are listed translated in a validation error’s summary', () => {
    expect(describeError(i18n.t, refusal)).toContain('name: 最多 100 个字符');
  });
});
