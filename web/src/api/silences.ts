import type { CreateSilenceRequest, Matcher, Silence, SilenceListQuery, SilencePreview, UpdateSilenceRequest } from './alerts';
import { request } from './client';
import type { CursorPage } from './types';

const silence = (id: string) => `/silences/${encodeURIComponent(id)}`;

/** Silences (tag `silences`): keep alerts matching all the matchers quiet from start to end. */
export const silencesApi = {
  /** `state`: comma-separated states, all when absent */
  list: (query: SilenceListQuery) => request<CursorPage<Silence>>('/silences', { query: { ...query } }),
  get: (id: string) => request<Silence>(silence(id)),
  create: (body: CreateSilenceRequest) => request<Silence>('/silences', { method: 'POST', body }),
  update: (id: string, body: UpdateSilenceRequest) => request<Silence>(silence(id), { method: 'PATCH', body }),
  expire: (id: string) => request<Silence>(`${silence(id)}/expire`, { method: 'POST' }),
  /** How many open alerts the matchers would silence now (a read, though a POST). */
  preview: (matchers: Matcher[]) => request<SilencePreview>('/silences/preview', { method: 'POST', body: { matchers } }),
};
