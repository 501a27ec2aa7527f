/**
 * The plan an incident runs (预案清单) and the plans suggested for it, with their client. The types are aliases of the
 * generated openapi.d.ts (server/modules/plans/plans.schemas.ts: IncidentPlan, ChecklistStep, Suggestion,
 * StepUpdateBody), so they cannot drift from the server's.
 */
import { ApiError, request } from '../../../api/client';
import type { paths } from '../../../api/openapi';

type Json200<Op extends { responses: { 200: { content: { 'application/json': unknown } } } }> = Op['responses'][200]['content']['application/json'];
type JsonBody<Op extends { requestBody?: { content: { 'application/json': unknown } } }> = NonNullable<Op['requestBody']>['content']['application/json'];

export type IncidentPlan = Json200<paths['/api/v1/incidents/{id}/plan']['get']>;
export type ChecklistStep = IncidentPlan['steps'][number];
export type StepUpdateBody = JsonBody<paths['/api/v1/incidents/{id}/plan/steps/{key}']['patch']>;
/** A text in both languages: `zh` always, `en` when the plan has it. */
export type LocalText = IncidentPlan['title'];
export type Person = NonNullable<ChecklistStep['assignee']>;
export type StepPhase = ChecklistStep['phase'];
export type StepStatus = ChecklistStep['status'];
export type StepAction = StepUpdateBody['action'];
export type StepCheck = NonNullable<ChecklistStep['check']>;
// The server's phases in its order (plan-document.ts), checked against the generated type.
export const STEP_PHASES = ['response', 'fallback', 'recovery', 'verification'] as const satisfies readonly StepPhase[];

export type Suggestion = Json200<paths['/api/v1/plans/suggestions']['get']>['items'][number];
export type SuggestionReason = Suggestion['reasons'][number];

const plan = (incidentId: string) => `/incidents/${encodeURIComponent(incidentId)}/plan`;

export const planApi = {
  /** The checklist, or null when the incident runs no plan (the server answers 404). */
  checklist: async (incidentId: string): Promise<IncidentPlan | null> => {
    try {
      return await request<IncidentPlan>(plan(incidentId));
    } catch (error) {
      if (error instanceof ApiError && error.status === 404) return null;
      throw error;
    }
  },
  suggestions: async (incidentId: string) => (await request<{ items: Suggestion[] }>('/plans/suggestions', { query: { incidentId } })).items,
  attach: (incidentId: string, planId: string) => request<IncidentPlan>(plan(incidentId), { method: 'POST', body: { planId } }),
  updateStep: (incidentId: string, key: string, body: StepUpdateBody) => request<IncidentPlan>(`${plan(incidentId)}/steps/${encodeURIComponent(key)}`, { method: 'PATCH', body }),
};
