/**
 * Proposed matches of a job (server/modules/recon/proposals.schemas.ts) and their client. The types are aliases into
 * openapi.d.ts, so a change on the server shows up here as a type error.
 */
import { request } from '../../api/client';
import type { paths } from '../../api/openapi';

type ListOperation = paths['/api/v1/recon/jobs/{id}/proposals']['get'];
export type ProposalPage = ListOperation['responses'][200]['content']['application/json'];
export type Proposal = ProposalPage['items'][number];
export type ProposalState = Proposal['state'];
export type ProposalListQuery = NonNullable<ListOperation['parameters']['query']>;
export const PROPOSAL_STATES = ['proposed', 'confirmed', 'rejected'] as const satisfies readonly ProposalState[];

const proposal = (id: string, action: 'confirm' | 'reject') => `/recon/proposals/${encodeURIComponent(id)}/${action}`;

export const proposalsApi = {
  list: (jobId: string, query: ProposalListQuery) => request<ProposalPage>(`/recon/jobs/${encodeURIComponent(jobId)}/proposals`, { query: { ...query } }),
  confirm: (id: string, note?: string) => request<Proposal>(proposal(id, 'confirm'), { method: 'POST', body: note ? { note } : {} }),
  reject: (id: string, reason: string) => request<Proposal>(proposal(id, 'reject'), { method: 'POST', body: { reason } }),
};
