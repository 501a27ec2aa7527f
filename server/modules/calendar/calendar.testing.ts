import fc from 'fast-check';
import { WEEKDAYS, type TimeRange, type Weekday } from './weekly.ts';
import type { CustomDate, WorkingCalendar } from './working-calendar.ts';
import { dateOfDayNumber, dayNumberOf } from './zones.ts';

export const NINE_TO_SIX: TimeRange[] = [['09:00', '18:00']];
/** Issue 11's default SLA calendar: 工作日 09:00–18:00, Asia/Shanghai, with China's holidays and make-up workdays. */
export const OFFICE: WorkingCalendar = {
  zone: 'Asia/Shanghai',
  weekly: { mon: NINE_TO_SIX, tue: NINE_TO_SIX, wed: NINE_TO_SIX, thu: NINE_TO_SIX, fri: NINE_TO_SIX },
  chinaHolidays: true,
};
export const OFFICE_NO_HOLIDAYS: WorkingCalendar = { ...OFFICE, chinaHolidays: false };

/**
 * Random working calendars for the module's property tests: zones with and without daylight saving (and a 45-minute
 * offset), up to three ranges a day, China's holidays on or off, custom dates in 2025–2026, which chinese-days covers.
 */
export const CALENDAR_YEARS = { from: Date.parse('2025-01-01T00:00:00Z'), to: Date.parse('2026-12-20T00:00:00Z') };

export const zoneArb = fc.constantFrom('Asia/Shanghai', 'UTC', 'Europe/Berlin', 'America/New_York', 'Australia/Adelaide', 'Asia/Kathmandu');

const hhmm = (m: number) => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;

/** 0–3 ranges within a day, not overlapping: sorted distinct minutes taken in pairs. */
export const dayRangesArb = fc.uniqueArray(fc.integer({ min: 0, max: 1440 }), { maxLength: 6 }).map((points) => {
  const sorted = [...points].sort((a, b) => a - b);
  const ranges: TimeRange[] = [];
  for (let i = 0; i + 1 < sorted.length; i += 2) ranges.push([hhmm(sorted[i]!), hhmm(sorted[i + 1]!)]);
  return ranges;
});

/** A week with working time on at least one day. */
export const weeklyArb = fc
  .record(Object.fromEntries(WEEKDAYS.map((d) => [d, dayRangesArb])) as Record<Weekday, typeof dayRangesArb>)
  .filter((w) => Object.values(w).some((r) => r.length > 0));

export const customDateArb: fc.Arbitrary<CustomDate> = fc.oneof(
  fc.constant({ working: false as const }),
  fc.constant({ working: true as const }),
  dayRangesArb.map((ranges) => ({ working: true as const, ranges })),
);

export const dateIn2025or2026Arb = fc.integer({ min: dayNumberOf('2025-01-01'), max: dayNumberOf('2026-12-31') }).map(dateOfDayNumber);

export const calendarArb: fc.Arbitrary<WorkingCalendar> = fc.record({
  zone: zoneArb,
  weekly: weeklyArb,
  chinaHolidays: fc.boolean(),
  customDates: fc.dictionary(dateIn2025or2026Arb, customDateArb, { maxKeys: 5 }),
});
