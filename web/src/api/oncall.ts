/**
 * Paging's on-call side (tags `rosters`, `escalation-policies`): duty rosters with their calendar and overrides,
 * escalation policies, and the escalations they run. Server schemas: server/modules/oncall/rosters/rosters.schemas.ts,
 * server/modules/oncall/roster/roster.schemas.ts, server/modules/oncall/policies/policies.schemas.ts.
 */
import { buildUrl, request } from './client';
import type { paths } from './openapi';
import type { ItemsResponse, OkResponse } from './types';

/** The JSON body of an operation's 200 answer. */
type Json200<Op extends { responses: { 200: { content: { 'application/json': unknown } } } }> = Op['responses'][200]['content']['application/json'];
/** The JSON request body of an operation. */
type JsonBody<Op extends { requestBody?: { content: { 'application/json': unknown } } }> = NonNullable<Op['requestBody']>['content']['application/json'];

export type Roster = Json200<paths['/api/v1/rosters/{id}']['get']>;
export type RosterLayer = Roster['layers'][number];
export type Rotation = RosterLayer['rotation'];
export type RotationKind = Rotation['kind'];
export type HolidayDuty = Roster['holidays'][number];
export type RosterWarning = Roster['warnings'][number];
export type DutyNow = Roster['duty']['now'];
export type CreateRosterRequest = JsonBody<paths['/api/v1/rosters']['post']>;
export type UpdateRosterRequest = JsonBody<paths['/api/v1/rosters/{id}']['patch']>;
export type Shift = Json200<paths['/api/v1/rosters/{id}/shifts']['get']>['items'][number];
export type RosterOverride = Json200<paths['/api/v1/rosters/{id}/overrides']['get']>['items'][number];
export type CreateOverrideRequest = JsonBody<paths['/api/v1/rosters/{id}/overrides']['post']>;

export type EscalationPolicy = Json200<paths['/api/v1/escalation-policies/{id}']['get']>;
export type EscalationStep = EscalationPolicy['steps'][number];
export type StepTarget = EscalationStep['targets'][number];
export type CreatePolicyRequest = JsonBody<paths['/api/v1/escalation-policies']['post']>;
export type UpdatePolicyRequest = JsonBody<paths['/api/v1/escalation-policies/{id}']['patch']>;
export type Escalation = Json200<paths['/api/v1/escalations']['get']>['items'][number];

const roster = (id: string) => `/rosters/${encodeURIComponent(id)}`;

export const rostersApi = {
  list: () => request<ItemsResponse<Roster>>('/rosters'),
  get: (id: string) => request<Roster>(roster(id)),
  create: (body: CreateRosterRequest) => request<Roster>('/rosters', { method: 'POST', body }),
  update: (id: string, body: UpdateRosterRequest) => request<Roster>(roster(id), { method: 'PATCH', body }),
  remove: (id: string) => request<OkResponse>(roster(id), { method: 'DELETE' }),
  /** The schedule between two instants, at most 92 days apart (`to` exclusive). */
  shifts: (id: string, from: string, to: string) => request<ItemsResponse<Shift>>(`${roster(id)}/shifts`, { query: { from, to } }),
  overrides: (id: string) => request<ItemsResponse<RosterOverride>>(`${roster(id)}/overrides`),
  addOverride: (id: string, body: CreateOverrideRequest) => request<RosterOverride>(`${roster(id)}/overrides`, { method: 'POST', body }),
  removeOverride: (id: string, overrideId: string) => request<OkResponse>(`${roster(id)}/overrides/${encodeURIComponent(overrideId)}`, { method: 'DELETE' }),
  /** The address of the roster as iCalendar (a phone's calendar subscribes to it); with `userId`, that person's shifts. */
  icsUrl: (id: string, query: { userId?: string; lang?: string } = {}) => buildUrl(`${roster(id)}/calendar.ics`, query),
};

const policy = (id: string) => `/escalation-policies/${encodeURIComponent(id)}`;

export const policiesApi = {
  list: () => request<ItemsResponse<EscalationPolicy>>('/escalation-policies'),
  create: (body: CreatePolicyRequest) => request<EscalationPolicy>('/escalation-policies', { method: 'POST', body }),
  update: (id: string, body: UpdatePolicyRequest) => request<EscalationPolicy>(policy(id), { method: 'PATCH', body }),
  remove: (id: string) => request<OkResponse>(policy(id), { method: 'DELETE' }),
  /** The escalations of an alert (newest first). */
  escalations: (alertId: string) => request<ItemsResponse<Escalation>>('/escalations', { query: { alertId } }),
};
