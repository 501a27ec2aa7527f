/** The plan library's request and response types (tag `plans`, from openapi.d.ts) and their client. */
import { request } from '../../api/client';
import type { paths } from '../../api/openapi';
import type { CursorPage } from '../../api/types';

type Json200<Op extends { responses: { 200: { content: { 'application/json': unknown } } } }> = Op['responses'][200]['content']['application/json'];

export type PlanDetail = Json200<paths['/api/v1/plans/{id}']['get']>;
export type PlanSummary = Json200<paths['/api/v1/plans']['get']>['items'][number];
export type PlanDocument = PlanDetail['draft'];
export type PlanStep = PlanDocument['steps'][number];
export type PlanRole = PlanDocument['roles'][number];
export type PlanFallback = PlanDocument['fallbacks'][number];
export type PlanCommunication = PlanDocument['communications'][number];
export type StepCheck = NonNullable<PlanStep['check']>;
export type LocalText = PlanDocument['title'];
export type PlanVersion = Json200<paths['/api/v1/plans/{id}/versions/{n}']['get']>;
export type PlanVersionSummary = Json200<paths['/api/v1/plans/{id}/versions']['get']>['items'][number];
/** Who published a version: { userId, name }, or null for a shipped version opsdesk published. */
export type Publisher = PlanVersionSummary['publishedBy'];

// The vocabularies of server/modules/plans/plan-document.ts, in its order (the console shows them in that order).
export const PLAN_CATEGORIES = ['equipment', 'network', 'power', 'data', 'security', 'capacity', 'service'] as const satisfies readonly PlanDocument['category'][];
export const PLAN_STATES = ['active', 'archived'] as const satisfies readonly PlanDetail['state'][];
export const STEP_PHASES = ['response', 'fallback', 'recovery', 'verification'] as const satisfies readonly PlanStep['phase'][];
export const CHECK_KINDS = ['device-online', 'devices-online', 'alert-resolved'] as const satisfies readonly StepCheck['kind'][];
export const AUDIENCES = ['client', 'public', 'staff'] as const satisfies readonly PlanCommunication['audience'][];
export const RECORD_KINDS = ['ticket_sale', 'ticket_check', 'counter_payment'] as const satisfies readonly PlanFallback['records'][number][];
export const PLAN_SUBSYSTEMS = ['consumption', 'recharge', 'access', 'water', 'ticketing', 'selfpay', 'core', 'network'] as const satisfies readonly PlanDocument['trigger']['subsystems'][number][];
export const PLAN_DEVICE_TYPES = [
  'pos', 'kiosk', 'recharge_kiosk', 'gate', 'handheld', 'door', 'water', 'ticket_pc', 'ups', 'switch', 'router', 'router_4g', 'server', 'database', 'other',
] as const satisfies readonly PlanDocument['trigger']['deviceTypes'][number][];
export const PLAN_LEVELS = [1, 2, 3] as const;
/** The facts a communication template may name as {{placeholder}} (plan-document.ts PLACEHOLDERS). */
export const PLACEHOLDERS = [
  'incidentNumber', 'incidentTitle', 'level', 'site', 'device', 'subsystem', 'startedAt', 'impact', 'workaround', 'expectedRecovery', 'hotline',
  'commander', 'updatedAt', 'planTitle',
] as const;

/** The server's bounds (plan-document.ts LIMITS): the inputs stop there, the server still judges. */
export const LIMITS = { title: 200, detail: 2000, procedure: 4000, subject: 200, body: 4000, roles: 12, steps: 60, fallbacks: 10, communications: 12, prevention: 20, stepMinutes: 1440 } as const;

export interface PlanListFilters {
  state?: string;
  category?: string;
  cursor?: string;
  limit?: number;
}

const plan = (id: string) => `/plans/${encodeURIComponent(id)}`;

export const planApi = {
  list: (query: PlanListFilters) => request<CursorPage<PlanSummary>>('/plans', { query: { ...query } }),
  get: (id: string) => request<PlanDetail>(plan(id)),
  create: (document: PlanDocument) => request<PlanDetail>('/plans', { method: 'POST', body: { document } }),
  update: (id: string, version: number, document: PlanDocument) => request<PlanDetail>(plan(id), { method: 'PUT', body: { version, document } }),
  publish: (id: string, version: number) => request<PlanDetail>(`${plan(id)}/publish`, { method: 'POST', body: { version } }),
  archive: (id: string) => request<PlanDetail>(plan(id), { method: 'DELETE' }),
  versions: (id: string) => request<{ items: PlanVersionSummary[] }>(`${plan(id)}/versions`),
  version: (id: string, n: number) => request<PlanVersion>(`${plan(id)}/versions/${n}`),
};

export const planPath = (id: string) => `/plans/${encodeURIComponent(id)}`;
