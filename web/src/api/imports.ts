import { request } from './client';
import type { ImportKind, ImportResult } from './types';

export const CSV_MEDIA_TYPE = 'text/csv';
export const XLSX_MEDIA_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** The Content-Type an import file is sent with: by extension, since browsers often leave File.type empty for CSV. */
export function importMediaType(fileName: string): string | null {
  const lower = fileName.toLowerCase();
  if (lower.endsWith('.csv') || lower.endsWith('.txt')) return CSV_MEDIA_TYPE;
  if (lower.endsWith('.xlsx')) return XLSX_MEDIA_TYPE;
  return null;
}

/** Bulk import (tag `imports`): the file's bytes as the body, never multipart. 422 IMPORT_REJECTED carries the result. */
export const importsApi = {
  upload: (kind: ImportKind, file: Blob, contentType: string, dryRun: boolean) =>
    request<ImportResult>(`/imports/${kind}`, {
      method: 'POST',
      query: { dryRun: dryRun || undefined },
      rawBody: { data: file, contentType },
    }),
};
