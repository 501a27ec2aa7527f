import { describe, expect, it } from 'vitest';
import { bodyText, headerText, MAX_FILENAME_CHARS, safeFilename, TRUNCATION_MARKER } from './mail-text.ts';

describe('headerText', () => {
  it('keeps one clean line', () => {
    expect(headerText('  Re:\t二食堂\r\n POS  离线 ', 100)).toBe('Re: 二食堂 POS 离线');
    expect(headerText('a\u0000b\u001bc\u007fd\u0085e', 100)).toBe('abcde');
    expect(headerText(undefined, 100)).toBe('');
    expect(headerText({ value: 'x' }, 100)).toBe('');
  });

  it('is bounded and never ends in half a surrogate pair', () => {
    expect(headerText('x'.repeat(5000), 998)).toHaveLength(998);
    const cut = headerText(`${'a'.repeat(9)}😀`, 10);
    expect(cut).toBe('a'.repeat(9));
  });
});

describe('bodyText', () => {
  it('normalises line breaks and removes controls but keeps tabs', () => {
    expect(bodyText('第一行\r\n第二行\rthird\tcol\u0000\u0007', 1000)).toEqual({ text: '第一行\n第二行\nthird\tcol', truncated: false });
  });

  it('cuts at the byte limit on a character boundary and says so', () => {
    const { text, truncated } = bodyText('汉'.repeat(100_000), 64 * 1024);
    expect(truncated).toBe(true);
    expect(text.endsWith(TRUNCATION_MARKER)).toBe(true);
    expect(Buffer.byteLength(text, 'utf8')).toBeLessThanOrEqual(64 * 1024);
    expect(text).not.toContain('\ufffd');
    expect(text.slice(0, -TRUNCATION_MARKER.length)).toMatch(/^汉+$/);
  });
});

describe('safeFilename', () => {
  it.each([
    ['故障照片.jpg', '故障照片.jpg'],
    ['../../etc/passwd', 'passwd'],
    ['C:\\Users\\张三\\报表.xlsx', '报表.xlsx'],
    ['..', 'attachment-3'],
    ['/', 'attachment-3'],
    ['.bashrc', 'bashrc'],
    ['report.pdf. . ', 'report.pdf'],
    ['a\u0000b\nc.txt', 'ab c.txt'],
    ['invoice\u202efdp.exe', 'invoicefdp.exe'],
    ['what?<script>.html', 'what__script_.html'],
    ['CON', '_CON'],
    ['nul.txt', '_nul.txt'],
    ['', 'attachment-3'],
  ])('%j → %j', (raw, expected) => {
    expect(safeFilename(raw, 3)).toBe(expected);
  });

  it('falls back when there is no name at all', () => {
    expect(safeFilename(undefined, 1)).toBe('attachment-1');
  });

  it('bounds the length and keeps the extension', () => {
    const name = safeFilename(`${'很长的文件名'.repeat(100)}.xlsx`, 1);
    expect(name).toHaveLength(MAX_FILENAME_CHARS);
    expect(name.endsWith('.xlsx')).toBe(true);
    expect(safeFilename('x'.repeat(1000), 1)).toHaveLength(MAX_FILENAME_CHARS);
  });
});
