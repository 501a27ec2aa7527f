/**
 * Daily and weekly rhythms of the estate, in Asia/Shanghai time (UTC+8 all year: China has no daylight saving, so
 * local time is plain arithmetic and the hot path needs no time-zone database).
 *
 * A profile is an intensity between 0 and 1 for every minute of a workday, a weekend day and a public holiday; a
 * process's rate at a moment is its peak rate times the intensity then. The busiest minute of a profile, over all
 * three kinds of day, is 1.
 */
import type { Rng } from './random.ts';

export const SHANGHAI_OFFSET_MS = 8 * 3_600_000;
const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;

export const PROFILES = [
  'canteen',
  'shower',
  'library',
  'teaching',
  'dorm_door',
  'kiosk',
  'ticket_office',
  'scenic_gate',
  'portal',
  'office',
  'flat',
] as const;
export type Profile = (typeof PROFILES)[number];

export type DayType = 'workday' | 'weekend' | 'holiday';
const DAY_TYPES: readonly DayType[] = ['workday', 'weekend', 'holiday'];

/**
 * Public holidays and make-up workdays (调休) of the State Council's notices for 2025 and 2026. The simulator only
 * needs them for its rhythms (ticketing peaks on holidays, campus quiet); opsdesk's SLA calendars use their own data.
 */
const HOLIDAYS = new Set([
  '2025-01-01',
  ...dates('2025-01-28', 8),
  ...dates('2025-04-04', 3),
  ...dates('2025-05-01', 5),
  ...dates('2025-05-31', 3),
  ...dates('2025-10-01', 8),
  ...dates('2026-01-01', 3),
  ...dates('2026-02-15', 9),
  ...dates('2026-04-04', 3),
  ...dates('2026-05-01', 5),
  ...dates('2026-06-19', 3),
  ...dates('2026-09-25', 3),
  ...dates('2026-10-01', 7),
]);
const MAKEUP_WORKDAYS = new Set([
  '2025-01-26',
  '2025-02-08',
  '2025-04-27',
  '2025-09-28',
  '2025-10-11',
  '2026-01-04',
  '2026-02-14',
  '2026-02-28',
  '2026-05-09',
  '2026-09-20',
  '2026-10-10',
]);

function dates(first: string, count: number): string[] {
  const start = Date.parse(`${first}T00:00:00Z`);
  return Array.from({ length: count }, (_, i) => new Date(start + i * DAY_MS).toISOString().slice(0, 10));
}

/** Days since 1970-01-01 in Shanghai local time. */
export const localDay = (ms: number): number => Math.floor((ms + SHANGHAI_OFFSET_MS) / DAY_MS);
/** Minutes since local midnight. */
export const localMinute = (ms: number): number => Math.floor((((ms + SHANGHAI_OFFSET_MS) % DAY_MS) + DAY_MS) % DAY_MS / MINUTE_MS);
/** 0 = Sunday … 6 = Saturday, local. */
export const localWeekday = (ms: number): number => (localDay(ms) + 4) % 7;
/** Epoch ms of local midnight of the local day `day`. */
export const localMidnight = (day: number): number => day * DAY_MS - SHANGHAI_OFFSET_MS;

const dayTypeCache = new Map<number, number>();
function dayTypeIndex(day: number): number {
  let t = dayTypeCache.get(day);
  if (t === undefined) {
    const iso = new Date(day * DAY_MS).toISOString().slice(0, 10);
    const weekday = (day + 4) % 7;
    t = HOLIDAYS.has(iso) ? 2 : MAKEUP_WORKDAYS.has(iso) ? 0 : weekday === 0 || weekday === 6 ? 1 : 0;
    dayTypeCache.set(day, t);
  }
  return t;
}

export const dayTypeOf = (ms: number): DayType => DAY_TYPES[dayTypeIndex(localDay(ms))]!;

// ---- shapes -------------------------------------------------------------------------------------------------------

