/** The back-fill's client and its types (tag `backfill`, from openapi.d.ts; server/modules/backfill is the source). */
import { ApiError, request } from '../../api/client';
import type { paths } from '../../api/openapi';

type Json200<Op extends { responses: { 200: { content: { 'application/json': unknown } } } }> = Op['responses'][200]['content']['application/json'];
type JsonBody<Op extends { requestBody?: { content: { 'application/json': unknown } } }> = NonNullable<Op['requestBody']>['content']['application/json'];

export type BackfillPage = Json200<paths['/api/v1/incidents/{id}/backfill']['get']>;
export type BackfillRecord = BackfillPage['items'][number];
export type BackfillKind = BackfillRecord['kind'];
export const BACKFILL_KINDS = ['ticket_sale', 'ticket_check', 'counter_payment'] as const satisfies readonly BackfillKind[];
export type RecordInput = JsonBody<paths['/api/v1/incidents/{id}/backfill']['post']>['records'][number];
export type Channel = NonNullable<RecordInput['channel']>;
export const CHANNELS = ['cash', 'card', 'wechat', 'alipay', 'bank', 'unionpay'] as const satisfies readonly Channel[];
export type RecordResult = Json200<paths['/api/v1/incidents/{id}/backfill']['post']>;
export type BackfillImportResult = Json200<paths['/api/v1/incidents/{id}/backfill/imports']['post']>;
export type BackfillProblem = BackfillImportResult['errors'][number];

export const templateUrl = (format: 'csv' | 'xlsx') => `/api/v1/backfill/template?format=${format}`;

export const backfillApi = {
  list: (incidentId: string, cursor?: string) => request<BackfillPage>(`/incidents/${encodeURIComponent(incidentId)}/backfill`, { query: { cursor, limit: 50 } }),
  record: (incidentId: string, records: RecordInput[]) => request<RecordResult>(`/incidents/${encodeURIComponent(incidentId)}/backfill`, { method: 'POST', body: { records } }),
  upload: (incidentId: string, file: Blob, contentType: string, dryRun: boolean) =>
    request<BackfillImportResult>(`/incidents/${encodeURIComponent(incidentId)}/backfill/imports`, {
      method: 'POST',
      query: { dryRun: dryRun || undefined },
      rawBody: { data: file, contentType },
    }),
};

/** 422 IMPORT_REJECTED carries the whole result in `error.details`. */
export function rejectedImport(error: unknown): BackfillImportResult | null {
  if (!(error instanceof ApiError) || error.code !== 'IMPORT_REJECTED') return null;
  const d = error.details as Partial<BackfillImportResult> | null | undefined;
  if (!d || typeof d !== 'object' || !Array.isArray(d.errors) || typeof d.total !== 'number') return null;
  return { dryRun: d.dryRun ?? false, total: d.total, imported: 0, importId: null, errors: d.errors, errorCount: d.errorCount ?? d.errors.length };
}
