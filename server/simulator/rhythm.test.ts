import { describe, expect, it } from 'vitest';
import { Rng } from './random.ts';
import { dayTypeOf, intensity, localMinute, localWeekday, nextArrival, PROFILES } from './rhythm.ts';

const at = (local: string) => Date.parse(`${local}+08:00`);

describe('rhythms in Asia/Shanghai', () => {
  it('knows local time, weekdays and holidays', () => {
    expect(localMinute(at('2026-11-20T11:32:00'))).toBe(11 * 60 + 32);
    expect(localWeekday(at('2026-11-21T00:30:00'))).toBe(6); // Saturday in Shanghai, still Friday in UTC
    expect(dayTypeOf(at('2026-11-18T12:00:00'))).toBe('workday');
    expect(dayTypeOf(at('2026-11-21T12:00:00'))).toBe('weekend');
    expect(dayTypeOf(at('2026-10-03T12:00:00'))).toBe('holiday');
    expect(dayTypeOf(at('2026-10-10T12:00:00'))).toBe('workday'); // a Saturday made a workday (调休)
  });

  it('puts canteen peaks at meal times and near silence at night', () => {
    const noon = intensity('canteen', at('2026-11-18T12:00:00'));
    expect(noon).toBeGreaterThan(0.9);
    expect(intensity('canteen', at('2026-11-18T07:45:00'))).toBeGreaterThan(0.4);
    expect(intensity('canteen', at('2026-11-18T18:00:00'))).toBeGreaterThan(0.7);
    expect(intensity('canteen', at('2026-11-18T15:30:00'))).toBeLessThan(0.15);
    expect(intensity('canteen', at('2026-11-18T03:00:00'))).toBeLessThan(noon / 100);
    expect(intensity('canteen', at('2026-11-21T12:00:00'))).toBeLessThan(noon * 0.7); // weekends are quieter on campus
  });

  it('peaks showers in the evening, the library in the day, ticketing at weekends and holidays', () => {
    expect(intensity('shower', at('2026-11-18T21:45:00'))).toBeGreaterThan(5 * intensity('shower', at('2026-11-18T14:00:00')));
    expect(intensity('library', at('2026-11-18T10:00:00'))).toBeGreaterThan(20 * intensity('library', at('2026-11-18T02:00:00')));
    const weekday = intensity('ticket_office', at('2026-11-18T09:36:00'));
    const weekend = intensity('ticket_office', at('2026-11-21T09:36:00'));
    const holiday = intensity('ticket_office', at('2026-10-02T09:36:00'));
    expect(weekend).toBeGreaterThan(2 * weekday);
    expect(holiday).toBeGreaterThan(weekend);
  });

  it('normalises every profile to a busiest minute of 1', () => {
    for (const p of PROFILES) {
      let max = 0;
      for (const day of ['2026-11-18', '2026-11-21', '2026-10-02']) {
        for (let m = 0; m < 1440; m++) max = Math.max(max, intensity(p, at(`${day}T00:00:00`) + m * 60_000));
      }
      expect(max, p).toBeCloseTo(1, 5);
    }
  });

  it('draws arrivals that follow the rhythm', () => {
    const rng = new Rng(3);
    const perHour = new Array(24).fill(0);
    const start = at('2026-11-18T00:00:00');
    for (let run = 0; run < 20; run++) {
      let t = start;
      for (;;) {
        t = nextArrival(rng, 'canteen', 1, t + 1);
        if (t >= start + 86_400_000) break;
        perHour[Math.floor((t - start) / 3_600_000)]++;
      }
    }
    // expected arrivals in an hour at 1/s peak = Σ over its minutes of 60 × intensity
    const expected = (hour: number) => {
      let sum = 0;
      for (let m = 0; m < 60; m++) sum += 60 * intensity('canteen', start + hour * 3_600_000 + m * 60_000);
      return sum;
    };
    for (const hour of [7, 12, 15, 18]) {
      expect(perHour[hour] / 20, `hour ${hour}`).toBeGreaterThan(expected(hour) * 0.95);
      expect(perHour[hour] / 20, `hour ${hour}`).toBeLessThan(expected(hour) * 1.05);
    }
    expect(perHour[12]).toBeGreaterThan(100 * Math.max(1, perHour[3]));
    expect(nextArrival(rng, 'ticket_office', 0, start)).toBe(Infinity);
  });
});
