import { request } from './client';
import type { ApiToken, CreateTokenRequest, CreateTokenResponse, ItemsResponse } from './types';

export const tokensApi = {
  /** My tokens; with `all` (tokens:admin) everybody's, each with its owner. */
  list: (all = false) => request<ItemsResponse<ApiToken>>('/tokens', { query: { all: all || undefined } }),
  create: (body: CreateTokenRequest) => request<CreateTokenResponse>('/tokens', { method: 'POST', body }),
  revoke: (id: string) => request<ApiToken>(`/tokens/${encodeURIComponent(id)}`, { method: 'DELETE' }),
};
