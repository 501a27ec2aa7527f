/**
 * Alerting's request and response types (tag `alerts`, `alert-rules`, `silences`, `maintenance-windows`) and the
 * alerts client. Written by hand after server/modules/alerting/**.schemas.ts while its routes were being written;
 * they move to aliases into openapi.d.ts once `npm run openapi` lists the routes.
 */
import { request } from './client';
import type { CursorPage } from './types';

export type AlertState = 'pending' | 'firing' | 'acknowledged' | 'resolved';
export type AlertLevel = 1 | 2 | 3;
export type AlertSource = 'rule' | 'topology' | 'alertmanager' | 'grafana';

/** What fired an alert: a code the console words through `alertDetail.<code>`, with its values. */
export interface AlertDetail {
  code: string;
  values: Record<string, string | number | null>;
}

export interface Alert {
  id: string;
  fingerprint: string;
  ruleId: string | null;
  source: AlertSource;
  name: string;
  state: AlertState;
  level: AlertLevel;
  ruleLevel: AlertLevel;
  levelReason: string | null;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  detail: AlertDetail;
  siteId: string | null;
  deviceId: string | null;
  subsystem: string | null;
  parentId: string | null;
  /** how many alerts are attached to this one */
  children: number;
  groupKey: string;
  value: number | null;
  threshold: number | null;
  activeAt: string;
  firedAt: string | null;
  acknowledgedAt: string | null;
  acknowledgedBy: string | null;
  resolvedAt: string | null;
  resolvedBy: string | null;
  flapping: boolean;
  /** silence:<id>, inhibited:<alert id> or maintenance:<window id | device> */
  suppressedBy: string | null;
  externalUrl: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface AlertTimelineEntry {
  at: string;
  kind: string;
  actorId: string | null;
  actorName: string | null;
  detail: Record<string, unknown> | null;
}

export interface AlertWithTimeline {
  alert: Alert;
  timeline: AlertTimelineEntry[];
  children: Alert[];
}

export interface AlertListQuery {
  state?: string;
  level?: string;
  site?: string;
  subsystem?: string;
  rule?: string;
  source?: AlertSource;
  device?: string;
  parent?: string;
  from?: string;
  to?: string;
  cursor?: string;
  limit?: number;
}

export interface AlertCounts {
  byLevel: Record<string, number>;
  bySite: { siteId: string | null; level1: number; level2: number; level3: number }[];
  bySubsystem: { subsystem: string | null; count: number }[];
}

/** An alert rule's parts (rule.schemas.ts). */
export type Aggregate = 'avg' | 'min' | 'max' | 'sum' | 'count' | 'last';
export type Operator = '>' | '>=' | '<' | '<=';
export type MatchOp = '=' | '!=' | '=~' | '!~';

export interface Matcher {
  name: string;
  op: MatchOp;
  value: string;
}

export interface TxnFilter {
  types?: string[];
  channels?: string[];
  statuses?: string[];
}

export interface ThresholdCondition {
  kind: 'threshold';
  metric: string;
  aggregate: Aggregate;
  windowMinutes: number;
  operator: Operator;
  threshold: number;
  by?: 'device' | 'site' | 'channel' | 'account';
}
export interface RatioCondition {
  kind: 'ratio';
  numerator: TxnFilter;
  denominator: TxnFilter;
  windowMinutes: number;
  operator: Operator;
  thresholdPct: number;
  minCount: number;
  by?: 'device' | 'site' | 'channel' | 'account';
}
export interface AbsenceCondition {
  kind: 'absence';
  minutes: number;
}
export interface EventCondition {
  kind: 'event';
  eventTypes?: string[];
  severities?: ('info' | 'warning' | 'critical')[];
  attributes?: Matcher[];
  messagePattern?: string;
  resolveEventTypes?: string[];
  resolveAfterMinutes?: number;
}
export interface ChangeCondition {
  kind: 'change';
  metric: string;
  windowMinutes: number;
  mode: 'absolute' | 'percent';
  operator: Operator;
  threshold: number;
}
export interface BaselineCondition {
  kind: 'baseline';
  metric: string;
  windowMinutes: number;
  learnWeeks: number;
  direction: 'below' | 'above' | 'both';
  deviations: number;
  minDropPct?: number;
  minNormal?: number;
  hours?: number[][];
}
export interface CompositeCondition {
  kind: 'composite';
  rules: string[];
  withinMinutes: number;
  by?: 'site' | 'device';
}
export type RuleCondition =
  | ThresholdCondition
  | RatioCondition
  | AbsenceCondition
  | EventCondition
  | ChangeCondition
  | BaselineCondition
  | CompositeCondition;
export type RuleKind = RuleCondition['kind'];

export interface RuleScope {
  sites?: string[];
  subsystems?: string[];
  deviceTypes?: string[];
  devices?: string[];
  labels?: Matcher[];
}

export interface RuleOverride {
  scope: RuleScope;
  threshold?: number;
  level?: AlertLevel;
}

/** What is written to create or replace a rule. */
export interface RuleDefinition {
  key: string;
  name: string;
  nameEn?: string | null;
  description?: string | null;
  condition: RuleCondition;
  scope?: RuleScope;
  overrides?: RuleOverride[];
  level: AlertLevel;
  forMinutes?: number;
  keepFiringMinutes?: number;
  groupBy?: string[];
  labels?: Record<string, string>;
  enabled?: boolean;
}

export interface AlertRule {
  id: string;
  key: string;
  name: string;
  nameEn: string | null;
  description: string | null;
  condition: RuleCondition;
  scope: RuleScope;
  overrides: RuleOverride[];
  level: AlertLevel;
  forMinutes: number;
  keepFiringMinutes: number;
  groupBy: string[];
  labels: Record<string, string>;
  enabled: boolean;
  builtin: boolean;
  broken: string | null;
  version: number;
  createdAt: string;
  updatedAt: string;
}

export interface BacktestBody {
  days: number;
  proposed?: RuleDefinition;
}

export interface BacktestInterval {
  series: string;
  labels: Record<string, string>;
  start: string;
  end: string | null;
  minutes: number;
  peak: number | null;
}

export interface BacktestOutcome {
  intervals: BacktestInterval[];
  alerts: number;
  firingMinutes: number;
  truncated: boolean;
}

export interface BacktestResult {
  from: string;
  to: string;
  current: BacktestOutcome | null;
  proposed: BacktestOutcome | null;
  chart: {
    series: string;
    points: [number, number | null][];
    currentThreshold: number | null;
    proposedThreshold: number | null;
  };
  elapsedMs: number;
}

const alert = (id: string) => `/alerts/${encodeURIComponent(id)}`;

/** Alerts: the list, the counts, one alert with its timeline, and what people do to it. */
export const alertsApi = {
  list: (query: AlertListQuery) => request<CursorPage<Alert>>('/alerts', { query: { ...query } }),
  counts: () => request<AlertCounts>('/alerts/counts'),
  get: (id: string) => request<AlertWithTimeline>(alert(id)),
  ack: (id: string, comment?: string) => request<Alert>(`${alert(id)}/ack`, { method: 'POST', body: comment ? { comment } : {} }),
  resolve: (id: string, comment?: string) =>
    request<Alert>(`${alert(id)}/resolve`, { method: 'POST', body: comment ? { comment } : {} }),
  level: (id: string, level: AlertLevel, reason: string) =>
    request<Alert>(`${alert(id)}/level`, { method: 'POST', body: { level, reason } }),
};

/** What the live stream sends as `alert.changed` (server/events/catalog.ts AlertChangedEvent). */
export interface AlertChangedEvent {
  type: 'alert.changed';
  alertId: string;
  fingerprint: string;
  name: string;
  source: string;
  ruleId: string | null;
  /** null when the alert is new */
  previous: AlertState | null;
  state: AlertState;
  level: number;
  siteId: string | null;
  deviceId: string | null;
  subsystem: string | null;
  parentId: string | null;
  groupKey: string;
  suppressed: boolean;
  flapping: boolean;
  at: number;
}
