/** Virtual-time units and device timestamps: every device keeps China Standard Time (+08:00). */
import { localDay, localMidnight, SHANGHAI_OFFSET_MS } from '../rhythm.ts';

export const MINUTE = 60_000;
export const HOUR = 3_600_000;

/** Formats device time as ISO 8601 in +08:00, caching the date-hour-minute prefix. */
export class TsFormatter {
  private minute = Number.NaN;
  private prefix = '';
  format(ms: number): string {
    const local = ms + SHANGHAI_OFFSET_MS;
    const minute = Math.floor(local / MINUTE);
    if (minute !== this.minute) {
      this.minute = minute;
      this.prefix = new Date(minute * MINUTE).toISOString().slice(0, 17);
    }
    const rest = local - minute * MINUTE;
    const s = Math.floor(rest / 1000);
    const milli = rest - s * 1000;
    return `${this.prefix}${s < 10 ? '0' : ''}${s}.${milli < 10 ? '00' : milli < 100 ? '0' : ''}${milli}+08:00`;
  }
}

/** The first instant at or after `fromMs` that is `minuteOfDay` local time. */
export function nextLocalTime(fromMs: number, minuteOfDay: number): number {
  let t = localMidnight(localDay(fromMs)) + minuteOfDay * MINUTE;
  if (t < fromMs) t += 24 * HOUR;
  return t;
}
