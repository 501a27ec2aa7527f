import type { ChannelMessage, Locale } from './channel.ts';

/**
 * Words and cuts every channel shares. The outbox has already worded the message in the recipient's language; what
 * is left here is the few labels a layout adds around it (the level, the buttons) and fitting text into a vendor's
 * limit without breaking a character.
 */

const LEVEL_NAMES: Record<Locale, Record<1 | 2 | 3, string>> = {
  'zh-CN': { 1: '一级', 2: '二级', 3: '三级' },
  en: { 1: 'Level 1', 2: 'Level 2', 3: 'Level 3' },
};

/** 一级/二级/三级 or Level 1/2/3; null for a message without a level (a test). */
export const levelName = (level: ChannelMessage['level'], locale: Locale): string | null => (level === null ? null : LEVEL_NAMES[locale][level]);

/** The level's colour where a channel can draw one: 1 red, 2 orange, 3 blue; grey without a level. */
export const LEVEL_COLOURS = { 1: '#cf1322', 2: '#d46b08', 3: '#096dd9', none: '#595959' } as const;
export const levelColour = (level: ChannelMessage['level']): string => LEVEL_COLOURS[level ?? 'none'];

const LABELS = {
  'zh-CN': { acknowledge: '确认告警', view: '查看', viewInConsole: '在控制台查看', test: '测试' },
  en: { acknowledge: 'Acknowledge', view: 'View', viewInConsole: 'Open in the console', test: 'Test' },
} as const satisfies Record<Locale, Record<string, string>>;

/** The few words a layout adds around the message: button and link labels. */
export const labels = (locale: Locale) => LABELS[locale];

/**
 * The title with its level in front (【一级】…, [Level 1] …) unless the outbox already put it there: robots show the
 * title alone in the chat list, where the level must be seen.
 */
export function titleWithLevel(message: ChannelMessage): string {
  const level = levelName(message.level, message.locale);
  if (!level || message.title.includes(level)) return message.title;
  return message.locale === 'zh-CN' ? `【${level}】${message.title}` : `[${level}] ${message.title}`;
}

/** Only http(s) links are drawn: anything else (javascript:, data:) in a message is a trap, not a link. */
export const safeLink = (url: string | null): string | null => (url && /^https?:\/\//i.test(url) ? url : null);

/** A URL inside markdown's `[label](url)`: the characters that would end or split the link are percent-encoded. */
export const markdownUrl = (url: string): string => url.replace(/[()<> ]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

/** A label inside markdown's `[label]`: brackets would end it early. */
export const markdownLabel = (text: string): string => oneLine(text).replace(/[[\]]/g, (c) => (c === '[' ? '［' : '］'));

const encoder = new TextEncoder();
export const utf8Bytes = (text: string): number => encoder.encode(text).length;

export const ELLIPSIS = '…';

/**
 * `text` cut to at most `maxBytes` UTF-8 bytes, ending in an ellipsis when cut. Cut between code points, so a Chinese
 * character or an emoji (a surrogate pair) is never split into invalid bytes.
 */
export function cutUtf8(text: string, maxBytes: number, ellipsis = ELLIPSIS): string {
  if (utf8Bytes(text) <= maxBytes) return text;
  const budget = maxBytes - utf8Bytes(ellipsis);
  if (budget < 0) return '';
  let used = 0;
  let out = '';
  for (const ch of text) {
    const size = utf8Bytes(ch);
    if (used + size > budget) break;
    used += size;
    out += ch;
  }
  return out + ellipsis;
}

/**
 * `text` cut to at most `maxLength` JavaScript string units (what SMS gateways count: a Chinese character is one),
 * ending in an ellipsis when cut; never splits a surrogate pair.
 */
export function cutChars(text: string, maxLength: number, ellipsis = ELLIPSIS): string {
  if (text.length <= maxLength) return text;
  const budget = maxLength - ellipsis.length;
  if (budget < 0) return '';
  let out = '';
  for (const ch of text) {
    if (out.length + ch.length > budget) break;
    out += ch;
  }
  return out + ellipsis;
}

/**
 * A message of three parts — head (the title), middle (the detail lines), tail (links and mentions) — within
 * `maxBytes` UTF-8 bytes: the middle is cut first, so the title, the acknowledge link and the mentions survive; the
 * whole is cut only when head and tail alone do not fit.
 */
export function fitUtf8(head: string, middle: string, tail: string, maxBytes: number): string {
  const join = (...parts: string[]) => parts.filter((p) => p !== '').join('\n');
  const whole = join(head, middle, tail);
  if (utf8Bytes(whole) <= maxBytes) return whole;
  const room = maxBytes - utf8Bytes(join(head, tail)) - 1;
  if (middle !== '' && room >= 32) return join(head, cutUtf8(middle, room), tail);
  return cutUtf8(join(head, tail), maxBytes);
}

/** One line of text: newlines and other control characters become spaces, runs of spaces one. */
export const oneLine = (text: string): string =>
  text
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u001f\u007f\u2028\u2029]+/g, ' ')
    .replace(/ {2,}/g, ' ')
    .trim();

/**
 * Text for an SMS: one line, and 【 】 written as [ ]. A Chinese SMS carries its signature in 【 】 (added by the
 * gateway), and a second pair in the content makes carriers and gateways take the wrong one for it or refuse it.
 */
export const smsText = (text: string): string => oneLine(text).replace(/【/g, '[').replace(/】/g, ']');

/**
 * The text of a short message (SMS), within `maxLength` string units: the title, the first detail line and the
 * acknowledgement link, each on its own line. The link is kept whole (a cut link is useless) and the words are cut
 * to make room; a link too long to leave room for any words is dropped rather than cut.
 */
export function shortText(message: ChannelMessage, maxLength: number): string {
  const words = [message.title, message.lines[0] ?? ''].map(smsText).filter(Boolean).join('\n');
  const ack = safeLink(message.ackUrl);
  if (ack) {
    const link = `\n${labels(message.locale).acknowledge}: ${ack}`;
    const room = maxLength - link.length;
    if (room >= 10) return cutChars(words, room) + link;
  }
  return cutChars(words, maxLength);
}
