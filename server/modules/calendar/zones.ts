/**
 * Time zones and local dates. Instants are epoch milliseconds (UTC) everywhere in opsdesk; a zone turns one into a
 * local date and time and back. Everything here goes through Intl's time-zone database, so any IANA zone works,
 * daylight saving included; China's zone simply never changes its offset.
 *
 * Dates are 'YYYY-MM-DD' strings (proleptic Gregorian, as `Date.UTC` counts them); internally they are also "day
 * numbers", days since 1970-01-01, which makes stepping through days plain integer arithmetic.
 */
import { WEEKDAYS, type Weekday } from './weekly.ts';

/** The zone of a site, a cron schedule, a syslog sender or a calendar that names none. */
export const DEFAULT_ZONE = 'Asia/Shanghai';

const MINUTE_MS = 60_000;
const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;

// ---------------------------------------------------------------- zone validation

const formatters = new Map<string, Intl.DateTimeFormat>();

/** Intl's formatter for a zone, or null when Intl does not know it. Only known zones are cached (inputs are hostile). */
function formatterFor(zone: string): Intl.DateTimeFormat | null {
  let f = formatters.get(zone);
  if (f) return f;
  // Offset strings ("+08:00") are time zones to Intl from Node 22 on, not to Node 20: refused on both, they are not IANA.
  if (typeof zone !== 'string' || zone === '' || zone.length > 64 || /^[+-]/.test(zone)) return null;
  try {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
  } catch {
    return null;
  }
  if (formatters.size >= 1000) formatters.clear(); // case variants of real names are endless; real zones are a few hundred
  formatters.set(zone, f);
  return f;
}

/** Whether `zone` is an IANA time zone name that Intl knows (case-insensitive, as Intl is: 'asia/shanghai' passes). */
export function isValidTimeZone(zone: string): boolean {
  return formatterFor(zone) !== null;
}

function knownFormatter(zone: string): Intl.DateTimeFormat {
  const f = formatterFor(zone);
  if (!f) throw new RangeError(`unknown time zone "${zone}"`);
  return f;
}

// ---------------------------------------------------------------- offsets

/**
 * Offsets by zone, per UTC day where a day has one offset throughout (nearly every day), else per UTC hour where the
 * hour has (Adelaide changes at 16:30 UTC), else not cached. "Throughout" is judged by the two ends of the day or
 * hour: no zone changes its offset and back within one day.
 */
interface ZoneOffsets {
  /** null: the offset changes during that day */
  days: Map<number, number | null>;
  hours: Map<number, number>;
}
const offsets = new Map<string, ZoneOffsets>();
let cachedOffsets = 0;

/** Asks Intl: how far the zone's wall clock is ahead of UTC at `ms` (whole seconds; historic offsets have seconds). */
function offsetFromIntl(ms: number, f: Intl.DateTimeFormat): number {
  const at = Math.floor(ms / 1000) * 1000;
  const p: Record<string, number> = {};
  for (const part of f.formatToParts(at)) if (part.type !== 'literal') p[part.type] = Number(part.value);
  const wall = new Date(0);
  wall.setUTCFullYear(p.year!, p.month! - 1, p.day!); // not Date.UTC, which reads years 0–99 as 1900–1999
  wall.setUTCHours(p.hour!, p.minute!, p.second!, 0);
  return wall.getTime() - at;
}

/** Offsets are cached without end otherwise: a process that walks centuries of days starts afresh now and then. */
function counted(): void {
  if (++cachedOffsets < 200_000) return;
  offsets.clear();
  cachedOffsets = 0;
}

/**
 * How far `zone` is ahead of UTC at the instant `ms`, in ms (Asia/Shanghai: 8 h; Europe/Berlin: 1 h or 2 h).
 * Throws a RangeError for a zone Intl does not know. Cached, so calling it on every syslog message is cheap.
 */
export function zoneOffsetMs(ms: number, zone: string): number {
  if (!Number.isFinite(ms)) throw new RangeError(`not an instant: ${ms}`);
  let z = offsets.get(zone);
  const day = Math.floor(ms / DAY_MS);
  const ofDay = z?.days.get(day);
  if (typeof ofDay === 'number') return ofDay;
  const f = knownFormatter(zone);
  if (!z) offsets.set(zone, (z = { days: new Map(), hours: new Map() }));
  if (ofDay === undefined) {
    const first = offsetFromIntl(day * DAY_MS, f);
    const steady = offsetFromIntl(day * DAY_MS + DAY_MS - 1, f) === first;
    z.days.set(day, steady ? first : null);
    counted();
    if (steady) return first;
  }
  const hour = Math.floor(ms / HOUR_MS);
  const ofHour = z.hours.get(hour);
  if (ofHour !== undefined) return ofHour;
  const offset = offsetFromIntl(ms, f);
  if (offsetFromIntl(hour * HOUR_MS, f) === offset && offsetFromIntl(hour * HOUR_MS + HOUR_MS - 1, f) === offset) {
    z.hours.set(hour, offset);
    counted();
  }
  return offset;
}

// ---------------------------------------------------------------- local date and time

