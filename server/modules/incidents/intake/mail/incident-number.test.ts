import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatIncidentNumber, MAX_INCIDENT_NUMBER, parseIncidentNumber, SUBJECT_SCAN_CHARS } from './incident-number.ts';

describe('formatIncidentNumber', () => {
  it('zero-pads to six digits and grows past them', () => {
    expect(formatIncidentNumber(1)).toBe('INC-000001');
    expect(formatIncidentNumber(123)).toBe('INC-000123');
    expect(formatIncidentNumber(999_999)).toBe('INC-999999');
    expect(formatIncidentNumber(1_000_000)).toBe('INC-1000000');
    expect(formatIncidentNumber(MAX_INCIDENT_NUMBER)).toBe('INC-2147483647');
  });

  it('refuses what cannot be an incident number', () => {
    for (const n of [0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, MAX_INCIDENT_NUMBER + 1, 2 ** 53]) {
      expect(() => formatIncidentNumber(n), String(n)).toThrow(RangeError);
    }
  });
});

describe('parseIncidentNumber', () => {
  it.each([
    ['[INC-000123] 二食堂 POS 无法刷卡', 123],
    ['INC-123', 123],
    ['inc-000123', 123],
    ['Re: [INC-000123] 打印机卡纸', 123],
    ['RE: 回复: 答复: Fwd: 转发: [INC-000123] 打印机卡纸', 123],
    ['回复：【INC-000123】图书馆闸机离线', 123],
    ['转发：〔INC-004567〕', 4567],
    ['答复: 工单INC-000123已处理，请确认', 123],
    ['Fwd: (INC-88) gate', 88],
    ['Re: ［ＩＮＣ－０００１２３］ 全角', 123],
    ['Re: INC–000123 (en dash from a word processor)', 123],
    ['INC-1234567 seven digits', 1_234_567],
    [`[INC-${MAX_INCIDENT_NUMBER}]`, MAX_INCIDENT_NUMBER],
    ['[INC-000000000000000042] zeros are only padding', 42],
  ])('%s → %s', (subject, expected) => {
    expect(parseIncidentNumber(subject)).toBe(expected);
  });

  it.each([
    ['POS 无法刷卡', 'no reference'],
    ['', 'empty'],
    ['INC-', 'no digits'],
    ['INC-000000', 'zero'],
    ['INC000123', 'no dash'],
    ['XINC-000123', 'inside a word'],
    ['INC-000123abc', 'digits running into a word'],
    ['INC-12_3', 'digits running into an identifier'],
    ['INC-2147483648', 'one past 2^31 − 1'],
    ['[INC-9999999999999]', 'far beyond 2^31'],
    ['[INC-123456789012345678901234567890]', 'more digits than any number has'],
    ['INC-\u0000123', 'a NUL inside the reference'],
    ['INC-１２３\u0000４', 'digits broken by a NUL'],
    ['\u0001INC-000123', 'a control character before it'],
    ['INC-000123\u007f', 'DEL after it'],
  ])('%s → null (%s)', (subject, _why) => {
    expect(parseIncidentNumber(subject)).toBeNull();
  });

  it('takes no number from what is not a string', () => {
    expect(parseIncidentNumber(null)).toBeNull();
    expect(parseIncidentNumber(undefined)).toBeNull();
    expect(parseIncidentNumber(123 as unknown as string)).toBeNull();
  });

  it('reads a reference next to control characters, which only separate it', () => {
    expect(parseIncidentNumber('\u0000[INC-000123]\u0000')).toBe(123);
    expect(parseIncidentNumber('Re:\tINC-77\r\n')).toBe(77);
  });

  it('prefers the bracketed reference (the form opsdesk writes) over one mentioned in passing', () => {
    expect(parseIncidentNumber('like INC-000045 — Re: [INC-000123]')).toBe(123);
    expect(parseIncidentNumber('INC-000045 and INC-000123')).toBe(45);
    // an impossible bracketed one does not hide a possible one
    expect(parseIncidentNumber('[INC-99999999999] see INC-000123')).toBe(123);
  });

  it('reads only the start of a very long subject, quickly', () => {
    const padding = 'Re: '.repeat(400);
    expect(parseIncidentNumber(`${padding}[INC-000123]`)).toBe(123);
    const huge = `${'回复: '.repeat(300_000)}[INC-000123]`;
    expect(huge.length).toBeGreaterThan(SUBJECT_SCAN_CHARS);
    expect(parseIncidentNumber(huge)).toBeNull();
    expect(parseIncidentNumber('INC-'.repeat(500_000))).toBeNull();
    expect(parseIncidentNumber(`INC-${'0'.repeat(1_000_000)}1`)).toBeNull();
  });

  it('finds every number it formats, whatever prefixes and text surround it', () => {
    const prefix = fc.constantFrom('', 'Re: ', 'RE: ', '回复: ', '回复：', '答复: ', 'Fwd: ', 'FW: ', '转发: ');
    const text = fc.string({ maxLength: 40 }).filter((s) => !/inc[-\u2010-\u2015\u2212－]/i.test(s.normalize('NFKC')));
    fc.assert(
      fc.property(fc.array(prefix, { maxLength: 5 }), fc.integer({ min: 1, max: MAX_INCIDENT_NUMBER }), text, fc.constantFrom(['[', ']'], ['【', '】'], [' ', ' ']), (prefixes, n, rest, [open, close]) => {
        expect(parseIncidentNumber(`${prefixes.join('')}${open}${formatIncidentNumber(n)}${close}${rest}`)).toBe(n);
      }),
    );
  });

  it('never throws and never answers a number outside 1…2^31−1, on any input', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 300 }), (subject) => {
        const n = parseIncidentNumber(subject);
        expect(n === null || (Number.isSafeInteger(n) && n >= 1 && n <= MAX_INCIDENT_NUMBER)).toBe(true);
      }),
    );
  });
});
