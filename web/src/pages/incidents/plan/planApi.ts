/**
 * The plan an incident runs (预案清单) and the plans suggested for it, with their client. Typed by hand after
 * server/modules/plans/plans.schemas.ts (IncidentPlan, ChecklistStep, Suggestion, StepUpdateBody) until openapi.d.ts
 * carries the incident plan routes; the suggestions' type is checked against the generated one.
 */
import { ApiError, request } from '../../../api/client';
import type { paths } from '../../../api/openapi';

type Json200<Op extends { responses: { 200: { content: { 'application/json': unknown } } } }> = Op['responses'][200]['content']['application/json'];

/** A text in both languages: `zh` always, `en` when the plan has it. */
export interface LocalText {
  zh: string;
  en?: string;
}

export interface Person {
  userId: string;
  name: string;
}

export const STEP_PHASES = ['response', 'fallback', 'recovery', 'verification'] as const;
export type StepPhase = (typeof STEP_PHASES)[number];
export type StepStatus = 'pending' | 'started' | 'done' | 'skipped';
export type StepAction = 'start' | 'done' | 'skip' | 'reassign';

export type StepCheck = { kind: 'device-online'; device: string } | { kind: 'devices-online'; deviceType: string } | { kind: 'alert-resolved'; rule?: string };

export interface ChecklistStep {
  key: string;
  position: number;
  title: LocalText;
  detail: LocalText | null;
  role: string;
  phase: StepPhase;
  check: StepCheck | null;
  /** the back-fill step: the incident cannot close while it is open */
  backfill: boolean;
  status: StepStatus;
  assignee: Person | null;
  expectedMinutes: number;
  /** from start to done (or now); null before it starts */
  elapsedMinutes: number | null;
  overdue: boolean;
  startedAt: string | null;
  startedBy: Person | null;
  doneAt: string | null;
  doneBy: Person | null;
  skippedAt: string | null;
  skippedBy: Person | null;
  skipReason: string | null;
  /** ticked by opsdesk because its check passed */
  verified: boolean;
  version: number;
}

export interface IncidentPlan {
  incidentId: string;
  planId: string;
  planKey: string;
  planVersion: number;
  title: LocalText;
  attachedAt: string;
  attachedBy: Person | null;
  steps: ChecklistStep[];
}

export type StepUpdateBody =
  | { action: 'start' | 'done'; version: number }
  | { action: 'skip'; version: number; reason: string }
  | { action: 'reassign'; version: number; userId: string | null };

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
