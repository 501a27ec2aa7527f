import { Cron } from 'croner';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileSchedule, cronProblem } from './schedule.ts';

const at = (iso: string) => Date.parse(iso);
const MINUTE = 60_000;

describe('cronProblem', () => {
  const now = at('2026-12-01T00:00:00Z');

  it('accepts 5 fields, and 6 with seconds first', () => {
    expect(cronProblem('0 22 * * 1-5', 'Asia/Shanghai', now)).toBeNull();
    expect(cronProblem('30 0 22 * * *', 'Asia/Shanghai', now)).toBeNull();
  });

  it('names what is wrong with a bad expression', () => {
    for (const bad of ['* * * *', '0 0 0 0 0 0 0', '61 * * * *', 'every day', '']) {
      const problem = cronProblem(bad, 'UTC', now);
      expect(problem, bad).toMatchObject({ field: 'cron', code: 'cronInvalid' });
      expect(String(problem?.params?.detail).length, bad).toBeGreaterThan(0);
    }
  });

  it('refuses an expression that never runs', () => {
    expect(cronProblem('0 0 31 2 *', 'UTC', now, 'body.cron')).toMatchObject({ field: 'body.cron', code: 'cronInvalid', params: { detail: 'it never runs' } });
  });
});

describe('a one-off window', () => {
  const s = compileSchedule({ kind: 'once', startsAt: at('2026-12-01T10:00:00Z'), endsAt: at('2026-12-01T12:00:00Z') });

  it('is on from its start (inclusive) to its end (exclusive)', () => {
    expect(s.activeAt(at('2026-12-01T09:59:59.999Z'))).toBeNull();
    expect(s.activeAt(at('2026-12-01T10:00:00Z'))).toEqual({ start: at('2026-12-01T10:00:00Z'), end: at('2026-12-01T12:00:00Z') });
    expect(s.activeAt(at('2026-12-01T12:00:00Z'))).toBeNull();
  });

  it('says when it next starts and ends', () => {
    expect(s.outlook(at('2026-12-01T09:00:00Z'))).toEqual({ activeNow: false, nextStart: at('2026-12-01T10:00:00Z'), nextEnd: at('2026-12-01T12:00:00Z') });
    expect(s.outlook(at('2026-12-01T11:00:00Z'))).toEqual({ activeNow: true, nextStart: null, nextEnd: at('2026-12-01T12:00:00Z') });
    expect(s.outlook(at('2026-12-01T13:00:00Z'))).toEqual({ activeNow: false, nextStart: null, nextEnd: null });
  });
});

describe('a recurring window', () => {
  // 22:00–00:00 on weekdays, Beijing time: 14:00–16:00 UTC
  const nightly = compileSchedule({ kind: 'recurring', cron: '0 22 * * 1-5', zone: 'Asia/Shanghai', durationMs: 120 * MINUTE });

  it('reads the expression in its own zone', () => {
    // Tuesday 1 December 2026
    expect(nightly.activeAt(at('2026-12-01T13:59:59Z'))).toBeNull();
    expect(nightly.activeAt(at('2026-12-01T14:00:00Z'))).toEqual({ start: at('2026-12-01T14:00:00Z'), end: at('2026-12-01T16:00:00Z') });
    expect(nightly.activeAt(at('2026-12-01T15:59:59.999Z'))).not.toBeNull();
    expect(nightly.activeAt(at('2026-12-01T16:00:00Z'))).toBeNull();
  });

  it('skips the days the expression skips', () => {
    // Saturday 5 December, 22:30 in Beijing
    expect(nightly.activeAt(at('2026-12-05T14:30:00Z'))).toBeNull();
    expect(nightly.outlook(at('2026-12-05T14:30:00Z'))).toEqual({ activeNow: false, nextStart: at('2026-12-07T14:00:00Z'), nextEnd: at('2026-12-07T16:00:00Z') });
  });

  it('shows the next stretch while on: its end, and the start after it', () => {
    expect(nightly.outlook(at('2026-12-01T15:00:00Z'))).toEqual({ activeNow: true, nextStart: at('2026-12-02T14:00:00Z'), nextEnd: at('2026-12-01T16:00:00Z') });
  });

  it('runs occurrences that overlap into one stretch', () => {
    // every hour for 90 minutes from 08:00 to 10:00 UTC: on from 08:00 until 11:30
    const overlapping = compileSchedule({ kind: 'recurring', cron: '0 8-10 * * *', zone: 'UTC', durationMs: 90 * MINUTE });
    expect(overlapping.outlook(at('2026-12-01T08:10:00Z'))).toEqual({ activeNow: true, nextStart: at('2026-12-02T08:00:00Z'), nextEnd: at('2026-12-01T11:30:00Z') });
    expect(overlapping.activeAt(at('2026-12-01T10:45:00Z'))).toEqual({ start: at('2026-12-01T10:00:00Z'), end: at('2026-12-01T11:30:00Z') });
  });

  it('follows daylight saving time in a zone that has it', () => {
    // 02:30 local on the night New York's clocks go back (1 November 2026) and the night after
    const ny = compileSchedule({ kind: 'recurring', cron: '30 2 * * *', zone: 'America/New_York', durationMs: 10 * MINUTE });
    expect(ny.activeAt(at('2026-10-31T06:35:00Z'))).not.toBeNull(); // EDT, UTC-4
    expect(ny.activeAt(at('2026-11-02T07:35:00Z'))).not.toBeNull(); // EST, UTC-5
    expect(ny.activeAt(at('2026-11-02T06:35:00Z'))).toBeNull();
  });

  it('is on exactly when a run of the expression began less than a duration ago (against a plain enumeration)', () => {
    const patterns = ['*/7 * * * *', '0 22 * * 1-5', '30 */3 * * *', '0 0 1 * *', '*/20 * * * * *', '15 2 * * 0'];
    const zones = ['Asia/Shanghai', 'UTC', 'America/New_York'];
    const start = at('2026-01-01T00:00:00Z');
    fc.assert(
      fc.property(
        fc.constantFrom(...patterns),
        fc.constantFrom(...zones),
        fc.integer({ min: 1, max: 600 }),
        fc.integer({ min: 0, max: 365 * 24 * 3600 }),
        fc.integer({ min: 0, max: 999 }),
        fc.boolean(),
        (cron, zone, minutes, seconds, ms, onARun) => {
          const cronJob = new Cron(cron, { timezone: zone, paused: true });
          const durationMs = minutes * MINUTE;
          // half the time, land exactly on a run, the edge an off-by-one would miss
          const now = onARun ? cronJob.nextRun(new Date(start + seconds * 1000))!.getTime() : start + seconds * 1000 + ms;
          const runs: number[] = [];
          for (let run = cronJob.nextRun(new Date(now - durationMs)); run && run.getTime() <= now; run = cronJob.nextRun(run)) runs.push(run.getTime());
          const covering = runs.filter((r) => now - durationMs < r && r <= now);
          const expected = covering.length === 0 ? null : { start: covering[covering.length - 1]!, end: covering[covering.length - 1]! + durationMs };
          const schedule = compileSchedule({ kind: 'recurring', cron, zone, durationMs });
          expect(schedule.activeAt(now)).toEqual(expected);
          expect(schedule.outlook(now).activeNow).toBe(expected !== null);
        },
      ),
      { numRuns: 150 },
    );
  });
});
