import { errorResponses, IdParams } from '../../../http/schemas.ts';
import type { App } from '../../../http/types.ts';
import { CreateProblemBody, LinkIncidentBody, ProblemDetail, ProblemIncidentParams, ProblemListQuery, ProblemPage, Suggestions, SuggestionsQuery, UpdateProblemBody } from './problems.schemas.ts';
import type { ProblemsService } from './problems.service.ts';

/** Problem records (问题管理): the list, one with its incidents, creating and updating them, linking incidents. */
export function problemsRoutes(app: App, problems: ProblemsService): void {
  const tags = ['problems'];
  app.get('/api/v1/problems', {
    config: { access: 'incidents:read' },
    schema: { tags, summary: 'Problem records, newest first', querystring: ProblemListQuery, response: { 200: ProblemPage, ...errorResponses } },
    handler: async (request) => {
      const { cursor, limit = 50, ...filter } = request.query;
      return problems.list(request.ctx, filter, { cursor, limit });
    },
  });
  app.get('/api/v1/problems/suggestions', {
    config: { access: 'incidents:read' },
    schema: {
      tags,
      summary: 'Incidents closed in the last 90 days with the same cause category at the same device or kind of device as the given one: candidates for one problem',
      querystring: SuggestionsQuery,
      response: { 200: Suggestions, ...errorResponses },
    },
    handler: async (request) => problems.suggestions(request.ctx, request.query.incidentId),
  });
  app.post('/api/v1/problems', {
    config: { access: 'incidents:assign' },
    schema: { tags, summary: 'Open a problem record (numbered PRB-000123)', body: CreateProblemBody, response: { 200: ProblemDetail, ...errorResponses } },
    handler: async (request) => problems.create(request.ctx, request.body),
  });
  app.get('/api/v1/problems/:id', {
    config: { access: 'incidents:read' },
    schema: { tags, summary: 'One problem record with its incidents of your sites', params: IdParams, response: { 200: ProblemDetail, ...errorResponses } },
    handler: async (request) => problems.get(request.ctx, request.params.id),
  });
  app.patch('/api/v1/problems/:id', {
    config: { access: 'incidents:assign' },
    schema: {
      tags,
      summary: "Change a problem: its text, root cause, workaround, owner, or state (open → known_error → resolved → closed; 409 names the allowed moves)",
      params: IdParams,
      body: UpdateProblemBody,
      response: { 200: ProblemDetail, ...errorResponses },
    },
    handler: async (request) => problems.update(request.ctx, request.params.id, request.body),
  });
  app.post('/api/v1/problems/:id/incidents', {
    config: { access: 'incidents:assign' },
    schema: { tags, summary: 'Link an incident to the problem (a line on its timeline)', params: IdParams, body: LinkIncidentBody, response: { 200: ProblemDetail, ...errorResponses } },
    handler: async (request) => problems.link(request.ctx, request.params.id, request.body.incidentId),
  });
  app.delete('/api/v1/problems/:id/incidents/:incidentId', {
    config: { access: 'incidents:assign' },
    schema: { tags, summary: 'Unlink an incident from the problem (a line on its timeline)', params: ProblemIncidentParams, response: { 200: ProblemDetail, ...errorResponses } },
    handler: async (request) => problems.unlink(request.ctx, request.params.id, request.params.incidentId),
  });
}
