import { errorResponses, IdParams } from '../../../http/schemas.ts';
import type { App } from '../../../http/types.ts';
import { AckBody, Alert, AlertCounts, AlertListQuery, AlertPage, AlertWithTimeline, LevelBody, ResolveBody } from './alert.schemas.ts';
import type { AlertsService } from './alerts.service.ts';

const tags = ['alerts'];

export function alertsRoutes(app: App, deps: { alerts: AlertsService }): void {
  const { alerts } = deps;

  app.get('/api/v1/alerts', {
    config: { access: 'alerts:read' },
    schema: { tags, summary: 'List alerts (newest first) with filters; open = pending, firing and acknowledged', querystring: AlertListQuery, response: { 200: AlertPage, ...errorResponses } },
    handler: async (request) => {
      const { cursor, limit = 50, ...filter } = request.query;
      return alerts.list(request.ctx, filter, { cursor, limit });
    },
  });

  app.get('/api/v1/alerts/counts', {
    config: { access: 'alerts:read' },
    schema: { tags, summary: 'Open top-level alerts by level, site and subsystem', response: { 200: AlertCounts, ...errorResponses } },
    handler: async (request) => alerts.counts(request.ctx),
  });

  app.get('/api/v1/alerts/:id', {
    config: { access: 'alerts:read' },
    schema: { tags, summary: 'One alert with its timeline and the alerts attached to it', params: IdParams, response: { 200: AlertWithTimeline, ...errorResponses } },
    handler: async (request) => alerts.get(request.ctx, request.params.id),
  });

  app.post('/api/v1/alerts/:id/ack', {
    config: { access: 'alerts:ack' },
    schema: { tags, summary: 'Acknowledge an alert: somebody is on it (stops escalation)', params: IdParams, body: AckBody, response: { 200: Alert, ...errorResponses } },
    handler: async (request) => alerts.acknowledge(request.ctx, request.params.id, request.body.comment),
  });

  app.post('/api/v1/alerts/:id/resolve', {
    config: { access: 'alerts:ack' },
    schema: { tags, summary: 'Resolve an alert by hand (a rule raises it again if its condition still holds)', params: IdParams, body: ResolveBody, response: { 200: Alert, ...errorResponses } },
    handler: async (request) => alerts.resolve(request.ctx, request.params.id, request.body.comment),
  });

  app.post('/api/v1/alerts/:id/level', {
    config: { access: 'alerts:write' },
    schema: { tags, summary: 'Raise or lower an alert\'s level, with the reason (important events raise it)', params: IdParams, body: LevelBody, response: { 200: Alert, ...errorResponses } },
    handler: async (request) => alerts.setLevel(request.ctx, request.params.id, request.body.level, request.body.reason),
  });
}
