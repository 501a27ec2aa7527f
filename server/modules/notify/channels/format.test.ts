import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cutChars, cutUtf8, fitUtf8, levelName, shortText, titleWithLevel, utf8Bytes } from './format.ts';
import { message } from './test-support.ts';

/** No lone surrogate: the text encodes to UTF-8 and back unchanged. */
const wellFormed = (text: string) => new TextDecoder('utf-8', { fatal: true }).decode(new TextEncoder().encode(text)) === text && !/[\uD800-\uDFFF]/.test(text.replace(/[\uD800-\uDBFF][\uDC00-\uDFFF]/g, ''));

describe('format', () => {
  it('names levels in the message’s language', () => {
    expect([1, 2, 3].map((l) => levelName(l as 1 | 2 | 3, 'zh-CN'))).toEqual(['一级', '二级', '三级']);
    expect([1, 2, 3].map((l) => levelName(l as 1 | 2 | 3, 'en'))).toEqual(['Level 1', 'Level 2', 'Level 3']);
    expect(levelName(null, 'en')).toBeNull();
  });

  it('puts the level before a title only when it is not there already', () => {
    expect(titleWithLevel(message())).toBe(message().title);
    expect(titleWithLevel(message({ title: '二食堂 POS 静默', level: 2 }))).toBe('【二级】二食堂 POS 静默');
    expect(titleWithLevel(message({ title: 'Gate slow', level: 3, locale: 'en' }))).toBe('[Level 3] Gate slow');
    expect(titleWithLevel(message({ title: 'Test message', level: null }))).toBe('Test message');
  });

  it('cuts to UTF-8 bytes between characters: 3-byte Chinese, 4-byte emoji', () => {
    expect(cutUtf8('abc', 3)).toBe('abc');
    expect(cutUtf8('食堂消费机', 10)).toBe('食堂…'); // 2×3 + 3 (…) = 9 ≤ 10; a third character would make 12
    expect(cutUtf8('😀😀😀', 8)).toBe('😀…');
    expect(utf8Bytes(cutUtf8('😀😀😀', 8))).toBe(7);
    expect(cutUtf8('abc', 2)).toBe('');
  });

  it('cutUtf8 never exceeds the limit nor leaves a broken character (any text, any limit)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 80 }), fc.integer({ min: 3, max: 200 }), (text, limit) => {
        const cut = cutUtf8(text, limit);
        expect(utf8Bytes(cut)).toBeLessThanOrEqual(limit);
        expect(wellFormed(cut)).toBe(true);
        if (cut !== text) expect(text.startsWith(cut.slice(0, -1))).toBe(true);
      }),
    );
  });

  it('cuts to string units without splitting a surrogate pair', () => {
    expect(cutChars('二食堂消费机离线', 5)).toBe('二食堂消…');
    expect(cutChars('a😀b', 3)).toBe('a…');
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 60 }), fc.integer({ min: 1, max: 80 }), (text, limit) => {
        const cut = cutChars(text, limit);
        expect(cut.length).toBeLessThanOrEqual(limit);
        expect(wellFormed(cut)).toBe(true);
      }),
    );
  });

  it('fits head, middle and tail: the middle gives way first', () => {
    expect(fitUtf8('H', 'middle', 'T', 100)).toBe('H\nmiddle\nT');
    const fitted = fitUtf8('HEAD', 'x'.repeat(500), 'TAIL', 100);
    expect(utf8Bytes(fitted)).toBeLessThanOrEqual(100);
    expect(fitted).toMatch(/^HEAD\nx+…\nTAIL$/);
    expect(utf8Bytes(fitUtf8('H'.repeat(200), 'm', 'T', 100))).toBeLessThanOrEqual(100);
  });

  it('an SMS: title and first line on their own lines, 【】 as [], the link whole, within the limit', () => {
    expect(shortText(message(), 140)).toBe(
      '[一级]二食堂 · POS 终端静默 3 分钟 <b>&"引号"\n站点：二食堂 (Canteen 2)\n确认告警: https://ops.example.edu.cn/ack/tok_abc123?sig=x%2By&n=1',
    );
    expect(shortText(message({ ackUrl: null }), 140)).toBe('[一级]二食堂 · POS 终端静默 3 分钟 <b>&"引号"\n站点：二食堂 (Canteen 2)');
    const tight = shortText(message(), 80);
    expect(tight.length).toBe(80);
    expect(tight.endsWith('\n确认告警: https://ops.example.edu.cn/ack/tok_abc123?sig=x%2By&n=1')).toBe(true);
    // a link that would leave no room for words is dropped, not cut
    expect(shortText(message({ ackUrl: `https://ops.example.edu.cn/ack/${'t'.repeat(200)}` }), 70)).not.toContain('https://');
    expect(shortText(message({ ackUrl: 'javascript:alert(1)' }), 140)).not.toContain('javascript');
  });
});
