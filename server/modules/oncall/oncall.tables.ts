/**
 * The oncall module's tables (SPEC C4.2, C4.3): duty rosters and their overrides, escalation policies, and the
 * escalations in progress. Layers, holiday duty, steps and scopes are JSON text, parsed through their schemas.
 */

export interface RostersTable {
  id: string;
  name: string;
  description: string | null;
  zone: string;
  /** the 7×24 duty telephone shown beside the roster */
  hotline: string | null;
  china_holidays: number;
  holiday_handover: string;
  /** JSON RosterLayer[] */
  layers: string;
  /** JSON HolidayDuty[] (领导带班) */
  holidays: string;
  version: number;
  created_by: string | null;
  created_at: number;
  updated_at: number;
}

export interface RosterOverridesTable {
  id: string;
  roster_id: string;
  user_id: string;
  replaces_user_id: string | null;
  start_at: number;
  end_at: number;
  reason: string | null;
  created_by: string | null;
  created_at: number;
}

export interface EscalationPoliciesTable {
  id: string;
  name: string;
  description: string | null;
  /** lower first: the first enabled policy that matches an alert group pages for it */
  position: number;
  /** JSON array of levels (1, 2, 3) */
  levels: string;
  /** JSON array of site ids, or null: every site */
  site_ids: string | null;
  /** JSON array of subsystems, or null: every subsystem */
  subsystems: string | null;
  /** JSON EscalationStep[] */
  steps: string;
  /** times the whole policy runs again after its last step when nobody acknowledged */
  repeat: number;
  enabled: number;
  version: number;
  created_by: string | null;
  created_at: number;
  updated_at: number;
}

/** active: paging; exhausted: out of steps, still listening for answers; superseded: paged again from the start */
export const ESCALATION_STATES = ['active', 'acknowledged', 'resolved', 'exhausted', 'superseded'] as const;
export type EscalationState = (typeof ESCALATION_STATES)[number];

export interface EscalationsTable {
  id: string;
  group_key: string;
  policy_id: string;
  level: number;
  site_id: string | null;
  /** JSON: the group's labels (site, subsystem, rule…) */
  labels: string;
  state: EscalationState;
  /** JSON { [alertId]: 'firing' | 'acknowledged' | 'resolved' } — the alerts it pages about */
  alerts: string;
  /** the step to run at next_at */
  next_step: number;
  /** 0 on the first pass through the steps; repeats count up */
  round: number;
  next_at: number | null;
  /** JSON array of { userId, channelId } told so far: resolutions go to all of them */
  paged: string;
  started_at: number;
  updated_at: number;
  ended_at: number | null;
  /** who acknowledged (user id), or why it ended */
  ended_by: string | null;
}

export interface OncallTables {
  rosters: RostersTable;
  roster_overrides: RosterOverridesTable;
  escalation_policies: EscalationPoliciesTable;
  escalations: EscalationsTable;
}
