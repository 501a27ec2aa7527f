import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { bytesOf, readLines } from './bytes.ts';
import { cleanCell, isMangledId, looksLikeFormula } from './cells.ts';
import { splitFields } from './csv-fields.ts';
import { limitsOf } from './events.ts';
import { readText } from './rows.ts';
import { parseDateTime } from './time.ts';

async function all<T>(g: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of g) out.push(x);
  return out;
}

describe('cells', () => {
  it('strips backticks, BOMs, tab suffixes and padding, and never reads ids as numbers', () => {
    expect(cleanCell('`4200000068201801293084726067')).toBe('4200000068201801293084726067');
    expect(cleanCell('\uFEFF交易时间')).toBe('交易时间');
    expect(cleanCell('202302xxxxxx0011000103xxxxxx\t')).toBe('202302xxxxxx0011000103xxxxxx');
    expect(isMangledId('4.00123E+27')).toBe(true);
    expect(isMangledId('1.00148E+35')).toBe(true);
    expect(isMangledId('4200000068201801293084726067')).toBe(false);
    expect(looksLikeFormula("=cmd|' /C calc'!A0")).toBe(true);
    expect(looksLikeFormula('-0.01')).toBe(false);
  });

  it('splits quoted cells with a tab after the closing quote', () => {
    expect(splitFields('2019-09-26,"商户消费","3985734"\t,"/"', ',').cells).toEqual(['2019-09-26', '商户消费', '3985734', '/']);
    expect(splitFields('a,"b ""c""",d', ',').cells).toEqual(['a', 'b "c"', 'd']);
    expect(splitFields('a,"open', ',').open).toBe(true);
  });
});

describe('dates', () => {
  const z = 'Asia/Shanghai';
  it('reads the mixed formats bills use, in the given zone', () => {
    const t = Date.UTC(2016, 4, 3, 18, 18); // 2016-05-04 02:18 at +08:00
    expect(parseDateTime('2016/5/4 2:18', z)).toBe(t);
    expect(parseDateTime('2016-05-04 02:18:00', z)).toBe(t);
    expect(parseDateTime('2016年05月04日 02:18:00', z)).toBe(t);
    expect(parseDateTime('20160504021800', z)).toBe(t);
    expect(parseDateTime('2016-05-03T18:18:00Z', z)).toBe(t);
    expect(parseDateTime('2016-05-04T02:18:00+08:00', z)).toBe(t);
    expect(parseDateTime('2016-05-04 02:18', 'Europe/Amsterdam')).toBe(Date.UTC(2016, 4, 4, 0, 18));
  });
  it('refuses days that do not exist and text that is no date', () => {
    expect(parseDateTime('2023-02-30 10:00:00', z)).toBeNull();
    expect(parseDateTime('5/4/2016', z)).toBeNull();
    expect(parseDateTime('yesterday', z)).toBeNull();
  });
});

describe('lines and encodings', () => {
  it('skips a 10 MB line without holding it, and goes on with the next', async () => {
    const big = Buffer.alloc(10 * 1024 * 1024, 0x61);
    const items = await all(readLines(bytesOf('a\n', big.subarray(0, 5_000_000), big.subarray(5_000_000), '\nb\r\n'), 65536, 1e9));
    expect(items).toEqual([
      { kind: 'line', no: 1, bytes: Buffer.from('a') },
      { kind: 'too-long', no: 2, length: 10 * 1024 * 1024 },
      { kind: 'line', no: 3, bytes: Buffer.from('b') },
      { kind: 'eof', bytes: 2 + big.length + 4, endedWithNewline: true, lines: 3 },
    ]);
  });

  it('stops at the file byte limit', async () => {
    const items = await all(readLines(bytesOf('abc\n', 'def\n'), 100, 6));
    expect(items.at(-1)).toEqual({ kind: 'too-large', bytes: 8 });
  });

  it('detects UTF-8 with BOM, UTF-8, and GBK, and obeys the caller', async () => {
    const text = '交易时间,金额\n2016-05-04,1.00\n';
    const enc = async (bytes: Buffer, encoding?: 'utf8' | 'gb18030') => {
      const items = await all(readText(bytesOf(bytes), limitsOf({ fileName: 'f', ...(encoding ? { encoding } : {}) })));
      return { enc: items.find((i) => i.kind === 'encoding'), first: items.find((i) => i.kind === 'text') };
    };
    expect(await enc(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]))).toEqual({ enc: { kind: 'encoding', encoding: { name: 'utf8', reason: 'bom' } }, first: { kind: 'text', line: 1, text: '交易时间,金额' } });
    expect((await enc(Buffer.from(text))).enc).toEqual({ kind: 'encoding', encoding: { name: 'utf8', reason: 'utf8-valid' } });
    const gbk = await enc(iconv.encode(text, 'gbk'));
    expect(gbk).toEqual({ enc: { kind: 'encoding', encoding: { name: 'gb18030', reason: 'fallback-gb18030' } }, first: { kind: 'text', line: 1, text: '交易时间,金额' } });
    expect((await enc(iconv.encode(text, 'gbk'), 'gb18030')).enc).toEqual({ kind: 'encoding', encoding: { name: 'gb18030', reason: 'caller' } });
  });

  it('reports a line that is not UTF-8 in a UTF-8 file as BAD_ENCODING, not as mojibake', async () => {
    const items = await all(readText(bytesOf(Buffer.from('a,b\n'.repeat(20000)), iconv.encode('交易\n', 'gbk')), limitsOf({ fileName: 'f' })));
    expect(items.filter((i) => i.kind === 'finding')).toEqual([{ kind: 'finding', finding: expect.objectContaining({ code: 'BAD_ENCODING', line: 20001 }) }]);
  });
});
