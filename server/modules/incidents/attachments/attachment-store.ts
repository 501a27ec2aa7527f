/**
 * Incident attachments in the database (issue 11, C5.1/C5.4): the bytes are rows of 256 KiB, so that every node of a
 * cluster serves any attachment and no node ever holds a whole file in memory — storing reads its source a piece at a
 * time, reading back fetches one chunk when the reader asks for the next.
 */
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import type { Executor } from '../../../db/types.ts';
import { PayloadTooLargeError } from '../../../errors.ts';
import type { IncidentAttachmentsTable } from '../incidents.tables.ts';
import { attachmentsRepository } from './attachments.repository.ts';

export const CHUNK_BYTES = 256 * 1024;

/** What the attachment row says about itself; size and digest are counted from the bytes. */
export type AttachmentMeta = Omit<IncidentAttachmentsTable, 'size' | 'sha256'>;

/** The bytes to store: a stream (its end is the file's end) or a file on disk. */
export type AttachmentSource = Readable | { path: string };

const tooLarge = (maxBytes: number) => new PayloadTooLargeError(`The file is larger than ${maxBytes} bytes, the limit for one attachment`, 'ATTACHMENT_TOO_LARGE');

/**
 * Stores one attachment inside the caller's transaction: the row first (the chunks refer to it), then the bytes as
 * chunks of exactly CHUNK_BYTES (the last one shorter), inserted one at a time as they arrive, then the size and the
 * SHA-256 counted on the way. Past `maxBytes` it stops reading and throws 413: the caller's transaction rolls back,
 * so nothing of the file is kept. A file it opened itself is closed; a stream it was given is left to its owner.
 */
export async function storeAttachment(trx: Executor, meta: AttachmentMeta, source: AttachmentSource, maxBytes: number): Promise<IncidentAttachmentsTable> {
  const owned = !(source instanceof Readable);
  const stream = source instanceof Readable ? source : fs.createReadStream(source.path, { highWaterMark: CHUNK_BYTES });
  await attachmentsRepository.insert(trx, { ...meta, size: 0, sha256: '' });
  const hash = createHash('sha256');
  let size = 0;
  let seq = 0;
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  try {
    for await (const piece of pieces(stream)) {
      size += piece.length;
      if (size > maxBytes) throw tooLarge(maxBytes);
      hash.update(piece);
      pending.push(piece);
      pendingBytes += piece.length;
      while (pendingBytes >= CHUNK_BYTES) {
        const joined = pending.length === 1 ? pending[0]! : Buffer.concat(pending);
        await attachmentsRepository.insertChunk(trx, meta.id, seq++, Buffer.from(joined.subarray(0, CHUNK_BYTES)));
        const rest = joined.subarray(CHUNK_BYTES);
        pending = rest.length > 0 ? [rest] : [];
        pendingBytes = rest.length;
      }
    }
    if (pendingBytes > 0) await attachmentsRepository.insertChunk(trx, meta.id, seq++, Buffer.concat(pending));
  } finally {
    if (owned) stream.destroy();
  }
  const sha256 = hash.digest('hex');
  await attachmentsRepository.complete(trx, meta.id, size, sha256);
  return { ...meta, size, sha256 };
}

/**
 * The attachment's bytes as a stream that fetches the next chunk only when its reader wants more: memory holds about
 * one chunk per download, whatever the file's size. A chunk missing before `size` bytes were read fails the stream
 * (the response is cut rather than a short file delivered as whole).
 */
export function attachmentStream(db: Executor, attachment: Pick<IncidentAttachmentsTable, 'id' | 'size'>): Readable {
  let seq = 0;
  let sent = 0;
  return new Readable({
    highWaterMark: CHUNK_BYTES,
    read() {
      attachmentsRepository.chunk(db, attachment.id, seq++).then(
        (data) => {
          if (data === undefined) {
            if (sent === attachment.size) this.push(null);
            else this.destroy(new Error(`attachment ${attachment.id}: ${sent} of ${attachment.size} bytes found`));
            return;
          }
          sent += data.length;
          this.push(Buffer.isBuffer(data) ? data : Buffer.from(data));
        },
        (error: unknown) => this.destroy(error as Error),
      );
    },
  });
}

