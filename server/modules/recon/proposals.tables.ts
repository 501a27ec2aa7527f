/** Kysely table interface of reconciliation's proposed matches (migration 2026-12-01-018-recon-proposals). */

export const PROPOSAL_STATES = ['proposed', 'confirmed', 'rejected'] as const;
export type ProposalState = (typeof PROPOSAL_STATES)[number];

export interface ReconProposalsTable {
  id: string;
  job_id: string;
  seq: number;
  channel: string;
  day: string;
  /** sha256 hex of both sides' record references: the same pair in another run of the day */
  pair_key: string;
  /** JSON DifferenceRecord[] */
  left_records: string;
  right_records: string;
  score: number;
  /** JSON string[] */
  reasons: string;
  state: ProposalState;
  decided_by: string | null;
  decided_at: number | null;
  note: string | null;
  carried_from: string | null;
  created_at: number;
}
