import { errorResponses, IdParams } from '../../http/schemas.ts';
import type { App } from '../../http/types.ts';
import {
  CreateSparePartBody,
  MovementBody,
  MovementListQuery,
  MovementPage,
  MovementResult,
  SparePart,
  SparePartListQuery,
  SparePartPage,
  UpdateSparePartBody,
} from './spare-parts.schemas.ts';
import type { SparePartsService } from './spare-parts.service.ts';

const tags = ['spare-parts'];

export function sparePartsRoutes(app: App, deps: { spareParts: SparePartsService }) {
  const { spareParts } = deps;

  app.get('/api/v1/spare-parts', {
    config: { access: 'estate:read' },
    schema: { tags, summary: 'Spare parts with stock per warehouse (cursor by SKU)', querystring: SparePartListQuery, response: { 200: SparePartPage, ...errorResponses } },
    handler: async (request) => {
      const { cursor, limit = 50, ...filter } = request.query;
      return spareParts.list(request.ctx, filter, { cursor, limit });
    },
  });

  app.post('/api/v1/spare-parts', {
    config: { access: 'estate:write' },
    schema: { tags, summary: 'Add a spare part', body: CreateSparePartBody, response: { 200: SparePart, ...errorResponses } },
    handler: async (request) => spareParts.create(request.ctx, request.body),
  });

  app.patch('/api/v1/spare-parts/:id', {
    config: { access: 'estate:write' },
    schema: { tags, summary: 'Change a spare part (stock moves only through movements)', params: IdParams, body: UpdateSparePartBody, response: { 200: SparePart, ...errorResponses } },
    handler: async (request) => spareParts.update(request.ctx, request.params.id, request.body),
  });

  app.post('/api/v1/spare-parts/:id/movements', {
    config: { access: 'estate:write' },
    schema: { tags, summary: 'Book stock in or out of a warehouse', params: IdParams, body: MovementBody, response: { 200: MovementResult, ...errorResponses } },
    handler: async (request) => spareParts.move(request.ctx, request.params.id, request.body),
  });

  app.get('/api/v1/spare-parts/:id/movements', {
    config: { access: 'estate:read' },
    schema: { tags, summary: "A part's movements, newest first", params: IdParams, querystring: MovementListQuery, response: { 200: MovementPage, ...errorResponses } },
    handler: async (request) => spareParts.movements(request.ctx, request.params.id, { cursor: request.query.cursor, limit: request.query.limit ?? 50 }),
  });
}
