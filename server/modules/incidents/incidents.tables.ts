/**
 * The incidents module's tables (SPEC C5; migration 2026-11-30-008-incidents). Instants are epoch milliseconds;
 * JSON columns are text, parsed through their types. The SLA tables are in sla/sla.tables.ts.
 */
import type { IncidentState, Level, WaitingReason } from './workflow/model.ts';
import type { SlaTables } from './sla/sla.tables.ts';

export const INCIDENT_SOURCES = ['alert', 'form', 'phone', 'email', 'api'] as const;
export type IncidentSource = (typeof INCIDENT_SOURCES)[number];

export interface IncidentsTable {
  id: string;
  /** shown as INC-000123 (intake/mail/incident-number.ts) */
  number: number;
  title: string;
  description: string;
  site_id: string;
  device_id: string | null;
  subsystem: string | null;
  impact: string;
  urgency: string;
  level: Level;
  state: IncidentState;
  source: IncidentSource;
  /** the alert group it opened from, the mail's Message-ID, the caller's number */
  source_ref: string | null;
  reporter_name: string | null;
  reporter_phone: string | null;
  reporter_email: string | null;
  assignee_user_id: string | null;
  assignee_team_id: string | null;
  waiting_reason: WaitingReason | null;
  /** JSON Record<SlaClock, ClockStatus> */
  clocks: string;
  sla_policy_id: string | null;
  fix: string | null;
  cause_category: string | null;
  /** JSON RootCause */
  root_cause: string | null;
  resolved_at: number | null;
  resolved_by: string | null;
  confirmed_at: number | null;
  confirmed_by: string | null;
  closed_at: number | null;
  closed_how: 'confirmed' | 'auto' | null;
  first_check_in_at: number | null;
  reopen_count: number;
  major_declared_at: number | null;
  major_reason: string | null;
  major_last_communication_at: number | null;
  review_summary: string | null;
  review_at: number | null;
  review_by: string | null;
  satisfaction: number | null;
  version: number;
  created_by: string | null;
  created_at: number;
  updated_at: number;
}

export interface IncidentTimelineTable {
  id: string;
  incident_id: string;
  at: number;
  /** a workflow request kind, 'open', or one of TIMELINE_NOTES */
  kind: string;
  actor_kind: 'user' | 'system';
  actor_id: string | null;
  actor_name: string;
  from_state: IncidentState | null;
  to_state: IncidentState;
  /** JSON object */
  details: string;
  /** JSON ClockAction[] */
  clocks: string;
  level_from: number | null;
  level_to: number | null;
}

/** Timeline lines that are not state changes. */
export const TIMELINE_NOTES = ['comment', 'alert_linked', 'attachment', 'part_used', 'root_cause', 'survey', 'sla_warning', 'sla_breach', 'problem_linked', 'communication_due', 'plan_attached', 'plan_step_done', 'plan_step_skipped', 'plan_message_sent', 'backfill'] as const;
export type TimelineNote = (typeof TIMELINE_NOTES)[number];

export interface IncidentAlertsTable {
  incident_id: string;
  alert_id: string;
  linked_at: number;
  linked_by: string | null;
}

export interface IncidentAttachmentsTable {
  id: string;
  incident_id: string;
  filename: string;
  content_type: string;
  size: number;
  sha256: string;
  source: 'upload' | 'email';
  created_by: string | null;
  created_at: number;
}

export interface IncidentAttachmentChunksTable {
  attachment_id: string;
  seq: number;
  data: Buffer;
}

export interface IncidentPartsTable {
  id: string;
  incident_id: string;
  part_id: string;
  warehouse: string;
  quantity: number;
  movement_id: string;
  by: string | null;
  at: number;
}

export interface TeamsTable {
  id: string;
  name: string;
  description: string | null;
  created_at: number;
  updated_at: number;
}

export interface TeamMembersTable {
  team_id: string;
  user_id: string;
}

export interface CauseCategoriesTable {
  code: string;
  name_zh: string;
  name_en: string;
  position: number;
  enabled: number;
}

export interface IncidentSettingsTable {
  id: string;
  /** JSON GradingMatrix */
  grading: string;
  /** JSON WorkflowPolicy, the major-incident policy inside */
  workflow: string;
  /** JSON IntakeSettings */
  intake: string;
  version: number;
  updated_at: number;
}

export interface ProblemsTable {
  id: string;
  number: number;
  title: string;
  description: string;
  state: 'open' | 'known_error' | 'resolved' | 'closed';
  root_cause: string | null;
  workaround: string | null;
  owner_id: string | null;
  version: number;
  created_by: string | null;
  created_at: number;
  updated_at: number;
}

export interface ProblemIncidentsTable {
  problem_id: string;
  incident_id: string;
  linked_at: number;
}

export interface IncidentSurveysTable {
  id: string;
  incident_id: string;
  token_hash: string;
  expires_at: number;
  score: number | null;
  comment: string | null;
  answered_at: number | null;
  created_at: number;
}

export interface IncidentViewsTable {
  id: string;
  user_id: string;
  name: string;
  /** JSON: the list's query string fields */
  query: string;
  shared: number;
  created_at: number;
}

export interface IncidentsTables extends SlaTables {
  incident_views: IncidentViewsTable;
  incidents: IncidentsTable;
  incident_timeline: IncidentTimelineTable;
  incident_alerts: IncidentAlertsTable;
  incident_attachments: IncidentAttachmentsTable;
  incident_attachment_chunks: IncidentAttachmentChunksTable;
  incident_parts: IncidentPartsTable;
  teams: TeamsTable;
  team_members: TeamMembersTable;
  cause_categories: CauseCategoriesTable;
  incident_settings: IncidentSettingsTable;
  problems: ProblemsTable;
  problem_incidents: ProblemIncidentsTable;
  incident_surveys: IncidentSurveysTable;
}
