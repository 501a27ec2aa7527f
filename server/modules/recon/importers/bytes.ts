import iconv from 'iconv-lite';
import type { ByteSource, Encoding } from './events.ts';

/**
 * Bytes in, lines out, with every bound applied while reading: a line longer than the limit is skipped up to its
 * end (only its length is kept), the file stops at the byte limit, and nothing is ever held beyond one line.
 */
export type LineItem =
  | { kind: 'line'; no: number; bytes: Buffer }
  | { kind: 'too-long'; no: number; length: number }
  | { kind: 'too-large'; bytes: number }
  | { kind: 'eof'; bytes: number; endedWithNewline: boolean; lines: number };

export function toBuffer(chunk: Buffer | Uint8Array | string): Buffer {
  return typeof chunk === 'string' ? Buffer.from(chunk) : Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
}

export async function* readLines(input: AsyncIterable<Buffer>, maxLineBytes: number, maxFileBytes: number): AsyncGenerator<LineItem> {
  let parts: Buffer[] = [];
  let pending = 0;
  let overflow = 0; // > 0 while skipping the rest of a too-long line
  let no = 0;
  let total = 0;
  let last = -1;
  const finish = function* (): Generator<LineItem> {
    no++;
    if (overflow > 0) yield { kind: 'too-long', no, length: overflow };
    else {
      let bytes = parts.length === 1 ? parts[0]! : Buffer.concat(parts);
      if (bytes.length > 0 && bytes[bytes.length - 1] === 0x0d) bytes = bytes.subarray(0, bytes.length - 1);
      yield { kind: 'line', no, bytes };
    }
    parts = [];
    pending = 0;
    overflow = 0;
  };
  for await (const chunk of input) {
    if (total + chunk.length > maxFileBytes) {
      yield { kind: 'too-large', bytes: total + chunk.length };
      return;
    }
    total += chunk.length;
    if (chunk.length) last = chunk[chunk.length - 1]!;
    let start = 0;
    while (start < chunk.length) {
      const nl = chunk.indexOf(0x0a, start);
      const end = nl === -1 ? chunk.length : nl;
      const piece = chunk.subarray(start, end);
      if (overflow > 0 || pending + piece.length > maxLineBytes) {
        overflow = (overflow || pending) + piece.length;
        parts = [];
        pending = 0;
      } else if (piece.length) {
        parts.push(Buffer.from(piece)); // copied: the caller may reuse its chunk
        pending += piece.length;
      }
      if (nl === -1) break;
      yield* finish();
      start = nl + 1;
    }
  }
  if (pending > 0 || overflow > 0) yield* finish();
  yield { kind: 'eof', bytes: total, endedWithNewline: last === 0x0a, lines: no };
}

export interface Sniffed {
  encoding: Encoding;
  reason: 'bom' | 'utf8-valid' | 'fallback-gb18030' | 'caller';
  /** the same bytes again, BOM removed */
  source: AsyncIterable<Buffer>;
  /** a UTF-16 BOM: refused (no Chinese bill is written so) */
  utf16: boolean;
}

const SNIFF_BYTES = 64 * 1024;

/** Valid UTF-8, allowing a sequence cut at the end of the sample. */
export function isUtf8(sample: Buffer): boolean {
  let end = sample.length;
  // Back off over at most 3 continuation bytes and their lead byte if the sample ends mid-character.
  for (let i = 1; i <= 3 && end - i >= 0; i++) {
    const b = sample[end - i]!;
    if ((b & 0xc0) === 0x80) continue;
    if (b >= 0xc0) {
      const need = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : 2;
      if (need > i) end -= i;
    }
    break;
  }
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(sample.subarray(0, end));
    return true;
  } catch {
    return false;
  }
}

/**
 * Decides the encoding from the first 64 KiB: a UTF-8 BOM, else valid UTF-8, else GB18030 (a superset of GBK and
 * GB2312, which is what Chinese bills that are not UTF-8 are written in). The caller's choice wins.
 */
export async function sniff(input: ByteSource, caller?: Encoding): Promise<Sniffed> {
  const it = input[Symbol.asyncIterator]();
  const head: Buffer[] = [];
  let size = 0;
  let done = false;
  while (size < SNIFF_BYTES) {
    const r = await it.next();
    if (r.done) {
      done = true;
      break;
    }
    const b = toBuffer(r.value);
    head.push(b);
    size += b.length;
  }
  let first = Buffer.concat(head);
  let bom = false;
  if (first[0] === 0xef && first[1] === 0xbb && first[2] === 0xbf) {
    bom = true;
    first = first.subarray(3);
  }
  const utf16 = (first[0] === 0xff && first[1] === 0xfe) || (first[0] === 0xfe && first[1] === 0xff);
  const sample = first.subarray(0, SNIFF_BYTES);
  let encoding: Encoding;
  let reason: Sniffed['reason'];
  if (caller) [encoding, reason] = [caller, 'caller'];
  else if (bom) [encoding, reason] = ['utf8', 'bom'];
  else if (isUtf8(sample)) [encoding, reason] = ['utf8', 'utf8-valid'];
  else [encoding, reason] = ['gb18030', 'fallback-gb18030'];
  async function* replay(): AsyncGenerator<Buffer> {
    if (first.length) yield first;
    if (done) return;
    for (;;) {
      const r = await it.next();
      if (r.done) return;
      yield toBuffer(r.value);
    }
  }
  return { encoding, reason, source: replay(), utf16 };
}

/** Decodes one line; null when the bytes are not valid in that encoding (GB18030 decoding never fails, by design). */
export function decodeLine(bytes: Buffer, encoding: Encoding): string | null {
  if (encoding === 'utf8') {
    try {
      return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    } catch {
      return null;
    }
  }
  return iconv.decode(bytes, 'gb18030');
}

/** For tests and callers that hold a small buffer or string: one chunk as a byte source. */
export async function* bytesOf(...chunks: (Buffer | string)[]): AsyncGenerator<Buffer> {
  for (const c of chunks) yield toBuffer(c);
}
