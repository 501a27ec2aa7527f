import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import type { AddressObject, AttachmentStream, MessageText } from 'mailparser';
import { automaticMailReason, type AutomaticMailReason } from './automatic-mail.ts';
import type { DroppedAttachment, DropReason, InboundAttachment } from './inbound-mail.ts';
import { bodyText, headerText, safeFilename } from './mail-text.ts';

export interface ReadLimits {
  /** raw message bytes (what SIZE advertises) */
  maxMessageBytes: number;
  /** UTF-8 bytes of the text kept */
  maxTextBytes: number;
  /** decoded bytes of one attachment */
  maxAttachmentBytes: number;
  /** decoded bytes of all the attachments kept from one message */
  maxAttachmentsBytes: number;
  /** attachments kept from one message */
  maxAttachments: number;
  /** an HTML-only body longer than this is not converted to text (the conversion is synchronous CPU work) */
  maxHtmlChars: number;
}

/** What the message says, cleaned; the listener adds the envelope, the clock and the incident number. */
export interface ReadMail {
  messageId: string;
  from: { address: string; name: string } | null;
  subject: string;
  text: string;
  textTruncated: boolean;
  sentAt: number | null;
  inReplyTo: string | null;
  references: string[];
  attachments: InboundAttachment[];
  droppedAttachments: DroppedAttachment[];
}

export type ReadOutcome =
  /** `dir` holds the attachments; the caller deletes it once it is done with them */
  | { kind: 'mail'; mail: ReadMail; dir: string }
  /** over maxMessageBytes: parsing stopped there, the rest was read and thrown away */
  | { kind: 'tooLarge' }
  /** no person wrote it: parsing stopped at the headers */
  | { kind: 'automatic'; reason: AutomaticMailReason }
  /** the connection went away before the end of the message */
  | { kind: 'aborted' }
  /** the parser or the disk failed */
  | { kind: 'failed'; error: Error; temporary: boolean };

/** The data stream smtp-server hands to onData: it counts bytes and flags a message over its SIZE. */
type DataStream = Readable & { sizeExceeded?: boolean };

const MAX_REFERENCES = 50;
const MAX_ID_CHARS = 998;
const HTML_NOT_CONVERTED = '[opsdesk: the message has only an HTML body, too large or too deeply nested to convert to text]';

/**
 * Reads one message from the SMTP data stream with mailparser's streaming parser, never holding it whole: the raw
 * bytes are counted (and hashed) as they pass, attachments go chunk by chunk to 0600 files in a fresh 0700 directory
 * under `tempRoot` with their SHA-256 computed on the way, and an attachment over a limit is read to its end and
 * thrown away, only its name and size kept. Once the message is over the size limit, or its headers show that no
 * person wrote it, parsing stops; the rest of the stream is still read (SMTP needs its end) and discarded.
 *
 * Every outcome but `mail` has removed its temporary files before it returns.
 */
