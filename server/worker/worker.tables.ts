import type { Generated } from 'kysely';

export type JobStatus = 'queued' | 'running' | 'done' | 'failed' | 'cancelled';

export interface JobsTable {
  id: string;
  name: string;
  /** JSON payload handed to the job's handler. */
  payload: string;
  status: JobStatus;
  /**
   * The lane its handler was registered in, copied at enqueue (2026-11-30-004); the claim is per lane. Optional on
   * insert: the column defaults to `default`, as rows from before the lanes have.
   */
  lane: Generated<'urgent' | 'default' | 'bulk'>;
  run_at: number;
  attempts: number;
  max_attempts: number;
  locked_by: string | null;
  locked_until: number | null;
  last_error: string | null;
  dedupe_key: string | null;
  created_at: number;
  updated_at: number;
  finished_at: number | null;
  /** 0..1 as last reported by the running handler (ctx.progress); null until it reports. Reset by each claim. */
  progress: number | null;
  /** What the handler last said it was doing, with its progress. */
  message: string | null;
  /** When someone asked to cancel the running job; the worker aborts its signal and ends it `cancelled`. */
  cancel_requested_at: number | null;
}

export interface SchedulesTable {
  name: string;
  next_run_at: number;
  last_run_at: number | null;
}

export interface LeasesTable {
  name: string;
  holder: string;
  acquired_at: number;
  expires_at: number;
}

export interface WorkerTables {
  jobs: JobsTable;
  schedules: SchedulesTable;
  leases: LeasesTable;
}
