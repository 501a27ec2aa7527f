import { ApiError } from '../../api/client';
import type { ImportResult } from '../../api/types';

/** 422 IMPORT_REJECTED carries the whole result in `error.details`; any other error does not. */
export function rejectedResult(error: unknown): ImportResult | null {
  if (!(error instanceof ApiError) || error.code !== 'IMPORT_REJECTED') return null;
  const d = error.details as Partial<ImportResult> | null | undefined;
  if (!d || typeof d !== 'object' || !Array.isArray(d.errors) || typeof d.total !== 'number') return null;
  return {
    dryRun: d.dryRun ?? false,
    total: d.total,
    imported: d.imported ?? 0,
    created: d.created ?? 0,
    updated: d.updated ?? 0,
    errors: d.errors,
    errorCount: d.errorCount ?? d.errors.length,
  };
}

export type ImportOutcome = 'checked' | 'imported' | 'problems' | 'rejected';

/** How an answer reads to the user: a clean dry run, a done import, a dry run with problems, or a refused file. */
export function outcomeOf(result: ImportResult, rejected: boolean): ImportOutcome {
  if (rejected) return 'rejected';
  if (result.errorCount > 0) return 'problems';
  return result.dryRun ? 'checked' : 'imported';
}
