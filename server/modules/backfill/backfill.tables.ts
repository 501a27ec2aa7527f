/** The back-fill module's tables (migration 2026-12-01-011-backfill). Instants are epoch milliseconds. */

export const BACKFILL_KINDS = ['ticket_sale', 'ticket_check', 'counter_payment'] as const;
export type BackfillKind = (typeof BACKFILL_KINDS)[number];

export interface BackfillRecordsTable {
  id: string;
  incident_id: string;
  kind: BackfillKind;
  device_code: string;
  record_no: string;
  txn_id: string;
  amount_fen: number;
  occurred_at: number;
  entered_via: 'form' | 'import';
  import_id: string | null;
  note: string | null;
  entered_by: string | null;
  entered_by_name: string;
  created_at: number;
}

export interface BackfillImportsTable {
  id: string;
  incident_id: string;
  format: string;
  bytes: number;
  sha256: string;
  rows: number;
  created_by: string | null;
  created_at: number;
}

export interface BackfillTables {
  backfill_records: BackfillRecordsTable;
  backfill_imports: BackfillImportsTable;
}
