import { performance } from 'node:perf_hooks';
import type { Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import { createGunzip } from 'node:zlib';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { InvalidError, PayloadTooLargeError } from '../../errors.ts';
import { jsonScanner, ndjsonScanner, WHOLE_BYTES, type BatchScanner } from './batch-scanner.ts';

export const NDJSON_TYPES = ['application/x-ndjson', 'application/ndjson', 'application/jsonl', 'application/x-jsonlines'];

/** How long the parser may run before it lets the event loop serve other requests. */
const SLICE_MS = 4;

const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Reads a batch body as it streams in, a slice at a time: refuses it (413) as soon as it passes the byte limit or
 * the item limit, and lets the event loop run between slices, so that neither a huge body nor a gzip bomb can hold
 * the server. Stopping early destroys the stream: a gzip bomb is never inflated further.
 */
export async function readBatch(payload: AsyncIterable<Buffer>, scanner: BatchScanner, maxBytes: number): Promise<unknown[]> {
  const decoder = new StringDecoder('utf8');
  let bytes = 0;
  let deadline = performance.now() + SLICE_MS;
  /** the first chunks, while they may still turn out to be a small body for scanner.whole */
  let held: Buffer[] | null = scanner.whole ? [] : null;
  for await (const chunk of payload) {
    bytes += chunk.length;
    if (bytes > maxBytes) throw new PayloadTooLargeError(`The body is larger than ${maxBytes} bytes (after gunzip)`);
    if (held && bytes <= WHOLE_BYTES) {
      held.push(chunk);
      continue;
    }
    if (held) {
      scanner.feed(decoder.write(Buffer.concat(held)));
      held = null;
    }
    scanner.feed(decoder.write(chunk));
    while (!scanner.drain(deadline)) {
      await yieldToEventLoop();
      deadline = performance.now() + SLICE_MS;
    }
    if (performance.now() > deadline) {
      await yieldToEventLoop();
      deadline = performance.now() + SLICE_MS;
    }
  }
  if (held) return scanner.whole!(Buffer.concat(held).toString('utf8'));
  scanner.feed(decoder.end());
  return scanner.end();
}

/**
 * Body handling for the ingest routes, registered inside their own plugin so it stays theirs: gzip is inflated as it
 * streams in, and the body is split into items and parsed as it arrives (readBatch), with the route's body limit
 * counted after gunzip and the item limit counted as it goes. Authentication has run before any of this (preParsing
 * in http/auth.ts, registered on the root, runs before this plugin's hook).
 */
export function registerIngestBodyHandling(app: FastifyInstance, limits: { maxItems: number }): void {
  app.addHook('preParsing', async (request, _reply, payload) => {
    const encoding = request.headers['content-encoding']?.toLowerCase();
    if (!encoding || encoding === 'identity') return payload;
    if (encoding !== 'gzip' && encoding !== 'x-gzip') throw new InvalidError(`Content-Encoding ${encoding} is not supported: send gzip or nothing`, undefined, 'UNSUPPORTED_ENCODING');
    // The declared length is of the compressed bytes; the body limit applies to what comes out of gunzip.
    delete request.headers['content-length'];
    const gunzip = createGunzip();
    payload.on('error', (error) => gunzip.destroy(error));
    // A corrupt stream errors with a zlib code, which the error handler answers with 400 INVALID_GZIP — when a parser
    // reads it. When none does (a Content-Type no parser takes is answered 415 without reading), nobody else listens,
    // and an unheard 'error' would take the whole process down.
    gunzip.on('error', () => {});
    return payload.pipe(gunzip);
  });

  const parser = (scanner: () => BatchScanner) => async (request: FastifyRequest, payload: Readable) => {
    const maxBytes = request.routeOptions.bodyLimit ?? Number.POSITIVE_INFINITY;
    const declared = Number(request.headers['content-length']);
    if (declared > maxBytes) throw new PayloadTooLargeError(`The body is larger than ${maxBytes} bytes`);
    return readBatch(payload, scanner(), maxBytes);
  };
  app.addContentTypeParser(NDJSON_TYPES, parser(() => ndjsonScanner(limits.maxItems)));
  // Our own JSON parser replaces Fastify's guarded one: it never sets a prototype (a "__proto__" key stays an
  // ordinary property), and envelopes are read field by field, never merged into other objects.
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', parser(() => jsonScanner(limits.maxItems)));
}
