import { Cron } from 'croner';
import { fieldProblem, type FieldProblem } from '../../field-problems.ts';

/**
 * When a drill schedule falls due. A recurring drill is a cron expression (5 fields, or 6 with seconds first) read in
 * the schedule's IANA zone, so "0 9 15 3,6,9,12 *" — the quarterly switchover drill at 09:00 on the 15th of each
 * quarter's last month — is 09:00 on the site's clock whatever the server's zone. A one-off drill is one instant.
 * Pure functions of the timing and `now`: the service, the worker job and the calendar all ask here.
 */
export type DrillTiming = { kind: 'cron'; cron: string; zone: string } | { kind: 'once'; at: number };

const cronOf = (expression: string, zone: string): Cron => new Cron(expression, { timezone: zone, paused: true, mode: '5-or-6-parts' });

/**
 * The problem with a cron expression, or null: it must parse (5 or 6 fields) and run again after `now` — "0 0 31 2 *"
 * (31 February) parses but would be a drill that never comes.
 */
export function cronProblem(expression: string, zone: string, now: number, field = 'cron'): FieldProblem | null {
  let next: Date | null;
  try {
    next = cronOf(expression, zone).nextRun(new Date(now));
  } catch (error) {
    return fieldProblem(field, 'cronInvalid', { detail: (error as Error).message.replace(/^CronPattern: /, '').slice(0, 200) });
  }
  return next === null ? fieldProblem(field, 'cronInvalid', { detail: 'it never runs' }) : null;
}

/** The first occurrence strictly after `after`, or null when there is none (a one-off drill already past). */
export function nextOccurrence(timing: DrillTiming, after: number): number | null {
  if (timing.kind === 'once') return timing.at > after ? timing.at : null;
  return cronOf(timing.cron, timing.zone).nextRun(new Date(after))?.getTime() ?? null;
}

/** Up to `count` occurrences strictly after `after` and before `until`: the calendar's upcoming drills. */
export function occurrencesBetween(timing: DrillTiming, after: number, until: number, count: number): number[] {
  const found: number[] = [];
  if (timing.kind === 'once') return timing.at > after && timing.at < until && count > 0 ? [timing.at] : [];
  const cron = cronOf(timing.cron, timing.zone);
  let from = after;
  while (found.length < count) {
    const next = cron.nextRun(new Date(from))?.getTime() ?? null;
    if (next === null || next >= until) break;
    found.push(next);
    from = next;
  }
  return found;
}

/**
 * After the occurrence `due` was made into a run at `now`, the next one to make: the first after both, so a worker
 * that was down across several occurrences makes one late run, not one per missed occurrence.
 */
export const followingOccurrence = (timing: DrillTiming, due: number, now: number): number | null => nextOccurrence(timing, Math.max(due, now));
