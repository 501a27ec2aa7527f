/**
 * Incidents' request and response types (tag `incidents`) and their client. The types are aliases into openapi.d.ts
 * (generated from server/modules/incidents/incidents.schemas.ts), so a change on the server shows up as a type error.
 * Cause categories and teams are read through the settings routes; their types are written here until openapi.d.ts
 * carries them (server/modules/incidents/settings/settings.schemas.ts: CauseCategory, Team).
 */
import { request } from '../../api/client';
import type { components, paths } from '../../api/openapi';
import type { CursorPage } from '../../api/types';

type Json200<Op extends { responses: { 200: { content: { 'application/json': unknown } } } }> = Op['responses'][200]['content']['application/json'];
type JsonBody<Op extends { requestBody?: { content: { 'application/json': unknown } } }> = NonNullable<Op['requestBody']>['content']['application/json'];
type Query<Op extends { parameters: { query?: unknown } }> = NonNullable<Op['parameters']['query']>;

export type IncidentDetail = Json200<paths['/api/v1/incidents/{id}']['get']>;
export type Incident = IncidentDetail['incident'];
export type IncidentState = Incident['state'];
export type IncidentSource = Incident['source'];
export type SlaTarget = Incident['sla'][number];
export type SlaClock = SlaTarget['clock'];
export type SlaStanding = SlaTarget['standing'];
export type WaitingReason = NonNullable<Incident['waitingReason']>;
export type TimelineItem = IncidentDetail['timeline'][number];
export type LinkedAlert = IncidentDetail['alerts'][number];
export type Attachment = IncidentDetail['attachments'][number];
export type ActionKind = IncidentDetail['actions'][number];
export type IncidentListQuery = Query<paths['/api/v1/incidents']['get']>;
/** Who each duty roster has on duty now (GET /incidents/{id}/on-duty): the assign dialog's first choices. */
export type OnDutyRoster = Json200<paths['/api/v1/incidents/{id}/on-duty']['get']>['items'][number];
/** Who was told about the incident (GET /incidents/{id}/notifications): one receipt per notification. */
export type Receipt = Json200<paths['/api/v1/incidents/{id}/notifications']['get']>['items'][number];
export type CreateIncidentBody = JsonBody<paths['/api/v1/incidents']['post']>;
export type TransitionBody = JsonBody<paths['/api/v1/incidents/{id}/transitions']['post']>;
export type AssigneeRef = Extract<TransitionBody, { kind: 'assign' }>['assignee'];
export type Grade = CreateIncidentBody['impact'];
/** What the live stream sends as `incident.changed` (server/events/catalog.ts). */
export type IncidentChangedEvent = components['schemas']['IncidentChangedEvent'];

/** GET /api/v1/cause-categories: the resolve form's choices (settings.schemas.ts CauseCategory). */
export interface CauseCategory {
  code: string;
  nameZh: string;
  nameEn: string;
  enabled: boolean;
}

/** GET /api/v1/teams (settings.schemas.ts Team). */
export interface Team {
  id: string;
  name: string;
  description: string | null;
  members: { id: string; displayName: string }[];
}

const incident = (id: string) => `/incidents/${encodeURIComponent(id)}`;

export const incidentsApi = {
  list: (query: IncidentListQuery) => request<CursorPage<Incident>>('/incidents', { query: { ...query } }),
  get: (id: string) => request<IncidentDetail>(incident(id)),
  create: (body: CreateIncidentBody) => request<Incident>('/incidents', { method: 'POST', body }),
  transition: (id: string, body: TransitionBody) => request<Incident>(`${incident(id)}/transitions`, { method: 'POST', body }),
  comment: (id: string, text: string) => request<Incident>(`${incident(id)}/comments`, { method: 'POST', body: { text } }),
  linkAlert: (id: string, alertId: string) => request<Incident>(`${incident(id)}/alerts`, { method: 'POST', body: { alertId } }),
  notifications: (id: string, cursor: string | undefined, limit: number) => request<CursorPage<Receipt>>(`${incident(id)}/notifications`, { query: { cursor, limit } }),
  onDuty: async (id: string) => (await request<{ items: OnDutyRoster[] }>(`${incident(id)}/on-duty`)).items,
  causeCategories: async () => (await request<{ items: CauseCategory[] }>('/cause-categories')).items,
  teams: async () => (await request<{ items: Team[] }>('/teams')).items,
};
