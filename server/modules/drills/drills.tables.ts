/** Kysely table interfaces of the drills module (migration 2026-12-01-013-drills). Instants are epoch milliseconds. */

export const RUN_STATES = ['scheduled', 'running', 'completed', 'cancelled'] as const;
export type RunState = (typeof RUN_STATES)[number];

export const SEVERITIES = ['low', 'medium', 'high'] as const;
export type Severity = (typeof SEVERITIES)[number];

export const FINDING_STATUSES = ['open', 'done'] as const;
export type FindingStatus = (typeof FINDING_STATUSES)[number];

export interface DrillSchedulesTable {
  id: string;
  plan_id: string;
  title: string;
  /** 5 or 6 cron fields read in `timezone`; null for a one-off drill at `once_at` */
  cron: string | null;
  once_at: number | null;
  timezone: string;
  /** JSON array of user ids */
  participants: string;
  owner_id: string | null;
  enabled: number;
  /** the next occurrence no run was made for yet; null: nothing to come */
  next_due_at: number | null;
  version: number;
  created_by: string | null;
  created_at: number;
  updated_by: string | null;
  updated_at: number;
}

export interface DrillRunsTable {
  id: string;
  schedule_id: string | null;
  /** the schedule's occurrence this run is; null for a run made by hand */
  occurrence_at: number | null;
  plan_id: string;
  plan_key: string;
  plan_version: number;
  /** JSON { zh, en? } */
  plan_title: string;
  title: string;
  state: RunState;
  scheduled_for: number;
  /** JSON array of user ids */
  participants: string;
  owner_id: string | null;
  started_at: number | null;
  started_by: string | null;
  /** completed or cancelled */
  ended_at: number | null;
  ended_by: string | null;
  cancel_reason: string | null;
  summary: string | null;
  version: number;
  created_by: string | null;
  created_at: number;
}

export interface DrillStepsTable {
  run_id: string;
  step_key: string;
  position: number;
  /** JSON { zh, en? } */
  title: string;
  detail: string | null;
  role: string;
  phase: string;
  expected_minutes: number;
  started_at: number | null;
  started_by: string | null;
  done_at: number | null;
  done_by: string | null;
  skipped_at: number | null;
  skipped_by: string | null;
  skip_reason: string | null;
  version: number;
}

export interface DrillSitesTable {
  owner_kind: 'schedule' | 'run';
  owner_id: string;
  site_id: string;
}

export interface DrillFindingsTable {
  id: string;
  run_id: string;
  step_key: string | null;
  text: string;
  severity: Severity;
  action: string | null;
  owner_id: string | null;
  /** YYYY-MM-DD */
  due_date: string | null;
  status: FindingStatus;
  done_at: number | null;
  done_by: string | null;
  version: number;
  created_by: string | null;
  created_at: number;
  updated_at: number;
}

export interface DrillsTables {
  drill_schedules: DrillSchedulesTable;
  drill_runs: DrillRunsTable;
  drill_steps: DrillStepsTable;
  drill_sites: DrillSitesTable;
  drill_findings: DrillFindingsTable;
}
