import http from 'node:http';
import https from 'node:https';
import { ChannelSendError } from './channel.ts';

/**
 * The HTTP part every HTTP channel shares: one request through node:http / node:https over a keep-alive agent per
 * origin, ended when the outbox's signal aborts (the deliverer's one timer per send covers connecting, the request and
 * the whole answer), an answer read up to 64 KiB (a vendor that streams megabytes cannot fill memory), JSON read with a
 * clear word for garbage, and the HTTP status → retry mapping. Not fetch: on the deliverer's two cores fetch's
 * machinery (web streams, per-request signals) cost more than the sends themselves (bench/README.md, paging).
 *
 * Error messages name the vendor and the host, never the URL: robot URLs carry their token (access_token, key).
 */

export const ANSWER_LIMIT_BYTES = 64 * 1024;
/** sockets open to one origin at once, in use or idle: the deliverer sends at most 16 at a time */
export const MAX_SOCKETS_PER_ORIGIN = 16;
/** an idle kept-alive socket is closed after this long, sooner when the server's Keep-Alive header says it closes first */
export const IDLE_SOCKET_MS = 30_000;
/** origins kept at once; the least recently used one's agent is closed beyond it */
const MAX_ORIGINS = 64;

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

/** One origin's agent and how many requests are using it, so that closing it never cuts a request short. */
interface OriginPool {
  agent: http.Agent;
  active: number;
  closing: boolean;
}

const pools = new Map<string, OriginPool>();

function poolFor(url: URL): OriginPool {
  const key = url.origin;
  const kept = pools.get(key);
  if (kept) {
    // re-inserted: Map order is the LRU order
    pools.delete(key);
    pools.set(key, kept);
    return kept;
  }
  const options: http.AgentOptions = { keepAlive: true, maxSockets: MAX_SOCKETS_PER_ORIGIN, maxFreeSockets: MAX_SOCKETS_PER_ORIGIN, timeout: IDLE_SOCKET_MS, scheduling: 'lifo' };
  // https.Agent verifies the server's certificate and name (rejectUnauthorized defaults to true): never turned off here.
  const pool: OriginPool = { agent: url.protocol === 'https:' ? new https.Agent(options) : new http.Agent(options), active: 0, closing: false };
  pools.set(key, pool);
  for (const [oldKey, old] of pools) {
    if (pools.size <= MAX_ORIGINS) break;
    pools.delete(oldKey);
    retire(old);
  }
  return pool;
}

/** Closes a pool's idle sockets now, and the rest when its last request ends. */
function retire(pool: OriginPool): void {
  pool.closing = true;
  if (pool.active === 0) pool.agent.destroy();
  else for (const idle of Object.values(pool.agent.freeSockets)) for (const socket of idle ?? []) socket.destroy();
}

/** Closes every kept-alive connection (the node stopping; tests). Requests still running finish first. */
export function closeHttpAgents(): void {
  for (const pool of pools.values()) retire(pool);
  pools.clear();
}

/**
 * Sends one request and reads its answer. Network failures and the signal aborting throw a retryable ChannelSendError;
 * any HTTP status is returned (see statusFailure). Redirects are not followed: a signed body or an Authorization
 * header must not travel to a host the settings did not name.
 */
