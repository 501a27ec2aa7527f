import type { Logger } from 'pino';

/**
 * Lanes keep kinds of work from queueing behind each other: each has its own concurrency limit (config.worker.lanes),
 * so a reconciliation of millions of rows in `bulk` never holds up an escalation in `urgent`.
 */
export const LANES = ['urgent', 'default', 'bulk'] as const;
export type Lane = (typeof LANES)[number];
export const isLane = (value: unknown): value is Lane => (LANES as readonly unknown[]).includes(value);

/** Why a job's signal aborted: `signal.reason` is a JobAbortedError with one of these. */
export type JobAbortReason = 'cancelled' | 'claim-lost' | 'shutdown';

export class JobAbortedError extends Error {
  constructor(readonly reason: JobAbortReason) {
    super(
      reason === 'cancelled'
        ? 'the job was cancelled'
        : reason === 'claim-lost'
          ? 'this node no longer holds the job (its claim lapsed and another node may run it)'
          : 'the worker is stopping',
    );
    this.name = 'JobAbortedError';
  }
}

export interface JobContext {
  jobId: string;
  /** 1 on the first run; a retry, or a re-run after a node died, counts up. */
  attempt: number;
  /** The worker clock's time when this run started; use it instead of Date.now() so tests can move time. */
  now: number;
  lane: Lane;
  log: Logger;
  /**
   * Aborts when the job is cancelled, when this node loses its claim on it, or when the worker stops and has waited
   * long enough; `signal.reason` is a JobAbortedError saying which. Pass it to fetch and friends, check it between
   * chunks of work. A handler that ignores it still ends as it should (a cancelled job ends `cancelled`), only later.
   */
  signal: AbortSignal;
  /**
   * How far the job has come (0..1) and, optionally, what it is doing; leaving the message out keeps the last one.
   * Stored on the job for the API and console, at most once a second of clock time; the last value is always
   * stored. Throws a RangeError for a fraction outside 0..1.
   */
  progress(fraction: number, message?: string): void;
  /**
   * Renews this job's claim now. The worker already renews it every leaseMs/3 while the node lives; call this before
   * a step that may block the event loop for long. Resolves false (and aborts the signal) when the claim was lost.
   */
  extendLease(): Promise<boolean>;
}

/**
 * Does one job. The payload is whatever was enqueued, read back from JSON: validate it, do not trust its shape.
 * Throwing schedules a retry with back-off (until max_attempts). A job can run more than once (a retry after a
 * partial failure, or a node dying mid-run), so handlers must be safe to repeat.
 */
export type JobHandler = (payload: unknown, ctx: JobContext) => Promise<void>;

export interface JobOptions {
  /** Default `default`. `urgent`: escalations, SLA checks; `bulk`: reconciliation, reports, anything long. */
  lane?: Lane;
}

export interface JobRegistry {
  /** Throws if `name` is already registered: two modules silently sharing a job name would run the wrong code. */
  register(name: string, handler: JobHandler, options?: JobOptions): void;
  get(name: string): JobHandler | undefined;
  /** The lane the job was registered in; undefined for a name nobody registered. */
  laneOf(name: string): Lane | undefined;
  names(): string[];
}

export function createJobRegistry(): JobRegistry {
  const jobs = new Map<string, { handler: JobHandler; lane: Lane }>();
  return {
    register(name, handler, options = {}) {
      if (typeof name !== 'string' || name.trim() === '') throw new Error('A job needs a non-empty name');
      if (jobs.has(name)) throw new Error(`A job named "${name}" is already registered`);
      const lane = options.lane ?? 'default';
      if (!isLane(lane)) throw new Error(`Job "${name}": unknown lane "${String(lane)}" (one of ${LANES.join(', ')})`);
      jobs.set(name, { handler, lane });
    },
    get: (name) => jobs.get(name)?.handler,
    laneOf: (name) => jobs.get(name)?.lane,
    names: () => [...jobs.keys()].sort(),
  };
}
