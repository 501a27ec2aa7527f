/**
 * Problem records' request and response types (tag `problems`) and their client. The types are aliases into
 * openapi.d.ts (server/modules/incidents/problems/problems.schemas.ts), so a change on the server is a type error here.
 */
import { request } from '../../api/client';
import type { paths } from '../../api/openapi';
import type { CursorPage } from '../../api/types';

type Json200<Op extends { responses: { 200: { content: { 'application/json': unknown } } } }> = Op['responses'][200]['content']['application/json'];
type JsonBody<Op extends { requestBody?: { content: { 'application/json': unknown } } }> = NonNullable<Op['requestBody']>['content']['application/json'];
type Query<Op extends { parameters: { query?: unknown } }> = NonNullable<Op['parameters']['query']>;

export type ProblemDetail = Json200<paths['/api/v1/problems/{id}']['get']>;
export type Problem = ProblemDetail['problem'];
export type ProblemState = Problem['state'];
export type LinkedIncident = ProblemDetail['incidents'][number];
export type ProblemListQuery = Query<paths['/api/v1/problems']['get']>;
export type CreateProblemBody = JsonBody<paths['/api/v1/problems']['post']>;
export type UpdateProblemBody = JsonBody<paths['/api/v1/problems/{id}']['patch']>;
export type ProblemSuggestions = Json200<paths['/api/v1/problems/suggestions']['get']>;
export type SuggestedIncident = ProblemSuggestions['items'][number];

const problem = (id: string) => `/problems/${encodeURIComponent(id)}`;

export const problemsApi = {
  list: (query: ProblemListQuery) => request<CursorPage<Problem>>('/problems', { query: { ...query } }),
  get: (id: string) => request<ProblemDetail>(problem(id)),
  create: (body: CreateProblemBody) => request<ProblemDetail>('/problems', { method: 'POST', body }),
  update: (id: string, body: UpdateProblemBody) => request<ProblemDetail>(problem(id), { method: 'PATCH', body }),
  link: (id: string, incidentId: string) => request<ProblemDetail>(`${problem(id)}/incidents`, { method: 'POST', body: { incidentId } }),
  unlink: (id: string, incidentId: string) =>
    request<ProblemDetail>(`${problem(id)}/incidents/${encodeURIComponent(incidentId)}`, { method: 'DELETE' }),
  suggestions: (incidentId: string) => request<ProblemSuggestions>('/problems/suggestions', { query: { incidentId } }),
};
