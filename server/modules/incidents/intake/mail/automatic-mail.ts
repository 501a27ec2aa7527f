/**
 * Mail that no person wrote: out-of-office replies, bounces, list traffic. It is accepted (the sender must not retry)
 * and dropped, never turned into an incident — an auto-reply answered by an acknowledgement answered by an auto-reply
 * is the classic loop between two help desks (RFC 3834 asks responders to look at exactly these signs).
 */
export type AutomaticMailReason = 'emptyReturnPath' | 'autoSubmitted' | 'precedence' | 'autoReplyHeader' | 'deliveryReport';

/** Header values as mailparser gives them: text, a structured `{ value, params }`, or several of either. */
type HeaderValue = unknown;

function texts(value: HeaderValue): string[] {
  if (Array.isArray(value)) return value.flatMap(texts);
  if (typeof value === 'string') return [value];
  if (value && typeof value === 'object' && 'value' in value && typeof value.value === 'string') return [value.value];
  return [];
}

const first = (value: HeaderValue): string => (texts(value)[0] ?? '').trim().toLowerCase();

/** The envelope's return path (MAIL FROM) alone: `<>` is a bounce or another notification (RFC 5321 §4.5.5). */
export function isEmptyReturnPath(mailFrom: { address?: string } | false | null | undefined): boolean {
  return !mailFrom || !mailFrom.address;
}

/** Why the message is automatic, judged from its top-level headers (lower-case names), or null for a person's mail. */
export function automaticMailReason(headers: ReadonlyMap<string, HeaderValue>): AutomaticMailReason | null {
  const autoSubmitted = first(headers.get('auto-submitted')).split(';')[0]!.trim();
  if (autoSubmitted !== '' && autoSubmitted !== 'no') return 'autoSubmitted';
  if (['bulk', 'junk', 'list', 'auto_reply'].includes(first(headers.get('precedence')))) return 'precedence';
  if (headers.has('x-autoreply') || headers.has('x-autorespond')) return 'autoReplyHeader';
  const contentType = headers.get('content-type');
  if (contentType && typeof contentType === 'object' && 'value' in contentType && String(contentType.value).toLowerCase() === 'multipart/report') return 'deliveryReport';
  return null;
}
