import { request } from './client';
import type { CursorPage, DeviceEvent, DeviceEventQuery, ItemsResponse, MetricSeries, MetricSeriesQuery } from './types';

const device = (id: string) => `/devices/${encodeURIComponent(id)}`;

/** What a device reported: raw events and one-minute metric roll-ups (tag `telemetry`). */
export const telemetryApi = {
  events: (id: string, query: DeviceEventQuery) =>
    request<CursorPage<DeviceEvent>>(`${device(id)}/events`, { query: { ...query } }),
  metrics: (id: string) => request<ItemsResponse<string>>(`${device(id)}/metrics`),
  series: (id: string, metric: string, query: MetricSeriesQuery) =>
    request<MetricSeries>(`${device(id)}/metrics/${encodeURIComponent(metric)}`, { query: { ...query } }),
};
