/**
 * The drills API (tag `drills`, server/modules/drills/drills.schemas.ts), typed by hand until the lead regenerates
 * openapi.d.ts; then these become aliases of the generated types, as the other pages' are.
 */
import { ApiError, request } from '../../api/client';
import type { CursorPage } from '../../api/types';

export interface LocalText {
  zh: string;
  en?: string;
}
export interface Person {
  id: string;
  name: string;
}

export const RUN_STATES = ['scheduled', 'running', 'completed', 'cancelled'] as const;
export type RunState = (typeof RUN_STATES)[number];
export const SEVERITIES = ['low', 'medium', 'high'] as const;
export type Severity = (typeof SEVERITIES)[number];
export type StepStatus = 'pending' | 'started' | 'done' | 'skipped';
export type StepAction = 'start' | 'done' | 'skip';

export interface Schedule {
  id: string;
  plan: { id: string; key: string; title: LocalText };
  title: string;
  cron: string | null;
  onceAt: string | null;
  timezone: string;
  siteIds: string[];
  participants: Person[];
  owner: Person | null;
  enabled: boolean;
  nextDueAt: string | null;
  upcoming: string[];
  version: number;
  createdAt: string;
  updatedAt: string;
}

export interface ScheduleBody {
  planId: string;
  title: string;
  cron?: string;
  onceAt?: string;
  timezone?: string;
  siteIds: string[];
  participants: string[];
  ownerId?: string | null;
  enabled?: boolean;
}

export interface ScheduleUpdate {
  version: number;
  title?: string;
  cron?: string | null;
  onceAt?: string | null;
  timezone?: string;
  siteIds?: string[];
  participants?: string[];
  ownerId?: string | null;
  enabled?: boolean;
}

interface RunFields {
  id: string;
  drill: true;
  scheduleId: string | null;
  occurrenceAt: string | null;
  plan: { id: string; key: string; version: number; title: LocalText };
  title: string;
  state: RunState;
  scheduledFor: string;
  siteIds: string[];
  owner: Person | null;
  startedAt: string | null;
  startedBy: string | null;
  endedAt: string | null;
  endedBy: string | null;
  cancelReason: string | null;
  summary: string | null;
  progress: { total: number; done: number; skipped: number };
  version: number;
  createdAt: string;
}

export type RunSummary = RunFields & { participantCount: number };

export interface DrillStep {
  key: string;
  position: number;
  title: LocalText;
  detail: LocalText | null;
  role: string;
  phase: string;
  status: StepStatus;
  expectedMinutes: number;
  actualMinutes: number | null;
  overdue: boolean;
  startedAt: string | null;
  startedBy: string | null;
  doneAt: string | null;
  doneBy: string | null;
  skippedAt: string | null;
  skippedBy: string | null;
  skipReason: string | null;
  version: number;
}

export interface RunDetail extends RunFields {
  participants: Person[];
  steps: DrillStep[];
  notice: { state: 'none' | 'not_sent'; userIds: string[] };
  findingCount: number;
}

export interface CreateRunBody {
  scheduleId?: string;
  planId?: string;
  title?: string;
  scheduledFor?: string;
  siteIds?: string[];
  participants?: string[];
  ownerId?: string | null;
  start?: boolean;
}

