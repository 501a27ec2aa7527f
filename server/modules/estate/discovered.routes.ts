import { errorResponses, Ok } from '../../http/schemas.ts';
import type { App } from '../../http/types.ts';
import { Device } from './devices.schemas.ts';
import { AdoptBody, CodeParams, DiscoveredListQuery, DiscoveredPage } from './discovered.schemas.ts';
import type { DiscoveredService } from './discovered.service.ts';

const tags = ['estate'];

export function discoveredRoutes(app: App, deps: { discovered: DiscoveredService }) {
  const { discovered } = deps;

  app.get('/api/v1/discovered-devices', {
    config: { access: 'estate:read' },
    schema: { tags, summary: 'Devices that reported without being registered, newest first', querystring: DiscoveredListQuery, response: { 200: DiscoveredPage, ...errorResponses } },
    handler: async (request) => discovered.list(request.ctx, { cursor: request.query.cursor, limit: request.query.limit ?? 50 }),
  });

  app.post('/api/v1/discovered-devices/:code/adopt', {
    config: { access: 'estate:write' },
    schema: { tags, summary: 'Register a discovered device under the code it reported', params: CodeParams, body: AdoptBody, response: { 200: Device, ...errorResponses } },
    handler: async (request) => discovered.adopt(request.ctx, request.params.code, request.body),
  });

  app.delete('/api/v1/discovered-devices/:code', {
    config: { access: 'estate:write' },
    schema: { tags, summary: 'Dismiss a discovered device', params: CodeParams, response: { 200: Ok, ...errorResponses } },
    handler: async (request) => {
      await discovered.dismiss(request.ctx, request.params.code);
      return { ok: true as const };
    },
  });
}
