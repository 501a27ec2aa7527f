/**
 * Cleaning what a stranger's mail puts into opsdesk: the subject, names, ids, the body and attachment file names end
 * up in database columns (PostgreSQL text cannot hold U+0000 at all), in the console and in file downloads, so control
 * characters go, lengths are bounded, and a file name can never name a path.
 */

/** C0 and C1 controls and DEL; tab, line feed and carriage return are handled by each caller. */
// eslint-disable-next-line no-control-regex -- control characters are exactly what is removed
const CONTROLS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/g;
/** Bidirectional overrides and isolates: `invoice\u202Efdp.exe` shows as "invoiceexe.pdf". */
const BIDI_CONTROLS = /[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]/g;

/** One line of header text (subject, display name, Message-ID): no controls, whitespace collapsed, at most `max` chars. */
export function headerText(value: unknown, max: number): string {
  if (typeof value !== 'string') return '';
  const cleaned = value.replace(/[\t\r\n]+/g, ' ').replace(CONTROLS, '').replace(/\s+/g, ' ').trim();
  return cutChars(cleaned, max);
}

/** Cuts to at most `max` UTF-16 units without splitting a surrogate pair. */
function cutChars(value: string, max: number): string {
  if (value.length <= max) return value;
  let end = max;
  const last = value.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end--;
  return value.slice(0, end);
}

export const TRUNCATION_MARKER = '\n\n[… truncated by opsdesk]';

/**
 * The body as text: line breaks normalised to \n, controls (other than tab and line feed) removed, at most `maxBytes`
 * of UTF-8 with the marker at the end when it was cut (the whole message, attachments included, stays with the
 * relay's copy and the sender; the incident needs the words).
 */
export function bodyText(value: unknown, maxBytes: number): { text: string; truncated: boolean } {
  if (typeof value !== 'string') return { text: '', truncated: false };
  const text = value.replace(/\r\n?/g, '\n').replace(CONTROLS, '').trim();
  if (Buffer.byteLength(text, 'utf8') <= maxBytes) return { text, truncated: false };
  const bytes = Buffer.from(text, 'utf8');
  let end = Math.max(0, maxBytes - Buffer.byteLength(TRUNCATION_MARKER, 'utf8'));
  // back to the first byte of a character: never half a 汉字
  while (end > 0 && ((bytes[end] ?? 0) & 0xc0) === 0x80) end--;
  return { text: bytes.subarray(0, end).toString('utf8').trimEnd() + TRUNCATION_MARKER, truncated: true };
}

export const MAX_FILENAME_CHARS = 200;
const WINDOWS_RESERVED = /^(con|prn|aux|nul|com\d|lpt\d)(\..*)?$/i;

/**
 * A file name fit to keep and to offer for download: the last path part only (no `../`, no `C:\`), no controls or
 * bidirectional overrides, none of the characters Windows refuses, no leading dots (hidden files) or trailing dots and
 * spaces, at most 200 characters with the extension kept. Nothing usable left → `attachment-<n>`.
 */
export function safeFilename(value: unknown, index: number): string {
  const fallback = `attachment-${index}`;
  if (typeof value !== 'string') return fallback;
  let name = value.replace(CONTROLS, '').replace(/[\t\r\n]/g, ' ').replace(BIDI_CONTROLS, '');
  name = name.split(/[/\\]/).pop() ?? '';
  name = name.replace(/[<>:"|?*]/g, '_').replace(/\s+/g, ' ').replace(/^[\s.]+/, '').replace(/[\s.]+$/, '');
  if (name === '' || WINDOWS_RESERVED.test(name)) return name === '' ? fallback : `_${name}`;
  if (name.length <= MAX_FILENAME_CHARS) return name;
  const dot = name.lastIndexOf('.');
  const extension = dot > 0 && name.length - dot <= 16 ? name.slice(dot) : '';
  return cutChars(name.slice(0, name.length - extension.length), MAX_FILENAME_CHARS - extension.length) + extension;
}
