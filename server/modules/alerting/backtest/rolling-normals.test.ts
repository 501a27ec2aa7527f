import { describe, expect, it } from 'vitest';
import { profileOf } from '../engine/baselines.ts';
import { RollingNormals, type HourlySums } from './rolling-normals.ts';

const HOUR = 3_600_000;
const WEEK = 7 * 24 * HOUR;
const ZONE = 'Asia/Shanghai';

/** Per-minute values of three weeks, different each hour and week, folded into hourly sums as the database does. */
function history(start: number, hours: number) {
  const minutes: [number, number][] = [];
  for (let m = 0; m < hours * 60; m++) minutes.push([start + m * 60_000, ((m * 7919) % 97) + Math.floor(m / 60 / 24 / 7) * 10]);
  const hourly = new Map<number, HourlySums>();
  for (const [at, v] of minutes) {
    const hour = at - (at % HOUR);
    const h = hourly.get(hour) ?? hourly.set(hour, { hour, n: 0, sum: 0, sumSq: 0 }).get(hour)!;
    h.n += 1;
    h.sum += v;
    h.sumSq += v * v;
  }
  return { minutes, hourly: [...hourly.values()] };
}

describe('rolling baseline normals', () => {
  const start = Date.parse('2026-10-05T00:00:00Z');
  const { minutes, hourly } = history(start, 3 * 7 * 24);

  const fromHours = () => {
    const normals = new RollingNormals(ZONE, 1);
    normals.addHours(hourly);
    return normals;
  };
  /** The first `hours` from the database (the last of them only in part), the rest minute by minute. */
  const fromBoth = (hours: number) => {
    const normals = new RollingNormals(ZONE, 1);
    const split = start + hours * HOUR + 20 * 60_000;
    normals.addHours(history(start, hours + 1).minutes.filter(([m]) => m < split).reduce<HourlySums[]>((acc, [m, v]) => {
      const hour = m - (m % HOUR);
      if (acc.at(-1)?.hour !== hour) acc.push({ hour, n: 0, sum: 0, sumSq: 0 });
      const h = acc.at(-1)!;
      h.n += 1;
      h.sum += v;
      h.sumSq += v * v;
      return acc;
    }, []));
    for (const [m, v] of minutes) if (m >= split) normals.addMinute(m, v);
    return normals;
  };

  it.each([
    ['added up by the database', fromHours],
    ['partly added minute by minute', () => fromBoth(200)],
  ])('are, at every judged hour, what profileOf learns from the weeks before that hour (%s)', (_how, make) => {
    const normals = make();
    for (const at of [start + WEEK + 5 * HOUR + 17 * 60_000, start + 2 * WEEK + 30 * HOUR, start + 3 * WEEK - 1]) {
      const hourStart = at - (at % HOUR);
      const expected = profileOf(minutes.filter(([m]) => m >= hourStart - WEEK && m < hourStart), ZONE);
      const local = new Date(at + 8 * HOUR);
      const slot = `${['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'][local.getUTCDay()]}:${local.getUTCHours()}`;
      const want = expected.get(slot)!;
      const got = normals.at(at)!;
      expect(got.samples).toBe(want.samples);
      expect(got.mean).toBeCloseTo(want.mean, 9);
      expect(got.std).toBeCloseTo(want.std, 9);
    }
  });

  it('know nothing of an hour before it has passed, nor of hours older than their weeks', () => {
    const normals = fromHours();
    // The first week's hours: nothing learned yet.
    expect(normals.at(start + 3 * HOUR)).toBeNull();
    // A week later the same hour has one week of 60 minutes behind it; two weeks on, still one (the older left).
    expect(normals.at(start + WEEK + 3 * HOUR)!.samples).toBe(60);
    expect(normals.at(start + 2 * WEEK + 3 * HOUR)!.samples).toBe(60);
  });
});
