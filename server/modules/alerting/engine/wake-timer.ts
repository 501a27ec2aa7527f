import type { Clock } from '../../../clock.ts';

/** setTimeout's longest delay is 2^31 − 1 ms; anything further is re-armed by the ticks before it is due. */
const LONGEST_DELAY_MS = 2 ** 31 - 1;

/**
 * One timer for the earliest instant something is due — a notification group's flush, a pending alert's `for`, a
 * kept-firing alert's end, a silence or maintenance window starting or ending — that calls `fire` then. The evaluator
 * appends an `alerting.tick` from it, so what is due is handled within milliseconds of its instant instead of at the
 * next 5-second tick (which stays as the safety net: a timer lost with its node costs at most one tick).
 *
 * The delay is measured on `clock`; it only decides when the real timer goes off. A wake that turns out early or
 * unneeded costs one extra tick, which changes nothing: a tick at an instant only does what is due by then.
 */
export function createWakeTimer(deps: { clock: Clock; fire: () => Promise<void>; onError: (error: unknown) => void }) {
  let timer: NodeJS.Timeout | null = null;
  let dueAt = Infinity;
  let closed = false;

  return {
    /** Wakes at `at`, unless a wake at or before it is armed already. */
    at(at: number | null | undefined): void {
      if (closed || at === null || at === undefined || !(at < dueAt)) return;
      if (timer) clearTimeout(timer);
      dueAt = at;
      // + 1 ms: a timer may go off a fraction of a millisecond before Date.now() reaches the instant.
      const delay = Math.min(LONGEST_DELAY_MS, Math.max(0, at - deps.clock.now()) + 1);
      timer = setTimeout(() => {
        timer = null;
        dueAt = Infinity;
        deps.fire().catch((error: unknown) => {
          if (!closed) deps.onError(error);
        });
      }, delay);
      // The node's other work keeps it alive; a pending wake must not hold a stopping process open.
      timer.unref();
    },
    /**
     * A tick at `at` has handled everything due by then: a wake armed at or before it is no longer needed (and a later
     * instant may be armed again).
     */
    handledUntil(at: number): void {
      if (dueAt > at) return;
      if (timer) clearTimeout(timer);
      timer = null;
      dueAt = Infinity;
    },
    /** The instant the armed wake goes off (Infinity when none is): for tests. */
    get armedAt(): number {
      return dueAt;
    },
    close(): void {
      closed = true;
      if (timer) clearTimeout(timer);
      timer = null;
      dueAt = Infinity;
    },
  };
}

export type WakeTimer = ReturnType<typeof createWakeTimer>;
