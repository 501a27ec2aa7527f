import { isUtf8 } from 'node:buffer';
import iconv from 'iconv-lite';
import { DEFAULT_ZONE, instantOfWallMs, localPartsOf } from '../../calendar/index.ts';

/**
 * Syslog as network gear really sends it: RFC 5424, RFC 3164 ("BSD") and the vendor dialects in between (Cisco IOS
 * sequence numbers and `%SYS-5-CONFIG_I`, Huawei VRP and H3C Comware `%%01IFNET/4/LINK_STATE`), over UDP or TCP with
 * octet counting or newline framing (RFC 6587). Tolerant of missing parts, and never throws: input that is not
 * syslog at all (no valid PRI, empty, too long) comes back as a parse error with a reason.
 */

export const FACILITY_NAMES = [
  'kern', 'user', 'mail', 'daemon', 'auth', 'syslog', 'lpr', 'news', 'uucp', 'cron', 'authpriv', 'ftp', 'ntp', 'security', 'console', 'solaris-cron',
  'local0', 'local1', 'local2', 'local3', 'local4', 'local5', 'local6', 'local7',
] as const;
export const SEVERITY_NAMES = ['emerg', 'alert', 'crit', 'err', 'warning', 'notice', 'info', 'debug'] as const;

/** SD-ID → parameters; a parameter that repeats inside one element (RFC 5424 allows it) keeps every value. */
export type StructuredData = Record<string, Record<string, string | string[]>>;

export interface SyslogMessage {
  format: 'rfc5424' | 'rfc3164';
  /** 0–23 */
  facility: number;
  /** 0 (emergency) – 7 (debug) */
  severity: number;
  /** epoch ms; null when the message carries no usable time (the receiver then uses its own) */
  timestamp: number | null;
  hostname: string | null;
  appName: string | null;
  procId: string | null;
  msgId: string | null;
  structuredData: StructuredData | null;
  /** the free text; for Cisco/Huawei/H3C lines it keeps the vendor mnemonic (`%SYS-5-CONFIG_I: …`) people search for */
  message: string;
  /** Cisco IOS sequence number (`service sequence-numbers`) */
  sequence: number | null;
  /** the sender marked its clock as not synchronised (Cisco `*`): its time was not used */
  clockUnsynced: boolean;
}

export interface SyslogParseError {
  code: 'EMPTY' | 'TOO_LONG' | 'NO_PRI' | 'BAD_PRI' | 'UNPARSEABLE';
  message: string;
}

export type SyslogParseResult = { ok: true; message: SyslogMessage } | { ok: false; error: SyslogParseError };

export interface SyslogParseOptions {
  /** epoch ms: RFC 3164 has no year, so the year that puts the time nearest to now is chosen */
  now: number;
  /** IANA zone for times without an offset (RFC 3164), checked beforehand with isValidTimeZone; default Asia/Shanghai */
  timeZone?: string;
  /** longer input is refused; default 64 KiB */
  maxBytes?: number;
}

export const DEFAULT_MAX_MESSAGE_BYTES = 64 * 1024;

const fail = (code: SyslogParseError['code'], message: string): SyslogParseResult => ({ ok: false, error: { code, message } });

/** Parses one syslog message (one UDP datagram or one TCP frame). Never throws. */
export function parseSyslog(input: Buffer | string, options: SyslogParseOptions): SyslogParseResult {
  try {
    return parse(input, options);
  } catch (error) {
    // Defensive: the parser is written not to throw, but a transport must never die on one message.
    return fail('UNPARSEABLE', `unparseable: ${(error as Error).message}`);
  }
}

function parse(input: Buffer | string, options: SyslogParseOptions): SyslogParseResult {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_MESSAGE_BYTES;
  const size = typeof input === 'string' ? Buffer.byteLength(input) : input.length;
  if (size > maxBytes) return fail('TOO_LONG', `message is ${size} bytes, more than the ${maxBytes} allowed`);
  let text = typeof input === 'string' ? input : decode(input);
  // Framing leftovers: trailing CR/LF/NUL, and NULs anywhere (some senders pad with them).
  text = text.replace(/\0/g, '').replace(/[\r\n]+$/, '');
  if (text.trim() === '') return fail('EMPTY', 'empty message');

  const pri = /^<(\d{1,3})>/.exec(text);
  if (!pri) return fail('NO_PRI', `no <PRI> at the start: ${JSON.stringify(text.slice(0, 20))}`);
  const value = Number(pri[1]);
  if (value > 191) return fail('BAD_PRI', `PRI ${value} is out of range (0–191)`);
  const rest = text.slice(pri[0].length);
  const base = { facility: value >> 3, severity: value & 7 };
  const zone = options.timeZone ?? DEFAULT_ZONE;

  const version = /^([1-9]\d?) (?=-|\d{4}-)/.exec(rest);
  if (version) return { ok: true, message: parse5424(rest.slice(version[0].length), base, zone) };
  return { ok: true, message: parse3164(rest, base, zone, options.now) };
}

