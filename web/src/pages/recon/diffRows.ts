/**
 * The side-by-side view of a difference: one row per normalized field, our records' values on the left and theirs on
 * the right (several records on a side for a many-to-one), the fields the server names as differing highlighted.
 * Fields empty on every record are left out, unless the server names them.
 */
import type { ReconRecord } from './reconApi';

export type FieldFormat = 'text' | 'money' | 'time' | 'bool' | 'list';

/** The fields in the order a reader compares them: ids, money, what and when, who and where, the card's own figures. */
export const DIFF_FIELDS: readonly { field: keyof ReconRecord; format: FieldFormat }[] = [
  { field: 'txnId', format: 'text' },
  { field: 'merchantOrderId', format: 'text' },
  { field: 'channelOrderId', format: 'text' },
  { field: 'thirdPartyOrderId', format: 'text' },
  { field: 'refundId', format: 'text' },
  { field: 'merchantRefundId', format: 'text' },
  { field: 'amountFen', format: 'money' },
  { field: 'feeFen', format: 'money' },
  { field: 'currency', format: 'text' },
  { field: 'type', format: 'text' },
  { field: 'direction', format: 'text' },
  { field: 'status', format: 'text' },
  { field: 'statusRaw', format: 'text' },
  { field: 'txnTime', format: 'time' },
  { field: 'collectedAt', format: 'time' },
  { field: 'account', format: 'text' },
  { field: 'card', format: 'text' },
  { field: 'terminal', format: 'text' },
  { field: 'channel', format: 'text' },
  { field: 'balanceBeforeFen', format: 'money' },
  { field: 'balanceAfterFen', format: 'money' },
  { field: 'cardCounter', format: 'text' },
  { field: 'offline', format: 'bool' },
  { field: 'lostIds', format: 'list' },
];

export type CellValue = string | number | boolean | string[] | null;

export interface DiffRow {
  field: string;
  format: FieldFormat;
  /** one value per record of the side, in the difference's order */
  left: CellValue[];
  right: CellValue[];
  /** the server names this field as differing between the sides */
  differs: boolean;
}

const isEmpty = (v: CellValue | undefined) => v === null || v === undefined || v === '' || (Array.isArray(v) && v.length === 0);

export function buildDiffRows(left: readonly ReconRecord[], right: readonly ReconRecord[], fields: readonly string[]): DiffRow[] {
  const named = new Set(fields);
  const rows: DiffRow[] = [];
  for (const { field, format } of DIFF_FIELDS) {
    const l = left.map((r) => (r[field] ?? null) as CellValue);
    const r = right.map((rec) => (rec[field] ?? null) as CellValue);
    const differs = named.has(field);
    if (!differs && [...l, ...r].every(isEmpty)) continue;
    rows.push({ field, format, left: l, right: r, differs });
  }
  // A field the server names that the console does not know yet still shows, at the end.
  for (const field of fields) {
    if (DIFF_FIELDS.some((f) => f.field === field)) continue;
    const value = (rec: ReconRecord) => ((rec as unknown as Record<string, CellValue>)[field] ?? null);
    rows.push({ field, format: 'text', left: left.map(value), right: right.map(value), differs: true });
  }
  return rows;
}

/** "ledger-1130.csv:3": where a record came from. */
export const provenance = (r: Pick<ReconRecord, 'file' | 'line'>) => `${r.file}:${r.line}`;
