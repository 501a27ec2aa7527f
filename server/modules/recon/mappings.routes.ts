import { errorResponses, IdParams, Ok } from '../../http/schemas.ts';
import type { App } from '../../http/types.ts';
import type { ColumnMappingsService } from './mappings.service.ts';
import { ColumnMappingList, ColumnMappingListQuery, ColumnMappingView, CreateColumnMappingBody, UpdateColumnMappingBody } from './mappings.schemas.ts';

const tags = ['recon'];

/** Saved column mappings under /api/v1/recon/column-mappings: recon:read lists, recon:write changes. Thin. */
export function columnMappingsRoutes(app: App, mappings: ColumnMappingsService): void {
  app.get('/api/v1/recon/column-mappings', {
    config: { access: 'recon:read' },
    schema: { tags, summary: 'Saved column mappings for generic ledgers, by name', querystring: ColumnMappingListQuery, response: { 200: ColumnMappingList, ...errorResponses } },
    handler: async (request) => mappings.list(request.ctx, request.query),
  });
  app.post('/api/v1/recon/column-mappings', {
    config: { access: 'recon:write' },
    schema: {
      tags,
      summary: 'Save a column mapping under a name, for the header it was made for: imports with that header use it, or name it with ?mapping=',
      body: CreateColumnMappingBody,
      response: { 200: ColumnMappingView, ...errorResponses },
    },
    handler: async (request) => mappings.create(request.ctx, request.body),
  });
  app.patch('/api/v1/recon/column-mappings/:id', {
    config: { access: 'recon:write' },
    schema: { tags, summary: 'Rename a column mapping or change it, with the version read (409 COLUMN_MAPPING_CHANGED if it moved)', params: IdParams, body: UpdateColumnMappingBody, response: { 200: ColumnMappingView, ...errorResponses } },
    handler: async (request) => mappings.update(request.ctx, request.params.id, request.body),
  });
  app.delete('/api/v1/recon/column-mappings/:id', {
    config: { access: 'recon:write' },
    schema: { tags, summary: 'Delete a column mapping (imports made with it keep saying which it was)', params: IdParams, response: { 200: Ok, ...errorResponses } },
    handler: async (request) => {
      await mappings.remove(request.ctx, request.params.id);
      return { ok: true as const };
    },
  });
}