/**
 * A stream's pieces as bytes. Stopping early does not destroy the stream: an HTTP request destroyed mid-body takes the
 * connection with it and the client never hears the 413 — left unread, it is answered and the rest is discarded, as
 * Fastify does with the bodies it reads itself.
 */
async function* pieces(stream: Readable): AsyncGenerator<Buffer> {
  for await (const piece of stream.iterator({ destroyOnReturn: false }) as AsyncIterable<Buffer | string>) yield typeof piece === 'string' ? Buffer.from(piece) : piece;
}

/**
 * Copies an upload to a private temporary file, counting and stopping at `maxBytes` (413, the file removed). Uploads
 * go through here so that the database transaction lasts as long as reading a local file, not as long as a slow
 * client takes to send it: on SQLite a transaction holds the only writer, on PostgreSQL a pooled connection.
 */
export async function spoolUpload(stream: Readable, dir: string, maxBytes: number): Promise<{ path: string; size: number; remove(): Promise<void> }> {
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const file = path.join(dir, `upload-${randomBytes(12).toString('hex')}`);
  const remove = () => fs.promises.rm(file, { force: true });
  const handle = await fs.promises.open(file, 'wx', 0o600);
  let size = 0;
  try {
    for await (const piece of pieces(stream)) {
      size += piece.length;
      if (size > maxBytes) throw tooLarge(maxBytes);
      await handle.write(piece);
    }
    await handle.close();
    return { path: file, size, remove };
  } catch (error) {
    await handle.close().catch(() => undefined);
    await remove();
    throw error;
  }
}

/** A plain `type/subtype` (RFC 6838 names, parameters dropped), lower case; anything else is application/octet-stream. */
const PLAIN_TYPE = /^[a-z0-9][a-z0-9!#$&^_.+-]{0,63}\/[a-z0-9][a-z0-9!#$&^_.+-]{0,126}$/;
export const OCTET_STREAM = 'application/octet-stream';

/** The content type kept for an attachment: the declared one when it is a plain `type/subtype`, else octet-stream. */
export function storedContentType(declared: string | null | undefined): string {
  const essence = (declared ?? '').split(';')[0]!.trim().toLowerCase();
  return PLAIN_TYPE.test(essence) ? essence : OCTET_STREAM;
}

/** Types a browser would run or render as a document (HTML, SVG, XML, scripts): served as octet-stream, whatever they say. */
const ACTIVE_CONTENT = /html|xml|svg|javascript|ecmascript/;

/** What a download is served as. */
export function servedContentType(stored: string): string {
  const plain = storedContentType(stored);
  return ACTIVE_CONTENT.test(plain) ? OCTET_STREAM : plain;
}

/**
 * `attachment` with the name twice (RFC 6266): an ASCII fallback for old clients and `filename*` in UTF-8 (RFC 8187)
 * that every current browser prefers — 故障照片.jpg arrives as 故障照片.jpg.
 */
export function contentDisposition(filename: string): string {
  const fallback = filename.replace(/[^\x20-\x7e]|["\\%]/g, '_').trim() || 'attachment';
  const encoded = encodeURIComponent(filename).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}

/** The headers of a download: never shown inline, never sniffed into something else, no script or plug-in on it. */
export function downloadHeaders(attachment: Pick<IncidentAttachmentsTable, 'filename' | 'content_type' | 'size' | 'sha256'>): Record<string, string> {
  return {
    'content-type': servedContentType(attachment.content_type),
    'content-length': String(attachment.size),
    'content-disposition': contentDisposition(attachment.filename),
    'x-content-type-options': 'nosniff',
    'content-security-policy': "default-src 'none'; sandbox",
    'cache-control': 'private, no-store',
    // base64 of the SHA-256 the file was stored with (RFC 9530), for clients that check
    'repr-digest': `sha-256=:${Buffer.from(attachment.sha256, 'hex').toString('base64')}:`,
  };
}
