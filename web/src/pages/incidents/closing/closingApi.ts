/**
 * Closing an incident (tag `incidents`): its root-cause analysis, the spare parts it used and its fault record. The
 * types are aliases into openapi.d.ts (server/modules/incidents/closing/closing.schemas.ts). The panel reads the current
 * root cause, parts and problems from the record's JSON: the API has no separate read for them.
 */
import { buildUrl, request } from '../../../api/client';
import type { paths } from '../../../api/openapi';

type Json200<Op extends { responses: { 200: { content: { 'application/json': unknown } } } }> = Op['responses'][200]['content']['application/json'];
type JsonBody<Op extends { requestBody?: { content: { 'application/json': unknown } } }> = NonNullable<Op['requestBody']>['content']['application/json'];

export type RootCauseBody = JsonBody<paths['/api/v1/incidents/{id}/root-cause']['put']>;
export type RootCauseResult = Json200<paths['/api/v1/incidents/{id}/root-cause']['put']>;
export type RootCause = RootCauseResult['rootCause'];
export type Fishbone = RootCause['fishbone'];
export type FishboneCategory = keyof Fishbone;
export type UsePartsBody = JsonBody<paths['/api/v1/incidents/{id}/parts']['post']>;
export type PartLine = UsePartsBody['parts'][number];
export type UsedParts = Json200<paths['/api/v1/incidents/{id}/parts']['post']>;
export type UsedPart = UsedParts['parts'][number];
export type FaultRecord = Json200<paths['/api/v1/incidents/{id}/record']['get']>;
export type RecordProblem = FaultRecord['problems'][number];

const incident = (id: string) => `/incidents/${encodeURIComponent(id)}`;

export const closingApi = {
  record: (id: string) => request<FaultRecord>(`${incident(id)}/record`, { query: { format: 'json' } }),
  setRootCause: (id: string, body: RootCauseBody) => request<RootCauseResult>(`${incident(id)}/root-cause`, { method: 'PUT', body }),
  useParts: (id: string, body: UsePartsBody) => request<UsedParts>(`${incident(id)}/parts`, { method: 'POST', body }),
  /** The printable record: a page of its own, opened in a new tab with the session's cookie. */
  recordPageUrl: (id: string) => buildUrl(`${incident(id)}/record`, { format: 'html' }),
};
