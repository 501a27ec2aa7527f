import type { ReconProposalsTable } from './proposals.tables.ts';
import type { ReconColumnMappingsTable } from './mappings.tables.ts';

/**
 * Kysely table interfaces of the reconciliation module (migration 2026-12-01-015-recon). Instants are epoch
 * milliseconds, money integer fen, JSON columns text.
 */

export const IMPORT_STATUSES = ['imported', 'failed'] as const;
export type ImportStatus = (typeof IMPORT_STATUSES)[number];

export const JOB_STATUSES = ['queued', 'running', 'done', 'failed'] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];

export const DIFFERENCE_STATES = ['open', 'investigating', 'resolved', 'rejected'] as const;
export type DifferenceState = (typeof DIFFERENCE_STATES)[number];

export const RESOLUTIONS = ['force-match', 'adjust', 'refund', 'write-off'] as const;
export type Resolution = (typeof RESOLUTIONS)[number];
/** Resolutions that move money in the card system: a second person must approve them (maker-checker). */
export const NEEDS_CHECKER: ReadonlySet<Resolution> = new Set(['adjust', 'write-off']);

export const EVENT_KINDS = ['state', 'assign', 'comment', 'propose', 'approve', 'refuse'] as const;
export type EventKind = (typeof EVENT_KINDS)[number];

export interface ReconImportsTable {
  id: string;
  source: string;
  file_name: string;
  sha256: string;
  bytes: number;
  encoding: string | null;
  encoding_reason: string | null;
  layout: string | null;
  record_source: string | null;
  rows: number;
  records: number;
  rejected: number;
  findings: number;
  /** JSON { CODE: count } */
  finding_counts: string;
  status: ImportStatus;
  /** relative to the data directory */
  record_file: string | null;
  min_txn_time: number | null;
  max_txn_time: number | null;
  amount_fen: number;
  created_by: string | null;
  created_at: number;
}

export interface ReconImportFindingsTable {
  import_id: string;
  seq: number;
  code: string;
  severity: 'error' | 'warning';
  file: string;
  line: number | null;
  field: string | null;
  message: string;
  /** JSON */
  params: string;
}

export interface ReconChannelsTable {
  id: string;
  name: string;
  /** JSON string[] of import source names */
  left_sources: string;
  right_sources: string;
  left_cutoff_time: string;
  left_cutoff_zone: string;
  right_cutoff_time: string;
  right_cutoff_zone: string;
  carry_window_minutes: number;
  amount_abs_fen: number;
  /** hundredths of a percent */
  amount_pct_bp: number;
  time_window_seconds: number;
  time_direction: 'either' | 'right-after-left' | 'right-before-left';
  auto_confirm_pct: number;
  schedule_time: string | null;
  schedule_zone: string;
  bill_due_time: string | null;
  open_alert_threshold: number;
  enabled: number;
  version: number;
  updated_by: string | null;
  updated_at: number;
}

export interface ReconJobsTable {
  id: string;
  channel: string;
  day: string;
  status: JobStatus;
  trigger: 'manual' | 'schedule';
  schedule_key: string | null;
  /** JSON */
  spec: string;
  /** JSON MatchSummary */
  summary: string | null;
  progress: number;
  phase: string | null;
  error: string | null;
  worker_job_id: string | null;
  pairs_file: string | null;
  carried_left_file: string | null;
  carried_right_file: string | null;
  previous_job_id: string | null;
  superseded_by: string | null;
  differences: number;
  created_by: string | null;
  created_at: number;
  started_at: number | null;
  finished_at: number | null;
}

export interface ReconJobInputsTable {
  job_id: string;
  import_id: string;
  /** balances: an account daily settlement, the balance checks' input */
  side: 'left' | 'right' | 'balances';
}

export interface ReconDifferencesTable {
  id: string;
  job_id: string;
  seq: number;
  kind: string;
  state: DifferenceState;
  amount_fen: number;
  delta_fen: number | null;
  txn_time: number | null;
  account: string | null;
  /** JSON string[] */
  fields: string;
  /** JSON DifferenceRecord[] */
  left_records: string;
  right_records: string;
  /** JSON */
  params: string;
  assignee_id: string | null;
  resolution: Resolution | null;
  resolution_note: string | null;
  resolution_amount_fen: number | null;
  pending: number;
  maker_id: string | null;
  checker_id: string | null;
  proposed_at: number | null;
  resolved_at: number | null;
  version: number;
  created_at: number;
  updated_at: number;
}

export interface ReconDifferenceEventsTable {
  id: string;
  difference_id: string;
  kind: EventKind;
  from_state: DifferenceState | null;
  to_state: DifferenceState | null;
  resolution: Resolution | null;
  note: string | null;
  assignee_id: string | null;
  actor_id: string | null;
  at: number;
}

export interface ReconTables {
  recon_imports: ReconImportsTable;
  recon_import_findings: ReconImportFindingsTable;
  recon_channels: ReconChannelsTable;
  recon_jobs: ReconJobsTable;
  recon_job_inputs: ReconJobInputsTable;
  recon_differences: ReconDifferencesTable;
  recon_difference_events: ReconDifferenceEventsTable;
  recon_proposals: ReconProposalsTable;
  recon_column_mappings: ReconColumnMappingsTable;
}
