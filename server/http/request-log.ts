import { LogController, type FastifyReply, type FastifyRequest } from 'fastify';

/** A request slower than this is logged at warn whatever its outcome. */
export const SLOW_REQUEST_MS = 1000;

/**
 * One log line per request, at a level that says whether anyone needs to read it: failures (5xx) at error, slow
 * requests at warn, client errors (4xx) at info, everything else at debug. Fastify's default is two lines per request
 * at info, which with the demo's simulator made ~16 lines a second of routine traffic and scrolled the first start's
 * password away.
 */
export class RequestLogController extends LogController {
  constructor(private readonly slowMs = SLOW_REQUEST_MS) {
    super();
  }

  /** The completed line says everything; nothing when the request arrives. */
  override incomingRequest(): void {}

  override requestCompleted(error: Error | null | undefined, request: FastifyRequest, reply: FastifyReply): void {
    const ms = Math.round(reply.elapsedTime);
    const status = reply.statusCode;
    const line = { method: request.method, url: request.url, status, ms, ...(error && { err: error }) };
    const summary = `${request.method} ${request.url} → ${status} in ${ms} ms`;
    if (status >= 500 || error) reply.log.error(line, summary);
    else if (ms >= this.slowMs) reply.log.warn(line, `slow request: ${summary}`);
    else if (status >= 400) reply.log.info(line, summary);
    else reply.log.debug(line, summary);
  }

  /** The completed line (404 at info) covers it. */
  override routeNotFound(): void {}
}