/** UTF-8 when it is valid UTF-8; otherwise GB18030, which is what Chinese network gear and Windows hosts send. */
function decode(bytes: Buffer): string {
  return isUtf8(bytes) ? bytes.toString('utf8') : iconv.decode(bytes, 'gb18030');
}

/** Drops a leading BOM and blanks out control characters (tab and line breaks stay: stack traces come over TCP). */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const cleanMessage = (s: string): string => s.replace(/^\uFEFF/, '').replace(/[\x01-\x08\x0B\x0C\x0E-\x1F\x7F]/g, ' ');

// ---------------------------------------------------------------- RFC 5424

function parse5424(s: string, base: { facility: number; severity: number }, zone: string): SyslogMessage {
  let pos = 0;
  const token = (): string | null => {
    if (pos >= s.length) return null;
    let end = s.indexOf(' ', pos);
    if (end === -1) end = s.length;
    const t = s.slice(pos, end);
    pos = end + 1;
    return t;
  };
  const nil = (t: string | null): string | null => (t === null || t === '-' || t === '' ? null : t);

  const ts = token();
  const hostname = nil(token());
  const appName = nil(token());
  const procId = nil(token());
  const msgId = nil(token());
  let structuredData: StructuredData | null = null;
  let message = '';
  if (pos < s.length) {
    const rest = s.slice(pos);
    if (rest.startsWith('-')) {
      message = rest.slice(rest.startsWith('- ') ? 2 : 1);
    } else if (rest.startsWith('[')) {
      const sd = parseStructuredData(rest);
      if (sd) {
        structuredData = sd.data;
        message = rest.slice(sd.end).replace(/^ /, '');
      } else {
        message = rest; // broken SD: keep everything as text rather than lose it
      }
    } else {
      message = rest; // SD missing altogether
    }
  }
  return {
    format: 'rfc5424',
    ...base,
    timestamp: ts === null || ts === '-' ? null : parseIsoTimestamp(ts, zone),
    hostname,
    appName,
    procId,
    msgId,
    structuredData,
    message: cleanMessage(message),
    sequence: null,
    clockUnsynced: false,
  };
}

/** `[id p="v" …][id2 …]`; returns null when it is not well formed. */
function parseStructuredData(s: string): { data: StructuredData; end: number } | null {
  const data: StructuredData = Object.create(null) as StructuredData;
  let i = 0;
  while (s[i] === '[') {
    i++;
    const idMatch = /^[^\s=\]"]{1,64}/.exec(s.slice(i, i + 65));
    if (!idMatch) return null;
    const id = idMatch[0];
    i += id.length;
    const params: Record<string, string | string[]> = data[id] ?? (Object.create(null) as Record<string, string | string[]>);
    data[id] = params;
    for (;;) {
      while (s[i] === ' ') i++;
      if (i >= s.length) return null;
      if (s[i] === ']') {
        i++;
        break;
      }
      const nameMatch = /^[^\s=\]"]{1,64}/.exec(s.slice(i, i + 65));
      if (!nameMatch) return null;
      const name = nameMatch[0];
      i += name.length;
      if (s[i] !== '=' || s[i + 1] !== '"') return null;
      i += 2;
      let value = '';
      for (;;) {
        if (i >= s.length) return null;
        const c = s[i]!;
        if (c === '\\' && i + 1 < s.length && (s[i + 1] === '"' || s[i + 1] === '\\' || s[i + 1] === ']')) {
          value += s[i + 1];
          i += 2;
        } else if (c === '"') {
          i++;
          break;
        } else {
          value += c;
          i++;
        }
      }
      const prior = params[name];
      params[name] = prior === undefined ? value : Array.isArray(prior) ? [...prior, value] : [prior, value];
    }
  }
  return { data, end: i };
}

