import { DEFAULT_ZONE, localPartsOf } from '../../calendar/index.ts';
import type { AlertBrief } from '../../alerting/index.ts';
import type { ChannelMessage, Locale } from '../channels/channel.ts';
import { levelName } from '../channels/format.ts';

/**
 * What a notification says, in the recipient's language. Channels lay it out (a mail, a DingTalk card, 70 characters
 * of SMS); the words are chosen once, here, so that every channel tells the same story.
 */

/** 【一级】 / [Level 1]: the level in front of a page's title. */
const levelTag = (level: 1 | 2 | 3, locale: Locale) => (locale === 'en' ? `[${levelName(level, locale)}] ` : `【${levelName(level, locale)}】`);

const WORDS = {
  'zh-CN': {
    resolvedTag: '【已恢复】',
    more: (n: number) => `等 ${n} 条告警`,
    since: '起',
    value: (v: string, t: string) => `当前值 ${v}（阈值 ${t}）`,
    digest: (n: number, site: string, fresh: number, still: number, resolved: number) =>
      `${site} ${n} 条告警：新增 ${fresh}，仍在告警 ${still}${resolved > 0 ? `，已恢复 ${resolved}` : ''}`,
    digestLine: '告警较多，已合并为一条；在控制台查看全部。',
    test: '【测试】opsdesk 通知测试',
    testLine: (channel: string) => `这是通过“${channel}”发送的测试消息。收到即表示该通道可用。`,
    site: '站点',
    device: '设备',
    noSite: '全局',
    sites: (n: number) => `${n} 个站点`,
  },
  en: {
    resolvedTag: '[Resolved] ',
    more: (n: number) => `and ${n - 1} more`,
    since: 'since',
    value: (v: string, t: string) => `value ${v} (threshold ${t})`,
    digest: (n: number, site: string, fresh: number, still: number, resolved: number) =>
      `${n} alerts at ${site}: ${fresh} new, ${still} still firing${resolved > 0 ? `, ${resolved} resolved` : ''}`,
    digestLine: 'Many alerts at once: folded into one message. See them all in the console.',
    test: '[Test] opsdesk notification test',
    testLine: (channel: string) => `A test message sent through "${channel}". If you read this, the channel works.`,
    site: 'Site',
    device: 'Device',
    noSite: 'global',
    sites: (n: number) => `${n} sites`,
  },
} as const;

export const localeOf = (value: string | null | undefined): Locale => (value === 'en' ? 'en' : 'zh-CN');

const nameOf = (a: AlertBrief, locale: Locale) => (locale === 'en' && a.nameEn ? a.nameEn : a.name);
const number = (v: number) => (Number.isInteger(v) ? String(v) : v.toFixed(2).replace(/\.?0+$/, ''));

function hhmm(ms: number, zone: string): string {
  const p = localPartsOf(ms, zone);
  return `${String(p.month).padStart(2, '0')}-${String(p.day).padStart(2, '0')} ${String(p.hour).padStart(2, '0')}:${String(p.minute).padStart(2, '0')}`;
}

/** Where something is: one site's name, or how many sites ("global" for alerts of no site). */
export function placeName(siteNames: readonly (string | null)[], locale: Locale): string {
  const sites = new Set(siteNames.map((name) => name ?? WORDS[locale].noSite));
  if (sites.size === 0) return WORDS[locale].noSite;
  return sites.size === 1 ? [...sites][0]! : WORDS[locale].sites(sites.size);
}

/** The distinct site names of some alerts (null for an alert of no site): what a digest later names the place by. */
export const sitesOf = (alerts: readonly AlertBrief[]): (string | null)[] => [...new Set(alerts.map((a) => a.siteName))];

/** One line per alert: what, on which device, since when, and the value against its threshold. */
export function alertLine(a: AlertBrief, locale: Locale): string {
  const w = WORDS[locale];
  const zone = a.siteZone ?? DEFAULT_ZONE;
  const parts = [nameOf(a, locale)];
  if (a.deviceCode) parts.push(a.deviceName && a.deviceName !== a.deviceCode ? `${a.deviceCode}（${a.deviceName}）` : a.deviceCode);
  else if (a.siteName) parts.push(a.siteName);
  if (a.value !== null && a.threshold !== null) parts.push(w.value(number(a.value), number(a.threshold)));
  if (a.summary) parts.push(a.summary.slice(0, 200));
  const at = a.firedAt ?? a.activeAt;
  parts.push(locale === 'en' ? `${w.since} ${hhmm(at, zone)}` : `${hhmm(at, zone)} ${w.since}`);
  return parts.join(' · ');
}

export interface AlertMessageInput {
  id: string;
  kind: 'alert' | 'resolved';
  alerts: readonly AlertBrief[];
  level: 1 | 2 | 3;
  url: string | null;
  ackUrl: string | null;
  at: number;
}

/** A page about some alerts of one group (or their resolution). At most 10 lines; the rest are counted. */
export function alertMessage(input: AlertMessageInput, locale: Locale): ChannelMessage {
  const w = WORDS[locale];
  const first = input.alerts[0];
  const tag = input.kind === 'resolved' ? w.resolvedTag : levelTag(input.level, locale);
  const what = first ? nameOf(first, locale) : '';
  const more = input.alerts.length > 1 ? ` ${w.more(input.alerts.length)}` : '';
  const title = `${tag}${placeName(sitesOf(input.alerts), locale)} · ${what}${more}`;
  const lines = input.alerts.slice(0, 10).map((a) => alertLine(a, locale));
  if (input.alerts.length > 10) lines.push(w.more(input.alerts.length - 10 + 1));
  return { id: input.id, kind: input.kind, locale, level: input.level, title, lines, url: input.url, ackUrl: input.ackUrl, at: input.at };
}

export interface DigestInput {
  id: string;
  /** the folded messages, already worded */
  folded: readonly ChannelMessage[];
  fresh: number;
  still: number;
  resolved: number;
  /** the site names the folded messages were about */
  sites: readonly (string | null)[];
  level: 1 | 2 | 3 | null;
  url: string | null;
  at: number;
}

/** "12 alerts at 二食堂, 3 new, 9 still firing": what a rate-limited channel gets instead of a flood. */
export function digestMessage(input: DigestInput, locale: Locale): ChannelMessage {
  const w = WORDS[locale];
  const n = input.fresh + input.still + input.resolved;
  const titles = [...new Set(input.folded.map((m) => m.title))];
  const lines = [w.digestLine, ...titles.slice(0, 8)];
  if (titles.length > 8) lines.push(w.more(titles.length - 8 + 1));
  return { id: input.id, kind: 'digest', locale, level: input.level, title: w.digest(n, placeName(input.sites, locale), input.fresh, input.still, input.resolved), lines, url: input.url, ackUrl: null, at: input.at };
}

export function testMessage(id: string, channelName: string, at: number, locale: Locale, url: string | null): ChannelMessage {
  const w = WORDS[locale];
  return { id, kind: 'test', locale, level: null, title: w.test, lines: [w.testLine(channelName)], url, ackUrl: null, at };
}
