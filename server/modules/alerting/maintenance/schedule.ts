import { Cron } from 'croner';
import { fieldProblem, type FieldProblem } from '../../../field-problems.ts';
import type { MaintenanceWindowsTable } from '../alerting.tables.ts';

/**
 * When a maintenance window is on. A one-off window runs from `startsAt` to `endsAt`; a recurring one starts at each
 * run of its cron expression (5 fields, or 6 with seconds first, read in the window's IANA zone, so "0 22 * * *" is
 * 22:00 on the campus's clock whatever the server's zone) and lasts `durationMs`. The API's activeNow/nextStart/nextEnd
 * and the alert engine's suppressions (../suppressions.ts) both read windows through here, so they cannot disagree.
 */
export type WindowTiming =
  | { kind: 'once'; startsAt: number; endsAt: number }
  | { kind: 'recurring'; cron: string; zone: string; durationMs: number };

/** One occurrence of a window: from start (inclusive) to end (exclusive). */
export interface Occurrence {
  start: number;
  end: number;
}

/** What the API shows: whether the window is on, and when it next switches on and off after now (null: never). */
export interface Outlook {
  activeNow: boolean;
  nextStart: number | null;
  nextEnd: number | null;
}

export interface Schedule {
  /** the occurrence covering `now`, or null */
  activeAt(now: number): Occurrence | null;
  /** the first occurrence's start after `now` (strictly), or null when it never starts again */
  nextStartAfter(now: number): number | null;
  /**
   * Occurrences that begin before the previous one ends are one stretch here (the window never switches off between
   * them): nextEnd is the end of the stretch, nextStart the first start after it ends.
   */
  outlook(now: number): Outlook;
}

/** Occurrences followed when they run into each other; beyond this a window counts as ending there. */
const MAX_CHAINED = 100;

const cronOf = (expression: string, zone: string): Cron => new Cron(expression, { timezone: zone, paused: true, mode: '5-or-6-parts' });

/**
 * The problem with a cron expression, or null. It must parse as 5 or 6 fields and run at least once from `now` on:
 * "0 0 31 2 *" (31 February) parses but would be a window that never opens.
 */
export function cronProblem(expression: string, zone: string, now: number, field = 'cron'): FieldProblem | null {
  let next: Date | null;
  try {
    next = cronOf(expression, zone).nextRun(new Date(now));
  } catch (error) {
    return fieldProblem(field, 'cronInvalid', { detail: (error as Error).message.replace(/^CronPattern: /, '') });
  }
  return next === null ? fieldProblem(field, 'cronInvalid', { detail: 'it never runs' }) : null;
}

/** A window's timing ready to ask; for a recurring one the cron expression is parsed once here (it must be valid). */
export function compileSchedule(timing: WindowTiming): Schedule {
  if (timing.kind === 'once') {
    const { startsAt, endsAt } = timing;
    return {
      activeAt: (now) => (startsAt <= now && now < endsAt ? { start: startsAt, end: endsAt } : null),
      nextStartAfter: (now) => (startsAt > now ? startsAt : null),
      outlook: (now) => ({ activeNow: startsAt <= now && now < endsAt, nextStart: startsAt > now ? startsAt : null, nextEnd: endsAt > now ? endsAt : null }),
    };
  }

  const cron = cronOf(timing.cron, timing.zone);
  const { durationMs } = timing;
  // Runs fall on whole seconds. previousRuns takes runs strictly before its reference, but any run in the
  // reference's own second too, so one millisecond past `now` includes a run exactly at now and nothing later.
  const latestStartAtOrBefore = (now: number): number | null => cron.previousRuns(1, new Date(now + 1))[0]?.getTime() ?? null;
  const nextStartAfter = (now: number): number | null => cron.nextRun(new Date(now))?.getTime() ?? null;
  // The latest start is enough: with equal durations, an earlier occurrence never ends after a later one.
  const activeAt = (now: number): Occurrence | null => {
    const start = latestStartAtOrBefore(now);
    return start !== null && now < start + durationMs ? { start, end: start + durationMs } : null;
  };
  /** The end of the stretch beginning with this occurrence: later ones starting by its end carry it on. */
  const stretchEnd = (first: Occurrence): number => {
    let { start, end } = first;
    for (let i = 0; i < MAX_CHAINED; i++) {
      const next = nextStartAfter(start);
      if (next === null || next > end) break;
      start = next;
      end = next + durationMs;
    }
    return end;
  };
  return {
    activeAt,
    nextStartAfter,
    outlook(now) {
      const current = activeAt(now);
      if (current) {
        const end = stretchEnd(current);
        return { activeNow: true, nextStart: nextStartAfter(end), nextEnd: end };
      }
      const start = nextStartAfter(now);
      return { activeNow: false, nextStart: start, nextEnd: start === null ? null : stretchEnd({ start, end: start + durationMs }) };
    },
  };
}

/** A stored window's timing; null for a row that holds neither a whole one-off period nor a whole recurrence. */
export function timingOf(row: Pick<MaintenanceWindowsTable, 'starts_at' | 'ends_at' | 'cron' | 'duration_ms' | 'zone'>): WindowTiming | null {
  if (row.cron !== null && row.duration_ms !== null) return { kind: 'recurring', cron: row.cron, zone: row.zone, durationMs: row.duration_ms };
  if (row.starts_at !== null && row.ends_at !== null) return { kind: 'once', startsAt: row.starts_at, endsAt: row.ends_at };
  return null;
}