const ISO = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(Z|z|[+-]\d{2}:?\d{2})?$/;

function parseIsoTimestamp(raw: string, zone: string): number | null {
  const m = ISO.exec(raw);
  if (!m) return null;
  const [, y, mo, d, h, mi, sec, frac, offset] = m;
  const ms = frac ? Number(frac.slice(0, 3).padEnd(3, '0')) : 0;
  return fromParts({ year: +y!, month: +mo!, day: +d!, hour: +h!, minute: +mi!, second: +sec!, ms }, offset, zone);
}

// ---------------------------------------------------------------- RFC 3164 and vendor dialects

const MONTHS: Record<string, number> = { jan: 1, feb: 2, mar: 3, apr: 4, may: 5, jun: 6, jul: 7, aug: 8, sep: 9, oct: 10, nov: 11, dec: 12 };

/**
 * The BSD timestamp and its vendor variants, at the start of the text:
 *   `Oct 11 22:14:15` · `Oct  5 22:14:15` · `*Mar  1 00:00:49.123 UTC` (Cisco; * = clock not synchronised)
 *   `Nov 20 2026 11:32:05+08:00` (Huawei) · `Nov 20 11:32:05:123 2026` (H3C) · `2026-11-20T11:32:05.123+08:00` (rsyslog)
 */
const BSD_TS =
  /^([*.]?)([A-Za-z]{3}) +(\d{1,2})(?: +(\d{4}))? +(\d{1,2}):(\d{2}):(\d{2})(?:[.:](\d{1,6}))?(?: +(\d{4})(?=[\s:]|$))?(?: ?(?:[A-Za-z]{1,5})?([+-]\d{2}:?\d{2})| (UTC|GMT|UT|CST|BJT|CCT|DST))?(?: +(\d{4})(?=[\s:]|$))?(?=[\s:]|$)/;
const ISO_TS = /^([*.]?)(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?(?:Z|[+-]\d{2}:?\d{2})?)(?=[\s:]|$)/;

interface Stamp {
  ms: number | null;
  length: number;
  unsynced: boolean;
}

function readTimestamp(s: string, zone: string, now: number): Stamp | null {
  const iso = ISO_TS.exec(s);
  if (iso) return { ms: parseIsoTimestamp(iso[2]!, zone), length: iso[0].length, unsynced: iso[1] === '*' };
  const m = BSD_TS.exec(s);
  if (!m) return null;
  const month = MONTHS[m[2]!.toLowerCase()];
  if (month === undefined) return null;
  const [, mark, , day, yearBefore, h, mi, sec, frac, yearAfter, offset, abbrev, yearAfterZone] = m;
  const parts = { month, day: +day!, hour: +h!, minute: +mi!, second: +sec!, ms: frac ? Number(frac.slice(0, 3).padEnd(3, '0')) : 0 };
  const explicitOffset = offset ?? (abbrev === 'UTC' || abbrev === 'GMT' || abbrev === 'UT' ? 'Z' : undefined);
  const year = yearBefore ?? yearAfter ?? yearAfterZone;
  let ms: number | null;
  if (year !== undefined) ms = fromParts({ year: +year, ...parts }, explicitOffset, zone);
  else ms = nearestYear(parts, explicitOffset, zone, now);
  return { ms, length: m[0].length, unsynced: mark === '*' };
}

/** RFC 3164 has no year: take the year (last, this or next) that puts the time nearest to now. */
function nearestYear(parts: Omit<DateParts, 'year'>, offset: string | undefined, zone: string, now: number): number | null {
  const thisYear = localPartsOf(now, zone).year;
  let best: number | null = null;
  for (const year of [thisYear - 1, thisYear, thisYear + 1]) {
    const ms = fromParts({ year, ...parts }, offset, zone);
    if (ms !== null && (best === null || Math.abs(ms - now) < Math.abs(best - now))) best = ms;
  }
  return best;
}

const HOSTNAME = /^[\p{L}\p{N}][\p{L}\p{N}._:-]{0,254}$/u;

