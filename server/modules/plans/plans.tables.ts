/** Kysely table interfaces of the plans module (migrations 2026-12-01-010-plans, 014-plan-messages). */
import type { PlanMessagesTable } from './communications/messages.tables.ts';

export const PLAN_STATES = ['active', 'archived'] as const;
export type PlanState = (typeof PLAN_STATES)[number];

export interface PlansTable {
  id: string;
  key: string;
  state: PlanState;
  /** JSON PlanDocument: the draft the next publish freezes */
  draft: string;
  /** the draft's Chinese title, for the list */
  title: string;
  category: string;
  /** the newest published version, null before the first publish */
  published_version: number | null;
  /** 1 when the draft differs from the newest published version */
  draft_changed: number;
  builtin: number;
  version: number;
  created_by: string | null;
  created_at: number;
  updated_by: string | null;
  updated_at: number;
}

/** A published version: written once, never updated. */
export interface PlanVersionsTable {
  plan_id: string;
  number: number;
  /** JSON PlanDocument */
  document: string;
  /** JSON PlanTrigger (the document's), read alone by suggestions */
  trigger: string;
  published_at: number;
  published_by: string | null;
}

/** The plan version an incident runs (one per incident). */
export interface IncidentPlansTable {
  incident_id: string;
  plan_id: string;
  plan_version: number;
  attached_at: number;
  attached_by: string | null;
}

/** One step of an incident's checklist, copied from the version attached. */
export interface IncidentPlanStepsTable {
  incident_id: string;
  step_key: string;
  position: number;
  /** JSON LocalText */
  title: string;
  /** JSON LocalText or null */
  detail: string | null;
  role: string;
  phase: string;
  /** JSON StepCheck or null */
  step_check: string | null;
  backfill: number;
  assignee_user_id: string | null;
  expected_minutes: number;
  started_at: number | null;
  started_by: string | null;
  done_at: number | null;
  done_by: string | null;
  skipped_at: number | null;
  skipped_by: string | null;
  skip_reason: string | null;
  /** 1 when opsdesk ticked it because its check passed */
  verified: number;
  version: number;
}

export interface PlansTables {
  plans: PlansTable;
  plan_messages: PlanMessagesTable;
  plan_versions: PlanVersionsTable;
  incident_plans: IncidentPlansTable;
  incident_plan_steps: IncidentPlanStepsTable;
}