export interface LocalDateTime {
  year: number;
  /** 1–12 */
  month: number;
  /** 1–31 */
  day: number;
  /** 0–23 */
  hour: number;
  minute: number;
  second: number;
  millisecond: number;
  weekday: Weekday;
  /** 'YYYY-MM-DD' */
  date: string;
}

/** The wall-clock date and time in `zone` at the instant `ms`. */
export function localPartsOf(ms: number, zone: string): LocalDateTime {
  const d = new Date(ms + zoneOffsetMs(ms, zone));
  const dayNumber = Math.floor(d.getTime() / DAY_MS);
  return {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    hour: d.getUTCHours(),
    minute: d.getUTCMinutes(),
    second: d.getUTCSeconds(),
    millisecond: d.getUTCMilliseconds(),
    weekday: weekdayOfDayNumber(dayNumber),
    date: dateOfDayNumber(dayNumber),
  };
}

/** The local date ('YYYY-MM-DD') in `zone` at the instant `ms`. */
export const localDateOf = (ms: number, zone: string): string => dateOfDayNumber(localDayNumberOf(ms, zone));

/** Days since 1970-01-01 of the local date in `zone` at `ms`. */
export const localDayNumberOf = (ms: number, zone: string): number => Math.floor((ms + zoneOffsetMs(ms, zone)) / DAY_MS);

/**
 * The instant a wall-clock time in `zone` names: "wall ms" is that time written as if it were UTC
 * (`Date.UTC(y, m - 1, d, h, mi)`). Wall times that occur twice (clocks going back) give the earlier instant; wall
 * times that do not occur (clocks going forward) are moved forward by the gap, so 02:30 on the day Berlin skips from
 * 02:00 to 03:00 is 03:30. These are Temporal's "compatible" rules.
 */
export function instantOfWallMs(wallMs: number, zone: string): number {
  // Real zones change offset at most once within a day either side, so the offsets a day before and a day after are
  // the only candidates.
  const before = zoneOffsetMs(wallMs - DAY_MS, zone);
  const after = zoneOffsetMs(wallMs + DAY_MS, zone);
  const earlier = wallMs - Math.max(before, after);
  const later = wallMs - Math.min(before, after);
  if (earlier + zoneOffsetMs(earlier, zone) === wallMs) return earlier;
  if (later + zoneOffsetMs(later, zone) === wallMs) return later;
  return wallMs - before; // in a gap: the offset from before the change carries the time past it
}

export interface LocalDateTimeInput {
  year: number;
  month: number;
  day: number;
  hour?: number;
  minute?: number;
  second?: number;
  millisecond?: number;
}

/**
 * The instant of a local date and time in `zone` (see instantOfWallMs for times that occur twice or never). Fields out
 * of range roll over as in `Date.UTC` (hour 24 is the next day's midnight); check them first where that matters.
 */
export function instantOf(t: LocalDateTimeInput, zone: string): number {
  const wall = new Date(0);
  wall.setUTCFullYear(t.year, t.month - 1, t.day);
  wall.setUTCHours(t.hour ?? 0, t.minute ?? 0, t.second ?? 0, t.millisecond ?? 0);
  return instantOfWallMs(wall.getTime(), zone);
}

/** The first instant of a local date ('YYYY-MM-DD') in `zone`: its midnight, or the end of a gap that swallowed it. */
export const startOfLocalDay = (date: string, zone: string): number => instantOfWallMs(dayNumberOf(date) * DAY_MS, zone);

// ---------------------------------------------------------------- dates as text and as day numbers

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Whether `s` is a real date written 'YYYY-MM-DD' (2026-02-30 is not). */
export function isCalendarDate(s: string): boolean {
  const m = DATE.exec(s);
  if (!m) return false;
  const d = new Date(Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!));
  return d.getUTCFullYear() === +m[1]! && d.getUTCMonth() === +m[2]! - 1 && d.getUTCDate() === +m[3]!;
}

/** Days since 1970-01-01 of a 'YYYY-MM-DD' date; throws on anything else. */
export function dayNumberOf(date: string): number {
  if (!isCalendarDate(date)) throw new RangeError(`not a date as YYYY-MM-DD: "${date}"`);
  return Date.UTC(+date.slice(0, 4), +date.slice(5, 7) - 1, +date.slice(8, 10)) / DAY_MS;
}

/** 'YYYY-MM-DD' of a day number (years 0000–9999). */
export const dateOfDayNumber = (n: number): string => new Date(n * DAY_MS).toISOString().slice(0, 10);

/** 1970-01-01 was a Thursday. */
export const weekdayOfDayNumber = (n: number): Weekday => WEEKDAYS[(((n + 3) % 7) + 7) % 7]!;

/** The weekday of a 'YYYY-MM-DD' date (the same in every zone). */
export const weekdayOf = (date: string): Weekday => weekdayOfDayNumber(dayNumberOf(date));

/** The date `days` after (or before, if negative) a 'YYYY-MM-DD' date. */
export const addDays = (date: string, days: number): string => dateOfDayNumber(dayNumberOf(date) + days);

export const MINUTES_PER_DAY = DAY_MS / MINUTE_MS;
