import { errorResponses, IdParams } from '../../http/schemas.ts';
import type { App } from '../../http/types.ts';
import { CreateSiteBody, Site, SiteListQuery, SitePage, UpdateSiteBody } from './sites.schemas.ts';
import type { SitesService } from './sites.service.ts';

const tags = ['sites'];

export function sitesRoutes(app: App, deps: { sites: SitesService }) {
  const { sites } = deps;

  app.get('/api/v1/sites', {
    config: { access: 'sites:read' },
    schema: { tags, summary: 'List the sites you may see', querystring: SiteListQuery, response: { 200: SitePage, ...errorResponses } },
    handler: async (request) => {
      const { cursor, limit = 50, ...filter } = request.query;
      return sites.list(request.ctx, filter, { cursor, limit });
    },
  });

  app.get('/api/v1/sites/:id', {
    config: { access: 'sites:read' },
    schema: { tags, summary: 'One site', params: IdParams, response: { 200: Site, ...errorResponses } },
    handler: async (request) => sites.get(request.ctx, request.params.id),
  });

  app.post('/api/v1/sites', {
    config: { access: 'sites:write' },
    schema: { tags, summary: 'Add a site', body: CreateSiteBody, response: { 200: Site, ...errorResponses } },
    handler: async (request) => sites.create(request.ctx, request.body),
  });

  app.patch('/api/v1/sites/:id', {
    config: { access: 'sites:write' },
    schema: { tags, summary: 'Change a site: name, time zone, opening hours, description', params: IdParams, body: UpdateSiteBody, response: { 200: Site, ...errorResponses } },
    handler: async (request) => sites.update(request.ctx, request.params.id, request.body),
  });
}
