/**
 * Proposed matches of a job (server/modules/recon/proposals.schemas.ts) and their client. Written out by hand until
 * openapi.d.ts is regenerated with these routes; then `Proposal` and `ProposalPage` become aliases into `paths` like
 * the rest of reconApi.ts, and a difference from the server shows up here as a type error.
 */
import { request } from '../../api/client';
import type { ReconRecord } from './reconApi';

export const PROPOSAL_STATES = ['proposed', 'confirmed', 'rejected'] as const;
export type ProposalState = (typeof PROPOSAL_STATES)[number];

export interface Proposal {
  id: string;
  jobId: string;
  seq: number;
  channel: string;
  day: string;
  left: ReconRecord[];
  right: ReconRecord[];
  /** 0..1 */
  score: number;
  reasons: string[];
  state: ProposalState;
  decidedBy: { id: string; name: string } | null;
  decidedAt: string | null;
  note: string | null;
  /** the earlier run's proposal whose decision this one took */
  carriedFrom: string | null;
  createdAt: string;
}

export interface ProposalPage {
  items: Proposal[];
  nextCursor: string | null;
}

export interface ProposalListQuery {
  state?: ProposalState | undefined;
  cursor?: string | undefined;
  limit?: number | undefined;
}

const proposal = (id: string, action: 'confirm' | 'reject') => `/recon/proposals/${encodeURIComponent(id)}/${action}`;

export const proposalsApi = {
  list: (jobId: string, query: ProposalListQuery) => request<ProposalPage>(`/recon/jobs/${encodeURIComponent(jobId)}/proposals`, { query: { ...query } }),
  confirm: (id: string, note?: string) => request<Proposal>(proposal(id, 'confirm'), { method: 'POST', body: note ? { note } : {} }),
  reject: (id: string, reason: string) => request<Proposal>(proposal(id, 'reject'), { method: 'POST', body: { reason } }),
};
