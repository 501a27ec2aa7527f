import type { DrillRunsTable, DrillStepsTable } from './drills.tables.ts';

export type StepStatus = 'pending' | 'started' | 'done' | 'skipped';

export const stepStatus = (s: Pick<DrillStepsTable, 'started_at' | 'done_at' | 'skipped_at'>): StepStatus =>
  s.done_at !== null ? 'done' : s.skipped_at !== null ? 'skipped' : s.started_at !== null ? 'started' : 'pending';

/** Minutes to one decimal: a drill step is timed in minutes, a second's precision says nothing more. */
export const minutesOf = (ms: number): number => Math.round(ms / 6_000) / 10;

export interface StepTiming {
  key: string;
  status: StepStatus;
  /** when the step's clock started: its own start, else when the step before it ended, else when the drill started */
  from: number | null;
  /** done: when it was done; started: now; otherwise null */
  to: number | null;
  expectedMinutes: number;
  /** null: never started and not done */
  actualMinutes: number | null;
  /** actual beyond expected (a started step counts while it runs) */
  over: boolean;
}

/**
 * Each step's time against its expected minutes. A drill is often ticked only as steps end, so a step done without
 * being started is timed from the end of the step before it (or the drill's start): the time the team spent on it.
 * Skipped steps take no time and never count as over.
 */
export function stepTimings(run: Pick<DrillRunsTable, 'started_at' | 'ended_at'>, steps: readonly DrillStepsTable[], now: number): StepTiming[] {
  const ordered = [...steps].sort((a, b) => a.position - b.position);
  let previousEnd: number | null = run.started_at;
  const out: StepTiming[] = [];
  for (const s of ordered) {
    const status = stepStatus(s);
    let from: number | null = null;
    let to: number | null = null;
    if (status === 'done') {
      from = s.started_at ?? previousEnd;
      to = s.done_at;
    } else if (status === 'started') {
      from = s.started_at;
      to = run.ended_at ?? now;
    }
    const actual = from !== null && to !== null ? minutesOf(Math.max(0, to - from)) : null;
    out.push({ key: s.step_key, status, from, to, expectedMinutes: s.expected_minutes, actualMinutes: actual, over: actual !== null && actual > s.expected_minutes });
    if (status === 'done' && s.done_at !== null) previousEnd = s.done_at;
    if (status === 'skipped' && s.skipped_at !== null) previousEnd = s.skipped_at;
  }
  return out;
}
