import { request } from './client';
import type {
  ConfigDiff,
  ConfigDiffQuery,
  ConfigVersion,
  ConfigVersionDetail,
  CreateConfigRequest,
  CreateDeviceRequest,
  CursorPage,
  Device,
  DeviceDetail,
  DeviceListQuery,
  EstateCatalog,
  EstateSummary,
  EstateTree,
  HealthChange,
  MaintenanceRequest,
  UpdateDeviceRequest,
} from './types';

const device = (id: string) => `/devices/${encodeURIComponent(id)}`;

/** Devices, their topology, health and configuration records (tag `estate`). */
export const estateApi = {
  catalog: () => request<EstateCatalog>('/estate/catalog'),
  tree: () => request<EstateTree>('/estate/tree'),
  summary: () => request<EstateSummary>('/estate/summary'),

  list: (query: DeviceListQuery) => request<CursorPage<Device>>('/devices', { query: { ...query } }),
  get: (id: string) => request<DeviceDetail>(device(id)),
  create: (body: CreateDeviceRequest) => request<Device>('/devices', { method: 'POST', body }),
  update: (id: string, body: UpdateDeviceRequest) => request<Device>(device(id), { method: 'PATCH', body }),
  maintenance: (id: string, body: MaintenanceRequest) =>
    request<Device>(`${device(id)}/maintenance`, { method: 'POST', body }),
  healthHistory: (id: string, cursor?: string, limit = 50) =>
    request<CursorPage<HealthChange>>(`${device(id)}/health-history`, { query: { cursor, limit } }),
  downstream: (id: string, cursor?: string, limit = 50) =>
    request<CursorPage<Device>>(`${device(id)}/downstream`, { query: { cursor, limit } }),

  configVersions: (id: string, cursor?: string, limit = 50) =>
    request<CursorPage<ConfigVersion>>(`${device(id)}/config`, { query: { cursor, limit } }),
  configVersion: (id: string, version: number) => request<ConfigVersionDetail>(`${device(id)}/config/${version}`),
  addConfigVersion: (id: string, body: CreateConfigRequest) =>
    request<ConfigVersion>(`${device(id)}/config`, { method: 'POST', body }),
  configDiff: (id: string, query: ConfigDiffQuery) =>
    request<ConfigDiff>(`${device(id)}/config-diff`, { query: { ...query } }),
};
