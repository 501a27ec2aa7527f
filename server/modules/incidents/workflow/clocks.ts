import { SLA_CLOCKS, type ClockStatus, type SlaClock } from './model.ts';

/**
 * The SLA clocks as the workflow drives them. A transition declares what it does to the clocks (its `clocks` in the
 * table); `planClocks` turns that into the actions that really happen to this incident's clocks, which go on the
 * timeline entry. The SLA engine consumes those actions and does the business-hour arithmetic; the workflow never
 * computes a due instant.
 *
 * A clock's life: start (the incident opens) → [pause ⇄ resume]* → stop → [restart (reopen) → … → stop]*.
 * - stop: the target is reached (responded, on site, resolved); the elapsed time is final until a reopen
 * - pause / resume: waiting for the client; the time between does not count
 * - restart: a reopen; the clock runs again and keeps the time it had (the time between resolution and reopen does
 *   not count: nobody knew the fix had failed)
 */
export type ClockActionKind = 'start' | 'stop' | 'pause' | 'resume' | 'restart';

/** What one transition declares: an action on some or all clocks, perhaps only when its waiting reason pauses. */
export interface ClockEffect {
  readonly clocks: 'all' | readonly SlaClock[];
  readonly action: Exclude<ClockActionKind, 'start'>;
  /** only when the request's waiting reason is one the policy pauses for */
  readonly onlyForPausingWait?: true;
}

export interface ClockAction {
  readonly clock: SlaClock;
  readonly action: ClockActionKind;
  readonly at: number;
}

/**
 * The statuses an action applies to. A declared action on a clock in any other status is not an event: stopping
 * the on-site clock at a second check-in, or resuming clocks that a waiting for parts never paused.
 */
const APPLIES_TO: Readonly<Record<ClockActionKind, readonly ClockStatus[]>> = {
  start: [],
  stop: ['running', 'paused'],
  pause: ['running'],
  resume: ['paused'],
  restart: ['stopped'],
};

const AFTER: Readonly<Record<ClockActionKind, ClockStatus>> = {
  start: 'running',
  stop: 'stopped',
  pause: 'paused',
  resume: 'running',
  restart: 'running',
};

export const ALL_RUNNING: Readonly<Record<SlaClock, ClockStatus>> = Object.freeze({ respond: 'running', on_site: 'running', resolve: 'running' });

export function openingClocks(at: number): ClockAction[] {
  return SLA_CLOCKS.map((clock) => ({ clock, action: 'start', at }));
}

export function planClocks(
  effects: readonly ClockEffect[],
  statuses: Readonly<Record<SlaClock, ClockStatus>>,
  waitPauses: boolean,
  at: number,
): { actions: ClockAction[]; statuses: Readonly<Record<SlaClock, ClockStatus>> } {
  const next: Record<SlaClock, ClockStatus> = { ...statuses };
  const actions: ClockAction[] = [];
  for (const effect of effects) {
    if (effect.onlyForPausingWait && !waitPauses) continue;
    for (const clock of effect.clocks === 'all' ? SLA_CLOCKS : effect.clocks) {
      if (!APPLIES_TO[effect.action].includes(next[clock])) continue;
      next[clock] = AFTER[effect.action];
      actions.push({ clock, action: effect.action, at });
    }
  }
  return { actions, statuses: next };
}
