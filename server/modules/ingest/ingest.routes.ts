import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Config } from '../../config.ts';
import { errorResponses } from '../../http/schemas.ts';
import type { App } from '../../http/types.ts';
import { itemsOf } from './batch-scanner.ts';
import { registerIngestBodyHandling } from './body.ts';
import { IngestBody, IngestQuery, IngestResponse } from './ingest.schemas.ts';
import type { IngestService } from './ingest.service.ts';
import type { ItemResult } from './envelope.ts';

/** The HTTP answer to a batch: counts, and the per-item results (all, or only the ones not accepted). */
export function batchResponse(results: ItemResult[], only: 'all' | 'errors') {
  let accepted = 0;
  let duplicates = 0;
  for (const r of results) {
    if (r.status === 'accepted') accepted++;
    else if (r.status === 'duplicate') duplicates++;
  }
  return {
    received: results.length,
    accepted,
    duplicates,
    rejected: results.length - accepted - duplicates,
    results: only === 'errors' ? results.filter((r) => r.status !== 'accepted') : results,
  };
}

export function ingestRoutes(app: App, deps: { ingest: IngestService; config: Config['ingest'] }) {
  const { ingest, config } = deps;

  app.register(async (plugin) => {
    const scope = plugin.withTypeProvider<TypeBoxTypeProvider>();
    registerIngestBodyHandling(scope, { maxItems: config.maxItemsPerRequest });
    // Refuse before reading the body when the node is already writing as many batches as it may.
    scope.addHook('onRequest', async () => ingest.assertNotSaturated());
    scope.post('/api/v1/ingest', {
      bodyLimit: config.bodyLimitBytes,
      config: {
        access: 'ingest:write',
        auditExempt: 'telemetry: the stored events are their own record',
        // Throughput is governed by back-pressure (503 + Retry-After when saturated), not by the per-IP limiter.
        rateLimit: false,
      },
      schema: {
        tags: ['ingest'],
        summary: 'Ingest a batch of envelopes (JSON array, NDJSON, gzip); answers per item, after the commit',
        description:
          'The body is one envelope (IngestEnvelope), a JSON array of them, or NDJSON: one envelope per line, sent as application/x-ndjson ' +
          '(or application/ndjson, application/jsonl, application/x-jsonlines). Content-Encoding: gzip is accepted. Each item is checked on ' +
          'its own: the answer says, in order, whether each was accepted, a duplicate (its id was seen before) or rejected and why, and comes ' +
          'only after the accepted items are committed. A node that is saturated answers 503 with Retry-After before reading the body.',
        querystring: IngestQuery,
        body: IngestBody,
        response: { 200: IngestResponse, ...errorResponses },
      },
      handler: async (request) => {
        // The body parser has split the batch into items and counted them against the limit as they came.
        return batchResponse(await ingest.ingest(itemsOf(request.body), 'http'), request.query.results ?? 'all');
      },
    });
  });
}
