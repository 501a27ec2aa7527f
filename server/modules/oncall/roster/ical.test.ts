import { describe, expect, it } from 'vitest';
import { escapeText, foldLine, toICalendar, type ICalendarOptions } from './ical.ts';
import type { Shift } from './roster.types.ts';

/**
 * Neither ical.js nor node-ical is installed, so the feed is read back here by the RFC 5545 rules themselves:
 * CRLF line ends, unfolding (CRLF followed by one space or tab is removed), NAME[;params]:value, TEXT unescaping.
 */
function physicalLines(text: string): string[] {
  expect(text.endsWith('\r\n')).toBe(true);
  expect(text.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/); // no bare CR or LF anywhere
  return text.slice(0, -2).split('\r\n');
}

function unfold(text: string): string[] {
  const lines: string[] = [];
  for (const line of physicalLines(text)) {
    if (line.startsWith(' ') || line.startsWith('\t')) lines[lines.length - 1] += line.slice(1);
    else lines.push(line);
  }
  return lines;
}

const unescapeText = (value: string): string => value.replace(/\\([\\;,nN])/g, (_, ch: string) => (ch === 'n' || ch === 'N' ? '\n' : ch));

interface Component {
  name: string;
  props: Record<string, string>;
  children: Component[];
}

/** The feed as nested components; throws on anything out of place. */
function parse(text: string): Component {
  const stack: Component[] = [];
  let root: Component | null = null;
  for (const line of unfold(text)) {
    const m = /^([A-Z][A-Z0-9-]*)(;[^:]*)?:(.*)$/s.exec(line);
    if (!m) throw new Error(`not a content line: ${JSON.stringify(line)}`);
    const [, name, , value] = m;
    if (name === 'BEGIN') {
      const c: Component = { name: value!, props: {}, children: [] };
      if (stack.length > 0) stack[stack.length - 1]!.children.push(c);
      else root = c;
      stack.push(c);
    } else if (name === 'END') {
      if (stack.pop()?.name !== value) throw new Error(`END:${value} without its BEGIN`);
    } else {
      const c = stack[stack.length - 1];
      if (!c) throw new Error(`${name} outside a component`);
      if (name! in c.props) throw new Error(`${name} twice in ${c.name}`);
      c.props[name!] = value!;
    }
  }
  if (!root || stack.length > 0) throw new Error('unbalanced components');
  return root;
}

const H = 3_600_000;
const T0 = Date.parse('2026-10-01T00:30:00Z'); // 08:30 in Shanghai
const shift = (start: number, hours: number, parts: Partial<Shift>): Shift => ({
  start,
  end: start + hours * H,
  userIds: [],
  leaderUserId: null,
  source: 'rotation',
  layerId: 'day',
  holiday: null,
  ...parts,
});
const SHIFTS: Shift[] = [
  shift(T0 - 24 * H, 24, { userIds: ['u1'] }),
  shift(T0, 24, { userIds: ['u2', 'u3'], leaderUserId: 'u4', source: 'holiday', layerId: null, holiday: { date: '2026-10-01', name: '国庆节' } }),
  shift(T0 + 24 * H, 12, { userIds: [], source: 'none', layerId: null }),
  shift(T0 + 36 * H, 12, { userIds: ['u1'], source: 'override' }),
];
const OPTIONS: ICalendarOptions = {
  rosterId: 'R1',
  rosterName: '一卡通值班',
  userNames: { u1: '张三', u2: '王五', u3: '赵六', u4: '李四' },
  layerNames: { day: '白班' },
  now: Date.parse('2026-09-30T08:00:00Z'),
};

