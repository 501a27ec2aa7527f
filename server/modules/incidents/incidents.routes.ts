import type { AnswerCache } from '../../http/answer-cache.ts';
import { errorResponses, IdParams, ListQuery } from '../../http/schemas.ts';
import { ReceiptPage } from '../notify/index.ts';
import type { App } from '../../http/types.ts';
import { CommentBody, CreateIncidentBody, FromAlertBody, FromAlertResponse, Incident, IncidentDetail, IncidentListQuery, IncidentPage, LinkAlertBody, OnDutyResponse, TransitionBody } from './incidents.schemas.ts';
import type { IncidentsService } from './incidents.service.ts';

/** Incidents: the list, opening one, one with its timeline, its workflow moves, comments and linked alerts. */
export function incidentsRoutes(app: App, incidents: IncidentsService, listAnswers: AnswerCache): void {
  const tags = ['incidents'];
  app.get('/api/v1/incidents', {
    config: { access: 'incidents:read' },
    schema: { tags, summary: 'Incidents of your sites, newest first, with their SLA standing', querystring: IncidentListQuery, response: { 200: IncidentPage, ...errorResponses } },
    handler: async (request, reply) => {
      const { cursor, limit = 50, ...filter } = request.query;
      return listAnswers.serve(request, reply, { version: incidents.version, compute: (freshness) => incidents.list(request.ctx, filter, { cursor, limit }, freshness) });
    },
  });
  app.post('/api/v1/incidents', {
    config: { access: 'incidents:create' },
    schema: {
      tags,
      summary: 'Open an incident (the request form, a hotline call, a program): graded by impact × urgency, its SLA clocks started',
      body: CreateIncidentBody,
      response: { 200: Incident, ...errorResponses },
    },
    handler: async (request) => incidents.open(request.ctx, request.body),
  });
  app.post('/api/v1/incidents/from-alert', {
    config: { access: 'incidents:create' },
    schema: {
      tags,
      summary: "An incident for an alert: the open incident of the alert's group (the alert linked to it), or a new one at the alert's level",
      body: FromAlertBody,
      response: { 200: FromAlertResponse, ...errorResponses },
    },
    handler: async (request) => incidents.openFromAlert(request.ctx, request.body.alertId, request.body.siteId),
  });
  app.get('/api/v1/incidents/:id', {
    config: { access: 'incidents:read' },
    schema: { tags, summary: 'One incident with its timeline, linked alerts, attachments and what you may do now', params: IdParams, response: { 200: IncidentDetail, ...errorResponses } },
    handler: async (request) => incidents.get(request.ctx, request.params.id),
  });
  app.get('/api/v1/incidents/:id/notifications', {
    config: { access: 'incidents:read' },
    schema: {
      tags,
      summary: "Who was told about the incident (SLA warnings and breaches, updates to the client, a plan's messages) and how each notification fared, newest first",
      params: IdParams,
      querystring: ListQuery({}),
      response: { 200: ReceiptPage, ...errorResponses },
    },
    handler: async (request) => {
      const { cursor, limit = 50 } = request.query;
      return incidents.notifications(request.ctx, request.params.id, { cursor, limit });
    },
  });
  app.get('/api/v1/incidents/:id/on-duty', {
    config: { access: 'incidents:assign' },
    schema: { tags, summary: 'Who each duty roster has on duty now: the first choices for assigning the incident', params: IdParams, response: { 200: OnDutyResponse, ...errorResponses } },
    handler: async (request) => incidents.onDuty(request.ctx, request.params.id),
  });
  app.post('/api/v1/incidents/:id/transitions', {
    config: { access: 'incidents:read' },
    schema: {
      tags,
      summary: 'Move the incident through its workflow (assign, take, acknowledge, check in, wait, resolve, confirm, close, reopen, escalate…): 409 names what its state allows',
      params: IdParams,
      body: TransitionBody,
      response: { 200: Incident, ...errorResponses },
    },
    handler: async (request) => incidents.transition(request.ctx, request.params.id, request.body),
  });
  app.post('/api/v1/incidents/:id/comments', {
    config: { access: 'incidents:read' },
    schema: { tags, summary: 'Add a comment to the timeline (engineers, dispatchers and the client)', params: IdParams, body: CommentBody, response: { 200: Incident, ...errorResponses } },
    handler: async (request) => incidents.comment(request.ctx, request.params.id, request.body.text),
  });
  app.post('/api/v1/incidents/:id/alerts', {
    config: { access: 'incidents:write' },
    schema: { tags, summary: 'Link an alert to the incident', params: IdParams, body: LinkAlertBody, response: { 200: Incident, ...errorResponses } },
    handler: async (request) => incidents.linkAlert(request.ctx, request.params.id, request.body.alertId),
  });
}
