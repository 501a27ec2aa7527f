import { describe, expect, it } from 'vitest';
import { formatFen, formatMoneyField } from './money';

describe('money in yuan from fen', () => {
  it.each([
    [1250, '¥12.50'],
    [7, '¥0.07'],
    [0, '¥0.00'],
    [100, '¥1.00'],
    [-350, '-¥3.50'],
    [123456789, '¥1,234,567.89'],
    [1e12, '¥10,000,000,000.00'],
    [999_999_999_999, '¥9,999,999,999.99'],
  ])('%i fen is %s', (fen, text) => {
    expect(formatFen(fen)).toBe(text);
  });

  it('never goes through floating point: every cent from 0 to 100 000 fen prints exactly', () => {
    const wrong: number[] = [];
    for (let fen = 0; fen <= 100_000; fen++) {
      const [yuan, cents] = formatFen(fen).slice(1).replace(/,/g, '').split('.');
      if (cents!.length !== 2 || Number(yuan) * 100 + Number(cents) !== fen) wrong.push(fen);
    }
    expect(wrong).toEqual([]);
  });

  it('shows a masked or missing value as it came', () => {
    expect(formatMoneyField('****')).toBe('****');
    expect(formatMoneyField(null)).toBeNull();
    expect(formatMoneyField(undefined)).toBeNull();
    expect(formatMoneyField(5000)).toBe('¥50.00');
  });
});
