import { request } from './client';
import type { AdoptDeviceRequest, CursorPage, Device, DiscoveredDevice, OkResponse } from './types';

const discovered = (code: string) => `/discovered-devices/${encodeURIComponent(code)}`;

/** Devices that reported without being registered (tag `estate`). */
export const discoveredApi = {
  list: (cursor?: string, limit = 50) =>
    request<CursorPage<DiscoveredDevice>>('/discovered-devices', { query: { cursor, limit } }),
  adopt: (code: string, body: AdoptDeviceRequest) =>
    request<Device>(`${discovered(code)}/adopt`, { method: 'POST', body }),
  dismiss: (code: string) => request<OkResponse>(discovered(code), { method: 'DELETE' }),
};
