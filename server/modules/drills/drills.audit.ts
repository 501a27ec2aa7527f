import type { AuditEntry } from '../audit/index.ts';

/**
 * The drills' audit actions. They belong in the audit module's AUDIT_ACTIONS (audit-actions.ts), which this module may
 * not edit: until they are listed there, `drillAction` is the one place that tells the type system they are actions.
 * The records are written all the same; the console shows the action's key until its words are merged
 * (auditAction.drill_* in .i18n-pending/drills.json). See README.md, "For the lead".
 */
export const DRILL_AUDIT_ACTIONS = [
  'drill_schedule.create',
  'drill_schedule.update',
  'drill_schedule.delete',
  'drill_run.create',
  'drill_run.start',
  'drill_run.cancel',
  'drill_run.complete',
  'drill_run.step',
  'drill_finding.create',
  'drill_finding.update',
  'drill_finding.delete',
] as const;
export type DrillAuditAction = (typeof DRILL_AUDIT_ACTIONS)[number];

export const drillAction = (action: DrillAuditAction): AuditEntry['action'] => action as unknown as AuditEntry['action'];
