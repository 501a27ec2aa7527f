import { errorResponses, IdParams, Ok } from '../../../http/schemas.ts';
import type { App } from '../../../http/types.ts';
import { CreateViewBody, IncidentView, IncidentViewList } from './views.schemas.ts';
import type { ViewsService } from './views.service.ts';

export function viewsRoutes(app: App, views: ViewsService): void {
  const tags = ['incidents'];
  app.get('/api/v1/incident-views', {
    config: { access: 'incidents:read' },
    schema: { tags, summary: 'Your saved views of the incident list, and the shared ones', response: { 200: IncidentViewList, ...errorResponses } },
    handler: async (request) => views.list(request.ctx),
  });
  app.post('/api/v1/incident-views', {
    config: { access: 'incidents:read' },
    schema: { tags, summary: 'Save the list’s filters under a name (shared with everyone: incidents:assign)', body: CreateViewBody, response: { 200: IncidentView, ...errorResponses } },
    handler: async (request) => views.create(request.ctx, request.body),
  });
  app.delete('/api/v1/incident-views/:id', {
    config: { access: 'incidents:read' },
    schema: { tags, summary: 'Delete a saved view (yours, or a shared one as a dispatcher)', params: IdParams, response: { 200: Ok, ...errorResponses } },
    handler: async (request) => {
      await views.remove(request.ctx, request.params.id);
      return { ok: true as const };
    },
  });
}
