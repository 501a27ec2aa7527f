/**
 * The drills API (tag `drills`, server/modules/drills/drills.schemas.ts): its types are aliases of the generated
 * openapi.d.ts, so they cannot drift from the server's schemas; `npm run openapi` regenerates them.
 */
import { ApiError, request } from '../../api/client';
import type { paths } from '../../api/openapi';
import type { CursorPage } from '../../api/types';

type Json200<Op extends { responses: { 200: { content: { 'application/json': unknown } } } }> = Op['responses'][200]['content']['application/json'];
type JsonBody<Op extends { requestBody?: { content: { 'application/json': unknown } } }> = NonNullable<Op['requestBody']>['content']['application/json'];

export type Schedule = Json200<paths['/api/v1/drills/schedules/{id}']['get']>;
export type ScheduleBody = JsonBody<paths['/api/v1/drills/schedules']['post']>;
export type ScheduleUpdate = JsonBody<paths['/api/v1/drills/schedules/{id}']['patch']>;
export type RunSummary = Json200<paths['/api/v1/drills/runs']['get']>['items'][number];
export type RunDetail = Json200<paths['/api/v1/drills/runs/{id}']['get']>;
export type DrillStep = RunDetail['steps'][number];
export type CreateRunBody = JsonBody<paths['/api/v1/drills/runs']['post']>;
export type StepUpdateBody = JsonBody<paths['/api/v1/drills/runs/{id}/steps/{key}']['patch']>;
export type Finding = Json200<paths['/api/v1/drills/findings/{id}']['patch']>;
export type FindingBody = JsonBody<paths['/api/v1/drills/runs/{id}/findings']['post']>;
export type FindingUpdate = JsonBody<paths['/api/v1/drills/findings/{id}']['patch']>;
export type FindingQuery = NonNullable<paths['/api/v1/drills/findings']['get']['parameters']['query']>;
export type DrillReport = Json200<paths['/api/v1/drills/runs/{id}/report']['get']>;
export type ReportStep = DrillReport['steps'][number];
export type RunQuery = NonNullable<paths['/api/v1/drills/runs']['get']['parameters']['query']>;
export type LocalText = RunDetail['plan']['title'];
export type Person = RunDetail['participants'][number];

export type RunState = RunDetail['state'];
export type Severity = Finding['severity'];
export type StepStatus = DrillStep['status'];
export type StepAction = StepUpdateBody['action'];
// The server's vocabularies in its order (drills.tables.ts), checked against the generated types.
export const RUN_STATES = ['scheduled', 'running', 'completed', 'cancelled'] as const satisfies readonly RunState[];
export const SEVERITIES = ['low', 'medium', 'high'] as const satisfies readonly Severity[];

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
  step: (runId: string, key: string, body: StepUpdateBody) =>
    request<RunDetail>(`${base}/runs/${id(runId)}/steps/${id(key)}`, { method: 'PATCH', body }),
  report: (runId: string) => request<DrillReport>(`${base}/runs/${id(runId)}/report`),

  findings: (query: FindingQuery) => request<CursorPage<Finding>>(`${base}/findings`, { query: { ...query } }),
  createFinding: (runId: string, body: FindingBody) => request<Finding>(`${base}/runs/${id(runId)}/findings`, { method: 'POST', body }),
  updateFinding: (findingId: string, body: FindingUpdate) => request<Finding>(`${base}/findings/${id(findingId)}`, { method: 'PATCH', body }),
  deleteFinding: (findingId: string, version: number) => request<{ ok: true }>(`${base}/findings/${id(findingId)}`, { method: 'DELETE', query: { version } }),
};

export const runPath = (runId: string) => `/drills/runs/${encodeURIComponent(runId)}`;

/** A 409 saying the drill, a step or a finding moved meanwhile: reload and say so, rather than show an error. */
export const isStale = (error: unknown): boolean =>
  error instanceof ApiError && error.status === 409 && ['DRILL_RUN_CHANGED', 'DRILL_STEP_CHANGED', 'DRILL_STEP_FINISHED', 'DRILL_STEP_STARTED', 'DRILL_FINDING_CHANGED', 'DRILL_SCHEDULE_CHANGED'].includes(error.code);