function parse3164(s: string, base: { facility: number; severity: number }, zone: string, now: number): SyslogMessage {
  let rest = s;
  let sequence: number | null = null;
  let hostname: string | null = null;
  let timestamp: number | null = null;
  let unsynced = false;
  let haveHeaderTime = false;

  const takeSequence = () => {
    const m = /^(\d{1,10}): /.exec(rest);
    if (m && sequence === null) {
      sequence = Number(m[1]);
      rest = rest.slice(m[0].length);
    }
  };
  const takeTimestamp = (): boolean => {
    const ts = readTimestamp(rest, zone, now);
    if (!ts) return false;
    rest = rest.slice(ts.length).replace(/^:/, '').replace(/^ +/, '');
    if (!haveHeaderTime) {
      haveHeaderTime = true;
      unsynced = ts.unsynced;
      timestamp = ts.unsynced ? null : ts.ms;
    }
    return true;
  };

  takeSequence(); // Cisco: `<189>52: *Mar  1 …`
  // Cisco `logging origin-id hostname`: `<189>31: Router1: *Mar  1 …`
  const origin = /^([A-Za-z0-9][A-Za-z0-9._-]{0,254}): (?=[*.]?(?:[A-Za-z]{3} +\d{1,2} +(?:\d{4} +)?\d{1,2}:\d\d:\d\d|\d{4}-\d\d-\d\dT))/.exec(rest);
  if (origin) {
    hostname = origin[1]!;
    rest = rest.slice(origin[0].length);
  }
  if (takeTimestamp() && hostname === null) {
    // The token after the time is the host unless it is already the tag (`su:`, `sshd[42]:`) or a vendor mnemonic.
    const m = /^(\S+)(?: +|$)/.exec(rest);
    if (m && HOSTNAME.test(m[1]!) && !m[1]!.endsWith(':')) {
      hostname = m[1]!;
      rest = rest.slice(m[0].length);
    }
  }
  // Cisco behind a syslog header (`<189>Nov 20 11:32:05 10.0.0.1 128: Nov 20 03:32:04.123: %LINK-3-UPDOWN: …`)
  takeSequence();
  if (sequence !== null && /^[*.]?(?:[A-Za-z]{3} +\d|\d{4}-)/.test(rest)) {
    const before = rest;
    if (!takeTimestamp()) rest = before;
  }

  let appName: string | null = null;
  let procId: string | null = null;
  let msgId: string | null = null;
  let message = rest;
  const cisco = /^%([A-Z][A-Z0-9_]*(?:-[A-Z][A-Z0-9_]*)*)-([0-7])-([A-Z0-9_]+)\b/.exec(rest);
  const vrp = cisco ? null : /^%%(\d{2})([A-Z][A-Z0-9_]*)\/([0-7])\/([A-Za-z0-9_]+)/.exec(rest);
  if (cisco) {
    appName = cisco[1]!;
    msgId = `${cisco[1]}-${cisco[2]}-${cisco[3]}`;
  } else if (vrp) {
    appName = vrp[2]!;
    msgId = `${vrp[2]}/${vrp[3]}/${vrp[4]}`;
  } else {
    const tag = /^([^\s:[\]]{1,48})(?:\[([^\]\s]{0,128})\])?:(?: |$)/.exec(rest) ?? /^([^\s:[\]]{1,48})\[([^\]\s]{1,128})\] /.exec(rest);
    if (tag) {
      appName = tag[1]!;
      procId = tag[2] || null;
      message = rest.slice(tag[0].length);
    }
  }
  return {
    format: 'rfc3164',
    ...base,
    timestamp,
    hostname,
    appName,
    procId,
    msgId,
    structuredData: null,
    message: cleanMessage(message),
    sequence,
    clockUnsynced: unsynced,
  };
}

// ---------------------------------------------------------------- time zones

interface DateParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  ms: number;
}

/** Wall-clock parts with an explicit offset (`Z`, `+08:00`, `+0800`) or in `zone` → epoch ms; null when not a real date. */
function fromParts(p: DateParts, offset: string | undefined, zone: string): number | null {
  if (p.month < 1 || p.month > 12 || p.day < 1 || p.day > 31 || p.hour > 23 || p.minute > 59 || p.second > 60) return null;
  const wall = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, Math.min(p.second, 59), p.ms);
  const check = new Date(wall);
  if (check.getUTCDate() !== p.day || check.getUTCMonth() !== p.month - 1 || check.getUTCFullYear() !== p.year) return null; // Feb 30
  if (offset !== undefined) {
    if (offset === 'Z' || offset === 'z') return wall;
    const m = /^([+-])(\d{2}):?(\d{2})$/.exec(offset);
    if (!m || +m[2]! > 23 || +m[3]! > 59) return null;
    const minutes = (+m[2]! * 60 + +m[3]!) * (m[1] === '-' ? -1 : 1);
    return wall - minutes * 60_000;
  }
  // A time the zone's clock shows twice (autumn) is the first; one it skips (spring) is moved past the gap.
  return instantOfWallMs(wall, zone);
}

