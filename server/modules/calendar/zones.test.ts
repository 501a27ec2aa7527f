import { describe, expect, it } from 'vitest';
import {
  addDays,
  DEFAULT_ZONE,
  instantOf,
  isCalendarDate,
  isValidTimeZone,
  localDateOf,
  localPartsOf,
  startOfLocalDay,
  weekdayOf,
  zoneOffsetMs,
} from './zones.ts';

const at = (iso: string) => Date.parse(iso);
const iso = (ms: number) => new Date(ms).toISOString();
const clock = (ms: number, zone: string) => {
  const p = localPartsOf(ms, zone);
  return `${p.date} ${String(p.hour).padStart(2, '0')}:${String(p.minute).padStart(2, '0')}:${String(p.second).padStart(2, '0')} ${p.weekday}`;
};

describe('zones', () => {
  it('defaults to Asia/Shanghai', () => {
    expect(DEFAULT_ZONE).toBe('Asia/Shanghai');
    expect(zoneOffsetMs(at('2026-07-01T00:00:00Z'), DEFAULT_ZONE)).toBe(8 * 3_600_000);
    expect(zoneOffsetMs(at('2026-01-01T00:00:00Z'), DEFAULT_ZONE)).toBe(8 * 3_600_000);
  });

  it('knows IANA zones and nothing else', () => {
    for (const zone of ['Asia/Shanghai', 'UTC', 'Europe/Berlin', 'America/New_York', 'Asia/Kathmandu', 'asia/shanghai']) expect(isValidTimeZone(zone), zone).toBe(true);
    for (const zone of ['Mars/Olympus', '', '+08:00', '-05:00', 'Asia/Shanghai ', 'x'.repeat(65)]) expect(isValidTimeZone(zone), zone).toBe(false);
    expect(() => localDateOf(0, 'Mars/Olympus')).toThrow(/unknown time zone "Mars\/Olympus"/);
  });

  it('gives the local date and time of an instant', () => {
    expect(localDateOf(at('2026-11-19T16:00:00Z'), 'Asia/Shanghai')).toBe('2026-11-20');
    expect(localDateOf(at('2026-11-19T16:00:00Z'), 'UTC')).toBe('2026-11-19');
    expect(localDateOf(at('2026-11-19T15:59:59.999Z'), 'Asia/Shanghai')).toBe('2026-11-19');
    expect(clock(at('2026-10-09T08:30:00Z'), 'Asia/Shanghai')).toBe('2026-10-09 16:30:00 fri');
    expect(localPartsOf(at('2026-10-09T08:30:00.250Z'), 'Asia/Shanghai')).toMatchObject({ year: 2026, month: 10, day: 9, hour: 16, minute: 30, millisecond: 250 });
  });

  it('follows Berlin across its clock changes', () => {
    // 29 March 2026: 02:00 CET becomes 03:00 CEST (01:00 UTC); 25 October: 03:00 CEST becomes 02:00 CET (01:00 UTC).
    expect(clock(at('2026-03-29T00:59:59Z'), 'Europe/Berlin')).toBe('2026-03-29 01:59:59 sun');
    expect(clock(at('2026-03-29T01:00:00Z'), 'Europe/Berlin')).toBe('2026-03-29 03:00:00 sun');
    expect(clock(at('2026-10-25T00:30:00Z'), 'Europe/Berlin')).toBe('2026-10-25 02:30:00 sun');
    expect(clock(at('2026-10-25T01:30:00Z'), 'Europe/Berlin')).toBe('2026-10-25 02:30:00 sun');
    expect(startOfLocalDay('2026-03-30', 'Europe/Berlin') - startOfLocalDay('2026-03-29', 'Europe/Berlin')).toBe(23 * 3_600_000);
    expect(startOfLocalDay('2026-10-26', 'Europe/Berlin') - startOfLocalDay('2026-10-25', 'Europe/Berlin')).toBe(25 * 3_600_000);
    expect(iso(startOfLocalDay('2026-03-29', 'Europe/Berlin'))).toBe('2026-03-28T23:00:00.000Z');
  });

  it('is right within an hour whose offset changes halfway (Adelaide moves at 16:30 UTC)', () => {
    // Asked in this order, an offset cached for the whole UTC hour would give the second answer wrong.
    expect(clock(at('2026-10-03T16:10:00Z'), 'Australia/Adelaide')).toBe('2026-10-04 01:40:00 sun');
    expect(clock(at('2026-10-03T16:40:00Z'), 'Australia/Adelaide')).toBe('2026-10-04 03:10:00 sun');
    expect(clock(at('2026-10-03T16:20:00Z'), 'Australia/Adelaide')).toBe('2026-10-04 01:50:00 sun');
  });

  it('turns local times into instants: earlier of a repeated time, a skipped time moved past the gap', () => {
    expect(iso(instantOf({ year: 2026, month: 10, day: 9, hour: 16, minute: 30 }, 'Asia/Shanghai'))).toBe('2026-10-09T08:30:00.000Z');
    expect(iso(instantOf({ year: 2026, month: 3, day: 29, hour: 2, minute: 30 }, 'Europe/Berlin'))).toBe('2026-03-29T01:30:00.000Z'); // = 03:30 CEST
    expect(iso(instantOf({ year: 2026, month: 10, day: 25, hour: 2, minute: 30 }, 'Europe/Berlin'))).toBe('2026-10-25T00:30:00.000Z'); // CEST, not CET
    expect(iso(instantOf({ year: 2026, month: 3, day: 8, hour: 2, minute: 30 }, 'America/New_York'))).toBe('2026-03-08T07:30:00.000Z'); // = 03:30 EDT
    expect(iso(instantOf({ year: 2026, month: 11, day: 1, hour: 1, minute: 30 }, 'America/New_York'))).toBe('2026-11-01T05:30:00.000Z'); // EDT, not EST
    expect(iso(instantOf({ year: 2026, month: 10, day: 9, hour: 24 }, 'Asia/Shanghai'))).toBe('2026-10-09T16:00:00.000Z'); // = 10-10 00:00
  });

  it('starts a day whose midnight does not exist when its clock does (Santiago skips 00:00–01:00 on 6 September 2026)', () => {
    const start = startOfLocalDay('2026-09-06', 'America/Santiago');
    expect(clock(start, 'America/Santiago')).toBe('2026-09-06 01:00:00 sun');
    expect(localDateOf(start - 1, 'America/Santiago')).toBe('2026-09-05');
  });

  it('works with dates as text', () => {
    expect(isCalendarDate('2026-02-28')).toBe(true);
    expect(isCalendarDate('2028-02-29')).toBe(true);
    for (const bad of ['2026-02-29', '2026-13-01', '2026-1-01', '2026-01-01T00:00', '', '20260101']) expect(isCalendarDate(bad), bad).toBe(false);
    expect(addDays('2026-02-28', 1)).toBe('2026-03-01');
    expect(addDays('2026-01-01', -1)).toBe('2025-12-31');
    expect(weekdayOf('2026-10-10')).toBe('sat');
    expect(weekdayOf('1970-01-01')).toBe('thu');
    expect(weekdayOf('1969-12-29')).toBe('mon');
    expect(() => addDays('2026-02-30', 1)).toThrow(/YYYY-MM-DD/);
  });
});
