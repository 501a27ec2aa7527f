import type { FieldProblem } from '../../../field-problems.ts';
import { addDays, holidayCoverage, isCalendarDate, localDateOf } from '../../calendar/index.ts';
import { compileRoster, publicHolidayOn, rosterProblems } from './definition.ts';
import { holidayDayOf, holidayStart, segmentsOf } from './roster.ts';
import type { RosterDefinition, RosterWarning } from './roster.types.ts';

/** How far ahead gaps (nobody on duty) are looked for. */
export const GAP_DAYS = 28;
/** How far ahead holiday days without a leader are looked for. */
export const LEADER_DAYS = 90;
/** Gaps reported at most: a nights-only roster has one a day, and the first few say enough. */
export const MAX_GAP_WARNINGS = 50;

const DAY_MS = 86_400_000;
const iso = (ms: number): string => new Date(ms).toISOString();

/**
 * Checks a roster before it is saved. Problems refuse the save (the service throws them with throwIfProblems);
 * warnings are saved and shown: stretches of the next GAP_DAYS with nobody on duty, holiday days of the next
 * LEADER_DAYS without a leader (领导带班), holiday rows on dates that are not public holidays (a campus may add its own
 * days), and dates beyond the years the holiday data covers. Warnings that need the schedule are only looked for when
 * the definition has no problem that stops it being evaluated.
 */
export function checkRoster(def: RosterDefinition, now: number): { problems: FieldProblem[]; warnings: RosterWarning[] } {
  if (typeof now !== 'number' || !Number.isFinite(now)) throw new RangeError(`checkRoster: not an instant: ${now}`);
  const problems = rosterProblems(def);
  const warnings: RosterWarning[] = [];
  const { lastYear } = holidayCoverage();

  if (def.chinaHolidays) {
    (def.holidays ?? []).forEach((h, i) => {
      if (typeof h.date !== 'string' || !isCalendarDate(h.date)) return;
      const field = `holidays.${i}.date`;
      if (Number(h.date.slice(0, 4)) > lastYear) {
        warnings.push({
          code: 'beyondHolidayData',
          field,
          date: h.date,
          lastYear,
          message: `${h.date} is after ${lastYear}, the last year whose public holidays are known: kept as a holiday day of its own`,
        });
      } else if (publicHolidayOn(h.date) === null) {
        warnings.push({ code: 'notAHoliday', field, date: h.date, message: `${h.date} is not a public holiday: kept as a holiday day of the campus's own` });
      }
    });
  }

  let c;
  try {
    c = compileRoster(def);
  } catch {
    return { problems, warnings };
  }

  const gaps: { from: number; to: number }[] = [];
  for (const s of segmentsOf(c, now, now + GAP_DAYS * DAY_MS)) {
    if (s.userIds.length > 0) continue;
    const last = gaps[gaps.length - 1];
    if (last && last.to === s.start) last.to = s.end;
    else gaps.push({ from: s.start, to: s.end });
  }
  for (const g of gaps.slice(0, MAX_GAP_WARNINGS)) {
    warnings.push({ code: 'gap', from: g.from, to: g.to, message: `nobody is on duty from ${iso(g.from)} to ${iso(g.to)}` });
  }

  const horizon = now + LEADER_DAYS * DAY_MS;
  const lastDate = localDateOf(horizon, c.zone);
  for (let d = addDays(localDateOf(now, c.zone), -1); d <= lastDate; d = addDays(d, 1)) {
    const day = holidayDayOf(c, d);
    if (!day || day.duty?.leaderUserId) continue;
    // the holiday day must still be to come or under way, and begin within the horizon
    if (holidayStart(c, addDays(d, 1)) <= now || holidayStart(c, d) >= horizon) continue;
    warnings.push({
      code: 'holidayWithoutLeader',
      date: d,
      holiday: day.name,
      message: `${d}${day.name ? ` (${day.name})` : ''} is a holiday day without a leader on duty`,
    });
  }

  if (def.chinaHolidays && Number(lastDate.slice(0, 4)) > lastYear) {
    const date = `${String(lastYear + 1).padStart(4, '0')}-01-01`;
    warnings.push({
      code: 'beyondHolidayData',
      field: null,
      date,
      lastYear,
      message: `public holidays from ${date} on are not known yet (the holiday data ends with ${lastYear}): update chinese-days once they are published`,
    });
  }
  return { problems, warnings };
}
