import type { DutySource, Shift } from './roster.types.ts';

/**
 * A roster's shifts as an iCalendar feed (RFC 5545) for the .ics export and calendar subscriptions: one VEVENT per
 * shift, times in UTC so no VTIMEZONE is needed, UIDs stable across exports so a subscribed calendar updates in
 * place instead of doubling up.
 *
 * Text follows §3.3.11 (backslash, semicolon, comma and newlines escaped; other control characters, which TEXT may not
 * hold, dropped), lines end in CRLF and are folded at 75 octets (§3.1) between characters, never inside a UTF-8
 * sequence: a line of Chinese names folds every 24 characters or so.
 */

export interface ICalendarOptions {
  /** the roster's id: part of every UID */
  rosterId: string;
  rosterName: string;
  /** X-WR-CALNAME, what a calendar app calls the subscription; default the roster's name */
  calendarName?: string;
  /** user id → display name; an id without one is shown as itself */
  userNames: Record<string, string>;
  /** layer id → name, for the description */
  layerNames?: Record<string, string>;
  /** only the shifts where this user is on duty or the leader (a personal feed) */
  onlyUserId?: string;
  /** DTSTAMP: when the export was made */
  now: number;
  /** the words of SUMMARY and DESCRIPTION; default zh-CN */
  locale?: 'zh-CN' | 'en';
}

const WORDS = {
  'zh-CN': {
    duty: '值班',
    leader: '领导带班',
    nobody: '无人',
    separator: '、',
    roster: '值班表',
    source: '来源',
    holiday: '节假日',
    sources: { rotation: '轮班', override: '替班', holiday: '节假日值班表', none: '无人值班' },
  },
  en: {
    duty: 'On duty',
    leader: 'leader on duty',
    nobody: 'nobody',
    separator: ', ',
    roster: 'Roster',
    source: 'Source',
    holiday: 'Holiday',
    sources: { rotation: 'rotation', override: 'override', holiday: 'holiday duty list', none: 'nobody on duty' },
  },
} satisfies Record<string, { sources: Record<DutySource, string> } & Record<string, unknown>>;

export const ICAL_UID_DOMAIN = 'opsdesk';
const CRLF = '\r\n';
const MAX_OCTETS = 75;

/** A TEXT value (RFC 5545 §3.3.11). */
export function escapeText(value: string): string {
  return (
    value
      // a lone surrogate cannot be written in UTF-8: the replacement character stands in for it
      .replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD')
      .replace(/\r\n|\r|\n/g, '\n')
      // eslint-disable-next-line no-control-regex -- control characters are exactly what is removed
      .replace(/[\u0000-\u0008\u000B-\u001F\u007F]/g, '')
      .replace(/[\\;,\n]/g, (ch) => (ch === '\n' ? '\\n' : `\\${ch}`))
  );
}

const utf8Length = (codePoint: number): number => (codePoint < 0x80 ? 1 : codePoint < 0x800 ? 2 : codePoint < 0x10000 ? 3 : 4);

/** One content line folded (§3.1): no physical line over 75 octets, continuation lines begin with a space. */
export function foldLine(line: string): string {
  let out = '';
  let octets = 0;
  for (const ch of line) {
    const n = utf8Length(ch.codePointAt(0)!);
    if (octets + n > MAX_OCTETS) {
      out += `${CRLF} `;
      octets = 1;
    }
    out += ch;
    octets += n;
  }
  return out;
}

/** 20261001T003000Z; whole seconds (shift edges are minutes). */
const utc = (ms: number): string => new Date(Math.floor(ms / 1000) * 1000).toISOString().replace(/[-:]/g, '').replace(/\.\d{3}Z$/, 'Z');

export function toICalendar(shifts: readonly Shift[], options: ICalendarOptions): string {
  const words = WORDS[options.locale ?? 'zh-CN'];
  const name = (id: string): string => options.userNames[id] ?? id;
  const lines: string[] = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    `PRODID:-//opsdesk//Duty roster//${options.locale === 'en' ? 'EN' : 'ZH'}`,
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    `X-WR-CALNAME:${escapeText(options.calendarName ?? options.rosterName)}`,
  ];
  const stamp = utc(options.now);
  for (const s of shifts) {
    const { onlyUserId } = options;
    if (onlyUserId !== undefined ? !s.userIds.includes(onlyUserId) && s.leaderUserId !== onlyUserId : s.userIds.length === 0 && s.leaderUserId === null) continue;
    const start = utc(s.start);
    const end = utc(s.end);
    if (end <= start) continue;
    const people = s.userIds.length > 0 ? s.userIds.map(name).join(words.separator) : words.nobody;
    const summary = `${words.duty}: ${people}${s.leaderUserId !== null ? ` (${words.leader}: ${name(s.leaderUserId)})` : ''}`;
    const layer = s.layerId !== null ? (options.layerNames?.[s.layerId] ?? s.layerId) : null;
    const description = [
      `${words.roster}: ${options.rosterName}`,
      `${words.source}: ${words.sources[s.source]}${layer !== null ? ` (${layer})` : ''}`,
      ...(s.holiday ? [`${words.holiday}: ${s.holiday.name ?? s.holiday.date}`] : []),
    ].join('\n');
    // Stable while the schedule is: the same roster, layer (or source) and start give the same UID in every export.
    const uid = [options.rosterId, s.layerId ?? s.source, start, ...(onlyUserId !== undefined ? [onlyUserId] : [])].join('/');
    lines.push(
      'BEGIN:VEVENT',
      `UID:${escapeText(uid)}@${ICAL_UID_DOMAIN}`,
      `DTSTAMP:${stamp}`,
      `DTSTART:${start}`,
      `DTEND:${end}`,
      `SUMMARY:${escapeText(summary)}`,
      `DESCRIPTION:${escapeText(description)}`,
      'TRANSP:OPAQUE',
      'END:VEVENT',
    );
  }
  lines.push('END:VCALENDAR');
  return lines.map(foldLine).join(CRLF) + CRLF;
}
