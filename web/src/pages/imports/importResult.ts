import { ApiError } from '../../api/client';
import type { ImportResult } from '../../api/types';
import { fieldProblems, type FieldProblem } from '../../app/errors';

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

/**
 * Why a file could not be read at all (400 IMPORT_UNREADABLE): the server's problems with their code and values (the
 * line of an unclosed quote…), or null for any other error.
 */
export function unreadableProblems(error: unknown): FieldProblem[] | null {
  if (!(error instanceof ApiError) || error.code !== 'IMPORT_UNREADABLE') return null;
  const problems = fieldProblems(error);
  // An older server sent only its English sentence: that still says more than a generic message.
  return problems.length > 0 ? problems : [{ field: 'file', message: error.message }];
}
