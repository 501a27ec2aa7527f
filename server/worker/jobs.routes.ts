import { errorResponses, IdParams } from '../http/schemas.ts';
import type { App } from '../http/types.ts';
import { JobsPage, JobsQuery, JobView } from './jobs.schemas.ts';
import type { JobsService } from './jobs.service.ts';

/** The OpenAPI tag of these routes. */
export const JOBS_TAG = { name: 'jobs', description: 'Background jobs: their lanes, progress and cancelling (server/worker)' };
const tags = [JOBS_TAG.name];

/** Background jobs: what the worker runs, how far it has come, and cancelling. */
export function jobsRoutes(app: App, deps: { jobs: JobsService }) {
  const { jobs } = deps;

  app.get('/api/v1/jobs', {
    config: { access: 'jobs:read' },
    schema: { tags, summary: 'List background jobs, newest first', querystring: JobsQuery, response: { 200: JobsPage, ...errorResponses } },
    handler: async (request) => {
      const { cursor, limit = 50, status, lane } = request.query;
      return jobs.list(request.ctx, { status, lane }, { cursor, limit });
    },
  });

  app.get('/api/v1/jobs/:id', {
    config: { access: 'jobs:read' },
    schema: { tags, summary: 'One background job, with its progress', params: IdParams, response: { 200: JobView, ...errorResponses } },
    handler: async (request) => jobs.get(request.ctx, request.params.id),
  });

  app.post('/api/v1/jobs/:id/cancel', {
    config: { access: 'jobs:manage' },
    schema: {
      tags,
      summary: 'Cancel a job: a queued one at once, a running one on its worker’s next poll (its handler is told to stop)',
      params: IdParams,
      response: { 200: JobView, ...errorResponses },
    },
    handler: async (request) => jobs.cancel(request.ctx, request.params.id),
  });
}
