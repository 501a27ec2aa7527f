import { isValidZone, localToEpoch } from '../importers/time.ts';
import type { Cutoff } from '../matching.ts';

/**
 * A side's business day as an interval of epoch ms, [start, end): the day that ends at the side's cut-off. A cut-off
 * in the afternoon or evening (the card centre's 23:00) ends day D on D itself, so D is [D−1 23:00, D 23:00); a
 * cut-off from midnight to before noon ends day D on the next morning (WeChat's 00:00: D is [D 00:00, D+1 00:00)).
 * The cut-off instant itself opens the next day, as WeChat's 00:00:00 opens its day.
 */
export interface DayWindow {
  start: number;
  end: number;
}

export function businessDay(day: string, cutoff: Cutoff): DayWindow {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!m) throw new RangeError(`business day "${day}" is not YYYY-MM-DD`);
  const t = /^(\d{2}):(\d{2})$/.exec(cutoff.time);
  if (!t || Number(t[1]) > 23 || Number(t[2]) > 59) throw new RangeError(`cut-off "${cutoff.time}" is not HH:mm`);
  if (!isValidZone(cutoff.timeZone)) throw new RangeError(`time zone "${cutoff.timeZone}" is not an IANA zone`);
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const h = Number(t[1]);
  const mi = Number(t[2]);
  const endsNextMorning = h < 12;
  const endDay = new Date(Date.UTC(y, mo - 1, d + (endsNextMorning ? 1 : 0)));
  const startDay = new Date(Date.UTC(y, mo - 1, d + (endsNextMorning ? 0 : -1)));
  const at = (x: Date) => localToEpoch(x.getUTCFullYear(), x.getUTCMonth() + 1, x.getUTCDate(), h, mi, 0, 0, cutoff.timeZone);
  return { start: at(startDay), end: at(endDay) };
}
