import type { CreateMaintenanceWindowRequest, MaintenanceWindow, MaintenanceWindowQuery, UpdateMaintenanceWindowRequest } from './alerts';
import { request } from './client';
import type { CursorPage, OkResponse } from './types';

const windowPath = (id: string) => `/maintenance-windows/${encodeURIComponent(id)}`;

/** Maintenance windows (tag `maintenance-windows`): a site's or device's planned downtime, one-off or recurring. */
export const maintenanceWindowsApi = {
  list: (query: MaintenanceWindowQuery) => request<CursorPage<MaintenanceWindow>>('/maintenance-windows', { query: { ...query } }),
  get: (id: string) => request<MaintenanceWindow>(windowPath(id)),
  create: (body: CreateMaintenanceWindowRequest) => request<MaintenanceWindow>('/maintenance-windows', { method: 'POST', body }),
  update: (id: string, body: UpdateMaintenanceWindowRequest) => request<MaintenanceWindow>(windowPath(id), { method: 'PATCH', body }),
  remove: (id: string) => request<OkResponse>(windowPath(id), { method: 'DELETE' }),
};
