/**
 * The reconciliation lists' filters, kept in the URL so that links and the back button keep them:
 * /recon/imports?source=wechat&status=failed, /recon/jobs?channel=wechat&day=2026-11-30&status=done,
 * /recon/jobs/:id?kind=amount-mismatch&state=open&assignee=me (or `none`, or a user id). Unknown values are dropped,
 * never sent.
 */
import type { DifferenceKind, DifferenceListQuery, DifferenceState, ImportListQuery, ImportStatus, JobListQuery, JobStatus, SourceName } from './reconApi';
import { DIFFERENCE_KINDS, DIFFERENCE_STATES, IMPORT_STATUSES, JOB_STATUSES, SOURCES } from './reconValues';

const pick = <T extends string>(values: readonly T[], value: string | null): T | undefined =>
  value !== null && (values as readonly string[]).includes(value) ? (value as T) : undefined;
const text = (params: URLSearchParams, name: string) => params.get(name)?.trim() || undefined;
const DAY = /^\d{4}-\d{2}-\d{2}$/;

function toParams(values: Record<string, string | undefined>): URLSearchParams {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(values)) if (value) params.set(key, value);
  return params;
}

export interface ImportFilterValues {
  source?: SourceName;
  status?: ImportStatus;
}

export const importFiltersFromParams = (params: URLSearchParams): ImportFilterValues => ({
  source: pick(SOURCES, params.get('source')),
  status: pick(IMPORT_STATUSES, params.get('status')),
});
export const importFiltersToParams = (f: ImportFilterValues) => toParams({ source: f.source, status: f.status });
export const importListQuery = (f: ImportFilterValues): ImportListQuery => ({ source: f.source, status: f.status });

export interface JobFilterValues {
  channel?: string;
  /** business day YYYY-MM-DD */
  day?: string;
  status?: JobStatus;
}

export function jobFiltersFromParams(params: URLSearchParams): JobFilterValues {
  const day = text(params, 'day');
  return { channel: text(params, 'channel'), day: day && DAY.test(day) ? day : undefined, status: pick(JOB_STATUSES, params.get('status')) };
}
export const jobFiltersToParams = (f: JobFilterValues) => toParams({ channel: f.channel, day: f.day, status: f.status });
export const jobListQuery = (f: JobFilterValues): JobListQuery => ({ channel: f.channel, day: f.day, status: f.status });

/** The assignee filter's two words besides a user id: the signed-in person, and nobody (the unassigned differences). */
export const ASSIGNED_TO_ME = 'me';
export const UNASSIGNED = 'none';

export interface DifferenceFilterValues {
  kind?: DifferenceKind;
  state?: DifferenceState;
  /** `me`, `none` (nobody assigned), or a user id */
  assignee?: string;
}

export const differenceFiltersFromParams = (params: URLSearchParams): DifferenceFilterValues => ({
  kind: pick(DIFFERENCE_KINDS, params.get('kind')),
  state: pick(DIFFERENCE_STATES, params.get('state')),
  assignee: text(params, 'assignee'),
});
export const differenceFiltersToParams = (f: DifferenceFilterValues) => toParams({ kind: f.kind, state: f.state, assignee: f.assignee });

/** The API takes the assignee's id, or `none` for the unassigned differences: `me` is the signed-in person. */
export const differenceListQuery = (f: DifferenceFilterValues, myId: string): DifferenceListQuery => ({
  kind: f.kind,
  state: f.state,
  assigneeId: f.assignee === ASSIGNED_TO_ME ? myId : f.assignee,
});
