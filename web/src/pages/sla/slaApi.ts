/**
 * SLA calendars and policies (tag `sla`; server: server/modules/incidents/sla/sla.schemas.ts). Reading needs
 * incidents:read; writing incidents:assign and a user who sees every site. Updates are whole replacements at the
 * version read (409 SLA_CALENDAR_CHANGED / SLA_POLICY_CHANGED otherwise).
 */
import { request } from '../../api/client';
import type { paths } from '../../api/openapi';
import type { OkResponse } from '../../api/types';

type Json200<Op extends { responses: { 200: { content: { 'application/json': unknown } } } }> = Op['responses'][200]['content']['application/json'];
type JsonBody<Op extends { requestBody?: { content: { 'application/json': unknown } } }> = NonNullable<Op['requestBody']>['content']['application/json'];

export type SlaCalendarList = Json200<paths['/api/v1/sla-calendars']['get']>;
export type SlaCalendar = Json200<paths['/api/v1/sla-calendars/{id}']['get']>;
export type WorkingCalendar = SlaCalendar['calendar'];
export type CreateSlaCalendarBody = JsonBody<paths['/api/v1/sla-calendars']['post']>;
export type UpdateSlaCalendarBody = JsonBody<paths['/api/v1/sla-calendars/{id}']['put']>;

export type SlaPolicy = Json200<paths['/api/v1/sla-policies/{id}']['get']>;
export type CreateSlaPolicyBody = JsonBody<paths['/api/v1/sla-policies']['post']>;
export type UpdateSlaPolicyBody = JsonBody<paths['/api/v1/sla-policies/{id}']['put']>;
export type SlaPreview = Json200<paths['/api/v1/sla-policies/{id}/preview']['get']>;

export const SLA_LEVELS = ['1', '2', '3'] as const;
export type SlaLevel = (typeof SLA_LEVELS)[number];
export const SLA_CLOCKS = ['respond', 'on_site', 'resolve'] as const;
export type SlaClockKey = (typeof SLA_CLOCKS)[number];

const calendar = (id: string) => `/sla-calendars/${encodeURIComponent(id)}`;
const policy = (id: string) => `/sla-policies/${encodeURIComponent(id)}`;

export const slaCalendarsApi = {
  list: () => request<SlaCalendarList>('/sla-calendars'),
  get: (id: string) => request<SlaCalendar>(calendar(id)),
  create: (body: CreateSlaCalendarBody) => request<SlaCalendar>('/sla-calendars', { method: 'POST', body }),
  update: (id: string, body: UpdateSlaCalendarBody) => request<SlaCalendar>(calendar(id), { method: 'PUT', body }),
  remove: (id: string, version: number) => request<OkResponse>(calendar(id), { method: 'DELETE', query: { version } }),
};

export const slaPoliciesApi = {
  list: () => request<{ items: SlaPolicy[] }>('/sla-policies'),
  get: (id: string) => request<SlaPolicy>(policy(id)),
  create: (body: CreateSlaPolicyBody) => request<SlaPolicy>('/sla-policies', { method: 'POST', body }),
  update: (id: string, body: UpdateSlaPolicyBody) => request<SlaPolicy>(policy(id), { method: 'PUT', body }),
  remove: (id: string, version: number) => request<OkResponse>(policy(id), { method: 'DELETE', query: { version } }),
  /** Each target's due instant for an incident opened at `openedAt` (one level, or all three). */
  preview: (id: string, openedAt: string, level?: SlaLevel) => request<SlaPreview>(`${policy(id)}/preview`, { query: { openedAt, level } }),
};
