import { errorResponses, IdParams, Ok } from '../../../http/schemas.ts';
import type { App } from '../../../http/types.ts';
import {
  CreateMaintenanceWindowBody,
  MaintenanceWindow,
  MaintenanceWindowListQuery,
  MaintenanceWindowPage,
  UpdateMaintenanceWindowBody,
} from './maintenance.schemas.ts';
import type { MaintenanceWindowsService } from './maintenance.service.ts';

const tags = ['maintenance-windows'];

export function maintenanceWindowsRoutes(app: App, deps: { maintenanceWindows: MaintenanceWindowsService }): void {
  const { maintenanceWindows: windows } = deps;

  app.get('/api/v1/maintenance-windows', {
    config: { access: 'alerts:read' },
    schema: { tags, summary: 'List maintenance windows (newest first), by site or device', querystring: MaintenanceWindowListQuery, response: { 200: MaintenanceWindowPage, ...errorResponses } },
    handler: async (request) => {
      const { cursor, limit = 50, ...filter } = request.query;
      return windows.list(request.ctx, filter, { cursor, limit });
    },
  });

  app.get('/api/v1/maintenance-windows/:id', {
    config: { access: 'alerts:read' },
    schema: { tags, summary: 'One maintenance window, with whether it is on now and when it next starts and ends', params: IdParams, response: { 200: MaintenanceWindow, ...errorResponses } },
    handler: async (request) => windows.get(request.ctx, request.params.id),
  });

  app.post('/api/v1/maintenance-windows', {
    config: { access: 'alerts:write' },
    schema: { tags, summary: 'Plan a maintenance window for a site or a device: one-off, or recurring by cron', body: CreateMaintenanceWindowBody, response: { 200: MaintenanceWindow, ...errorResponses } },
    handler: async (request) => windows.create(request.ctx, request.body),
  });

  app.patch('/api/v1/maintenance-windows/:id', {
    config: { access: 'alerts:write' },
    schema: { tags, summary: 'Change a maintenance window (null clears a field)', params: IdParams, body: UpdateMaintenanceWindowBody, response: { 200: MaintenanceWindow, ...errorResponses } },
    handler: async (request) => windows.update(request.ctx, request.params.id, request.body),
  });

  app.delete('/api/v1/maintenance-windows/:id', {
    config: { access: 'alerts:write' },
    schema: { tags, summary: 'Delete a maintenance window', params: IdParams, response: { 200: Ok, ...errorResponses } },
    handler: async (request) => windows.delete(request.ctx, request.params.id),
  });
}
