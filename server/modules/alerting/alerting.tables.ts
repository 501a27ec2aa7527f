/**
 * The alerting module's tables (SPEC C3). Definitions and documents are JSON text columns: both databases store them
 * the same way and the service parses them through their TypeBox schemas (rule.schemas.ts, matchers.ts).
 */

export const ALERT_STATES = ['pending', 'firing', 'acknowledged', 'resolved'] as const;
export type AlertState = (typeof ALERT_STATES)[number];
/** 1 severe (一级), 2 important (二级), 3 minor (三级) */
export const ALERT_LEVELS = [1, 2, 3] as const;
export type AlertLevel = (typeof ALERT_LEVELS)[number];
/**
 * Where an alert came from: one of opsdesk's rules, the topology correlation, an external system's webhook
 * (alertmanager, grafana), or another opsdesk module raising what it watches itself through the same external path
 * (recon: reconciliation's open differences and late bills).
 */
export const ALERT_SOURCES = ['rule', 'topology', 'alertmanager', 'grafana', 'recon'] as const;
export type AlertSource = (typeof ALERT_SOURCES)[number];

export interface AlertRulesTable {
  id: string;
  /** stable slug: what rule documents (YAML/JSON) and the shipped defaults are matched by */
  key: string;
  name: string;
  /** the English name, when the rule has one (the shipped defaults do) */
  name_en: string | null;
  description: string | null;
  /** threshold | ratio | absence | event | change | baseline | composite */
  kind: string;
  /** JSON: the kind's condition (rule.schemas.ts RuleCondition) */
  condition: string;
  /** JSON: which devices and sites it watches (RuleScope) */
  scope: string;
  /** JSON array: per-scope threshold and level overrides, first match wins */
  overrides: string;
  level: number;
  for_ms: number;
  keep_firing_ms: number;
  /** JSON array of label names alerts are grouped by for notification */
  group_by: string;
  /** JSON object: labels every alert of the rule carries */
  labels: string;
  enabled: number;
  /** 1 for the rules opsdesk ships (they may be edited and disabled, not deleted) */
  builtin: number;
  /** why the rule stopped being evaluated (it threw), or null */
  broken: string | null;
  broken_at: number | null;
  version: number;
  created_by: string | null;
  created_at: number;
  updated_at: number;
}

export interface AlertsTable {
  id: string;
  /** rule + identifying labels: an open alert is unique by it (dedup) */
  fingerprint: string;
  rule_id: string | null;
  source: AlertSource;
  /** the alert's name (a rule's key, or an external alert's alertname) */
  name: string;
  state: AlertState;
  level: number;
  /** the level the rule gave it, before anybody raised it */
  rule_level: number;
  /** why the level was changed by hand */
  level_reason: string | null;
  /** JSON object of string labels */
  labels: string;
  /** JSON object of string annotations (external alerts' summary, description, runbook…) */
  annotations: string;
  /** JSON { code, values }: what fired it, for the console to say in the reader's language */
  detail: string;
  site_id: string | null;
  device_id: string | null;
  subsystem: string | null;
  /** the topology alert this one is attached to: only the parent is notified */
  parent_id: string | null;
  /** notification group (group_by labels) */
  group_key: string;
  /** the observed value and the threshold it was held to, when the rule has them */
  value: number | null;
  threshold: number | null;
  /** when the condition became true */
  active_at: number;
  /** when a pending alert fires if the condition holds */
  fires_at: number | null;
  fired_at: number | null;
  acknowledged_at: number | null;
  acknowledged_by: string | null;
  resolved_at: number | null;
  /** a user's id, or null when opsdesk resolved it */
  resolved_by: string | null;
  /** when the condition stopped holding (keep firing for), or null while it holds */
  clear_since: number | null;
  /** 1 while it changes state too often to be worth re-notifying */
  flapping: number;
  /** the silence, inhibiting alert or maintenance window keeping it quiet, or null */
  suppressed_by: string | null;
  /** an external system's own id for the alert (Alertmanager's fingerprint) */
  external_id: string | null;
  /** where an external alert can be seen at its source */
  external_url: string | null;
  created_at: number;
  updated_at: number;
}

/** Every change in an alert's life, with who and when. */
export interface AlertEventsTable {
  id: string;
  alert_id: string;
  at: number;
  /** pending | firing | acknowledged | resolved | reopened | level | flapping | steady | suppressed | unsuppressed | attached */
  kind: string;
  /** the user who did it; null when opsdesk did */
  actor_id: string | null;
  /** JSON: what changed (value, level from → to, reason, silence id…) */
  detail: string | null;
}

/** A notification group's timers (group wait, group interval, repeat interval), kept across restarts. */
export interface AlertGroupsTable {
  group_key: string;
  /** JSON object: the group_by labels and their values */
  labels: string;
  first_at: number;
  /** when the group next tells paging what changed, or null when nothing is due */
  flush_at: number | null;
  notified_at: number | null;
  /** JSON: the alert ids and states at the last notification, to tell what is new */
  notified: string | null;
  updated_at: number;
}

export interface SilencesTable {
  id: string;
  /** JSON array of label matchers (matchers.ts); all must match */
  matchers: string;
  starts_at: number;
  ends_at: number;
  comment: string;
  created_by: string;
  created_at: number;
  updated_at: number;
}

export interface MaintenanceWindowsTable {
  id: string;
  name: string;
  /** a site, or a device, or (neither) matchers */
  site_id: string | null;
  device_id: string | null;
  /** one-off: from and to */
  starts_at: number | null;
  ends_at: number | null;
  /** recurring: a cron expression for each start, in `zone`, lasting `duration_ms` */
  cron: string | null;
  duration_ms: number | null;
  zone: string;
  comment: string;
  enabled: number;
  created_by: string;
  created_at: number;
  updated_at: number;
}

export interface AlertingTables {
  alert_rules: AlertRulesTable;
  alerts: AlertsTable;
  alert_events: AlertEventsTable;
  alert_groups: AlertGroupsTable;
  silences: SilencesTable;
  maintenance_windows: MaintenanceWindowsTable;
}
