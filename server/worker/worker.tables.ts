export interface JobsTable {
  id: string;
  name: string;
  /** JSON payload handed to the job's handler. */
  payload: string;
  status: 'queued' | 'running' | 'done' | 'failed';
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
