import { errorResponses, IdParams } from '../../http/schemas.ts';
import type { App } from '../../http/types.ts';
import {
  Catalog,
  CreateDeviceBody,
  Device,
  DeviceDetail,
  DeviceListQuery,
  DevicePage,
  EstateTree,
  HealthHistoryPage,
  MaintenanceBody,
  PageQuery,
  UpdateDeviceBody,
} from './devices.schemas.ts';
import type { DevicesService } from './devices.service.ts';

const tags = ['estate'];

export function devicesRoutes(app: App, deps: { devices: DevicesService }) {
  const { devices } = deps;

  app.get('/api/v1/estate/catalog', {
    config: { access: 'estate:read' },
    schema: { tags, summary: 'Device types, subsystems and health states (codes; the console translates them)', response: { 200: Catalog, ...errorResponses } },
    handler: async (request) => devices.catalog(request.ctx),
  });

  app.get('/api/v1/estate/tree', {
    config: { access: 'estate:read' },
    schema: { tags, summary: 'Sites you may see → subsystems → device counts by health', response: { 200: EstateTree, ...errorResponses } },
    handler: async (request) => devices.tree(request.ctx),
  });

  app.get('/api/v1/devices', {
    config: { access: 'estate:read' },
    schema: { tags, summary: 'List devices (filters; problems first unless sort=code)', querystring: DeviceListQuery, response: { 200: DevicePage, ...errorResponses } },
    handler: async (request) => {
      const { cursor, limit = 50, ...filter } = request.query;
      return devices.list(request.ctx, filter, { cursor, limit });
    },
  });

  app.post('/api/v1/devices', {
    config: { access: 'estate:write' },
    schema: { tags, summary: 'Register a device', body: CreateDeviceBody, response: { 200: Device, ...errorResponses } },
    handler: async (request) => devices.create(request.ctx, request.body),
  });

  app.get('/api/v1/devices/:id', {
    config: { access: 'estate:read' },
    schema: { tags, summary: 'One device, with its upstream code and downstream count', params: IdParams, response: { 200: DeviceDetail, ...errorResponses } },
    handler: async (request) => devices.get(request.ctx, request.params.id),
  });

  app.patch('/api/v1/devices/:id', {
    config: { access: 'estate:write' },
    schema: { tags, summary: 'Change a device (its code stays)', params: IdParams, body: UpdateDeviceBody, response: { 200: Device, ...errorResponses } },
    handler: async (request) => devices.update(request.ctx, request.params.id, request.body),
  });

  app.post('/api/v1/devices/:id/maintenance', {
    config: { access: 'estate:write' },
    schema: { tags, summary: 'Put a device into maintenance or take it out', params: IdParams, body: MaintenanceBody, response: { 200: Device, ...errorResponses } },
    handler: async (request) => devices.setMaintenance(request.ctx, request.params.id, request.body),
  });

  app.get('/api/v1/devices/:id/health-history', {
    config: { access: 'estate:read' },
    schema: { tags, summary: "A device's health changes, newest first", params: IdParams, querystring: PageQuery, response: { 200: HealthHistoryPage, ...errorResponses } },
    handler: async (request) => devices.healthHistory(request.ctx, request.params.id, { cursor: request.query.cursor, limit: request.query.limit ?? 50 }),
  });

  app.get('/api/v1/devices/:id/downstream', {
    config: { access: 'estate:read' },
    schema: { tags, summary: 'The devices hanging directly off this one', params: IdParams, querystring: PageQuery, response: { 200: DevicePage, ...errorResponses } },
    handler: async (request) => devices.downstream(request.ctx, request.params.id, { cursor: request.query.cursor, limit: request.query.limit ?? 50 }),
  });
}
