import { ChannelSendError } from './channel.ts';

/**
 * The HTTP part every HTTP channel shares: one request through Node's fetch (undici) that stops when the outbox's
 * signal aborts, an answer read up to 64 KiB (a vendor that streams megabytes cannot fill memory), JSON read with a
 * clear word for garbage, and the HTTP status → retry mapping.
 *
 * Error messages name the vendor and the host, never the URL: robot URLs carry their token (access_token, key).
 */

export const ANSWER_LIMIT_BYTES = 64 * 1024;

export interface HttpRequest {
  method: 'GET' | 'POST';
  url: string;
  headers?: Record<string, string>;
  body?: string;
}

export interface HttpAnswer {
  status: number;
  contentType: string;
  /** the body as UTF-8, at most ANSWER_LIMIT_BYTES of it */
  text: string;
  /** the body was longer than ANSWER_LIMIT_BYTES and was cut */
  truncated: boolean;
  /** where a 3xx pointed, host only */
  redirectHost: string | null;
}

/**
 * Sends one request and reads its answer. Network failures and the signal aborting throw a retryable ChannelSendError;
 * any HTTP status is returned (see statusFailure). Redirects are not followed: a signed body or an Authorization
 * header must not travel to a host the settings did not name.
 */
export async function httpRequest(vendor: string, request: HttpRequest, signal: AbortSignal): Promise<HttpAnswer> {
  const host = hostOf(request.url);
  let response: Response;
  try {
    response = await fetch(request.url, {
      method: request.method,
      headers: { 'user-agent': 'opsdesk', ...request.headers },
      ...(request.body !== undefined && { body: request.body }),
      redirect: 'manual',
      signal,
    });
  } catch (error) {
    throw networkFailure(vendor, host, error, signal);
  }
  try {
    const { text, truncated } = await readCapped(response);
    const location = response.headers.get('location');
    return {
      status: response.status,
      contentType: response.headers.get('content-type') ?? '',
      text,
      truncated,
      redirectHost: location ? resolvedHost(location, request.url) : null,
    };
  } catch (error) {
    throw networkFailure(vendor, host, error, signal);
  }
}

async function readCapped(response: Response): Promise<{ text: string; truncated: boolean }> {
  if (!response.body) return { text: '', truncated: false };
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  let truncated = false;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    size += value.byteLength;
    if (size > ANSWER_LIMIT_BYTES) {
      truncated = true;
      await reader.cancel().catch(() => undefined);
      break;
    }
  }
  const bytes = Buffer.concat(chunks).subarray(0, ANSWER_LIMIT_BYTES);
  // a cut in the middle of a character decodes to U+FFFD: harmless in an excerpt, and a cut answer is never parsed
  return { text: new TextDecoder('utf-8').decode(bytes), truncated };
}

function networkFailure(vendor: string, host: string, error: unknown, signal: AbortSignal): ChannelSendError {
  if (error instanceof ChannelSendError) return error;
  if (signal.aborted) return abortFailure(vendor, host, signal);
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  const reason = cause?.code ?? cause?.message ?? (error as Error).message;
  if (isCertificateError(cause?.code)) return new ChannelSendError(`${vendor}: the TLS certificate of ${host} cannot be trusted (${reason})`, false);
  return new ChannelSendError(`${vendor}: could not reach ${host} (${reason})`, true);
}

/**
 * Node's codes for a certificate that cannot be verified (expired, self-signed, wrong name): a setting or the other
 * side's certificate must change, so retrying cannot help.
 */
export const isCertificateError = (code: string | undefined): boolean =>
  !!code && /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|UNABLE_TO_GET_ISSUER/.test(code);

/** The signal aborted: the outbox's timeout ("timed out") or the node stopping. Retryable either way. */
export function abortFailure(vendor: string, host: string, signal: AbortSignal): ChannelSendError {
  const reason = signal.reason as { name?: string; message?: string } | undefined;
  if (reason?.name === 'TimeoutError') return new ChannelSendError(`${vendor}: timed out waiting for ${host}`, true);
  return new ChannelSendError(`${vendor}: aborted waiting for ${host}${reason?.message ? ` (${reason.message})` : ''}`, true);
}

