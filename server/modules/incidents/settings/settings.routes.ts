import { errorResponses, IdParams, Ok } from '../../../http/schemas.ts';
import type { App } from '../../../http/types.ts';
import {
  CauseCategoryList,
  CreateTeamBody,
  IncidentSettingsView,
  ReplaceCauseCategoriesBody,
  Team,
  TeamList,
  UpdateIncidentSettingsBody,
  UpdateTeamBody,
} from './settings.schemas.ts';
import type { IncidentSettingsService } from './settings.service.ts';

/** The incidents module's settings, cause taxonomy and teams (the module declares the 'incidents' tag). */
export function incidentSettingsRoutes(app: App, settings: IncidentSettingsService): void {
  const tags = ['incidents'];

  app.get('/api/v1/incident-settings', {
    config: { access: 'incidents:read' },
    schema: { tags, summary: 'The grading matrix, the workflow policy (with the major-incident policy) and which alerts open incidents', response: { 200: IncidentSettingsView, ...errorResponses } },
    handler: async (request) => settings.get(request.ctx),
  });
  app.put('/api/v1/incident-settings', {
    config: { access: 'incidents:assign' },
    schema: {
      tags,
      summary: 'Change the incident settings (the parts sent; version as read, else 409): an edited matrix must keep its order',
      body: UpdateIncidentSettingsBody,
      response: { 200: IncidentSettingsView, ...errorResponses },
    },
    handler: async (request) => settings.update(request.ctx, request.body),
  });

  app.get('/api/v1/cause-categories', {
    config: { access: 'incidents:read' },
    schema: { tags, summary: 'The cause taxonomy in the order it is offered, disabled causes included', response: { 200: CauseCategoryList, ...errorResponses } },
    handler: async (request) => settings.listCauses(request.ctx),
  });
  app.put('/api/v1/cause-categories', {
    config: { access: 'incidents:assign' },
    schema: {
      tags,
      summary: 'Replace the cause taxonomy: a cause incidents record may be disabled, not removed (409)',
      body: ReplaceCauseCategoriesBody,
      response: { 200: CauseCategoryList, ...errorResponses },
    },
    handler: async (request) => settings.replaceCauses(request.ctx, request.body.items),
  });

  app.get('/api/v1/teams', {
    config: { access: 'incidents:read' },
    schema: { tags, summary: 'Teams incidents may be assigned to, with their members', response: { 200: TeamList, ...errorResponses } },
    handler: async (request) => settings.listTeams(request.ctx),
  });
  app.post('/api/v1/teams', {
    config: { access: 'incidents:assign' },
    schema: { tags, summary: 'Add a team of active users', body: CreateTeamBody, response: { 200: Team, ...errorResponses } },
    handler: async (request) => settings.createTeam(request.ctx, request.body),
  });
  app.get('/api/v1/teams/:id', {
    config: { access: 'incidents:read' },
    schema: { tags, summary: 'One team', params: IdParams, response: { 200: Team, ...errorResponses } },
    handler: async (request) => settings.getTeam(request.ctx, request.params.id),
  });
  app.patch('/api/v1/teams/:id', {
    config: { access: 'incidents:assign' },
    schema: { tags, summary: 'Change a team: its name, description or members (the whole list)', params: IdParams, body: UpdateTeamBody, response: { 200: Team, ...errorResponses } },
    handler: async (request) => settings.updateTeam(request.ctx, request.params.id, request.body),
  });
  app.delete('/api/v1/teams/:id', {
    config: { access: 'incidents:assign' },
    schema: { tags, summary: 'Delete a team no open incident is assigned to (else 409)', params: IdParams, response: { 200: Ok, ...errorResponses } },
    handler: async (request) => {
      await settings.removeTeam(request.ctx, request.params.id);
      return { ok: true as const };
    },
  });
}
