import type { Clock } from '../../../clock.ts';
import { InvalidError } from '../../../errors.ts';
import type { IngestSink, IngestSource, ItemResult } from '../envelope.ts';
import { mapAlertmanagerPayload, type MappingResult } from './alertmanager.mapping.ts';
import { mapGrafanaPayload } from './grafana.mapping.ts';

export interface WebhookOutcome {
  received: number;
  accepted: number;
  duplicates: number;
  rejected: number;
  /** one per alert, in the order of the payload's alerts */
  results: ItemResult[];
}

export interface WebhooksService {
  alertmanager(body: unknown): Promise<WebhookOutcome>;
  grafana(body: unknown): Promise<WebhookOutcome>;
}

/**
 * Alertmanager and Grafana notifications → envelopes → the ingest pipeline. A payload that cannot be read at all
 * (wrong version, no alerts) is refused with the reason (400); otherwise each alert gets its own result, and one bad
 * alert does not cost the others. When the pipeline refuses the whole batch (saturated, database down) its error
 * propagates, so the sender gets a 5xx/429 and retries.
 */
export function createWebhooksService(deps: { sink: IngestSink; clock: Clock }): WebhooksService {
  const { sink, clock } = deps;

  async function deliver(mapped: MappingResult, source: IngestSource): Promise<WebhookOutcome> {
    if (!mapped.ok) throw new InvalidError(mapped.reason, mapped.details, mapped.code);
    const envelopes = mapped.items.flatMap((item) => (item.ok ? [item.envelope] : []));
    const sinkResults = envelopes.length > 0 ? await sink.ingest(envelopes, source) : [];
    const results: ItemResult[] = [];
    let next = 0;
    mapped.items.forEach((item, index) => {
      if (!item.ok) {
        results.push({ index, id: item.id, status: 'rejected', error: item.error });
        return;
      }
      const r = sinkResults[next++];
      results.push(r ? { ...r, index } : { index, id: item.envelope.id, status: 'rejected', error: { code: 'NOT_PROCESSED', message: 'the ingest pipeline returned no result for this alert' } });
    });
    let accepted = 0;
    let duplicates = 0;
    for (const r of results) {
      if (r.status === 'accepted') accepted++;
      else if (r.status === 'duplicate') duplicates++;
    }
    return { received: results.length, accepted, duplicates, rejected: results.length - accepted - duplicates, results };
  }

  return {
    alertmanager: (body) => deliver(mapAlertmanagerPayload(body, { receivedAt: clock.now() }), 'alertmanager'),
    grafana: (body) => deliver(mapGrafanaPayload(body, { receivedAt: clock.now() }), 'grafana'),
  };
}
