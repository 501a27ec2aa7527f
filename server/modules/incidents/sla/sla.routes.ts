import { errorResponses, IdParams, Ok } from '../../../http/schemas.ts';
import type { App } from '../../../http/types.ts';
import {
  CreateSlaCalendarBody,
  CreateSlaPolicyBody,
  DeleteQuery,
  SlaCalendar,
  SlaCalendarList,
  SlaPolicy,
  SlaPolicyList,
  SlaPreview,
  SlaPreviewQuery,
  UpdateSlaCalendarBody,
  UpdateSlaPolicyBody,
} from './sla.schemas.ts';
import type { SlaService } from './sla.service.ts';

/** SLA calendars and policies, and the preview of a policy's due instants (issue 11, C5.3). */
export function slaRoutes(app: App, services: { sla: SlaService }): void {
  const { sla } = services;

  const tags = ['sla'];
  app.get('/api/v1/sla-calendars', {
    config: { access: 'incidents:read' },
    schema: { tags, summary: 'SLA calendars: business hours or 7×24, China’s holidays and make-up workdays, custom dates', response: { 200: SlaCalendarList, ...errorResponses } },
    handler: async (request) => sla.listCalendars(request.ctx),
  });
  app.get('/api/v1/sla-calendars/:id', {
    config: { access: 'incidents:read' },
    schema: { tags, summary: 'One SLA calendar, with the policies that use it', params: IdParams, response: { 200: SlaCalendar, ...errorResponses } },
    handler: async (request) => sla.getCalendar(request.ctx, request.params.id),
  });
  app.post('/api/v1/sla-calendars', {
    config: { access: 'incidents:assign' },
    schema: { tags, summary: 'Add an SLA calendar (400 names each bad range, overlap, date or zone)', body: CreateSlaCalendarBody, response: { 200: SlaCalendar, ...errorResponses } },
    handler: async (request) => sla.createCalendar(request.ctx, request.body),
  });
  app.put('/api/v1/sla-calendars/:id', {
    config: { access: 'incidents:assign' },
    schema: {
      tags,
      summary: 'Replace an SLA calendar at the version read (409 SLA_CALENDAR_CHANGED if it moved on); open incidents keep the copy they started with',
      params: IdParams,
      body: UpdateSlaCalendarBody,
      response: { 200: SlaCalendar, ...errorResponses },
    },
    handler: async (request) => sla.updateCalendar(request.ctx, request.params.id, request.body),
  });
  app.delete('/api/v1/sla-calendars/:id', {
    config: { access: 'incidents:assign' },
    schema: { tags, summary: 'Delete an SLA calendar no policy uses (409 SLA_CALENDAR_IN_USE names them)', params: IdParams, querystring: DeleteQuery, response: { 200: Ok, ...errorResponses } },
    handler: async (request) => {
      await sla.removeCalendar(request.ctx, request.params.id, request.query.version);
      return { ok: true as const };
    },
  });

  app.get('/api/v1/sla-policies', {
    config: { access: 'incidents:read' },
    schema: { tags, summary: 'SLA policies in the order they apply (the first that covers an incident’s site)', response: { 200: SlaPolicyList, ...errorResponses } },
    handler: async (request) => sla.listPolicies(request.ctx),
  });
  app.get('/api/v1/sla-policies/:id', {
    config: { access: 'incidents:read' },
    schema: { tags, summary: 'One SLA policy', params: IdParams, response: { 200: SlaPolicy, ...errorResponses } },
    handler: async (request) => sla.getPolicy(request.ctx, request.params.id),
  });
  app.post('/api/v1/sla-policies', {
    config: { access: 'incidents:assign' },
    schema: { tags, summary: 'Add an SLA policy: per level, the response, on-site and resolution targets, each on a calendar', body: CreateSlaPolicyBody, response: { 200: SlaPolicy, ...errorResponses } },
    handler: async (request) => sla.createPolicy(request.ctx, request.body),
  });
  app.put('/api/v1/sla-policies/:id', {
    config: { access: 'incidents:assign' },
    schema: {
      tags,
      summary: 'Replace an SLA policy at the version read (409 SLA_POLICY_CHANGED if it moved on); open incidents keep their targets',
      params: IdParams,
      body: UpdateSlaPolicyBody,
      response: { 200: SlaPolicy, ...errorResponses },
    },
    handler: async (request) => sla.updatePolicy(request.ctx, request.params.id, request.body),
  });
  app.delete('/api/v1/sla-policies/:id', {
    config: { access: 'incidents:assign' },
    schema: { tags, summary: 'Delete an SLA policy (incidents opened under it keep their targets)', params: IdParams, querystring: DeleteQuery, response: { 200: Ok, ...errorResponses } },
    handler: async (request) => {
      await sla.removePolicy(request.ctx, request.params.id, request.query.version);
      return { ok: true as const };
    },
  });
  app.get('/api/v1/sla-policies/:id/preview', {
    config: { access: 'incidents:read' },
    schema: {
      tags,
      summary: 'When each target would fall due for an incident opened at openedAt (all levels, or one): what a dispatcher tells the caller',
      params: IdParams,
      querystring: SlaPreviewQuery,
      response: { 200: SlaPreview, ...errorResponses },
    },
    handler: async (request) => sla.preview(request.ctx, request.params.id, request.query.openedAt, request.query.level),
  });
}
