/**
 * The SLA tables (issue 11, C5.3; migration 2026-11-30-008-incidents): calendars, policies, and each incident's
 * targets. Instants are epoch milliseconds; JSON columns are text (sla-policy.ts and sla-engine.ts give their shapes).
 */
import type { ClockStatus, SlaClock } from '../workflow/model.ts';

export interface SlaCalendarsTable {
  id: string;
  name: string;
  description: string | null;
  /** JSON WorkingCalendar: zone, weekly ranges, chinaHolidays, customDates */
  calendar: string;
  version: number;
  created_at: number;
  updated_at: number;
}

export interface SlaPoliciesTable {
  id: string;
  name: string;
  description: string | null;
  /** JSON SlaPolicyTargets: per level ('1' | '2' | '3'), per clock, the target and its calendar's id */
  targets: string;
  warn_share: number;
  /** JSON string[] of site ids, or null: every site */
  site_ids: string | null;
  position: number;
  version: number;
  created_at: number;
  updated_at: number;
}

/** One target of one incident: SlaTargetState as columns (sla-engine.ts, toSlaRow / fromSlaRow). */
export interface IncidentSlaTable {
  incident_id: string;
  clock: SlaClock;
  /** JSON SlaTarget */
  target: string;
  calendar_id: string | null;
  /** JSON WorkingCalendar as it was when the clock started */
  calendar: string;
  status: ClockStatus;
  started_at: number;
  /** JSON Pause[]: the closed pauses; paused_at is the open one */
  pauses: string;
  paused_at: number | null;
  due_at: number;
  warn_at: number;
  stopped_at: number | null;
  elapsed_minutes: number | null;
  /** 1 met, 0 breached, null while not stopped */
  met: number | null;
  warned_at: number | null;
  breached_at: number | null;
}

export interface SlaTables {
  sla_calendars: SlaCalendarsTable;
  sla_policies: SlaPoliciesTable;
  incident_sla: IncidentSlaTable;
}
