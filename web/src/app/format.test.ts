import { describe, expect, it } from 'vitest';
import { compactJson, formatRelative, formatShortTime } from './format';

const NOW = Date.parse('2026-11-20T03:32:05Z');

describe('formatRelative', () => {
  it('says how long ago in the user language', () => {
    expect(formatRelative('2026-11-20T03:29:05Z', NOW, 'zh-CN')).toBe('3分钟前');
    expect(formatRelative('2026-11-20T03:29:05Z', NOW, 'en')).toBe('3 minutes ago');
    expect(formatRelative('2026-11-19T03:32:05Z', NOW, 'en')).toBe('yesterday');
  });

  it('calls anything within the refresh step "now", also a little in the future', () => {
    expect(formatRelative('2026-11-20T03:31:50Z', NOW, 'en')).toBe('now');
    expect(formatRelative('2026-11-20T03:32:20Z', NOW, 'en')).toBe('now');
  });

  it('leaves empty and unparsable values alone', () => {
    expect(formatRelative(null, NOW, 'en')).toBe('');
    expect(formatRelative('soon', NOW, 'en')).toBe('soon');
  });
});

describe('formatShortTime', () => {
  it('shows Asia/Shanghai time', () => {
    expect(formatShortTime(NOW, false)).toBe('11:32');
    expect(formatShortTime(NOW, true)).toBe('11-20 11:32');
  });
});

describe('compactJson', () => {
  it('keeps Chinese text as it is', () => {
    expect(compactJson({ message: '打印纸即将用完', n: 1 })).toBe('{"message":"打印纸即将用完","n":1}');
  });
});
