import { Type } from '@sinclair/typebox';
import { errorResponses, IdParams, Ok, TextBody } from '../../http/schemas.ts';
import type { App } from '../../http/types.ts';
import {
  CreateEscalationPolicyBody,
  EscalationList,
  EscalationPolicy,
  EscalationPolicyList,
  EscalationQuery,
  UpdateEscalationPolicyBody,
} from './policies/policies.schemas.ts';
import type { PoliciesService } from './policies/policies.service.ts';
import { DutyNowAndNextResponse, RosterOverrideBody, ShiftResponse, ShiftsQuery } from './roster/index.ts';
import { CreateRosterBody, IcsQuery, OnDutyQuery, OverrideIdParams, Roster, RosterList, RosterOverride, RosterOverrideList, UpdateRosterBody } from './rosters/rosters.schemas.ts';
import type { RostersService } from './rosters/rosters.service.ts';

export function oncallRoutes(app: App, deps: { rosters: RostersService; escalationPolicies: PoliciesService }): void {
  const { rosters, escalationPolicies: policies } = deps;

  const tags = ['rosters'];
  app.get('/api/v1/rosters', {
    config: { access: 'oncall:read' },
    schema: { tags, summary: 'Duty rosters, each with who is on duty now and next and its warnings', response: { 200: RosterList, ...errorResponses } },
    handler: async (request) => rosters.list(request.ctx),
  });
  app.get('/api/v1/rosters/:id', {
    config: { access: 'oncall:read' },
    schema: { tags, summary: 'One duty roster', params: IdParams, response: { 200: Roster, ...errorResponses } },
    handler: async (request) => rosters.get(request.ctx, request.params.id),
  });
  app.post('/api/v1/rosters', {
    config: { access: 'oncall:write' },
    schema: { tags, summary: 'Add a duty roster: layers of rotations, holiday duty with the leader on duty (领导带班)', body: CreateRosterBody, response: { 200: Roster, ...errorResponses } },
    handler: async (request) => rosters.create(request.ctx, request.body),
  });
  app.patch('/api/v1/rosters/:id', {
    config: { access: 'oncall:write' },
    schema: { tags, summary: 'Change a duty roster', params: IdParams, body: UpdateRosterBody, response: { 200: Roster, ...errorResponses } },
    handler: async (request) => rosters.update(request.ctx, request.params.id, request.body),
  });
  app.delete('/api/v1/rosters/:id', {
    config: { access: 'oncall:write' },
    schema: { tags, summary: 'Delete a roster no escalation policy pages', params: IdParams, response: { 200: Ok, ...errorResponses } },
    handler: async (request) => {
      await rosters.remove(request.ctx, request.params.id);
      return { ok: true as const };
    },
  });
  app.get('/api/v1/rosters/:id/on-duty', {
    config: { access: 'oncall:read' },
    schema: { tags, summary: 'Who is on duty at an instant (default now) and who comes next', params: IdParams, querystring: OnDutyQuery, response: { 200: DutyNowAndNextResponse, ...errorResponses } },
    handler: async (request) => rosters.onDuty(request.ctx, request.params.id, request.query.at),
  });
  app.get('/api/v1/rosters/:id/shifts', {
    config: { access: 'oncall:read' },
    schema: { tags, summary: 'The schedule between two instants (at most 92 days): the calendar view', params: IdParams, querystring: ShiftsQuery, response: { 200: Type.Object({ items: Type.Array(ShiftResponse) }), ...errorResponses } },
    handler: async (request) => rosters.shifts(request.ctx, request.params.id, request.query),
  });
  app.get('/api/v1/rosters/:id/calendar.ics', {
    config: { access: 'oncall:read' },
    schema: {
      tags,
      summary: "The roster as iCalendar (.ics), a week back to twelve weeks ahead; with userId only that person's shifts",
      params: IdParams,
      querystring: IcsQuery,
      response: { 200: TextBody('text/calendar', 'RFC 5545 calendar'), ...errorResponses },
    },
    handler: async (request, reply) => {
      const text = await rosters.ics(request.ctx, request.params.id, request.query);
      return reply.type('text/calendar; charset=utf-8').header('content-disposition', `attachment; filename="roster-${request.params.id}.ics"`).send(text);
    },
  });
  app.get('/api/v1/rosters/:id/overrides', {
    config: { access: 'oncall:read' },
    schema: { tags, summary: "The roster's overrides that have not long ended", params: IdParams, response: { 200: RosterOverrideList, ...errorResponses } },
    handler: async (request) => rosters.overrides(request.ctx, request.params.id),
  });
  app.post('/api/v1/rosters/:id/overrides', {
    config: { access: 'oncall:write' },
    schema: { tags, summary: 'Swap a shift or cover for someone (refused when it overlaps another override for the same person)', params: IdParams, body: RosterOverrideBody, response: { 200: RosterOverride, ...errorResponses } },
    handler: async (request) => rosters.addOverride(request.ctx, request.params.id, request.body),
  });
  app.delete('/api/v1/rosters/:id/overrides/:overrideId', {
    config: { access: 'oncall:write' },
    schema: { tags, summary: 'Remove an override', params: OverrideIdParams, response: { 200: Ok, ...errorResponses } },
    handler: async (request) => {
      await rosters.removeOverride(request.ctx, request.params.id, request.params.overrideId);
      return { ok: true as const };
    },
  });

  const policyTags = ['escalation-policies'];
  app.get('/api/v1/escalation-policies', {
    config: { access: 'oncall:read' },
    schema: { tags: policyTags, summary: 'Escalation policies in the order they are tried', response: { 200: EscalationPolicyList, ...errorResponses } },
    handler: async (request) => policies.list(request.ctx),
  });
  app.get('/api/v1/escalation-policies/:id', {
    config: { access: 'oncall:read' },
    schema: { tags: policyTags, summary: 'One escalation policy', params: IdParams, response: { 200: EscalationPolicy, ...errorResponses } },
    handler: async (request) => policies.get(request.ctx, request.params.id),
  });
  app.post('/api/v1/escalation-policies', {
    config: { access: 'oncall:write' },
    schema: { tags: policyTags, summary: 'Add an escalation policy', body: CreateEscalationPolicyBody, response: { 200: EscalationPolicy, ...errorResponses } },
    handler: async (request) => policies.create(request.ctx, request.body),
  });
  app.patch('/api/v1/escalation-policies/:id', {
    config: { access: 'oncall:write' },
    schema: { tags: policyTags, summary: 'Change an escalation policy (escalations already running keep going by its new steps)', params: IdParams, body: UpdateEscalationPolicyBody, response: { 200: EscalationPolicy, ...errorResponses } },
    handler: async (request) => policies.update(request.ctx, request.params.id, request.body),
  });
  app.delete('/api/v1/escalation-policies/:id', {
    config: { access: 'oncall:write' },
    schema: { tags: policyTags, summary: 'Delete an escalation policy', params: IdParams, response: { 200: Ok, ...errorResponses } },
    handler: async (request) => {
      await policies.remove(request.ctx, request.params.id);
      return { ok: true as const };
    },
  });
  app.get('/api/v1/escalations', {
    config: { access: 'oncall:read' },
    schema: { tags: policyTags, summary: 'Escalations (newest first): of an alert, or by state', querystring: EscalationQuery, response: { 200: EscalationList, ...errorResponses } },
    handler: async (request) => policies.escalations(request.ctx, request.query),
  });
}
