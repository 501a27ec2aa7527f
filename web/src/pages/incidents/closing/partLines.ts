/** The add-parts form's lines, apart from the form: which are complete, and which repeat a part at one warehouse. */
import type { PartLine } from './closingApi';

export interface PartLineDraft {
  partId?: string;
  warehouse?: string;
  quantity?: number | null;
}

export type PartLineProblem = { index: number; field: 'partId' | 'warehouse' | 'quantity' | 'repeated' };

/**
 * What must change before the lines may be sent: a line without its part, warehouse or a whole quantity of at least
 * one; the same part at the same warehouse twice (the server refuses it: add the quantities instead).
 */
export function partLineProblems(lines: readonly PartLineDraft[]): PartLineProblem[] {
  const problems: PartLineProblem[] = [];
  const seen = new Set<string>();
  lines.forEach((line, index) => {
    if (!line.partId) problems.push({ index, field: 'partId' });
    if (!line.warehouse?.trim()) problems.push({ index, field: 'warehouse' });
    if (!line.quantity || !Number.isInteger(line.quantity) || line.quantity < 1) problems.push({ index, field: 'quantity' });
    if (line.partId && line.warehouse) {
      const key = `${line.partId}\u0000${line.warehouse.trim()}`;
      if (seen.has(key)) problems.push({ index, field: 'repeated' });
      seen.add(key);
    }
  });
  return problems;
}

/** The request's lines, once partLineProblems found nothing. */
export const toPartLines = (lines: readonly PartLineDraft[]): PartLine[] =>
  lines.map((l) => ({ partId: l.partId!, warehouse: l.warehouse!.trim(), quantity: l.quantity! }));
