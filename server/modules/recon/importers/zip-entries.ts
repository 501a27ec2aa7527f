import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import yauzl from 'yauzl';
import { isUtf8, toBuffer } from './bytes.ts';
import type { ByteSource } from './events.ts';
import iconv from 'iconv-lite';

/**
 * A ZIP read entry by entry without holding it in memory. A ZIP's directory is at its end, so the upload is first
 * spooled to a private temporary file (bounded by the caller's byte limit), then yauzl streams each entry from it.
 * Entry names are decoded as UTF-8 when flagged or valid, else GB18030 (Alipay writes GBK names without the flag),
 * and an unsafe name (absolute, `..`, drive letter) is refused for that entry, never extracted anywhere.
 */
export interface ZipLimits {
  maxZipBytes: number;
  maxEntries: number;
  /** per entry, uncompressed; yauzl also checks the real size against the declared one */
  maxEntryBytes: number;
  /** all entries together, uncompressed */
  maxTotalBytes: number;
}

export type ZipItem =
  | { kind: 'entry'; name: string; size: number; open: () => Promise<Readable> }
  | { kind: 'refused'; name: string | null; reason: string };

export class ZipTooLarge extends Error {}

async function spool(input: ByteSource, file: string, max: number): Promise<void> {
  let total = 0;
  async function* bounded() {
    for await (const chunk of input) {
      const b = toBuffer(chunk);
      total += b.length;
      if (total > max) throw new ZipTooLarge(`the archive is larger than ${max} bytes`);
      yield b;
    }
  }
  await pipeline(bounded, createWriteStream(file, { mode: 0o600 }));
}

export function decodeEntryName(raw: Buffer, flags: number): string {
  return flags & 0x800 || isUtf8(raw) ? raw.toString('utf8') : iconv.decode(raw, 'gb18030');
}

export function unsafeEntryName(name: string): string | null {
  if (name.includes('\u0000')) return 'its name holds a NUL byte';
  if (/^([/\\]|[A-Za-z]:)/.test(name)) return 'its name is an absolute path';
  if (name.split(/[/\\]/).includes('..')) return 'its name climbs out of the archive (..)';
  return null;
}

/** Yields entries one at a time; the caller must finish reading one entry's stream before asking for the next. */
export async function* zipEntries(input: ByteSource, limits: ZipLimits): AsyncGenerator<ZipItem> {
  const dir = await mkdtemp(path.join(tmpdir(), 'opsdesk-zip-'));
  const file = path.join(dir, 'upload.zip');
  let zip: yauzl.ZipFile | null = null;
  try {
    try {
      await spool(input, file, limits.maxZipBytes);
      zip = await new Promise<yauzl.ZipFile>((resolve, reject) =>
        yauzl.open(file, { lazyEntries: true, decodeStrings: false, validateEntrySizes: true, autoClose: false }, (err, z) => (err ? reject(err) : resolve(z))),
      );
    } catch (e) {
      yield { kind: 'refused', name: null, reason: e instanceof Error ? e.message : String(e) };
      return;
    }
    if (zip.entryCount > limits.maxEntries) {
      yield { kind: 'refused', name: null, reason: `it holds ${zip.entryCount} entries; at most ${limits.maxEntries}` };
      return;
    }
    let total = 0;
    const z = zip;
    for (;;) {
      const entry = await nextEntry(z).catch((e: unknown) => ({ error: e instanceof Error ? e.message : String(e) }) as const);
      if (entry === null) return;
      if ('error' in entry) {
        yield { kind: 'refused', name: null, reason: entry.error };
        return;
      }
      const name = decodeEntryName(entry.fileName as unknown as Buffer, entry.generalPurposeBitFlag);
      if (name.endsWith('/')) continue;
      const unsafe = unsafeEntryName(name);
      if (unsafe) {
        yield { kind: 'refused', name, reason: unsafe };
        continue;
      }
      if (entry.isEncrypted()) {
        yield { kind: 'refused', name, reason: 'it is encrypted' };
        continue;
      }
      if (entry.uncompressedSize > limits.maxEntryBytes) {
        yield { kind: 'refused', name, reason: `it expands to ${entry.uncompressedSize} bytes; at most ${limits.maxEntryBytes}` };
        continue;
      }
      total += entry.uncompressedSize;
      if (total > limits.maxTotalBytes) {
        yield { kind: 'refused', name, reason: `the entries expand to more than ${limits.maxTotalBytes} bytes together` };
        return;
      }
      yield { kind: 'entry', name, size: entry.uncompressedSize, open: () => z.openReadStreamPromise(entry) };
    }
  } finally {
    zip?.close();
    await rm(dir, { recursive: true, force: true });
  }
}

/** The zip's next entry (null at the end), read on demand (`lazyEntries`): the listeners are removed either way. */
export function nextEntry(zip: yauzl.ZipFile): Promise<yauzl.Entry | null> {
  return new Promise<yauzl.Entry | null>((resolve, reject) => {
    const onEntry = (e: yauzl.Entry) => done(() => resolve(e));
    const onEnd = () => done(() => resolve(null));
    const onError = (err: Error) => done(() => reject(err));
    const done = (f: () => void) => {
      zip.off('entry', onEntry).off('end', onEnd).off('error', onError);
      f();
    };
    zip.on('entry', onEntry).on('end', onEnd).on('error', onError);
    zip.readEntry();
  });
}
