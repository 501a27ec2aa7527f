import { errorResponses, IdParams, Ok } from '../../http/schemas.ts';
import type { App } from '../../http/types.ts';
import {
  CancelRunBody,
  CompleteRunBody,
  CreateFindingBody,
  CreateRunBody,
  CreateScheduleBody,
  DrillReport,
  Finding,
  FindingListQuery,
  FindingPage,
  RunDetail,
  RunListQuery,
  RunPage,
  Schedule,
  ScheduleListQuery,
  SchedulePage,
  StepParams,
  StepUpdateBody,
  UpdateFindingBody,
  UpdateScheduleBody,
  VersionBody,
  VersionQuery,
} from './drills.schemas.ts';
import type { DrillsService } from './drills.service.ts';

const ms = (iso: string | undefined) => (iso === undefined ? undefined : Date.parse(iso));

/**
 * Drills under /api/v1/drills (plans:read to look, plans:write to schedule and run; a drill's participants and owner
 * with plans:read tick its steps and write its findings). Thin: schema → one service call.
 */
export function drillsRoutes(app: App, drills: DrillsService): void {
  const tags = ['drills'];

  // ————— schedules —————
  app.get('/api/v1/drills/schedules', {
    config: { access: 'plans:read' },
    schema: { tags, summary: 'Drill schedules, newest first, with their next occurrences', querystring: ScheduleListQuery, response: { 200: SchedulePage, ...errorResponses } },
    handler: async (request) => drills.schedules.list(request.ctx, { cursor: request.query.cursor, limit: request.query.limit ?? 50 }),
  });
  app.post('/api/v1/drills/schedules', {
    config: { access: 'plans:write' },
    schema: { tags, summary: "A plan's drill on a cron expression (the site's time zone) or once", body: CreateScheduleBody, response: { 200: Schedule, ...errorResponses } },
    handler: async (request) => drills.schedules.create(request.ctx, request.body),
  });
  app.get('/api/v1/drills/schedules/:id', {
    config: { access: 'plans:read' },
    schema: { tags, summary: 'One drill schedule', params: IdParams, response: { 200: Schedule, ...errorResponses } },
    handler: async (request) => drills.schedules.get(request.ctx, request.params.id),
  });
  app.patch('/api/v1/drills/schedules/:id', {
    config: { access: 'plans:write' },
    schema: { tags, summary: 'Change a drill schedule (with its version); enabling or retiming counts occurrences from now', params: IdParams, body: UpdateScheduleBody, response: { 200: Schedule, ...errorResponses } },
    handler: async (request) => drills.schedules.update(request.ctx, request.params.id, request.body),
  });
  app.delete('/api/v1/drills/schedules/:id', {
    config: { access: 'plans:write' },
    schema: { tags, summary: 'Delete a drill schedule; the runs it made stay', params: IdParams, querystring: VersionQuery, response: { 200: Ok, ...errorResponses } },
    handler: async (request) => drills.schedules.remove(request.ctx, request.params.id, request.query.version),
  });

  // ————— runs —————
  app.get('/api/v1/drills/runs', {
    config: { access: 'plans:read' },
    schema: { tags, summary: 'Drill runs, latest scheduled first (from/to: a month of the calendar)', querystring: RunListQuery, response: { 200: RunPage, ...errorResponses } },
    handler: async (request) => {
      const { cursor, limit = 50, from, to, ...filter } = request.query;
      return drills.runs.list(request.ctx, { ...filter, from: ms(from), to: ms(to) }, { cursor, limit });
    },
  });
  app.post('/api/v1/drills/runs', {
    config: { access: 'plans:write' },
    schema: { tags, summary: "A drill run by hand, from a schedule or a plan: the plan's newest published steps become its checklist", body: CreateRunBody, response: { 200: RunDetail, ...errorResponses } },
    handler: async (request) => drills.runs.create(request.ctx, request.body),
  });
  app.get('/api/v1/drills/runs/:id', {
    config: { access: 'plans:read' },
    schema: { tags, summary: 'One drill run with its checklist (drill mode)', params: IdParams, response: { 200: RunDetail, ...errorResponses } },
    handler: async (request) => drills.runs.get(request.ctx, request.params.id),
  });
  app.post('/api/v1/drills/runs/:id/start', {
    config: { access: 'plans:write' },
    schema: { tags, summary: 'Start the drill (scheduled → running); only its participants are told, nobody is paged', params: IdParams, body: VersionBody, response: { 200: RunDetail, ...errorResponses } },
    handler: async (request) => drills.runs.start(request.ctx, request.params.id, request.body.version),
  });
  app.post('/api/v1/drills/runs/:id/cancel', {
    config: { access: 'plans:write' },
    schema: { tags, summary: 'Cancel the drill, with a reason', params: IdParams, body: CancelRunBody, response: { 200: RunDetail, ...errorResponses } },
    handler: async (request) => drills.runs.cancel(request.ctx, request.params.id, request.body.version, request.body.reason),
  });
  app.post('/api/v1/drills/runs/:id/complete', {
    config: { access: 'plans:write' },
    schema: { tags, summary: 'Complete the drill (running → completed); open steps stay open in the report', params: IdParams, body: CompleteRunBody, response: { 200: RunDetail, ...errorResponses } },
    handler: async (request) => drills.runs.complete(request.ctx, request.params.id, request.body),
  });
  app.patch('/api/v1/drills/runs/:id/steps/:key', {
    config: { access: 'plans:read' },
    schema: { tags, summary: "A step of a running drill: start, done, skip with a reason (the step's version: 409 when stale)", params: StepParams, body: StepUpdateBody, response: { 200: RunDetail, ...errorResponses } },
    handler: async (request) => drills.runs.updateStep(request.ctx, request.params.id, request.params.key, request.body),
  });
  app.get('/api/v1/drills/runs/:id/report', {
    config: { access: 'plans:read' },
    schema: { tags, summary: 'The drill report: expected against actual minutes per step, what took longer, skipped steps, findings and actions', params: IdParams, response: { 200: DrillReport, ...errorResponses } },
    handler: async (request) => drills.report(request.ctx, request.params.id),
  });

  // ————— findings —————
  app.get('/api/v1/drills/findings', {
    config: { access: 'plans:read' },
    schema: { tags, summary: 'Findings and their follow-up actions, newest first (by drill, status, owner)', querystring: FindingListQuery, response: { 200: FindingPage, ...errorResponses } },
    handler: async (request) => {
      const { cursor, limit = 50, ...filter } = request.query;
      return drills.findings.list(request.ctx, filter, { cursor, limit });
    },
  });
  app.post('/api/v1/drills/runs/:id/findings', {
    config: { access: 'plans:read' },
    schema: { tags, summary: 'A finding of the drill, with its follow-up action, owner and due date', params: IdParams, body: CreateFindingBody, response: { 200: Finding, ...errorResponses } },
    handler: async (request) => drills.findings.create(request.ctx, request.params.id, request.body),
  });
  app.patch('/api/v1/drills/findings/:id', {
    config: { access: 'plans:read' },
    schema: { tags, summary: 'Change a finding or mark its action done (with its version)', params: IdParams, body: UpdateFindingBody, response: { 200: Finding, ...errorResponses } },
    handler: async (request) => drills.findings.update(request.ctx, request.params.id, request.body),
  });
  app.delete('/api/v1/drills/findings/:id', {
    config: { access: 'plans:read' },
    schema: { tags, summary: 'Delete a finding (with its version)', params: IdParams, querystring: VersionQuery, response: { 200: Ok, ...errorResponses } },
    handler: async (request) => drills.findings.remove(request.ctx, request.params.id, request.query.version),
  });
}
