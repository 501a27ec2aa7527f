/**
 * The incidents module's settings (server: server/modules/incidents/settings/settings.schemas.ts): the grading matrix,
 * the workflow policy and intake from alerts (one document, PUT at the version read), the cause taxonomy (PUT the
 * whole ordered list) and teams. Reading needs incidents:read; changing incidents:assign.
 */
import { request } from '../../api/client';
import type { paths } from '../../api/openapi';
import type { OkResponse } from '../../api/types';

type Json200<Op extends { responses: { 200: { content: { 'application/json': unknown } } } }> = Op['responses'][200]['content']['application/json'];
type JsonBody<Op extends { requestBody?: { content: { 'application/json': unknown } } }> = NonNullable<Op['requestBody']>['content']['application/json'];

export type IncidentSettings = Json200<paths['/api/v1/incident-settings']['get']>;
export type GradingMatrix = IncidentSettings['grading'];
export type WorkflowPolicy = IncidentSettings['workflow'];
export type IntakeSettings = IncidentSettings['intake'];
export type UpdateIncidentSettingsBody = JsonBody<paths['/api/v1/incident-settings']['put']>;
export type WaitingReason = WorkflowPolicy['pausingWaitReasons'][number];

export type CauseCategory = Json200<paths['/api/v1/cause-categories']['get']>['items'][number];
export type ReplaceCausesBody = JsonBody<paths['/api/v1/cause-categories']['put']>;

export type Team = Json200<paths['/api/v1/teams/{id}']['get']>;
export type CreateTeamBody = JsonBody<paths['/api/v1/teams']['post']>;
export type UpdateTeamBody = JsonBody<paths['/api/v1/teams/{id}']['patch']>;

export const WAITING_REASONS: readonly WaitingReason[] = ['customer', 'parts', 'third_party'];

const team = (id: string) => `/teams/${encodeURIComponent(id)}`;

export const incidentSettingsApi = {
  get: () => request<IncidentSettings>('/incident-settings'),
  update: (body: UpdateIncidentSettingsBody) => request<IncidentSettings>('/incident-settings', { method: 'PUT', body }),
};

export const causeCategoriesApi = {
  list: async () => (await request<{ items: CauseCategory[] }>('/cause-categories')).items,
  replace: async (body: ReplaceCausesBody) => (await request<{ items: CauseCategory[] }>('/cause-categories', { method: 'PUT', body })).items,
};

export const teamsApi = {
  list: async () => (await request<{ items: Team[] }>('/teams')).items,
  create: (body: CreateTeamBody) => request<Team>('/teams', { method: 'POST', body }),
  update: (id: string, body: UpdateTeamBody) => request<Team>(team(id), { method: 'PATCH', body }),
  remove: (id: string) => request<OkResponse>(team(id), { method: 'DELETE' }),
};
