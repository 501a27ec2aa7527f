/**
 * Local date-times in the formats bills use, to epoch ms UTC. A time without an offset is read in the given IANA
 * zone (the file's stated zone, or the caller's; Asia/Shanghai by default); an explicit offset wins.
 */
const formatters = new Map<string, Intl.DateTimeFormat>();

function zoneFormatter(zone: string): Intl.DateTimeFormat {
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(zone, f);
  }
  return f;
}

const HOUR = 3_600_000;
const offsets = new Map<string, Map<number, number>>();

/**
 * The zone's offset from UTC in ms at the instant `utc`. Intl is slow (it dominated a ledger import's profile), so
 * offsets are cached per zone and UTC hour — only for hours whose start and end have the same offset, so an hour
 * with a transition in it is always computed exactly.
 */
function offsetAt(zone: string, utc: number): number {
  const hour = Math.floor(utc / HOUR);
  let cache = offsets.get(zone);
  if (!cache) offsets.set(zone, (cache = new Map()));
  const hit = cache.get(hour);
  if (hit !== undefined) return hit;
  const start = exactOffset(zone, hour * HOUR);
  if (start !== exactOffset(zone, hour * HOUR + HOUR - 1000)) return exactOffset(zone, utc);
  if (cache.size > 200_000) cache.clear();
  cache.set(hour, start);
  return start;
}

function exactOffset(zone: string, utc: number): number {
  const parts: Record<string, number> = {};
  for (const p of zoneFormatter(zone).formatToParts(new Date(utc))) if (p.type !== 'literal') parts[p.type] = Number(p.value);
  const asUtc = Date.UTC(parts.year!, parts.month! - 1, parts.day!, parts.hour!, parts.minute!, parts.second!);
  return asUtc - Math.floor(utc / 1000) * 1000;
}

export function localToEpoch(y: number, mo: number, d: number, h: number, mi: number, s: number, ms: number, zone: string): number {
  const guess = Date.UTC(y, mo - 1, d, h, mi, s, ms);
  const first = guess - offsetAt(zone, guess);
  // A second pass settles times near a DST change; for Asia/Shanghai both offsets are +08:00.
  return guess - offsetAt(zone, first);
}

export function isValidZone(zone: string): boolean {
  try {
    zoneFormatter(zone);
    return true;
  } catch {
    return false;
  }
}

const PATTERNS: RegExp[] = [
  // 2018-02-01 04:21:23, 2016/5/4 2:18, 2023-02-10T00:00:00.123+08:00, 2023.02.10
  /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[ T]+(\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3})\d*)?)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/,
  // 2023年02月10日 00:00:00
  /^(\d{4})年(\d{1,2})月(\d{1,2})日\s*(?:(\d{1,2}):(\d{2})(?::(\d{2}))?)?()()$/,
  // 20230210123456, 20230210
  /^(\d{4})(\d{2})(\d{2})(?:(\d{2})(\d{2})(\d{2})?)?()()$/,
];

/** Null when the text is no date this knows or names a day that does not exist (2023-02-30). */
export function parseDateTime(text: string, zone: string): number | null {
  const s = text.trim();
  for (const re of PATTERNS) {
    const m = re.exec(s);
    if (!m) continue;
    const [y, mo, d, h, mi, sec] = [1, 2, 3, 4, 5, 6].map((i) => Number(m[i] || 0)) as [number, number, number, number, number, number];
    const ms = Number((m[7] || '0').padEnd(3, '0'));
    if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || sec > 59) return null;
    const check = new Date(Date.UTC(y, mo - 1, d));
    if (check.getUTCDate() !== d) return null;
    const off = m[8];
    if (off) {
      const base = Date.UTC(y, mo - 1, d, h, mi, sec, ms);
      if (off === 'Z') return base;
      const om = /^([+-])(\d{2}):?(\d{2})$/.exec(off)!;
      const minutes = Number(om[2]) * 60 + Number(om[3]);
      return base - (om[1] === '-' ? -1 : 1) * minutes * 60_000;
    }
    return localToEpoch(y, mo, d, h, mi, sec, ms, zone);
  }
  return null;
}
