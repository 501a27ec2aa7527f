import { errorResponses, IdParams } from '../../http/schemas.ts';
import type { App } from '../../http/types.ts';
import {
  AttachPlanBody,
  CreatePlanBody,
  IncidentPlan,
  PlanDetail,
  PlanListQuery,
  PlanPage,
  PlanVersion,
  PlanVersionList,
  PublishPlanBody,
  StepParams,
  StepUpdateBody,
  SuggestionList,
  SuggestionsQuery,
  UpdatePlanBody,
  VersionParams,
} from './plans.schemas.ts';
import type { PlansService } from './plans.service.ts';

/** The plan library (plans:read / plans:write) and the plan an incident runs (incidents:read / incidents:write). */
export function plansRoutes(app: App, plans: PlansService): void {
  const tags = ['plans'];
  app.get('/api/v1/plans', {
    config: { access: 'plans:read' },
    schema: { tags, summary: 'The plan library, by key', querystring: PlanListQuery, response: { 200: PlanPage, ...errorResponses } },
    handler: async (request) => {
      const { cursor, limit = 50, ...filter } = request.query;
      return plans.list(request.ctx, filter, { cursor, limit });
    },
  });
  app.post('/api/v1/plans', {
    config: { access: 'plans:write' },
    schema: { tags, summary: 'A new plan: its draft (publish it to use it)', body: CreatePlanBody, response: { 200: PlanDetail, ...errorResponses } },
    handler: async (request) => plans.create(request.ctx, request.body),
  });
  app.get('/api/v1/plans/suggestions', {
    config: { access: 'plans:read' },
    schema: {
      tags,
      summary: 'Published plans matching an alert or an incident, best first (at most 20), with why (rule key, alert type, device type, subsystem, level)',
      querystring: SuggestionsQuery,
      response: { 200: SuggestionList, ...errorResponses },
    },
    handler: async (request) => plans.suggest(request.ctx, request.query),
  });
  app.get('/api/v1/plans/:id', {
    config: { access: 'plans:read' },
    schema: { tags, summary: 'One plan with its draft', params: IdParams, response: { 200: PlanDetail, ...errorResponses } },
    handler: async (request) => plans.get(request.ctx, request.params.id),
  });
  app.put('/api/v1/plans/:id', {
    config: { access: 'plans:write' },
    schema: { tags, summary: "Edit the plan's draft (published versions never change; publish makes the next one)", params: IdParams, body: UpdatePlanBody, response: { 200: PlanDetail, ...errorResponses } },
    handler: async (request) => plans.update(request.ctx, request.params.id, request.body),
  });
  app.delete('/api/v1/plans/:id', {
    config: { access: 'plans:write' },
    schema: { tags, summary: 'Archive the plan: no longer suggested nor attachable; incidents keep what they ran', params: IdParams, response: { 200: PlanDetail, ...errorResponses } },
    handler: async (request) => plans.archive(request.ctx, request.params.id),
  });
  app.get('/api/v1/plans/:id/versions', {
    config: { access: 'plans:read' },
    schema: { tags, summary: "The plan's published versions, newest first", params: IdParams, response: { 200: PlanVersionList, ...errorResponses } },
    handler: async (request) => plans.versions(request.ctx, request.params.id),
  });
  app.get('/api/v1/plans/:id/versions/:n', {
    config: { access: 'plans:read' },
    schema: { tags, summary: 'One published version as it was published', params: VersionParams, response: { 200: PlanVersion, ...errorResponses } },
    handler: async (request) => plans.version(request.ctx, request.params.id, request.params.n),
  });
  app.post('/api/v1/plans/:id/publish', {
    config: { access: 'plans:write' },
    schema: { tags, summary: 'Publish the draft as the next immutable version', params: IdParams, body: PublishPlanBody, response: { 200: PlanDetail, ...errorResponses } },
    handler: async (request) => plans.publish(request.ctx, request.params.id, request.body.version),
  });

  const incidentTags = ['plans', 'incidents'];
  app.post('/api/v1/incidents/:id/plan', {
    config: { access: 'incidents:write' },
    schema: {
      tags: incidentTags,
      summary: "Run a plan's newest published version on the incident: its steps become the checklist, each assigned by its role",
      params: IdParams,
      body: AttachPlanBody,
      response: { 200: IncidentPlan, ...errorResponses },
    },
    handler: async (request) => plans.attach(request.ctx, request.params.id, request.body.planId),
  });
  app.get('/api/v1/incidents/:id/plan', {
    config: { access: 'incidents:read' },
    schema: { tags: incidentTags, summary: "The incident's checklist: who, when, elapsed time against expected per step", params: IdParams, response: { 200: IncidentPlan, ...errorResponses } },
    handler: async (request) => plans.checklist(request.ctx, request.params.id),
  });
  app.patch('/api/v1/incidents/:id/plan/steps/:key', {
    config: { access: 'incidents:write' },
    schema: {
      tags: incidentTags,
      summary: 'Start, tick, skip (with a reason) or reassign a checklist step; 409 when it moved since the version you read',
      params: StepParams,
      body: StepUpdateBody,
      response: { 200: IncidentPlan, ...errorResponses },
    },
    handler: async (request) => plans.updateStep(request.ctx, request.params.id, request.params.key, request.body),
  });
}
