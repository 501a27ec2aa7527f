import { describe, expect, it } from 'vitest';
import type { DrillStepsTable } from './drills.tables.ts';
import { stepTimings } from './report.ts';

const MIN = 60_000;
const step = (key: string, position: number, expected: number, patch: Partial<DrillStepsTable> = {}): DrillStepsTable => ({
  run_id: 'r',
  step_key: key,
  position,
  title: '{"zh":"x"}',
  detail: null,
  role: 'commander',
  phase: 'response',
  expected_minutes: expected,
  started_at: null,
  started_by: null,
  done_at: null,
  done_by: null,
  skipped_at: null,
  skipped_by: null,
  skip_reason: null,
  version: 1,
  ...patch,
});

describe('step timings', () => {
  it('times a step from its start, or from the end of the one before, and marks those over their expected minutes', () => {
    const t0 = 1_000_000;
    const steps = [
      step('a', 1, 10, { started_at: t0 + 1 * MIN, done_at: t0 + 9 * MIN }),
      // done without a start: from a's end (9) to 30 → 21 minutes against 15
      step('b', 2, 15, { done_at: t0 + 30 * MIN }),
      step('c', 3, 5, { skipped_at: t0 + 31 * MIN, skip_reason: 'no standby server in the lab' }),
      // started and still running at now (50): 12 minutes against 10
      step('d', 4, 10, { started_at: t0 + 38 * MIN }),
      step('e', 5, 10),
    ];
    const timings = stepTimings({ started_at: t0, ended_at: null }, steps, t0 + 50 * MIN);
    expect(timings.map((s) => [s.key, s.status, s.actualMinutes, s.over])).toEqual([
      ['a', 'done', 8, false],
      ['b', 'done', 21, true],
      ['c', 'skipped', null, false],
      ['d', 'started', 12, true],
      ['e', 'pending', null, false],
    ]);
  });

  it('a step still open when the drill ended is timed to the end, not to now', () => {
    const timings = stepTimings({ started_at: 0, ended_at: 20 * MIN }, [step('a', 1, 30, { started_at: 5 * MIN })], 500 * MIN);
    expect(timings[0]).toMatchObject({ actualMinutes: 15, over: false });
  });
});
