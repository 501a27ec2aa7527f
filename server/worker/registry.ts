import type { Logger } from 'pino';

export interface JobContext {
  jobId: string;
  /** 1 on the first run; a retry, or a re-run after a node died, counts up. */
  attempt: number;
  /** The worker clock's time when this run started; use it instead of Date.now() so tests can move time. */
  now: number;
  log: Logger;
}

/**
 * Does one job. The payload is whatever was enqueued, read back from JSON: validate it, do not trust its shape.
 * Throwing schedules a retry with back-off (until max_attempts). A job can run more than once (a retry after a
 * partial failure, or a node dying mid-run), so handlers must be safe to repeat.
 */
export type JobHandler = (payload: unknown, ctx: JobContext) => Promise<void>;

export interface JobRegistry {
  /** Throws if `name` is already registered: two modules silently sharing a job name would run the wrong code. */
  register(name: string, handler: JobHandler): void;
  get(name: string): JobHandler | undefined;
  names(): string[];
}

export function createJobRegistry(): JobRegistry {
  const handlers = new Map<string, JobHandler>();
  return {
    register(name, handler) {
      if (typeof name !== 'string' || name.trim() === '') throw new Error('A job needs a non-empty name');
      if (handlers.has(name)) throw new Error(`A job named "${name}" is already registered`);
      handlers.set(name, handler);
    },
    get: (name) => handlers.get(name),
    names: () => [...handlers.keys()].sort(),
  };
}
