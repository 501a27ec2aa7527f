import { request } from './client';
import type { CursorPage, Job, JobQuery } from './types';

export const jobsApi = {
  list: (query: JobQuery) => request<CursorPage<Job>>('/jobs', { query: { ...query } }),
  get: (id: string) => request<Job>(`/jobs/${encodeURIComponent(id)}`),
  cancel: (id: string) => request<Job>(`/jobs/${encodeURIComponent(id)}/cancel`, { method: 'POST' }),
};
