import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fieldProblem, PROBLEM_CODES } from './field-problems.ts';

const catalog = (name: string) => JSON.parse(fs.readFileSync(path.resolve(import.meta.dirname, `../web/src/i18n/${name}.json`), 'utf8')) as { problem: Record<string, string> };

describe('field problems', () => {
  it('carry a code, its values and the English sentence', () => {
    expect(fieldProblem('name', 'maxLength', { limit: 100 })).toEqual({ field: 'name', code: 'maxLength', params: { limit: 100 }, message: 'must be at most 100 characters' });
    expect(fieldProblem('code', 'required')).toEqual({ field: 'code', code: 'required', message: 'is required' });
  });

  it.each(['zh-CN', 'en'])('every code has a translation in the console (%s), naming the same values', (name) => {
    const problems = catalog(name).problem;
    for (const code of PROBLEM_CODES) {
      expect(problems[code], `problem.${code} is missing from ${name}.json`).toBeTypeOf('string');
    }
    // The placeholders a translation uses are values the server sends with that code.
    const sample = fieldProblem('x', 'upstreamLater', { upstream: 'SW-1', line: 7 });
    for (const placeholder of problems.upstreamLater!.matchAll(/\{\{(\w+)\}\}/g)) expect(Object.keys(sample.params!)).toContain(placeholder[1]);
  });
});
