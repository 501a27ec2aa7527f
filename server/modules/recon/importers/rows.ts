import { readLines, sniff, decodeLine } from './bytes.ts';
import type { ByteSource, ImportMeta, Limits } from './events.ts';
import { finding, type Finding } from './findings.ts';
import { splitFields } from './csv-fields.ts';

/**
 * Decoded text lines with their numbers, from a byte source, with the encoding decided once and every bound
 * applied; line-level problems come out as findings in file order. Text importers (CSV bills, MT940, fixed width)
 * all start here.
 */
export type TextItem =
  | { kind: 'encoding'; encoding: NonNullable<ImportMeta['encoding']> }
  | { kind: 'text'; line: number; text: string }
  /** a line rejected while reading (too long, not valid in the encoding); its finding came just before */
  | { kind: 'rejected'; line: number }
  | { kind: 'finding'; finding: Finding }
  | { kind: 'end'; bytes: number; endedWithNewline: boolean; stopped: boolean };

export async function* readText(input: ByteSource, limits: Limits): AsyncGenerator<TextItem> {
  const file = limits.fileName;
  const s = await sniff(input, limits.encoding);
  if (s.utf16) {
    yield { kind: 'finding', finding: finding('BAD_ENCODING', { file, line: 1 }, 'the file is UTF-16; save it as UTF-8 or GBK', { encoding: 'utf-16' }) };
    yield { kind: 'end', bytes: 0, endedWithNewline: false, stopped: true };
    return;
  }
  yield { kind: 'encoding', encoding: { name: s.encoding, reason: s.reason } };
  for await (const item of readLines(s.source, limits.maxLineBytes, limits.maxFileBytes)) {
    if (item.kind === 'line') {
      const text = decodeLine(item.bytes, s.encoding);
      if (text === null) {
        yield { kind: 'finding', finding: finding('BAD_ENCODING', { file, line: item.no }, `line ${item.no} is not valid ${s.encoding}; the row is rejected`, { encoding: s.encoding }) };
        yield { kind: 'rejected', line: item.no };
        continue;
      }
      yield { kind: 'text', line: item.no, text };
    } else if (item.kind === 'too-long') {
      yield {
        kind: 'finding',
        finding: finding('LINE_TOO_LONG', { file, line: item.no }, `line ${item.no} is ${item.length} bytes, more than ${limits.maxLineBytes}; the row is rejected`, { bytes: item.length, limit: limits.maxLineBytes }),
      };
      yield { kind: 'rejected', line: item.no };
    } else if (item.kind === 'too-large') {
      yield { kind: 'finding', finding: finding('FILE_TOO_LARGE', { file }, `the file is larger than ${limits.maxFileBytes} bytes; reading stopped`, { limit: limits.maxFileBytes }) };
      yield { kind: 'end', bytes: item.bytes, endedWithNewline: false, stopped: true };
      return;
    } else {
      yield { kind: 'end', bytes: item.bytes, endedWithNewline: item.endedWithNewline, stopped: false };
    }
  }
}

export type RowItem =
  | { kind: 'encoding'; encoding: NonNullable<ImportMeta['encoding']> }
  | { kind: 'row'; line: number; cells: string[]; raw: string }
  /** a line that was rejected (too long, bad encoding): counted as a row, finding already given */
  | { kind: 'rejected'; line: number }
  | { kind: 'finding'; finding: Finding }
  | { kind: 'end'; bytes: number; endedWithNewline: boolean; stopped: boolean };

/**
 * Delimited rows. The delimiter may be decided from the first non-empty line by `pickDelimiter`. A quoted cell
 * that spans lines is joined (bounded by the line limit); one still open at the end of the file is TRUNCATED.
 */
export async function* readRows(input: ByteSource, limits: Limits, pickDelimiter: (firstLine: string) => string): AsyncGenerator<RowItem> {
  let delimiter: string | null = null;
  let carry: { line: number; text: string } | null = null;
  for await (const item of readText(input, limits)) {
    if (item.kind === 'rejected') {
      carry = null;
      yield item;
      continue;
    }
    if (item.kind !== 'text') {
      if (item.kind === 'end' && carry) {
        yield { kind: 'finding', finding: finding('TRUNCATED', { file: limits.fileName, line: carry.line }, `the file ends inside a quoted cell that starts on line ${carry.line}`) };
        yield { kind: 'rejected', line: carry.line };
      }
      yield item;
      continue;
    }
    const text: string = carry ? `${carry.text}\n${item.text}` : item.text;
    const line: number = carry ? carry.line : item.line;
    if (delimiter === null) {
      if (text.trim() === '') {
        yield { kind: 'row', line, cells: [], raw: text };
        continue;
      }
      delimiter = pickDelimiter(text);
    }
    const split = splitFields(text, delimiter);
    if (split.open) {
      if (Buffer.byteLength(text) > limits.maxLineBytes) {
        yield { kind: 'finding', finding: finding('LINE_TOO_LONG', { file: limits.fileName, line }, `a quoted cell from line ${line} runs past ${limits.maxLineBytes} bytes; the row is rejected`, { limit: limits.maxLineBytes }) };
        yield { kind: 'rejected', line };
        carry = null;
      } else carry = { line, text };
      continue;
    }
    carry = null;
    yield { kind: 'row', line, cells: split.cells, raw: text };
  }
}
