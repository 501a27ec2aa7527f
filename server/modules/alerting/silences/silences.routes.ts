import { errorResponses, IdParams } from '../../../http/schemas.ts';
import type { App } from '../../../http/types.ts';
import { CreateSilenceBody, PreviewSilenceBody, Silence, SilenceListQuery, SilencePage, SilencePreview, UpdateSilenceBody } from './silences.schemas.ts';
import type { SilencesService } from './silences.service.ts';

const tags = ['silences'];

export function silencesRoutes(app: App, deps: { silences: SilencesService }): void {
  const { silences } = deps;

  app.get('/api/v1/silences', {
    config: { access: 'alerts:read' },
    schema: { tags, summary: 'List silences (latest end first), by state', querystring: SilenceListQuery, response: { 200: SilencePage, ...errorResponses } },
    handler: async (request) => {
      const { cursor, limit = 50, ...filter } = request.query;
      return silences.list(request.ctx, filter, { cursor, limit });
    },
  });

  app.get('/api/v1/silences/:id', {
    config: { access: 'alerts:read' },
    schema: { tags, summary: 'One silence', params: IdParams, response: { 200: Silence, ...errorResponses } },
    handler: async (request) => silences.get(request.ctx, request.params.id),
  });

  app.post('/api/v1/silences', {
    config: { access: 'alerts:ack' },
    schema: { tags, summary: 'Silence the alerts matching every matcher, from startsAt (default now) to endsAt', body: CreateSilenceBody, response: { 200: Silence, ...errorResponses } },
    handler: async (request) => silences.create(request.ctx, request.body),
  });

  // A POST because matchers are a structured list; it reads and counts, and writes nothing to audit.
  app.post('/api/v1/silences/preview', {
    config: { access: 'alerts:read', auditExempt: 'a read: counts the open alerts some matchers select, changes nothing' },
    schema: { tags, summary: 'How many open alerts these matchers select now, and the newest of them', body: PreviewSilenceBody, response: { 200: SilencePreview, ...errorResponses } },
    handler: async (request) => silences.preview(request.ctx, request.body.matchers),
  });

  app.patch('/api/v1/silences/:id', {
    config: { access: 'alerts:ack' },
    schema: { tags, summary: 'Extend or change a silence that has not ended', params: IdParams, body: UpdateSilenceBody, response: { 200: Silence, ...errorResponses } },
    handler: async (request) => silences.update(request.ctx, request.params.id, request.body),
  });

  app.post('/api/v1/silences/:id/expire', {
    config: { access: 'alerts:ack' },
    schema: { tags, summary: 'End a silence now', params: IdParams, response: { 200: Silence, ...errorResponses } },
    handler: async (request) => silences.expire(request.ctx, request.params.id),
  });
}
