import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { PayloadTooLargeError } from '../../errors.ts';

/** The bytes of one upload, spooled to a private file: where, how many, and their sha256. */
export interface SpooledFile {
  path: string;
  bytes: number;
  sha256: string;
}

/**
 * Writes an upload to a private temporary file (0600 in a 0700 directory) while hashing it, never holding more than
 * a chunk in memory. Past `maxBytes` it stops reading, deletes what it wrote and refuses with 413 FILE_TOO_LARGE. The
 * caller deletes the file when done with it.
 */
export async function spoolUpload(source: AsyncIterable<Buffer | Uint8Array | string>, dir: string, maxBytes: number): Promise<SpooledFile> {
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  fs.chmodSync(dir, 0o700);
  const file = path.join(dir, `${randomBytes(12).toString('hex')}.upload`);
  const handle = await fs.promises.open(file, 'wx', 0o600);
  const hash = createHash('sha256');
  let bytes = 0;
  try {
    for await (const piece of source) {
      const chunk = typeof piece === 'string' ? Buffer.from(piece) : Buffer.from(piece.buffer, piece.byteOffset, piece.byteLength);
      bytes += chunk.length;
      if (bytes > maxBytes) throw new PayloadTooLargeError(`The file is larger than ${maxBytes} bytes, the most an import takes`, 'FILE_TOO_LARGE');
      hash.update(chunk);
      await handle.write(chunk);
    }
    await handle.close();
  } catch (error) {
    await handle.close().catch(() => undefined);
    await fs.promises.rm(file, { force: true });
    throw error;
  }
  return { path: file, bytes, sha256: hash.digest('hex') };
}
