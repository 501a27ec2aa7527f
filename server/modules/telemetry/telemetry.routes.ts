import { errorResponses, IdParams } from '../../http/schemas.ts';
import type { App } from '../../http/types.ts';
import { DeviceEventPage, DeviceEventsQuery, MetricNames, Series, SeriesParams, SeriesQuery } from './telemetry.schemas.ts';
import type { TelemetryService } from './telemetry.service.ts';

const tags = ['telemetry'];

export function telemetryRoutes(app: App, deps: { telemetry: TelemetryService }) {
  const { telemetry } = deps;

  app.get('/api/v1/devices/:id/events', {
    config: { access: 'estate:read' },
    schema: { tags, summary: "A device's recent raw events, newest first", params: IdParams, querystring: DeviceEventsQuery, response: { 200: DeviceEventPage, ...errorResponses } },
    handler: async (request) => {
      const { cursor, limit = 50, ...filter } = request.query;
      return telemetry.recentEvents(request.ctx, request.params.id, filter, { cursor, limit });
    },
  });

  app.get('/api/v1/devices/:id/metrics', {
    config: { access: 'estate:read' },
    schema: { tags, summary: 'The metrics a device reported in the last 7 days', params: IdParams, response: { 200: MetricNames, ...errorResponses } },
    handler: async (request) => telemetry.metricNames(request.ctx, request.params.id),
  });

  app.get('/api/v1/devices/:id/metrics/:metric', {
    config: { access: 'estate:read' },
    schema: { tags, summary: 'One-minute roll-ups of a metric (default: the last 6 hours; at most 7 days)', params: SeriesParams, querystring: SeriesQuery, response: { 200: Series, ...errorResponses } },
    handler: async (request) => telemetry.series(request.ctx, request.params.id, request.params.metric, request.query),
  });
}