const gauss = (h: number, mu: number, sigma: number): number => Math.exp(-0.5 * ((h - mu) / sigma) ** 2);
/** 1 inside [from, to) hours, with half-hour ramps so that opening is not a cliff. */
const open = (h: number, from: number, to: number): number => {
  if (h < from - 0.25 || h >= to + 0.25) return 0;
  if (h < from + 0.25) return (h - (from - 0.25)) / 0.5;
  if (h > to - 0.25) return (to + 0.25 - h) / 0.5;
  return 1;
};

type Shape = (hour: number, day: DayType) => number;

const SHAPES: Record<Profile, Shape> = {
  // Meal peaks 07:00–08:30, 11:00–13:00, 17:00–19:00; near silence at night.
  canteen: (h, d) => {
    const breakfast = d === 'workday' ? 7.7 : 8.6;
    const shape = 0.55 * gauss(h, breakfast, 0.45) + gauss(h, 12.0, 0.55) + 0.85 * gauss(h, 18.0, 0.55) + 0.06 * open(h, 6.5, 21);
    const scale = d === 'workday' ? 1 : d === 'weekend' ? 0.55 : 0.3;
    return scale * Math.max(shape * open(h, 6.25, 21.5), 0.002);
  },
  // Dormitory showers: evening peak, a smaller morning one; water is off 00:30–06:00.
  shower: (h, d) => {
    const shape = gauss(h, 21.8, 0.9) + 0.35 * gauss(h, 7.2, 0.5) + 0.2 * gauss(h, 16.5, 1.2) + 0.04 * open(h, 6, 24);
    const scale = d === 'workday' ? 1 : d === 'weekend' ? 0.9 : 0.35;
    return scale * (h < 0.5 ? 0.06 * (1 - h / 0.5) : shape * (h >= 6 ? 1 : 0.01));
  },
  library: (h, d) => {
    const shape = 0.45 + 0.55 * gauss(h, 8.0, 0.5) + 0.35 * gauss(h, 14.0, 0.6) + 0.3 * gauss(h, 19.0, 0.7) + 0.25 * gauss(h, 22.0, 0.3);
    const scale = d === 'workday' ? 1 : d === 'weekend' ? 0.6 : 0.15;
    return scale * Math.max(shape * open(h, 7.5, 22.5), 0.001);
  },
  // Class changes at 07:50, 09:50, 13:50, 15:50, 18:50.
  teaching: (h, d) => {
    const shape = 0.15 + gauss(h, 7.85, 0.2) + 0.8 * gauss(h, 9.8, 0.2) + 0.9 * gauss(h, 13.85, 0.2) + 0.7 * gauss(h, 15.8, 0.2) + 0.5 * gauss(h, 18.8, 0.25);
    const scale = d === 'workday' ? 1 : d === 'weekend' ? 0.2 : 0.05;
    return scale * Math.max(shape * open(h, 7.25, 21.75), 0.001);
  },
  dorm_door: (h, d) => {
    const shape = 0.2 + 0.7 * gauss(h, 7.4, 0.5) + 0.6 * gauss(h, 12.3, 0.6) + 0.6 * gauss(h, 17.5, 0.7) + gauss(h, 22.4, 0.6);
    const scale = d === 'workday' ? 1 : d === 'weekend' ? 0.8 : 0.4;
    return scale * Math.max(shape * open(h, 6, 23.5), 0.01);
  },
  // Recharge and self-service payment kiosks: daytime, busiest around meals.
  kiosk: (h, d) => {
    const shape = 0.35 + 0.6 * gauss(h, 11.7, 0.8) + gauss(h, 17.6, 0.9) + 0.3 * gauss(h, 20.5, 0.8);
    const scale = d === 'workday' ? 1 : d === 'weekend' ? 0.6 : 0.3;
    return scale * Math.max(shape * open(h, 7, 22.5), 0.002);
  },
  // Scenic-site ticket office, open 08:00–17:30: weekends and holidays are what the site is for.
  ticket_office: (h, d) => {
    const shape = gauss(h, 9.6, 0.9) + 0.65 * gauss(h, 13.5, 1.2) + 0.15;
    const scale = d === 'workday' ? 0.3 : d === 'weekend' ? 0.7 : 1;
    return scale * shape * open(h, 8, 17.5);
  },
  scenic_gate: (h, d) => {
    const shape = gauss(h, 10.0, 1.0) + 0.6 * gauss(h, 13.8, 1.2) + 0.12;
    const scale = d === 'workday' ? 0.3 : d === 'weekend' ? 0.7 : 1;
    return scale * shape * open(h, 8, 18);
  },
  // Card holders' app and portal: broad daytime use with lunch and late-evening peaks.
  portal: (h, d) => {
    const shape = 0.4 * open(h, 7, 24) + 0.6 * gauss(h, 12.5, 0.8) + gauss(h, 21.5, 1.0) + 0.03;
    const scale = d === 'workday' ? 1 : d === 'weekend' ? 0.85 : 0.5;
    return scale * shape;
  },
  // Card-centre operators and finance: office hours with a lunch break.
  office: (h, d) => {
    const shape = open(h, 8, 17.5) * (1 - 0.7 * gauss(h, 12.5, 0.5)) + 0.02;
    const scale = d === 'workday' ? 1 : d === 'weekend' ? 0.1 : 0.05;
    return scale * shape;
  },
  flat: () => 1,
};

