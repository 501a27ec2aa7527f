import { request } from './client';
import type { CursorPage } from './types';

interface Named {
  id: string;
  code: string;
  name: string;
}

export interface MaintenanceWindow {
  id: string;
  name: string;
  siteId: string | null;
  deviceId: string | null;
  /** the site concerned: the window's own, or its device's */
  site: Named | null;
  device: Named | null;
  /** one-off */
  startsAt: string | null;
  endsAt: string | null;
  /** recurring: each start by the cron expression in `zone`, lasting durationMinutes */
  cron: string | null;
  durationMinutes: number | null;
  zone: string;
  comment: string;
  enabled: boolean;
  activeNow: boolean;
  nextStart: string | null;
  nextEnd: string | null;
  createdBy: string;
  createdByName: string | null;
  createdAt: string;
  updatedAt: string;
}

/** Create: a site or a device, and one-off (startsAt, endsAt) or recurring (cron, durationMinutes); update: null clears. */
export interface MaintenanceWindowRequest {
  name: string;
  siteId?: string | null;
  deviceId?: string | null;
  startsAt?: string | null;
  endsAt?: string | null;
  cron?: string | null;
  durationMinutes?: number | null;
  zone?: string;
  comment?: string;
  enabled?: boolean;
}

const windowPath = (id: string) => `/maintenance-windows/${encodeURIComponent(id)}`;

/** Maintenance windows (tag `maintenance-windows`): a site's or device's planned downtime, one-off or recurring. */
export const maintenanceWindowsApi = {
  list: (query: { cursor?: string; limit?: number }) =>
    request<CursorPage<MaintenanceWindow>>('/maintenance-windows', { query: { ...query } }),
  get: (id: string) => request<MaintenanceWindow>(windowPath(id)),
  create: (body: MaintenanceWindowRequest) => request<MaintenanceWindow>('/maintenance-windows', { method: 'POST', body }),
  update: (id: string, body: Partial<MaintenanceWindowRequest>) =>
    request<MaintenanceWindow>(windowPath(id), { method: 'PATCH', body }),
  remove: (id: string) => request<{ ok: true }>(windowPath(id), { method: 'DELETE' }),
};
