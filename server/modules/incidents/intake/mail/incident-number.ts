/**
 * The incident number people quote in a mail subject. Incidents are numbered with a positive integer; people see it
 * as INC-000123 (at least six digits, zero-padded). A reply to an update, or a new message that quotes the number,
 * becomes a comment on that incident instead of a new one — so the parser must find the number through whatever mail
 * clients do to a subject (Re:, 回复:, 答复:, Fwd:, 转发: prefixes, full-width brackets from Chinese input methods), and
 * must never invent a number from hostile input.
 */
import { formatRecordNumber } from '../../record-number.ts';

/** The largest number an incident can have: the column is a 32-bit integer on every database. */
export const MAX_INCIDENT_NUMBER = 2_147_483_647;

/** INC-000123 for 123; seven digits and more past 999,999. */
export function formatIncidentNumber(n: number): string {
  if (!Number.isSafeInteger(n) || n < 1 || n > MAX_INCIDENT_NUMBER) throw new RangeError(`an incident number is a whole number from 1 to ${MAX_INCIDENT_NUMBER}, got ${n}`);
  return formatRecordNumber('INC', n);
}

/**
 * Only the start of a subject is read. Real subjects, however many Re:/回复: they collected, are far shorter; a longer
 * one is broken or hostile, and reading it whole would only cost time.
 */
export const SUBJECT_SCAN_CHARS = 2000;

/**
 * `INC`, a dash (ASCII, or one of the dashes word processors and input methods substitute), the digits. Not inside a
 * Latin word on either side: `XINC-1`, `INC-12abc` and `INC-12_3` are not references — but Chinese runs on without
 * spaces, so `工单INC-000123已处理` is one. A control character touching it (other than tab and line breaks) makes it
 * ambiguous — is `INC-123<NUL>4` 123 or 1234? — so it is none. More than 20 digits (leading zeros included) is not a
 * number anyone was given. Runs on the NFKC form, so full-width ＩＮＣ－１２３ and ［…］ count too.
 */
const NOT_A_BOUNDARY = String.raw`[A-Za-z0-9_\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]`;
const REFERENCE = new RegExp(String.raw`(?<!${NOT_A_BOUNDARY})INC[-\u2010-\u2015\u2212](\d{1,20})(?!${NOT_A_BOUNDARY})`, 'giu');

/** Brackets a reference may be quoted in, after NFKC ([ ( stand for ［ （ too). */
const OPENING = new Set(['[', '【', '〔', '〖', '(', '<', '《']);
const CLOSING = new Set([']', '】', '〕', '〗', ')', '>', '》']);

/**
 * The incident number in a subject, or null. When the subject holds several, the first bracketed one wins (that is
 * the form opsdesk itself writes, `[INC-000123]`), else the first one. A number outside 1…2^31−1 is no reference.
 */
export function parseIncidentNumber(subject: string | null | undefined): number | null {
  if (typeof subject !== 'string' || subject.length === 0) return null;
  const text = subject.slice(0, SUBJECT_SCAN_CHARS).normalize('NFKC');
  let first: number | null = null;
  for (const match of text.matchAll(REFERENCE)) {
    const value = Number(match[1]);
    if (!Number.isSafeInteger(value) || value < 1 || value > MAX_INCIDENT_NUMBER) continue;
    const start = match.index;
    const end = start + match[0].length;
    if (OPENING.has(text[start - 1] ?? '') && CLOSING.has(text[end] ?? '')) return value;
    first ??= value;
  }
  return first;
}