// ---------------------------------------------------------------- TCP framing (RFC 6587)

export interface FramerOptions {
  /** a frame longer than this is dropped (and reported), never buffered */
  maxFrameBytes: number;
  onFrame(frame: Buffer): void;
  /** a frame was dropped for its size; `bytes` is its length as far as known */
  onOversize(bytes: number): void;
}

/**
 * Splits a TCP stream into syslog frames. Each frame is either octet-counted (`123 <34>1 …`) or ends at LF (or NUL);
 * the choice is made per frame, as RFC 6587 allows. Memory per connection stays under maxFrameBytes: an oversized
 * frame is skipped as it streams by.
 */
export class SyslogFramer {
  private pending: Buffer = Buffer.alloc(0);
  /** bytes still to discard of an oversized octet-counted frame */
  private skipCount = 0;
  /** discarding an oversized line up to its LF */
  private skipLine = false;

  constructor(private readonly options: FramerOptions) {}

  push(chunk: Buffer): void {
    let data = this.pending.length === 0 ? chunk : Buffer.concat([this.pending, chunk]);
    this.pending = Buffer.alloc(0);
    for (;;) {
      if (this.skipCount > 0) {
        const n = Math.min(this.skipCount, data.length);
        this.skipCount -= n;
        data = data.subarray(n);
        if (this.skipCount > 0) return;
      }
      if (this.skipLine) {
        const lf = indexOfTerminator(data);
        if (lf === -1) return;
        this.skipLine = false;
        data = data.subarray(lf + 1);
      }
      // blank lines and stray terminators between frames
      let start = 0;
      while (start < data.length && (data[start] === 0x0a || data[start] === 0x0d || data[start] === 0x00 || data[start] === 0x20)) start++;
      data = data.subarray(start);
      if (data.length === 0) return;

      const first = data[0]!;
      if (first >= 0x31 && first <= 0x39) {
        // maybe octet counting: 1–10 digits then a space
        let i = 1;
        while (i < data.length && i < 11 && data[i]! >= 0x30 && data[i]! <= 0x39) i++;
        if (i === data.length && i < 11) {
          this.pending = Buffer.from(data); // not enough yet to know
          return;
        }
        if (data[i] === 0x20 && i <= 10) {
          const length = Number(data.subarray(0, i).toString('latin1'));
          const body = data.subarray(i + 1);
          if (length > this.options.maxFrameBytes) {
            this.options.onOversize(length);
            this.skipCount = length;
            data = body;
            continue;
          }
          if (body.length < length) {
            this.pending = Buffer.from(data);
            return;
          }
          this.options.onFrame(Buffer.from(body.subarray(0, length)));
          data = body.subarray(length);
          continue;
        }
      }
      // newline framing
      const lf = indexOfTerminator(data);
      if (lf === -1) {
        if (data.length > this.options.maxFrameBytes) {
          this.options.onOversize(data.length);
          this.skipLine = true;
          return;
        }
        this.pending = Buffer.from(data);
        return;
      }
      let end = lf;
      if (end > 0 && data[end - 1] === 0x0d) end--;
      if (end > this.options.maxFrameBytes) this.options.onOversize(end);
      else this.options.onFrame(Buffer.from(data.subarray(0, end)));
      data = data.subarray(lf + 1);
    }
  }

  /** The stream ended: a last line without its LF is still a message. */
  end(): void {
    const rest = this.pending;
    this.pending = Buffer.alloc(0);
    if (this.skipCount > 0 || this.skipLine || rest.length === 0) return;
    if (/^[1-9]\d{0,9} /.test(rest.subarray(0, 11).toString('latin1'))) return; // a truncated octet-counted frame
    const text = rest.toString('latin1').trim();
    if (text !== '' && rest.length <= this.options.maxFrameBytes) this.options.onFrame(rest);
  }

  /** bytes held for an unfinished frame */
  get buffered(): number {
    return this.pending.length;
  }
}

function indexOfTerminator(data: Buffer): number {
  const lf = data.indexOf(0x0a);
  const nul = data.indexOf(0x00);
  if (lf === -1) return nul;
  if (nul === -1) return lf;
  return Math.min(lf, nul);
}
