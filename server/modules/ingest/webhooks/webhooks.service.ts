import type { Clock } from '../../../clock.ts';
import { InvalidError } from '../../../errors.ts';
import type { AlertLevel, ExternalAlertOutcome, ExternalAlertResult, ExternalAlerts, WebhookSource } from '../../alerting/index.ts';
import type { Envelope, IngestSink, ItemError } from '../envelope.ts';
import { mapAlertmanagerPayload, type MappingResult } from './alertmanager.mapping.ts';
import { mapGrafanaPayload } from './grafana.mapping.ts';

/** The outcome for one alert of the payload, in its order. */
export interface WebhookItemResult {
  index: number;
  /** the opsdesk alert it raised, refreshed or resolved */
  id: string | null;
  status: 'accepted' | 'duplicate' | 'rejected';
  /** what became of it (alerting/external: raised, refreshed, resolved, ignored, rejected) */
  outcome: ExternalAlertOutcome;
  /** why it was rejected or ignored */
  error?: ItemError;
}

export interface WebhookOutcome {
  received: number;
  accepted: number;
  duplicates: number;
  rejected: number;
  results: WebhookItemResult[];
}

export interface WebhooksService {
  alertmanager(body: unknown): Promise<WebhookOutcome>;
  grafana(body: unknown): Promise<WebhookOutcome>;
}

/** News is accepted; a repeat of what opsdesk knows already, or a resolution of nothing open, is a duplicate. */
const STATUS: Record<ExternalAlertOutcome, WebhookItemResult['status']> = {
  raised: 'accepted',
  resolved: 'accepted',
  refreshed: 'duplicate',
  ignored: 'duplicate',
  rejected: 'rejected',
};

/** The device event's severity, from the alert's level, as the envelope has it. */
const SEVERITY: Record<AlertLevel, 'critical' | 'warning' | 'info'> = { 1: 'critical', 2: 'warning', 3: 'info' };

/**
 * Alertmanager and Grafana notifications → opsdesk alerts (the alerting module's external alerts), in one transaction
 * per notification. A payload that cannot be read at all (wrong version, no alerts) is refused with the reason (400);
 * otherwise each alert gets its own result, and one bad alert does not cost the others.
 *
 * An alert about a registered device also goes into that device's event history through the ingest pipeline (after
 * the alerts' commit; its event id is derived from the alert, so a repeat is stored once). Alerts about anything else
 * — a site, a service, an address nobody registered — stay alerts only: a webhook never makes a discovered device.
 * When the pipeline refuses the whole batch (saturated, database down) its error propagates, so the sender retries;
 * the alerts are idempotent, so the retry changes nothing there.
 */
export function createWebhooksService(deps: { alerts: ExternalAlerts; sink: IngestSink; clock: Clock }): WebhooksService {
  const { alerts, sink, clock } = deps;

  async function deliver(mapped: MappingResult, source: WebhookSource): Promise<WebhookOutcome> {
    if (!mapped.ok) throw new InvalidError(mapped.reason, mapped.details, mapped.code);
    const usable = mapped.items.flatMap((item) => (item.ok ? [item] : []));
    const outcomes = usable.length > 0 ? await alerts.receive(source, usable.map((item) => item.alert)) : [];

    const history: Envelope[] = [];
    usable.forEach((item, i) => {
      const o = outcomes[i];
      if (o?.device && o.level !== null && o.outcome !== 'rejected') {
        history.push({ ...item.event, device: o.device.code, data: { ...item.event.data, severity: SEVERITY[o.level] } });
      }
    });
    if (history.length > 0) await sink.ingest(history, source);

    let next = 0;
    const results = mapped.items.map((item, index): WebhookItemResult => {
      if (!item.ok) return { index, id: null, status: 'rejected', outcome: 'rejected', error: item.error };
      return itemResult(index, outcomes[next++]);
    });
    const count = (status: WebhookItemResult['status']) => results.filter((r) => r.status === status).length;
    return { received: results.length, accepted: count('accepted'), duplicates: count('duplicate'), rejected: count('rejected'), results };
  }

  return {
    alertmanager: (body) => deliver(mapAlertmanagerPayload(body, { receivedAt: clock.now() }), 'alertmanager'),
    grafana: (body) => deliver(mapGrafanaPayload(body, { receivedAt: clock.now() }), 'grafana'),
  };
}

function itemResult(index: number, o: ExternalAlertResult | undefined): WebhookItemResult {
  if (!o) return { index, id: null, status: 'rejected', outcome: 'rejected', error: { code: 'NOT_PROCESSED', message: 'the alert was not processed' } };
  return { index, id: o.alertId, status: STATUS[o.outcome], outcome: o.outcome, ...(o.error && { error: o.error }) };
}
