import { errorResponses, IdParams } from '../../http/schemas.ts';
import type { App } from '../../http/types.ts';
import { ConfigDiff, ConfigDiffQuery, ConfigListQuery, ConfigRecord, ConfigVersion, ConfigVersionPage, ConfigVersionParams, CreateConfigBody } from './config-records.schemas.ts';
import type { ConfigRecordsService } from './config-records.service.ts';

const tags = ['estate'];

/** A 256 KiB configuration can take several times that as a JSON string (escapes); the rest of the API keeps its own limit. */
const CONFIG_BODY_LIMIT = 2 * 1_048_576;

export function configRecordsRoutes(app: App, deps: { configRecords: ConfigRecordsService }) {
  const { configRecords } = deps;

  app.get('/api/v1/devices/:id/config', {
    config: { access: 'estate:read' },
    schema: { tags, summary: "A device's configuration versions, newest first (without content)", params: IdParams, querystring: ConfigListQuery, response: { 200: ConfigVersionPage, ...errorResponses } },
    handler: async (request) => configRecords.list(request.ctx, request.params.id, { cursor: request.query.cursor, limit: request.query.limit ?? 50 }),
  });

  app.post('/api/v1/devices/:id/config', {
    config: { access: 'estate:write' },
    bodyLimit: CONFIG_BODY_LIMIT,
    schema: { tags, summary: 'Save the next configuration version of a device', params: IdParams, body: CreateConfigBody, response: { 200: ConfigVersion, ...errorResponses } },
    handler: async (request) => configRecords.create(request.ctx, request.params.id, request.body),
  });

  app.get('/api/v1/devices/:id/config/:version', {
    config: { access: 'estate:read' },
    schema: { tags, summary: 'One configuration version with its content', params: ConfigVersionParams, response: { 200: ConfigRecord, ...errorResponses } },
    handler: async (request) => configRecords.get(request.ctx, request.params.id, request.params.version),
  });

  app.get('/api/v1/devices/:id/config-diff', {
    config: { access: 'estate:read' },
    schema: { tags, summary: 'Unified diff between two configuration versions', params: IdParams, querystring: ConfigDiffQuery, response: { 200: ConfigDiff, ...errorResponses } },
    handler: async (request) => configRecords.diff(request.ctx, request.params.id, request.query),
  });
}
