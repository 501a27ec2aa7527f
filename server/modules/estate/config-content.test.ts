import { describe, expect, it } from 'vitest';
import { CONFIG_MAX_BYTES, diffConfigs, normalizeConfig } from './config-content.ts';

describe('configuration content', () => {
  it('stores JSON pretty-printed with sorted keys, arrays in their order', () => {
    const a = normalizeConfig('json', '{"b":1,"a":{"z":[3,1,2],"y":null}}');
    const b = normalizeConfig('json', '{ "a": { "y": null, "z": [3, 1, 2] }, "b": 1 }');
    expect(a).toEqual({ content: '{\n  "a": {\n    "y": null,\n    "z": [\n      3,\n      1,\n      2\n    ]\n  },\n  "b": 1\n}\n' });
    expect(b).toEqual(a);
  });

  it('refuses broken, too deep and too large content', () => {
    expect(normalizeConfig('json', '{"a":')).toMatchObject({ problem: { field: 'content', code: 'invalidJson', message: expect.stringContaining('not valid JSON') } });
    expect(normalizeConfig('json', `${'['.repeat(500)}${']'.repeat(500)}`)).toMatchObject({ problem: { code: 'tooDeep', params: { limit: expect.any(Number) } } });
    expect(normalizeConfig('text', 'x'.repeat(CONFIG_MAX_BYTES))).toEqual({ content: 'x'.repeat(CONFIG_MAX_BYTES) });
    // Bytes, not characters: 100,000 Chinese characters are 300,000 bytes of UTF-8.
    expect(normalizeConfig('text', '配'.repeat(100_000))).toMatchObject({ problem: { code: 'tooManyBytes', params: { bytes: 300000 }, message: expect.stringContaining('300000 bytes') } });
  });

  it('diffs two versions into hunks and a unified patch', () => {
    const diff = diffConfigs({ version: 1, content: 'a\nb\nc\n' }, { version: 2, content: 'a\nB\nc\nd\n' });
    expect(diff.hunks).toEqual([{ oldStart: 1, oldLines: 3, newStart: 1, newLines: 4, lines: [' a', '-b', '+B', ' c', '+d'] }]);
    expect(diff.patch).toBe('--- v1\n+++ v2\n@@ -1,3 +1,4 @@\n a\n-b\n+B\n c\n+d\n');
    expect(diffConfigs({ version: 1, content: 'a\r\nb\r\n' }, { version: 2, content: 'a\nb\n' }).hunks).toEqual([]);
  });
});
