import { describe, expect, it } from 'vitest';
import { toCsv } from './csv.ts';

describe('toCsv', () => {
  it('quotes, escapes and neutralises formulas', () => {
    const csv = toCsv(['a', 'b'], [['=HYPERLINK("http://x")', 'plain'], ['x,y', 'say "hi"'], ['@SUM(A1)', null], ['-1+2', ['r1', 'r2']]]);
    expect(csv.startsWith('\uFEFF')).toBe(true);
    expect(csv.slice(1).split('\r\n')).toEqual([
      'a,b',
      `"'=HYPERLINK(""http://x"")",plain`,
      '"x,y","say ""hi"""',
      "'@SUM(A1),",
      "'-1+2,r1;r2",
      '',
    ]);
  });
});
