import { localPartsOf } from '../../calendar/index.ts';
import type { ChannelMessage, Locale } from '../channels/channel.ts';
import { levelName } from '../channels/format.ts';

/**
 * What an incident's notice says, in the recipient's language: the reference and title in the subject, then the
 * notice itself ("响应时限将到：剩余 7 分钟，截止 10:30"), the update's words, where and how severe. The client reads
 * these (C5.8), so they are sentences, not codes; channels lay them out like any other message.
 */

export const INCIDENT_NOTICES = ['received', 'sla_warning', 'sla_breach', 'update', 'resolved', 'survey'] as const;
export type IncidentNotice = (typeof INCIDENT_NOTICES)[number];
export type IncidentClock = 'respond' | 'on_site' | 'resolve';

/** An update's text is kept whole up to this many lines (the channels cut further for their own limits). */
const MAX_MESSAGE_LINES = 40;

const WORDS = {
  'zh-CN': {
    clock: { respond: '响应', on_site: '到场', resolve: '解决' } as Record<IncidentClock, string>,
    receivedTag: '【已受理】',
    received: (ref: string) => `我们已收到您的报修，编号 ${ref}。补充情况或照片请直接回复本邮件，并保留主题中的编号。`,
    updateTag: '【进展】',
    resolvedTag: '【已解决】',
    surveyTag: '【满意度评价】',
    survey: '故障已处理完毕。请为本次服务打分（1–5 分），链接 30 天内有效：',
    soonSuffix: (clock: string) => `${clock}时限将到`,
    lateSuffix: (clock: string) => `${clock}已超时`,
    warning: (clock: string, left: string, due: string) => `${clock}时限将到：剩余 ${left}，截止 ${due}`,
    breach: (clock: string, over: string, due: string) => `${clock}已超时：截止 ${due}，已超 ${over}`,
    update: '处理进展：',
    resolved: '故障已处理完毕，请确认。',
    fix: (fix: string) => `处理措施：${fix}`,
    site: (name: string) => `站点：${name}`,
    level: (name: string) => `级别：${name}`,
    minutes: (m: number) => `${m} 分钟`,
    hours: (h: number, m: number) => (m > 0 ? `${h} 小时 ${m} 分钟` : `${h} 小时`),
    days: (d: number, h: number) => (h > 0 ? `${d} 天 ${h} 小时` : `${d} 天`),
  },
  en: {
    clock: { respond: 'Response', on_site: 'On-site arrival', resolve: 'Resolution' } as Record<IncidentClock, string>,
    receivedTag: '[Received] ',
    received: (ref: string) => `We have received your request as ${ref}. To add details or photos, reply to this e-mail and keep the number in the subject.`,
    updateTag: '[Update] ',
    resolvedTag: '[Resolved] ',
    surveyTag: '[Survey] ',
    survey: 'The fault is fixed. How did we do? Rate this service from 1 to 5; the link works for 30 days:',
    soonSuffix: (clock: string) => `${clock} due soon`,
    lateSuffix: (clock: string) => `${clock} overdue`,
    warning: (clock: string, left: string, due: string) => `${clock} due in ${left}, at ${due}`,
    breach: (clock: string, over: string, due: string) => `${clock} overdue: it was due at ${due}, ${over} ago`,
    update: 'Update:',
    resolved: 'The fault has been fixed; please confirm.',
    fix: (fix: string) => `Fix: ${fix}`,
    site: (name: string) => `Site: ${name}`,
    level: (name: string) => `Level: ${name}`,
    minutes: (m: number) => `${m} min`,
    hours: (h: number, m: number) => (m > 0 ? `${h} h ${m} min` : `${h} h`),
    days: (d: number, h: number) => (h > 0 ? `${d} d ${h} h` : `${d} d`),
  },
} as const;

