import { errorResponses, IdParams } from '../../http/schemas.ts';
import type { App } from '../../http/types.ts';
import { ConfirmProposalBody, ProposalListQuery, ProposalPage, ProposalView, RejectProposalBody } from './proposals.schemas.ts';
import type { ReconServices } from './recon.service.ts';

const tags = ['recon'];

/** Proposed matches under /api/v1/recon: recon:read to list a job's, recon:write to confirm or reject one. Thin. */
export function proposalsRoutes(app: App, recon: ReconServices): void {
  app.get('/api/v1/recon/jobs/:id/proposals', {
    config: { access: 'recon:read' },
    schema: {
      tags,
      summary: "A job's proposed matches (below the auto-confirm score), best score first",
      description: 'Filter by state: proposed (awaiting a decision), confirmed, rejected. A re-run of the day carries the decisions of the earlier run to the same pairs.',
      params: IdParams,
      querystring: ProposalListQuery,
      response: { 200: ProposalPage, ...errorResponses },
    },
    handler: async (request) => recon.proposals.list(request.ctx, request.params.id, { state: request.query.state }, { cursor: request.query.cursor, limit: request.query.limit ?? 50 }, request.unmasked),
  });
  app.post('/api/v1/recon/proposals/:id/confirm', {
    config: { access: 'recon:write' },
    schema: {
      tags,
      summary: 'proposed → confirmed: the pair counts as matched in the job summary (409 PROPOSAL_DECIDED, JOB_SUPERSEDED)',
      params: IdParams,
      body: ConfirmProposalBody,
      response: { 200: ProposalView, ...errorResponses },
    },
    handler: async (request) => recon.proposals.confirm(request.ctx, request.params.id, request.body),
  });
  app.post('/api/v1/recon/proposals/:id/reject', {
    config: { access: 'recon:write' },
    schema: {
      tags,
      summary: 'proposed → rejected with the reason: not the same transaction (409 PROPOSAL_DECIDED, JOB_SUPERSEDED)',
      params: IdParams,
      body: RejectProposalBody,
      response: { 200: ProposalView, ...errorResponses },
    },
    handler: async (request) => recon.proposals.reject(request.ctx, request.params.id, request.body),
  });
}