/**
 * The failure an HTTP status means, or null for 2xx: 429 rate limited, 408 and 5xx retryable, a redirect and other
 * 4xx not (the URL or the credentials are wrong: retrying cannot help).
 */
export function statusFailure(vendor: string, answer: HttpAnswer): ChannelSendError | null {
  const { status } = answer;
  if (status >= 200 && status < 300) return null;
  const said = `${vendor}: HTTP ${status}${answer.text ? `: ${excerpt(answer.text)}` : ''}`;
  if (status === 429) return new ChannelSendError(said, true, true);
  if (status === 408 || status >= 500) return new ChannelSendError(said, true);
  if (status >= 300 && status < 400) {
    return new ChannelSendError(`${vendor}: HTTP ${status} redirect${answer.redirectHost ? ` to ${answer.redirectHost}` : ''}, not followed: set the final URL`, false);
  }
  return new ChannelSendError(said, false);
}

/**
 * The answer as JSON. An answer that is not JSON — empty, an HTML error page from a proxy, cut at the limit, broken —
 * is a retryable failure that says what came instead: it usually means something in between is unwell, not that the
 * vendor refused.
 */
export function parseJsonAnswer(vendor: string, answer: HttpAnswer): unknown {
  const what = `HTTP ${answer.status}${answer.contentType ? ` ${answer.contentType.split(';')[0]}` : ''}`;
  if (answer.truncated) throw new ChannelSendError(`${vendor}: answer (${what}) is larger than ${ANSWER_LIMIT_BYTES / 1024} KiB, not a vendor answer`, true);
  if (answer.text.trim() === '') throw new ChannelSendError(`${vendor}: empty answer (${what}), expected JSON`, true);
  try {
    return JSON.parse(answer.text) as unknown;
  } catch {
    throw new ChannelSendError(`${vendor}: answer is not JSON (${what}): ${excerpt(answer.text)}`, true);
  }
}

/**
 * The JSON a chat or SMS vendor answered, for the vendor to judge by its own code field. Vendors say what went wrong in
 * a JSON body, usually with HTTP 200, sometimes with a 4xx; so a 2xx or 4xx answer in JSON is returned. Anything else
 * fails here: 3xx, 429 and 5xx by their status, a 2xx that is not JSON as garbage (retryable), a 4xx that is not JSON
 * by its status (not retryable: the URL is wrong).
 */
export function vendorJson(vendor: string, answer: HttpAnswer): unknown {
  const { status } = answer;
  if (status >= 200 && status < 300) return parseJsonAnswer(vendor, answer);
  if (status >= 400 && status < 500 && status !== 408 && status !== 429 && !answer.truncated) {
    try {
      const parsed = JSON.parse(answer.text) as unknown;
      if (parsed !== null && typeof parsed === 'object') return parsed;
    } catch {
      // not JSON: judged by the status below
    }
  }
  throw statusFailure(vendor, answer) ?? new ChannelSendError(`${vendor}: HTTP ${status}`, true);
}

/** A field of a JSON object answer, or undefined (the answer may be any JSON at all). */
export const field = (value: unknown, name: string): unknown =>
  value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>)[name] : undefined;

/** The start of an answer, on one line, for an error message. */
export function excerpt(text: string, max = 200): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length <= max ? line : `${line.slice(0, max)}…`;
}

/** A URL setting as a URL; one `validate` would have refused fails the send for good (a setting must change). */
export function settingUrl(vendor: string, value: string): URL {
  try {
    const url = new URL(value);
    if (url.protocol === 'http:' || url.protocol === 'https:') return url;
  } catch {
    // reported below
  }
  throw new ChannelSendError(`${vendor}: the URL setting is not an http(s) URL`, false);
}

function resolvedHost(location: string, base: string): string | null {
  try {
    return new URL(location, base).host;
  } catch {
    return null;
  }
}

export function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return 'an invalid URL';
  }
}
