/**
 * Reconciliation's request and response types (tag `recon`) and its client. The types are aliases into openapi.d.ts
 * (generated from server/modules/recon/recon.schemas.ts), so a change on the server shows up here as a type error.
 * The upload is not here: it goes through XMLHttpRequest for its progress (upload.ts).
 */
import { request, requestFile } from '../../api/client';
import type { paths } from '../../api/openapi';

type Json200<Op extends { responses: { 200: { content: { 'application/json': unknown } } } }> = Op['responses'][200]['content']['application/json'];
type JsonBody<Op extends { requestBody?: { content: { 'application/json': unknown } } }> = NonNullable<Op['requestBody']>['content']['application/json'];
type Query<Op extends { parameters: { query?: unknown } }> = NonNullable<Op['parameters']['query']>;

export type ImportPage = Json200<paths['/api/v1/recon/imports']['get']>;
export type ReconImport = ImportPage['items'][number];
export type ImportDetail = Json200<paths['/api/v1/recon/imports/{id}']['get']>;
export type Finding = ImportDetail['findingList'][number];
export type ImportListQuery = Query<paths['/api/v1/recon/imports']['get']>;
/** POST /recon/imports?source=&encoding=&fileName=&timeZone= (the file is the raw body). */
export type ImportQuery = Query<paths['/api/v1/recon/imports']['post']>;
export type SourceName = ReconImport['source'];
export type ImportStatus = ReconImport['status'];
export type Encoding = NonNullable<ImportQuery['encoding']>;
export type RecordPage = Json200<paths['/api/v1/recon/imports/{id}/records']['get']>;
export type ReconRecord = RecordPage['items'][number];

export type Channel = Json200<paths['/api/v1/recon/channels']['get']>['items'][number];
export type ChannelPatch = JsonBody<paths['/api/v1/recon/channels/{id}']['patch']>;
export type TimeDirection = Channel['timeDirection'];

export type JobPage = Json200<paths['/api/v1/recon/jobs']['get']>;
export type ReconJob = JobPage['items'][number];
export type JobDetail = Json200<paths['/api/v1/recon/jobs/{id}']['get']>;
export type JobListQuery = Query<paths['/api/v1/recon/jobs']['get']>;
export type JobStatus = ReconJob['status'];
export type Summary = NonNullable<ReconJob['summary']>;
export type CreateJobBody = JsonBody<paths['/api/v1/recon/jobs']['post']>;
export type CreateJobResult = Json200<paths['/api/v1/recon/jobs']['post']>;
export type DryRunResult = NonNullable<CreateJobResult['dryRunResult']>;
export type DifferenceDraft = DryRunResult['differences'][number];

export type DifferencePage = Json200<paths['/api/v1/recon/jobs/{id}/differences']['get']>;
export type Difference = DifferencePage['items'][number];
export type DifferenceListQuery = Query<paths['/api/v1/recon/jobs/{id}/differences']['get']>;
export type DifferenceKind = Difference['kind'];
export type DifferenceState = Difference['state'];
export type Resolution = NonNullable<Difference['resolution']>;
export type DifferenceDetail = Json200<paths['/api/v1/recon/differences/{id}']['get']>;
export type DifferenceEvent = DifferenceDetail['events'][number];
export type ResolveBody = JsonBody<paths['/api/v1/recon/differences/{id}/resolve']['post']>;

/** GET /recon/assignees: the people a difference can be assigned to (holders of recon:write, names only). */
export type AssigneeList = Json200<paths['/api/v1/recon/assignees']['get']>;
export type Assignee = AssigneeList['items'][number];

export type Trend = Json200<paths['/api/v1/recon/trend']['get']>;
export type TrendPoint = Trend['items'][number];

const path = (...parts: string[]) => `/recon/${parts.map(encodeURIComponent).join('/')}`;
const difference = (id: string, action: string) => `${path('differences', id)}/${action}`;

export const reconApi = {
  imports: (query: ImportListQuery) => request<ImportPage>('/recon/imports', { query: { ...query } }),
  importDetail: (id: string) => request<ImportDetail>(path('imports', id)),
  records: (id: string, cursor: string | undefined, limit: number) => request<RecordPage>(`${path('imports', id)}/records`, { query: { cursor, limit } }),

  channels: async () => (await request<{ items: Channel[] }>('/recon/channels')).items,
  updateChannel: (id: string, body: ChannelPatch) => request<Channel>(path('channels', id), { method: 'PATCH', body }),

  jobs: (query: JobListQuery) => request<JobPage>('/recon/jobs', { query: { ...query } }),
  job: (id: string) => request<JobDetail>(path('jobs', id)),
  createJob: (body: CreateJobBody) => request<CreateJobResult>('/recon/jobs', { method: 'POST', body }),
  differences: (jobId: string, query: DifferenceListQuery) => request<DifferencePage>(`${path('jobs', jobId)}/differences`, { query: { ...query } }),
  /** differences.csv, differences.xlsx (recon:read) or adjustments.csv (recon:approve) */
  download: (jobId: string, file: 'differences.csv' | 'differences.xlsx' | 'adjustments.csv') => requestFile(`${path('jobs', jobId)}/${file}`),
  trend: (channel: string, from: string, to: string) => request<Trend>('/recon/trend', { query: { channel, from, to } }),

  /** recon:read: whom a difference can be assigned to, without users:read */
  assignees: () => request<AssigneeList>('/recon/assignees'),
  difference: (id: string) => request<DifferenceDetail>(path('differences', id)),
  investigate: (id: string, version: number) => request<Difference>(difference(id, 'investigate'), { method: 'POST', body: { version } }),
  resolve: (id: string, body: ResolveBody) => request<Difference>(difference(id, 'resolve'), { method: 'POST', body }),
  approve: (id: string, version: number, note?: string) => request<Difference>(difference(id, 'approve'), { method: 'POST', body: { version, ...(note ? { note } : {}) } }),
  refuse: (id: string, version: number, note: string) => request<Difference>(difference(id, 'refuse'), { method: 'POST', body: { version, note } }),
  reject: (id: string, version: number, note: string) => request<Difference>(difference(id, 'reject'), { method: 'POST', body: { version, note } }),
  assign: (id: string, version: number, assigneeId: string | null) => request<Difference>(difference(id, 'assign'), { method: 'POST', body: { version, assigneeId } }),
  comment: (id: string, text: string) => request<DifferenceDetail>(difference(id, 'comments'), { method: 'POST', body: { text } }),
};