export async function readMessage(stream: DataStream, tempRoot: string, limits: ReadLimits): Promise<ReadOutcome> {
  const dir = await fs.mkdtemp(path.join(tempRoot, 'msg-'));
  const { MailParser } = await import('mailparser'); // on first mail: it takes ~0.4 s to load
  const parser = new MailParser({
    checksumAlgo: false, // hashed here, on exactly the bytes written
    skipTextToHtml: true,
    skipTextLinks: true,
    skipImageLinks: true,
    maxHtmlLengthToParse: limits.maxHtmlChars,
  });

  let stopped: 'tooLarge' | 'automatic' | 'aborted' | 'failed' | null = null;
  let automatic: AutomaticMailReason | null = null;
  let ended = false;
  let received = 0;
  let currentContent: Readable | null = null;
  const raw = createHash('sha256');

  const stop = (why: NonNullable<typeof stopped>) => {
    if (stopped) return;
    stopped = why;
    // keep reading to the end of the DATA (smtp-server answers only then), but throw the bytes away
    stream.resume();
    currentContent?.destroy();
    parser.destroy();
  };

  stream.on('data', (chunk: Buffer) => {
    if (stopped) return;
    received += chunk.length;
    if (received > limits.maxMessageBytes || stream.sizeExceeded) return stop('tooLarge');
    raw.update(chunk);
    if (!parser.write(chunk)) {
      stream.pause();
      parser.once('drain', () => {
        if (!stopped) stream.resume();
      });
    }
  });
  stream.once('end', () => {
    ended = true;
    if (!stopped) parser.end();
  });
  // smtp-server destroys the stream (with an error when someone listens) when the client leaves mid-message
  stream.on('error', () => stop('aborted'));
  stream.once('close', () => {
    if (!ended) stop('aborted');
  });

  // an error after the loop below has stopped listening must not become an unhandled 'error' event
  parser.on('error', () => undefined);
  parser.once('headers', (headers) => {
    const reason = automaticMailReason(headers);
    if (!reason) return;
    automatic = reason;
    // not from inside the parser's own event: let it finish the step it is in
    setImmediate(() => stop('automatic'));
  });

  const attachments: InboundAttachment[] = [];
  const dropped: DroppedAttachment[] = [];
  let keptBytes = 0;
  let textPart: MessageText | null = null;

  async function keep(part: AttachmentStream, index: number): Promise<void> {
    const filename = safeFilename(part.filename, index);
    const contentType = headerText(part.contentType, 200).toLowerCase() || 'application/octet-stream';
    const filePath = path.join(dir, String(index));
    let dropReason: DropReason | null = attachments.length >= limits.maxAttachments ? 'tooManyAttachments' : null;
    let file = dropReason ? null : await fs.open(filePath, 'wx', 0o600);
    const hash = createHash('sha256');
    let size = 0;
    currentContent = part.content;
    try {
      for await (const chunk of part.content) {
        size += chunk.length;
        if (!dropReason && size > limits.maxAttachmentBytes) dropReason = 'attachmentTooLarge';
        else if (!dropReason && keptBytes + size > limits.maxAttachmentsBytes) dropReason = 'attachmentsTooLarge';
        if (dropReason && file) {
          await file.close();
          file = null;
          await fs.rm(filePath, { force: true });
        }
        if (file) {
          hash.update(chunk);
          await file.write(chunk);
        }
      }
      if (file) {
        await file.close();
        file = null;
        keptBytes += size;
        const cid = typeof part.cid === 'string' ? headerText(part.cid, MAX_ID_CHARS) : '';
        attachments.push({ filename, contentType, size, sha256: hash.digest('hex'), path: filePath, contentId: cid || null });
      } else {
        dropped.push({ filename, size, reason: dropReason ?? 'attachmentTooLarge' });
      }
    } finally {
      currentContent = null;
      await file?.close();
      part.release?.();
    }
  }

  try {
    let index = 0;
    for await (const part of parser as AsyncIterable<AttachmentStream | MessageText>) {
      if (part.type === 'attachment') await keep(part, ++index);
      else if (part.type === 'text') textPart = part;
    }
  } catch (error) {
    if (!stopped) {
      stop('failed');
      await removeDir(dir);
      const err = error instanceof Error ? error : new Error(String(error));
      // the disk (ENOSPC, EACCES…) may be fine again later; a parser that failed on these bytes will fail again
      const temporary = typeof (err as NodeJS.ErrnoException).code === 'string' && /^E[A-Z]+$/.test((err as NodeJS.ErrnoException).code!);
      return { kind: 'failed', error: err, temporary };
    }
  }
  if (stopped) {
    await removeDir(dir);
    if (stopped === 'automatic') return { kind: 'automatic', reason: automatic! };
    return { kind: stopped === 'tooLarge' ? 'tooLarge' : 'aborted' };
  }

  const body = textOf(textPart, limits.maxTextBytes);
  const messageId = headerText(parser.messageId, MAX_ID_CHARS) || `<${raw.digest('hex')}@mail-intake.opsdesk>`;
  const sentAt = parser.date instanceof Date && Number.isFinite(parser.date.getTime()) ? parser.date.getTime() : null;
  return {
    kind: 'mail',
    dir,
    mail: {
      messageId,
      from: firstAddress(parser.from),
      subject: headerText(parser.subject, MAX_ID_CHARS),
      text: body.text,
      textTruncated: body.truncated,
      sentAt,
      inReplyTo: headerText(parser.inReplyTo, MAX_ID_CHARS) || null,
      references: ids(parser.references),
      attachments,
      droppedAttachments: dropped,
    },
  };
}

function textOf(part: MessageText | null, maxBytes: number): { text: string; truncated: boolean } {
  if (!part) return { text: '', truncated: false };
  if (part.textConversionError && !part.text?.trim()) return { text: HTML_NOT_CONVERTED, truncated: false };
  return bodyText(part.text ?? '', maxBytes);
}

function firstAddress(from: AddressObject | undefined): { address: string; name: string } | null {
  const flat = (from?.value ?? []).flatMap((entry) => (entry.group ? entry.group : [entry]));
  const found = flat.find((entry) => typeof entry.address === 'string' && entry.address.includes('@'));
  if (!found) return null;
  return { address: headerText(found.address, 320).toLowerCase(), name: headerText(found.name, 200) };
}

function ids(value: string | string[] | undefined): string[] {
  const list = Array.isArray(value) ? value : typeof value === 'string' ? value.split(/\s+/) : [];
  return list
    .map((id) => headerText(id, MAX_ID_CHARS))
    .filter((id) => id !== '')
    .slice(-MAX_REFERENCES);
}

export async function removeDir(dir: string): Promise<void> {
  await fs.rm(dir, { recursive: true, force: true, maxRetries: 3 });
}
