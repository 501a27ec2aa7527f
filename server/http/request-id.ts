import type { IncomingMessage } from 'node:http';
import { newId } from '../ids.ts';

export const REQUEST_ID_HEADER = 'x-request-id';

/**
 * What a caller may choose as its request id: short, and made of characters that are safe in a log line, a header and
 * the audit log (a proxy's or a script's trace id fits). Anything else would be stored in the audit chain as sent.
 */
const CALLER_REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;

/**
 * The id of a request: the caller's X-Request-Id when it is a safe one, so a request can be followed from a proxy to
 * the audit log, otherwise a new ULID (the hostile or oversized id is not echoed, logged or stored).
 */
export function requestIdFor(request: IncomingMessage): string {
  const asked = request.headers[REQUEST_ID_HEADER];
  return typeof asked === 'string' && CALLER_REQUEST_ID.test(asked) ? asked : newId();
}
