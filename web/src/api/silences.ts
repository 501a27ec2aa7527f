import { request } from './client';
import type { Matcher } from './alerts';
import type { CursorPage } from './types';

export type SilenceState = 'active' | 'pending' | 'expired';

export interface Silence {
  id: string;
  matchers: Matcher[];
  startsAt: string;
  endsAt: string;
  comment: string;
  state: SilenceState;
  createdBy: string;
  createdByName: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface CreateSilenceRequest {
  matchers: Matcher[];
  startsAt?: string;
  endsAt: string;
  comment: string;
}

export interface SilencePreview {
  /** open alerts the matchers select now, among those the user may see */
  matched: number;
  /** the newest of them */
  alertIds: string[];
}

const silence = (id: string) => `/silences/${encodeURIComponent(id)}`;

/** Silences (tag `silences`): keep alerts matching all the matchers quiet from start to end. */
export const silencesApi = {
  /** `state`: comma-separated states, all when absent */
  list: (query: { state?: string; cursor?: string; limit?: number }) =>
    request<CursorPage<Silence>>('/silences', { query: { ...query } }),
  get: (id: string) => request<Silence>(silence(id)),
  create: (body: CreateSilenceRequest) => request<Silence>('/silences', { method: 'POST', body }),
  update: (id: string, body: Partial<CreateSilenceRequest>) => request<Silence>(silence(id), { method: 'PATCH', body }),
  expire: (id: string) => request<Silence>(`${silence(id)}/expire`, { method: 'POST' }),
  /** How many open alerts the matchers would silence now. */
  preview: (matchers: Matcher[]) => request<SilencePreview>('/silences/preview', { method: 'POST', body: { matchers } }),
};