describe('toICalendar', () => {
  it('writes a VCALENDAR with one VEVENT per shift with people, in UTC, worded in Chinese', () => {
    const cal = parse(toICalendar(SHIFTS, OPTIONS));
    expect(cal.name).toBe('VCALENDAR');
    expect(cal.props).toEqual({
      VERSION: '2.0',
      PRODID: '-//opsdesk//Duty roster//ZH',
      CALSCALE: 'GREGORIAN',
      METHOD: 'PUBLISH',
      'X-WR-CALNAME': '一卡通值班',
    });
    const events = cal.children;
    expect(events.map((e) => e.name)).toEqual(['VEVENT', 'VEVENT', 'VEVENT']); // the stretch with nobody is left out
    expect(events[1]!.props).toMatchObject({
      DTSTAMP: '20260930T080000Z',
      DTSTART: '20261001T003000Z',
      DTEND: '20261002T003000Z',
      UID: 'R1/holiday/20261001T003000Z@opsdesk',
    });
    expect(unescapeText(events[1]!.props.SUMMARY!)).toBe('值班: 王五、赵六 (领导带班: 李四)');
    expect(unescapeText(events[1]!.props.DESCRIPTION!)).toBe('值班表: 一卡通值班\n来源: 节假日值班表\n节假日: 国庆节');
    expect(unescapeText(events[0]!.props.DESCRIPTION!)).toBe('值班表: 一卡通值班\n来源: 轮班 (白班)');
    expect(unescapeText(events[2]!.props.SUMMARY!)).toBe('值班: 张三');
  });

  it('keeps UIDs across exports, and gives a personal feed its own', () => {
    const uids = (text: string) => parse(text).children.map((e) => e.props.UID);
    const first = uids(toICalendar(SHIFTS, OPTIONS));
    expect(uids(toICalendar(SHIFTS, { ...OPTIONS, now: OPTIONS.now + 86_400_000 }))).toEqual(first);
    expect(new Set(first).size).toBe(first.length);
    const mine = parse(toICalendar(SHIFTS, { ...OPTIONS, onlyUserId: 'u1' })).children;
    expect(mine.map((e) => e.props.DTSTART)).toEqual(['20260930T003000Z', '20261002T123000Z']);
    expect(mine[0]!.props.UID).toBe('R1/day/20260930T003000Z/u1@opsdesk');
    // the holiday leader sees the day they lead
    expect(parse(toICalendar(SHIFTS, { ...OPTIONS, onlyUserId: 'u4' })).children.map((e) => e.props.DTSTART)).toEqual(['20261001T003000Z']);
  });

  it('speaks English when asked', () => {
    const events = parse(toICalendar(SHIFTS, { ...OPTIONS, locale: 'en', userNames: { u2: 'Wang', u3: 'Zhao', u4: 'Li' } })).children;
    expect(unescapeText(events[1]!.props.SUMMARY!)).toBe('On duty: Wang, Zhao (leader on duty: Li)');
    expect(events[1]!.props.SUMMARY).toBe('On duty: Wang\\, Zhao (leader on duty: Li)');
    expect(unescapeText(events[0]!.props.SUMMARY!)).toBe('On duty: u1'); // no name known: the id
  });

  it('escapes TEXT and drops what TEXT cannot hold, so hostile names cannot add properties or lines', () => {
    const hostile = 'a\\b;c,d\ne\r\nf\rg\u0000h\u0007i\u001b\uD800j';
    const text = toICalendar([shift(T0, 1, { userIds: ['x'] })], { ...OPTIONS, rosterName: 'R;X\nEND:VCALENDAR', userNames: { x: `${hostile}\nDTSTART:19700101T000000Z` } });
    const cal = parse(text); // a stray END or a second DTSTART would throw here
    const event = cal.children[0]!;
    // newlines kept as newlines, control characters gone, the lone surrogate replaced
    expect(unescapeText(event.props.SUMMARY!)).toBe('值班: a\\b;c,d\ne\nf\nghi\uFFFDj\nDTSTART:19700101T000000Z');
    expect(cal.props['X-WR-CALNAME']).toBe('R\\;X\\nEND:VCALENDAR');
    for (const value of [event.props.SUMMARY!, event.props.DESCRIPTION!, cal.props['X-WR-CALNAME']!]) {
      // eslint-disable-next-line no-control-regex -- control characters are what must not be there
      expect(value.replace(/\\[\\;,nN]/g, '')).not.toMatch(/[\\;,\u0000-\u001f\u007f]/);
    }
    expect(escapeText('a,b;c\\d\ne')).toBe('a\\,b\\;c\\\\d\\ne');
  });

  it('folds at 75 octets without splitting a character, Chinese and emoji included', () => {
    const names = Object.fromEntries(Array.from({ length: 12 }, (_, i) => [`u${i}`, `${'欧阳'.repeat(i % 3 + 1)}😀${i}`]));
    const text = toICalendar([shift(T0, 24, { userIds: Object.keys(names), leaderUserId: 'u0' })], { ...OPTIONS, userNames: names, rosterName: '很长的值班表名称'.repeat(8) });
    const lines = physicalLines(text);
    for (const line of lines) {
      expect(Buffer.byteLength(line, 'utf8')).toBeLessThanOrEqual(75);
      expect(Buffer.from(line, 'utf8').toString('utf8')).toBe(line); // no half of a surrogate pair on either side
    }
    // folded as late as possible: a continued line is full to within one character (3 or 4 octets)
    for (let i = 0; i + 1 < lines.length; i++) {
      if (lines[i + 1]!.startsWith(' ')) expect(Buffer.byteLength(lines[i]!, 'utf8')).toBeGreaterThan(75 - 4);
    }
    expect(lines.filter((l) => l.startsWith(' ')).length).toBeGreaterThan(5);
    const summary = unescapeText(parse(text).children[0]!.props.SUMMARY!);
    expect(summary).toBe(`值班: ${Object.values(names).join('、')} (领导带班: ${names.u0})`);
  });

  it('folds plain ASCII into lines of exactly 75 octets, the leading space counted', () => {
    // 212 characters: 75, then a space and 74, then a space and the last 63
    expect(foldLine(`DESCRIPTION:${'x'.repeat(200)}`).split('\r\n').map((l) => l.length)).toEqual([75, 75, 64]);
    expect(foldLine('SHORT:line')).toBe('SHORT:line');
  });
});
