/**
 * Business time for SLA clocks (issue 11, C5.3): when a target of N business minutes falls due, and how many business
 * minutes have passed, on a working calendar (7×24 or business hours with China's holidays and make-up workdays),
 * with the clock stopped during pauses (waiting for the customer, for parts, for a third party).
 *
 * Pure functions of instants (epoch ms): the caller passes `clock.now()` where "now" matters. Both functions are exact
 * to the millisecond and are inverse to each other: measuring from the start to the due instant gives the target back.
 */
import type { WorkingCalendar } from '../working-calendar.ts';
import { advanceWorkingMs, closeOfNthWorkingDayAfter, workingMsBetween } from './timeline.ts';

const MINUTE_MS = 60_000;

/** [from, to): the clock is stopped from `from` (included) to `to` (excluded). */
export type Pause = readonly [from: number, to: number];

function checkInstant(ms: number, what: string): void {
  if (!Number.isFinite(ms)) throw new RangeError(`${what} is not an instant: ${ms}`);
}

const NO_PAUSES: Pause[] = [];

/**
 * Pauses in order with overlapping or touching ones joined, so that no stopped minute is subtracted twice (an incident
 * can wait for the customer and for parts at once). Empty pauses are dropped; a pause that ends before it starts is
 * a caller's mistake.
 */
function mergedPauses(pauses: readonly Pause[]): Pause[] {
  if (pauses.length === 0) return NO_PAUSES;
  for (const [i, [from, to]] of pauses.entries()) {
    checkInstant(from, `pause ${i} from`);
    checkInstant(to, `pause ${i} to`);
    if (to < from) throw new RangeError(`pause ${i} ends (${to}) before it starts (${from})`);
  }
  const sorted = pauses.filter(([from, to]) => to > from).sort((a, b) => a[0] - b[0]);
  const out: [number, number][] = [];
  for (const [from, to] of sorted) {
    const last = out[out.length - 1];
    if (last && from <= last[1]) last[1] = Math.max(last[1], to);
    else out.push([from, to]);
  }
  return out;
}

function targetMs(minutes: number): number {
  if (!Number.isFinite(minutes) || minutes < 0) throw new RangeError(`business minutes must be 0 or more, not ${minutes}`);
  return Math.round(minutes * MINUTE_MS);
}

/**
 * The instant at which `minutes` business minutes have run since `start`, the clock stopped during `pauses`.
 * Counting starts at the next business time if `start` is outside it (a ticket opened on a holiday starts on the next
 * workday); a due instant at the end of a range stays there (due 18:00, not 09:00 the next morning). A zero target is
 * due at `start` itself.
 */
export function addBusinessMinutes(cal: WorkingCalendar, start: number, minutes: number, pauses: readonly Pause[] = NO_PAUSES): number {
  checkInstant(start, 'start');
  let remaining = targetMs(minutes);
  if (remaining === 0) return start;
  let cursor = start;
  for (const [from, to] of mergedPauses(pauses)) {
    if (to <= cursor) continue;
    if (from > cursor) {
      const available = workingMsBetween(cal, cursor, from);
      if (remaining <= available) return advanceWorkingMs(cal, cursor, remaining);
      remaining -= available;
    }
    cursor = to;
  }
  return advanceWorkingMs(cal, cursor, remaining);
}

/**
 * Business minutes from `from` to `to` (fractions for parts of a minute) with the clock stopped during `pauses`;
 * 0 when `to` is not after `from`. For a running clock `to` is now; a pause still open ends now too.
 */
export function businessMinutesBetween(cal: WorkingCalendar, from: number, to: number, pauses: readonly Pause[] = NO_PAUSES): number {
  checkInstant(from, 'from');
  checkInstant(to, 'to');
  if (to <= from) return 0;
  let ms = workingMsBetween(cal, from, to);
  for (const [pauseFrom, pauseTo] of mergedPauses(pauses)) {
    if (pauseTo <= from || pauseFrom >= to) continue;
    ms -= workingMsBetween(cal, Math.max(pauseFrom, from), Math.min(pauseTo, to));
  }
  return ms / MINUTE_MS;
}

/**
 * The deadline of a target of `days` business days from `start`, as China's Civil Code counts a period in days:
 *
 * - 民法典 第二百零一条: "按照年、月、日计算期间的，开始的当日不计入，自下一日开始计算" — the day the ticket is opened
 *   does not count; day 1 is the next one;
 * - 第二百零三条: a period whose last day is a statutory holiday ends on the day after the holiday, and "期间的最后一日的
 *   截止时间为二十四时；有业务时间的，停止业务活动的时间为截止时间" — the last day ends at close of business;
 * - 第二百零四条: these rules apply unless the contract says otherwise.
 *
 * So "on site within 1 business day" for a ticket opened at 10:00 on a Monday is due at 18:00 on Tuesday, and one
 * opened at 16:30 on Friday 2026-10-09 is due at 18:00 on Saturday 10-10 (a make-up workday). Counting business days
 * is what a Chinese service contract means by 个工作日; it is not "9 business hours" (which would put the Monday
 * ticket's engineer on site by 10:00 on Tuesday and, on a calendar with a lunch break, earlier) and not "the same time
 * on the next business day" (undefined for a ticket opened at night or on a holiday). A contract that does define a
 * business day as so many hours takes a target in minutes instead.
 *
 * 0 days: `start`. Pauses are not taken here: a business-day target becomes a budget of business minutes when the clock
 * starts (`targetMinutes`), and the pauses push that budget's due instant like any other.
 */
export function addBusinessDays(cal: WorkingCalendar, start: number, days: number): number {
  checkInstant(start, 'start');
  if (!Number.isInteger(days) || days < 0) throw new RangeError(`business days must be a whole number, 0 or more, not ${days}`);
  if (days === 0) return start;
  return closeOfNthWorkingDayAfter(cal, start, days);
}

/** An SLA target: so many business minutes (hours are 60 of them), or so many business days (see addBusinessDays). */
export type SlaTarget = { minutes: number } | { businessDays: number };

/**
 * The target in business minutes for a clock started at `start`: a business-day target is the business time from
 * `start` to its Civil Code deadline, fixed when the clock starts, so that pauses, the warning share (75 %) and the
 * elapsed minutes work on minutes for every target alike.
 */
export function targetMinutes(cal: WorkingCalendar, start: number, target: SlaTarget): number {
  if ('minutes' in target) {
    targetMs(target.minutes);
    return target.minutes;
  }
  return businessMinutesBetween(cal, start, addBusinessDays(cal, start, target.businessDays));
}

/** The due instant of an SLA target for a clock started at `start` and stopped during `pauses`. */
export function dueInstant(cal: WorkingCalendar, start: number, target: SlaTarget, pauses: readonly Pause[] = NO_PAUSES): number {
  return addBusinessMinutes(cal, start, targetMinutes(cal, start, target), pauses);
}