export async function httpRequest(vendor: string, request: HttpRequest, signal: AbortSignal): Promise<HttpAnswer> {
  let url: URL;
  try {
    url = new URL(request.url);
  } catch {
    url = new URL('invalid:');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new ChannelSendError(`${vendor}: the URL is not an http(s) URL`, false);
  const host = url.host;
  if (signal.aborted) throw abortFailure(vendor, host, signal);
  const body = request.body === undefined ? undefined : Buffer.from(request.body, 'utf8');
  const headers: http.OutgoingHttpHeaders = { 'user-agent': 'opsdesk', accept: '*/*', ...request.headers };
  if (body) headers['content-length'] = body.byteLength;
  try {
    return await exchange(url, request.method, headers, body, signal);
  } catch (error) {
    // A kept-alive socket the server closed just as the request went out: the request never reached it, so once more
    // on a fresh socket (Node's advice for `reusedSocket`).
    if (!(error instanceof StaleSocket)) throw networkFailure(vendor, host, error, signal);
  }
  try {
    return await exchange(url, request.method, headers, body, signal, false);
  } catch (error) {
    throw networkFailure(vendor, host, error instanceof StaleSocket ? error.cause : error, signal);
  }
}

/** The error of a request that failed on a reused keep-alive socket before any answer came. */
class StaleSocket extends Error {
  constructor(override readonly cause: unknown) {
    super('stale keep-alive socket');
  }
}

function exchange(url: URL, method: string, headers: http.OutgoingHttpHeaders, body: Buffer | undefined, signal: AbortSignal, mayBeStale = true): Promise<HttpAnswer> {
  const pool = poolFor(url);
  pool.active += 1;
  return new Promise<HttpAnswer>((resolve, reject) => {
    let done = false;
    const finish = (error: unknown, answer?: HttpAnswer) => {
      if (done) return;
      done = true;
      signal.removeEventListener('abort', onAbort);
      pool.active -= 1;
      if (pool.closing && pool.active === 0) pool.agent.destroy();
      if (answer) resolve(answer);
      else reject(error);
    };
    const client = url.protocol === 'https:' ? https : http;
    let answered = false;
    const req = client.request(url, { method, headers, agent: pool.agent }, (res) => {
      answered = true;
      const chunks: Buffer[] = [];
      let size = 0;
      const answer = (truncated: boolean): HttpAnswer => {
        const location = res.headers.location;
        // a cut in the middle of a character decodes to U+FFFD: harmless in an excerpt, and a cut answer is never parsed
        const text = Buffer.concat(chunks).subarray(0, ANSWER_LIMIT_BYTES).toString('utf8');
        return { status: res.statusCode ?? 0, contentType: res.headers['content-type'] ?? '', text, truncated, redirectHost: location ? resolvedHost(location, url.href) : null };
      };
      res.on('data', (chunk: Buffer) => {
        if (done) return;
        chunks.push(chunk);
        size += chunk.byteLength;
        if (size > ANSWER_LIMIT_BYTES) {
          finish(null, answer(true));
          // the rest is not read: the socket goes rather than back to the pool
          res.destroy();
        }
      });
      res.on('end', () => finish(null, answer(false)));
      res.on('error', (error) => finish(error));
      // the server closed the connection in the middle of the body
      res.on('close', () => {
        if (!res.complete) finish(Object.assign(new Error('the connection closed before the answer ended'), { code: 'ECONNRESET' }));
      });
    });
    req.on('error', (error: NodeJS.ErrnoException) => finish(mayBeStale && req.reusedSocket && !answered && error.code === 'ECONNRESET' ? new StaleSocket(error) : error));
    // networkFailure words it from the signal's reason: timed out, or aborted
    const onAbort = () => {
      finish(new Error('aborted'));
      req.destroy();
    };
    signal.addEventListener('abort', onAbort, { once: true });
    req.end(body);
  });
}

function networkFailure(vendor: string, host: string, error: unknown, signal: AbortSignal): ChannelSendError {
  if (error instanceof ChannelSendError) return error;
  if (signal.aborted) return abortFailure(vendor, host, signal);
  // node:http puts the system's code on the error itself (ECONNREFUSED, a certificate's code); a cause may hold it too
  const e = error as { code?: string; message?: string; cause?: { code?: string; message?: string } };
  const code = e.code ?? e.cause?.code;
  const reason = code ?? e.cause?.message ?? e.message ?? String(error);
  if (isCertificateError(code)) return new ChannelSendError(`${vendor}: the TLS certificate of ${host} cannot be trusted (${reason})`, false);
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
