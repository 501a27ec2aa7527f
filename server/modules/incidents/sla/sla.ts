/**
 * The SLA folder's surface for the rest of the incidents module (issue 11, C5.3): the policy shape and its defaults,
 * the engine that runs one target, the calendars' and policies' service and routes, and the tables. The module's
 * public index.ts re-exports what other modules need from here.
 */
export {
  applyClockAction,
  budgetMinutes,
  fromSlaRow,
  markBreached,
  markWarned,
  retarget,
  SlaClockError,
  slaNoticesDue,
  slaStanding,
  startTarget,
  toSlaRow,
  type SlaRowValues,
  type SlaStanding,
  type SlaStandingView,
  type SlaTargetState,
} from './sla-engine.ts';
export {
  checkSlaPolicy,
  checkSlaTarget,
  DEFAULT_SLA_CALENDARS,
  DEFAULT_SLA_POLICY_NAME,
  DEFAULT_WARN_SHARE,
  defaultSlaPolicy,
  levelKey,
  policyCalendarIds,
  policyCoversSite,
  SLA_LEVEL_KEYS,
  type SlaLevelKey,
  type SlaPolicy,
  type SlaPolicyTarget,
  type SlaPolicyTargets,
} from './sla-policy.ts';
export { slaRoutes } from './sla.routes.ts';
export { createSlaService, parseSlaPolicyRow, type SlaPolicyRecord, type SlaService } from './sla.service.ts';
export type { IncidentSlaTable, SlaCalendarsTable, SlaPoliciesTable, SlaTables } from './sla.tables.ts';
