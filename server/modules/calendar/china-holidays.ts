/**
 * China's public holidays and make-up workdays (调休), as the State Council publishes them each year, from the
 * `chinese-days` package (MIT). Updating the package is how a new year's arrangement arrives.
 *
 * We read the package's JSON file (documented in its README for exactly this use) rather than call its functions:
 * those parse a date string in the process's own time zone, so on a server set to UTC−5 `isWorkday('2026-10-11')`
 * answers for 10 October. Here a date is only ever a 'YYYY-MM-DD' key, already local to the calendar's zone.
 */
import days from 'chinese-days/dist/chinese-days.json' with { type: 'json' };
import { dayNumberOf } from './zones.ts';

/** A holiday's name as the package gives it, e.g. { en: 'National Day', zh: '国庆节' }. */
export interface HolidayName {
  en: string;
  zh: string;
}

export type ChinaDay = { kind: 'holiday' | 'makeUpWorkday'; name: HolidayName };

/** "National Day,国庆节,3": English, Chinese, and the number of days off. */
function nameOf(text: string): HolidayName {
  const [en = '', zh = ''] = text.split(',');
  return { en, zh };
}

const byDay = new Map<number, ChinaDay>();
const years = new Set<number>();
for (const [date, text] of Object.entries(days.holidays as Record<string, string>)) {
  byDay.set(dayNumberOf(date), { kind: 'holiday', name: nameOf(text) });
  years.add(Number(date.slice(0, 4)));
}
for (const [date, text] of Object.entries(days.workdays as Record<string, string>)) {
  byDay.set(dayNumberOf(date), { kind: 'makeUpWorkday', name: nameOf(text) });
}

const coverage = { firstYear: Math.min(...years), lastYear: Math.max(...years) };

/** A public holiday or make-up workday on that day (days since 1970-01-01), or undefined for an ordinary day. */
export const chinaDayOn = (dayNumber: number): ChinaDay | undefined => byDay.get(dayNumber);

/**
 * The years whose holidays and make-up workdays the installed package knows (2004–2026 in chinese-days 1.5.7). Dates
 * outside them are ordinary days: a calendar counts their weekly ranges as if there were no public holidays, which is
 * wrong once the year's arrangement is published (usually in November, for the year after). Callers show this so that a
 * user can tell when a calendar reaches beyond `lastYear`.
 */
export const holidayCoverage = (): { firstYear: number; lastYear: number } => ({ ...coverage });
