/**
 * The one fetch wrapper of the console: same-origin cookies, JSON in and out, the CSRF header on every write,
 * and every failure turned into a typed ApiError carrying the server's stable error code.
 */
import type { ApiErrorBody } from './types';

export const API_BASE = '/api/v1';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export type QueryValue = string | number | boolean | null | undefined;

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  query?: Record<string, QueryValue>;
  body?: unknown;
  /** A body sent as it is (a file upload) with its own Content-Type, instead of JSON. */
  rawBody?: { data: Blob | ArrayBuffer; contentType: string };
  headers?: Record<string, string>;
  signal?: AbortSignal;
  /** Do not treat a 401 as "session expired" (login and session probes). */
  skipAuthRedirect?: boolean;
}

const WRITE_METHODS = new Set(['POST', 'PATCH', 'PUT', 'DELETE']);

let csrfToken: string | null = null;
const unauthorizedListeners = new Set<() => void>();

export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

/** The session's CSRF token, for the one request that cannot go through send() (an upload with progress). */
export function currentCsrfToken(): string | null {
  return csrfToken;
}

/** Called whenever an API call answers 401 because the session is gone. Returns an unsubscribe function. */
export function onUnauthorized(listener: () => void): () => void {
  unauthorizedListeners.add(listener);
  return () => unauthorizedListeners.delete(listener);
}

export function buildUrl(path: string, query?: Record<string, QueryValue>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value === undefined || value === null || value === '') continue;
    params.set(key, String(value));
  }
  const qs = params.toString();
  return `${API_BASE}${path}${qs ? `?${qs}` : ''}`;
}

function isErrorBody(value: unknown): value is ApiErrorBody {
  if (typeof value !== 'object' || value === null || !('error' in value)) return false;
  const error = (value as { error: unknown }).error;
  return typeof error === 'object' && error !== null && 'code' in error && 'message' in error;
}

/** An error answer (status and body text) as the ApiError every call throws; status 0 is the network failing. */
export function apiErrorOf(status: number, statusText: string, bodyText: string): ApiError {
  if (status === 0) return new ApiError(0, 'NETWORK_ERROR', statusText || 'network error');
  let payload: unknown = null;
  try {
    payload = JSON.parse(bodyText);
  } catch {
    payload = null; // not JSON: a proxy's page, say
  }
  if (isErrorBody(payload)) {
    const { code, message, details } = payload.error;
    return new ApiError(status, code, message, details);
  }
  return new ApiError(status, `HTTP_${status}`, statusText || `HTTP ${status}`);
}

async function toApiError(response: Response): Promise<ApiError> {
  const text = await response.text().catch(() => '');
  return apiErrorOf(response.status, response.statusText, text);
}

async function send(path: string, options: RequestOptions, accept: string): Promise<Response> {
  const method = options.method ?? 'GET';
  const headers: Record<string, string> = { Accept: accept, ...options.headers };
  let body: string | Blob | ArrayBuffer | undefined;
  if (options.rawBody) {
    headers['Content-Type'] = options.rawBody.contentType;
    body = options.rawBody.data;
  } else if (options.body !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(options.body);
  }
  if (WRITE_METHODS.has(method) && csrfToken) headers['X-CSRF-Token'] = csrfToken;

  let response: Response;
  try {
    response = await fetch(buildUrl(path, options.query), {
      method,
      headers,
      body,
      credentials: 'same-origin',
      signal: options.signal,
    });
  } catch (cause) {
    if (cause instanceof DOMException && cause.name === 'AbortError') throw cause;
    throw new ApiError(0, 'NETWORK_ERROR', cause instanceof Error ? cause.message : String(cause));
  }
  if (!response.ok) {
    const error = await toApiError(response);
    if (error.status === 401 && !options.skipAuthRedirect && error.code !== 'INVALID_CREDENTIALS') {
      for (const listener of unauthorizedListeners) listener();
    }
    throw error;
  }
  return response;
}

/** A JSON request; resolves to the parsed body. */
export async function request<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const response = await send(path, options, 'application/json');
  if (response.status === 204) return undefined as T;
  return (await response.json()) as T;
}

export interface DownloadedFile {
  blob: Blob;
  filename: string | null;
}

function filenameFrom(disposition: string | null): string | null {
  if (!disposition) return null;
  const star = /filename\*\s*=\s*(?:UTF-8'')?([^;]+)/i.exec(disposition);
  if (star?.[1]) {
    try {
      return decodeURIComponent(star[1].trim().replace(/^"|"$/g, ''));
    } catch {
      /* fall through to the plain filename */
    }
  }
  const plain = /filename\s*=\s*"?([^";]+)"?/i.exec(disposition);
  return plain?.[1]?.trim() ?? null;
}

/** A request whose answer is a file (CSV export); resolves to the bytes and the server's file name. */
export async function requestFile(path: string, options: RequestOptions = {}): Promise<DownloadedFile> {
  const response = await send(path, options, 'text/csv, application/octet-stream, */*');
  return { blob: await response.blob(), filename: filenameFrom(response.headers.get('Content-Disposition')) };
}
