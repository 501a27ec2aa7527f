/**
 * One message taken in at the request address, as the incident service receives it: cleaned, bounded, with its
 * attachments already on disk. The files are temporary — they exist while `onMessage` runs and are deleted when it
 * settles, so the service must copy (or move into its own storage) what it keeps.
 */
export interface InboundMail {
  /** the Message-ID header (with its angle brackets); without one, `<sha256-of-the-raw-message@mail-intake.opsdesk>` so a retried delivery keeps its id */
  messageId: string;
  /** the From header's first address (lower case) and display name; the envelope's return path when the header has none */
  from: { address: string; name: string };
  /** the envelope's return path (MAIL FROM) */
  returnPath: string;
  /** the request addresses it was delivered to (RCPT TO, lower case) */
  recipients: string[];
  subject: string;
  /** the plain part, or the HTML part as text (no markup, scripts or styles); at most `maxTextBytes` of UTF-8 */
  text: string;
  /** the text was cut at `maxTextBytes` and ends with TRUNCATION_MARKER */
  textTruncated: boolean;
  /** when the listener finished receiving it (the injected clock) */
  receivedAt: number;
  /** the Date header, when there is a valid one: the sender's clock, for display only */
  sentAt: number | null;
  /** the incident number quoted in the subject (INC-000123), or null */
  incidentNumber: number | null;
  inReplyTo: string | null;
  /** the References header's ids, oldest first (at most 50) */
  references: string[];
  attachments: InboundAttachment[];
  droppedAttachments: DroppedAttachment[];
  /** the SMTP client's address (the relay) */
  remoteAddress: string;
}

export interface InboundAttachment {
  /** sanitised: no path parts, no control characters, at most 200 characters (mail-text.ts safeFilename) */
  filename: string;
  contentType: string;
  /** decoded bytes */
  size: number;
  /** SHA-256 of the decoded bytes, lower-case hex, computed while they were written */
  sha256: string;
  /** a 0600 file in a 0700 directory under the data directory; deleted after onMessage settles */
  path: string;
  /** the Content-ID when the part is referenced from the HTML (a pasted screenshot), else null */
  contentId: string | null;
}

export type DropReason =
  /** larger than maxAttachmentBytes */
  | 'attachmentTooLarge'
  /** would take the message's attachments past maxAttachmentsBytes */
  | 'attachmentsTooLarge'
  /** past maxAttachments */
  | 'tooManyAttachments';

export interface DroppedAttachment {
  filename: string;
  /** its decoded size, counted while it was read and thrown away */
  size: number;
  reason: DropReason;
}
