import { PayloadTooLargeError } from '../errors.ts';
import type { App } from './types.ts';

/**
 * Reads and drops the body of a GET or HEAD request before it is answered. Fastify reads bodies only for methods
 * that carry one, and Node closes the connection right after the answer when the client asked it to: with the body
 * still arriving, the kernel then resets the connection instead of closing it, and the client loses the answer it was
 * being sent (every time, for a large one such as /openapi.json: unread-body.test.ts). Up to the body limit, like any
 * body; past it the request is refused with 413. Only once the caller is authenticated (or the route is public): an
 * unauthenticated request is refused before its body is read, like every other.
 */
export function registerUnreadBodyDrain(app: App, limitBytes: number): void {
  // preValidation: after authentication (preParsing, http/auth.ts), so that nobody unauthenticated gets a byte read.
  app.addHook('preValidation', async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return;
    const length = Number(request.headers['content-length'] ?? 0);
    if (request.headers['transfer-encoding'] === undefined && !(length > 0)) return;
    if (length > limitBytes) throw new PayloadTooLargeError(`A ${request.method} request takes no body, and this one is over ${limitBytes} bytes`);
    let read = 0;
    for await (const chunk of request.raw) {
      read += (chunk as Buffer).length;
      if (read > limitBytes) throw new PayloadTooLargeError(`A ${request.method} request takes no body, and this one is over ${limitBytes} bytes`);
    }
  });
}