/** A span of wall-clock time as people say it: minutes, hours and minutes, days and hours (rounded up to a minute). */
export function spanWords(ms: number, locale: Locale): string {
  const w = WORDS[locale];
  const minutes = Math.max(0, Math.ceil(ms / 60_000));
  if (minutes < 60) return w.minutes(minutes);
  if (minutes < 24 * 60) return w.hours(Math.floor(minutes / 60), minutes % 60);
  return w.days(Math.floor(minutes / 1440), Math.floor((minutes % 1440) / 60));
}

const pad = (n: number) => String(n).padStart(2, '0');

/** The due instant in the site's zone: "10:30" on the day of `at`, "11-25 10:30" on another day. */
export function dueWords(dueAt: number, at: number, zone: string): string {
  const due = localPartsOf(dueAt, zone);
  const now = localPartsOf(at, zone);
  const time = `${pad(due.hour)}:${pad(due.minute)}`;
  const sameDay = due.year === now.year && due.month === now.month && due.day === now.day;
  return sameDay ? time : `${due.year === now.year ? '' : `${due.year}-`}${pad(due.month)}-${pad(due.day)} ${time}`;
}

export interface IncidentMessageInput {
  id: string;
  /** INC-000123 */
  ref: string;
  title: string;
  level: 1 | 2 | 3;
  notice: IncidentNotice;
  clock: IncidentClock | null;
  dueAt: number | null;
  /** the update's words (update), the fix (resolved) */
  message: string | null;
  siteName: string | null;
  /** the site's time zone: due instants are told in it */
  zone: string;
  url: string;
  at: number;
}

function noticeLine(input: IncidentMessageInput, locale: Locale): string[] {
  const w = WORDS[locale];
  switch (input.notice) {
    case 'sla_warning':
    case 'sla_breach': {
      const clock = w.clock[input.clock ?? 'resolve'];
      const dueAt = input.dueAt ?? input.at;
      const due = dueWords(dueAt, input.at, input.zone);
      return [input.notice === 'sla_warning' ? w.warning(clock, spanWords(dueAt - input.at, locale), due) : w.breach(clock, spanWords(input.at - dueAt, locale), due)];
    }
    case 'received':
      return [w.received(input.ref)];
    case 'update':
      return [w.update, ...textLines(input.message)];
    case 'resolved':
      return [w.resolved, ...(input.message ? textLines(w.fix(input.message)) : [])];
    case 'survey':
      return [w.survey, input.url];
  }
}

/** A person's text as lines: blank lines and trailing spaces dropped, at most MAX_MESSAGE_LINES. */
function textLines(text: string | null): string[] {
  if (!text) return [];
  return text
    .split(/\r\n|\r|\n/)
    .map((line) => line.trimEnd())
    .filter((line) => line.trim() !== '')
    .slice(0, MAX_MESSAGE_LINES);
}

function titleOf(input: IncidentMessageInput, locale: Locale): string {
  const w = WORDS[locale];
  const subject = `${input.ref} ${input.title}`;
  const level = levelName(input.level, locale)!;
  const levelTag = locale === 'en' ? `[${level}] ` : `【${level}】`;
  switch (input.notice) {
    case 'sla_warning':
      return `${levelTag}${subject} · ${w.soonSuffix(w.clock[input.clock ?? 'resolve'])}`;
    case 'sla_breach':
      return `${levelTag}${subject} · ${w.lateSuffix(w.clock[input.clock ?? 'resolve'])}`;
    case 'received':
      return `${w.receivedTag}${subject}`;
    case 'update':
      return `${w.updateTag}${subject}`;
    case 'resolved':
      return `${w.resolvedTag}${subject}`;
    case 'survey':
      return `${w.surveyTag}${subject}`;
  }
}

/** The notice as every channel gets it: nothing to acknowledge, the incident's page as the link. */
export function incidentMessage(input: IncidentMessageInput, locale: Locale): ChannelMessage {
  const w = WORDS[locale];
  const lines = [...noticeLine(input, locale), ...(input.siteName ? [w.site(input.siteName)] : []), w.level(levelName(input.level, locale)!)];
  return { id: input.id, kind: 'incident', locale, level: input.level, title: titleOf(input, locale), lines, url: input.url, ackUrl: null, at: input.at };
}
