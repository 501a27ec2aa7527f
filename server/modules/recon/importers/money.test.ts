import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatFen, parseCount, parseMoney } from './money.ts';

describe('money to fen without floating point', () => {
  it.each([
    ['12.3', 1230],
    ['-0.01', -1],
    ['1,234.50', 123450],
    ['¥12.00', 1200],
    ['￥0.35', 35],
    ['(5.00)', -500],
    ['+3', 300],
    ['.5', 50],
    ['0.10000', 10],
    ['12.34元', 1234],
    ['  7 ', 700],
  ])('%s → %d fen', (text, fen) => {
    expect(parseMoney(text)).toEqual({ ok: true, fen });
  });

  it.each([
    ['12.345', 'too_many_decimals'],
    ['4.00123E+27', 'exponent'],
    ['1e3', 'exponent'],
    ['12..3', 'not_a_number'],
    ['1,23.4', 'not_a_number'],
    ['abc', 'not_a_number'],
    ['', 'empty'],
    ['99999999999999999', 'out_of_range'],
  ])('%s is refused (%s)', (text, reason) => {
    expect(parseMoney(text)).toEqual({ ok: false, reason });
  });

  it('reads fen columns as whole fen and European decimal commas', () => {
    expect(parseMoney('1230', { unit: 'fen' })).toEqual({ ok: true, fen: 1230 });
    expect(parseMoney('12.5', { unit: 'fen' })).toEqual({ ok: false, reason: 'too_many_decimals' });
    expect(parseMoney('1.234,56', { decimalComma: true })).toEqual({ ok: true, fen: 123456 });
    expect(parseMoney('35122,', { decimalComma: true })).toEqual({ ok: true, fen: 3512200 });
  });

  it('round-trips every amount exactly (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: -Number.MAX_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER }), (fen) => {
        expect(parseMoney(formatFen(fen))).toEqual({ ok: true, fen });
      }),
    );
  });

  it('reads counts the way WeChat writes them', () => {
    expect(parseCount('20.0')).toBe(20);
    expect(parseCount('20.5')).toBeNull();
  });
});
