import { createGunzip } from 'node:zlib';
import type { FastifyInstance } from 'fastify';
import { InvalidError } from '../../errors.ts';
import { UnparsableItem } from './envelope.ts';

export const NDJSON_TYPES = ['application/x-ndjson', 'application/ndjson', 'application/jsonl', 'application/x-jsonlines'];

/** Splits NDJSON into items; a line that is not JSON becomes an UnparsableItem and is rejected on its own. */
export function parseNdjson(text: string): unknown[] {
  const items: unknown[] = [];
  const lines = text.split('\n');
  lines.forEach((raw, i) => {
    const line = raw.trim();
    if (line === '') return;
    try {
      items.push(JSON.parse(line));
    } catch {
      items.push(new UnparsableItem(`line ${i + 1} is not valid JSON`));
    }
  });
  return items;
}

/** The items of a batch body: a JSON array, one envelope object, or NDJSON lines. */
export function itemsOf(body: unknown): unknown[] {
  if (Array.isArray(body)) return body;
  if (body && typeof body === 'object') return [body];
  throw new InvalidError('The body must be a JSON array of envelopes, one envelope, or NDJSON', undefined, 'INVALID_BATCH');
}

/**
 * Body handling for the ingest routes, registered inside their own plugin so it stays theirs: gzip is inflated as it
 * streams in (the route's body limit then caps the inflated size, so a gzip bomb is cut off, not inflated), and
 * NDJSON is parsed line by line.
 */
export function registerIngestBodyHandling(app: FastifyInstance): void {
  app.addHook('preParsing', async (request, _reply, payload) => {
    const encoding = request.headers['content-encoding']?.toLowerCase();
    if (!encoding || encoding === 'identity') return payload;
    if (encoding !== 'gzip' && encoding !== 'x-gzip') throw new InvalidError(`Content-Encoding ${encoding} is not supported: send gzip or nothing`, undefined, 'UNSUPPORTED_ENCODING');
    // The declared length is of the compressed bytes; the body limit applies to what comes out of gunzip.
    delete request.headers['content-length'];
    const gunzip = createGunzip();
    payload.on('error', (error) => gunzip.destroy(error));
    // A corrupt stream errors with a zlib code, which the error handler answers with 400 INVALID_GZIP.
    return payload.pipe(gunzip);
  });
  app.addContentTypeParser(NDJSON_TYPES, { parseAs: 'string' }, (_request, body, done) => {
    done(null, parseNdjson(body as string));
  });
  // Plain JSON.parse instead of the guarded parser: it never sets a prototype (a "__proto__" key stays an ordinary
  // property), and envelopes are read field by field, never merged into other objects. The guard's scan of every
  // body was a twentieth of the pipeline's time.
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) => {
    try {
      done(null, JSON.parse(body as string));
    } catch {
      done(new InvalidError('The body is not valid JSON', undefined, 'INVALID_JSON'), undefined);
    }
  });
}