/** intensity[profile][dayType * 1440 + minute], normalised so that each profile's busiest minute is 1 */
const TABLES: Record<Profile, Float64Array> = Object.fromEntries(
  PROFILES.map((profile) => {
    const table = new Float64Array(3 * 1440);
    let max = 0;
    DAY_TYPES.forEach((day, d) => {
      for (let m = 0; m < 1440; m++) {
        const v = Math.max(0, SHAPES[profile]((m + 0.5) / 60, day));
        table[d * 1440 + m] = v;
        if (v > max) max = v;
      }
    });
    for (let i = 0; i < table.length; i++) table[i] = table[i]! / max;
    return [profile, table];
  }),
) as Record<Profile, Float64Array>;

/** The profile's intensity (0…1) at an instant. */
export function intensity(profile: Profile, ms: number): number {
  const local = ms + SHANGHAI_OFFSET_MS;
  const day = Math.floor(local / DAY_MS);
  const minute = Math.floor((local - day * DAY_MS) / MINUTE_MS);
  return TABLES[profile][dayTypeIndex(day) * 1440 + minute]!;
}

/**
 * The next arrival after `fromMs` of a Poisson process whose rate is `peakPerSecond × intensity(profile, t)`:
 * one exponential draw spent across the minutes (the rate is constant within a minute), so quiet nights cost a few
 * steps rather than thousands of rejected candidates. Infinity when nothing would happen within two weeks.
 */
export function nextArrival(rng: Rng, profile: Profile, peakPerSecond: number, fromMs: number): number {
  if (peakPerSecond <= 0) return Infinity;
  const table = TABLES[profile];
  const perMs = peakPerSecond / 1000;
  let budget = -Math.log(1 - rng.next());
  let t = fromMs;
  const local = t + SHANGHAI_OFFSET_MS;
  let day = Math.floor(local / DAY_MS);
  let dayBase = dayTypeIndex(day) * 1440;
  let minute = Math.floor((local - day * DAY_MS) / MINUTE_MS);
  for (let steps = 0; steps < 20_160; steps++) {
    const rate = perMs * table[dayBase + minute]!;
    const minuteEnd = localMidnight(day) + (minute + 1) * MINUTE_MS;
    if (rate > 0) {
      const need = budget / rate;
      if (t + need < minuteEnd) return t + need;
      budget -= rate * (minuteEnd - t);
    }
    t = minuteEnd;
    if (++minute === 1440) {
      minute = 0;
      day++;
      dayBase = dayTypeIndex(day) * 1440;
    }
  }
  return Infinity;
}
