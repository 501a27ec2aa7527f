import { request } from './client';
import type { CreateSiteRequest, CursorPage, Site, SiteListQuery, UpdateSiteRequest } from './types';

export const sitesApi = {
  list: (query: SiteListQuery) => request<CursorPage<Site>>('/sites', { query: { ...query } }),
  create: (body: CreateSiteRequest) => request<Site>('/sites', { method: 'POST', body }),
  update: (id: string, body: UpdateSiteRequest) =>
    request<Site>(`/sites/${encodeURIComponent(id)}`, { method: 'PATCH', body }),
};
