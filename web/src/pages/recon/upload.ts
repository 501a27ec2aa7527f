/**
 * A bill, statement or ledger sent to POST /api/v1/recon/imports as the raw body, with upload progress. fetch() cannot
 * report the progress of a request body (a streamed body needs HTTP/2 in browsers), so this one request goes through
 * XMLHttpRequest; it sends what api/client.ts sends (same-origin cookies, the CSRF header) and turns a refusal into
 * the same ApiError. What the console shows for each answer is `uploadOutcome`.
 */
import { ApiError, apiErrorOf, buildUrl, currentCsrfToken, request } from '../../api/client';
import type { Encoding, ImportDetail, ImportQuery, SourceName } from './reconApi';

export interface UploadValues {
  source: SourceName;
  /** empty: the server detects it (UTF-8 with or without BOM, else GB18030) */
  encoding?: Encoding;
  /** empty: Asia/Shanghai */
  timeZone?: string;
  /** ledger only: a saved column mapping's name; empty: the server applies one saved for the file's header, if any */
  mapping?: string;
  /** ledger as an .xlsx workbook only: the worksheet to read; empty: the first */
  sheet?: string;
}

/** The query of the upload: the file's own name is the name findings and records carry. */
export function uploadQuery(values: UploadValues, fileName: string): ImportQuery {
  const name = fileName.trim().slice(0, 200);
  return {
    source: values.source,
    ...(values.encoding ? { encoding: values.encoding } : {}),
    ...(name ? { fileName: name } : {}),
    ...(values.timeZone?.trim() ? { timeZone: values.timeZone.trim() } : {}),
    // only the generic ledger takes a mapping; a choice left from another source is not sent
    ...(values.source === 'ledger' && values.mapping?.trim() ? { mapping: values.mapping.trim() } : {}),
    ...(values.source === 'ledger' && values.sheet?.trim() ? { sheet: values.sheet.trim() } : {}),
  };
}

/** 0..100 from an upload's progress event (nothing known yet: 0). */
export function progressPercent(loaded: number, total: number): number {
  if (!Number.isFinite(total) || total <= 0) return 0;
  return Math.min(100, Math.max(0, Math.floor((loaded / total) * 100)));
}

export type UploadOutcome =
  | { kind: 'imported'; detail: ImportDetail }
  /** 409 DUPLICATE_IMPORT: these bytes of this source were imported before, as `importId` */
  | { kind: 'duplicate'; importId: string | null }
  /** 422 IMPORT_FAILED: the stored import with its file-level findings; no records were kept */
  | { kind: 'failed'; detail: ImportDetail }
  /** 413 FILE_TOO_LARGE, 400 EMPTY_FILE, a field problem, the network… */
  | { kind: 'error'; error: unknown };

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

function isImportDetail(value: unknown): value is ImportDetail {
  return isRecord(value) && typeof value.id === 'string' && typeof value.source === 'string' && Array.isArray(value.findingList);
}

/** What an upload's answer means for the dialog. */
export function uploadOutcome(result: { detail: ImportDetail } | { error: unknown }): UploadOutcome {
  if ('detail' in result) return { kind: 'imported', detail: result.detail };
  const { error } = result;
  if (error instanceof ApiError && error.code === 'DUPLICATE_IMPORT') {
    const importId = isRecord(error.details) && typeof error.details.importId === 'string' ? error.details.importId : null;
    return { kind: 'duplicate', importId };
  }
  if (error instanceof ApiError && error.code === 'IMPORT_FAILED' && isImportDetail(error.details)) return { kind: 'failed', detail: error.details };
  return { kind: 'error', error };
}

export interface UploadRequest {
  file: Blob;
  query: ImportQuery;
  onProgress(percent: number): void;
  signal?: AbortSignal;
}

/** Sends the file; resolves to the stored import, rejects with an ApiError (or an AbortError when cancelled). */
export function uploadImport({ file, query, onProgress, signal }: UploadRequest): Promise<ImportDetail> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', buildUrl('/recon/imports', { ...query }));
    xhr.withCredentials = true;
    xhr.setRequestHeader('Accept', 'application/json');
    xhr.setRequestHeader('Content-Type', 'application/octet-stream');
    const csrfToken = currentCsrfToken();
    if (csrfToken) xhr.setRequestHeader('X-CSRF-Token', csrfToken);
    xhr.upload.onprogress = (e) => onProgress(progressPercent(e.loaded, e.lengthComputable ? e.total : file.size));
    xhr.upload.onload = () => onProgress(100);
    xhr.onerror = () => reject(apiErrorOf(0, 'network error', ''));
    xhr.onabort = () => reject(new DOMException('upload cancelled', 'AbortError'));
    xhr.onload = () => {
      if (xhr.status >= 200 && xhr.status < 300) {
        try {
          resolve(JSON.parse(xhr.responseText) as ImportDetail);
        } catch {
          reject(apiErrorOf(xhr.status, 'not JSON', ''));
        }
        return;
      }
      const error = apiErrorOf(xhr.status, xhr.statusText, xhr.responseText);
      // A session gone mid-upload: one ordinary call lets the client's 401 handling send the user to the login page.
      if (error.status === 401) void request('/auth/session').catch(() => undefined);
      reject(error);
    };
    signal?.addEventListener('abort', () => xhr.abort(), { once: true });
    xhr.send(file);
  });
}