export interface Finding {
  id: string;
  runId: string;
  stepKey: string | null;
  text: string;
  severity: Severity;
  action: string | null;
  owner: Person | null;
  dueDate: string | null;
  overdue: boolean;
  status: 'open' | 'done';
  doneAt: string | null;
  doneBy: string | null;
  version: number;
  createdBy: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface FindingBody {
  text: string;
  severity: Severity;
  stepKey?: string | null;
  action?: string | null;
  ownerId?: string | null;
  dueDate?: string | null;
}

export interface ReportStep {
  key: string;
  position: number;
  title: LocalText;
  role: string;
  phase: string;
  status: StepStatus;
  expectedMinutes: number;
  actualMinutes: number | null;
  overByMinutes: number | null;
  skipReason: string | null;
}

export interface DrillReport {
  run: RunSummary;
  totalMinutes: number | null;
  expectedMinutes: number;
  steps: ReportStep[];
  overran: ReportStep[];
  skipped: ReportStep[];
  notDone: ReportStep[];
  findings: Finding[];
  openActions: number;
}

export interface RunQuery {
  state?: RunState;
  scheduleId?: string;
  planId?: string;
  from?: string;
  to?: string;
  cursor?: string;
  limit?: number;
}

const base = '/drills';
const id = (value: string) => encodeURIComponent(value);

export const drillsApi = {
  schedules: (cursor?: string, limit = 100) => request<CursorPage<Schedule>>(`${base}/schedules`, { query: { cursor, limit } }),
  createSchedule: (body: ScheduleBody) => request<Schedule>(`${base}/schedules`, { method: 'POST', body }),
  updateSchedule: (scheduleId: string, body: ScheduleUpdate) => request<Schedule>(`${base}/schedules/${id(scheduleId)}`, { method: 'PATCH', body }),
  deleteSchedule: (scheduleId: string, version: number) => request<{ ok: true }>(`${base}/schedules/${id(scheduleId)}`, { method: 'DELETE', query: { version } }),

  runs: (query: RunQuery) => request<CursorPage<RunSummary>>(`${base}/runs`, { query: { ...query } }),
  run: (runId: string) => request<RunDetail>(`${base}/runs/${id(runId)}`),
  createRun: (body: CreateRunBody) => request<RunDetail>(`${base}/runs`, { method: 'POST', body }),
  start: (runId: string, version: number) => request<RunDetail>(`${base}/runs/${id(runId)}/start`, { method: 'POST', body: { version } }),
  cancel: (runId: string, version: number, reason: string) => request<RunDetail>(`${base}/runs/${id(runId)}/cancel`, { method: 'POST', body: { version, reason } }),
  complete: (runId: string, version: number, summary?: string) => request<RunDetail>(`${base}/runs/${id(runId)}/complete`, { method: 'POST', body: { version, ...(summary ? { summary } : {}) } }),
  step: (runId: string, key: string, body: { action: StepAction; version: number; reason?: string }) =>
    request<RunDetail>(`${base}/runs/${id(runId)}/steps/${id(key)}`, { method: 'PATCH', body }),
  report: (runId: string) => request<DrillReport>(`${base}/runs/${id(runId)}/report`),

  findings: (query: { runId?: string; status?: 'open' | 'done'; ownerId?: string; cursor?: string; limit?: number }) => request<CursorPage<Finding>>(`${base}/findings`, { query: { ...query } }),
  createFinding: (runId: string, body: FindingBody) => request<Finding>(`${base}/runs/${id(runId)}/findings`, { method: 'POST', body }),
  updateFinding: (findingId: string, body: Partial<FindingBody> & { version: number; status?: 'open' | 'done' }) => request<Finding>(`${base}/findings/${id(findingId)}`, { method: 'PATCH', body }),
  deleteFinding: (findingId: string, version: number) => request<{ ok: true }>(`${base}/findings/${id(findingId)}`, { method: 'DELETE', query: { version } }),
};

export const runPath = (runId: string) => `/drills/runs/${encodeURIComponent(runId)}`;

/** A 409 saying the drill, a step or a finding moved meanwhile: reload and say so, rather than show an error. */
export const isStale = (error: unknown): boolean =>
  error instanceof ApiError && error.status === 409 && ['DRILL_RUN_CHANGED', 'DRILL_STEP_CHANGED', 'DRILL_STEP_FINISHED', 'DRILL_STEP_STARTED', 'DRILL_FINDING_CHANGED', 'DRILL_SCHEDULE_CHANGED'].includes(error.code);
