/**
 * The back-fill's client (tag `backfill`, server/modules/backfill). The types are written here until openapi.d.ts is
 * regenerated with the module's schemas (backfill.schemas.ts); then they become aliases into it.
 */
import { ApiError, request } from '../../api/client';

export type BackfillKind = 'ticket_sale' | 'ticket_check' | 'counter_payment';
export const BACKFILL_KINDS: readonly BackfillKind[] = ['ticket_sale', 'ticket_check', 'counter_payment'];
export type Channel = 'cash' | 'card' | 'wechat' | 'alipay' | 'bank' | 'unionpay';
export const CHANNELS: readonly Channel[] = ['cash', 'card', 'wechat', 'alipay', 'bank', 'unionpay'];

export interface BackfillRecord {
  id: string;
  incidentId: string;
  kind: BackfillKind;
  deviceCode: string;
  recordNo: string;
  txnId: string;
  amountFen: number;
  occurredAt: string;
  enteredVia: 'form' | 'import';
  importId: string | null;
  note: string | null;
  enteredBy: { id: string | null; name: string };
  createdAt: string;
}

export interface BackfillPage {
  items: BackfillRecord[];
  nextCursor: string | null;
  totals: { count: number; amountFen: number; byKind: { kind: BackfillKind; count: number; amountFen: number }[] };
  window: { from: string; to: string };
}

export interface RecordInput {
  kind: BackfillKind;
  deviceCode: string;
  recordNo: string;
  occurredAt: string;
  amountFen?: number;
  channel?: Channel;
  note?: string;
}

export interface RecordResult {
  items: { status: 'created' | 'existing'; record: BackfillRecord }[];
}

export interface BackfillProblem {
  line: number;
  field?: string;
  code: string;
  params?: Record<string, string | number>;
  message: string;
}

export interface BackfillImportResult {
  dryRun: boolean;
  total: number;
  imported: number;
  importId: string | null;
  errors: BackfillProblem[];
  errorCount: number;
}

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
