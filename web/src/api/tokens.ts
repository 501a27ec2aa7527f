import { request } from './client';
import type { ApiToken, CreateTokenRequest, CreateTokenResponse, ItemsResponse } from './types';

export const tokensApi = {
  list: () => request<ItemsResponse<ApiToken>>('/tokens'),
  create: (body: CreateTokenRequest) => request<CreateTokenResponse>('/tokens', { method: 'POST', body }),
  revoke: (id: string) => request<ApiToken>(`/tokens/${encodeURIComponent(id)}`, { method: 'DELETE' }),
};
