import { errorResponses } from '../../../http/schemas.ts';
import type { App } from '../../../http/types.ts';
import { AlertmanagerWebhookBody, GrafanaWebhookBody, WebhookResponse } from './webhooks.schemas.ts';
import type { WebhooksService } from './webhooks.service.ts';

const tags = ['ingest'];
/** Alert notifications are machine telemetry: the alerts' own timelines are their record. */
const auditExempt = 'telemetry: the alerts and their timelines are their own record';

/** What both routes do with a notification, in the OpenAPI document. */
const WHAT_HAPPENS = `Each alert of the notification raises, refreshes or resolves an opsdesk alert (source alertmanager or grafana),
in one transaction, identified by the sender's fingerprint (by its sorted labels when it sends none):
- a firing alert that is not open raises a new alert (level from a \`level\` label 1–3, else from \`severity\`:
  critical/page/p1 → 1, warning/major/high/error/p2 → 2, otherwise 3), attached to the registered device its
  \`device\`, \`device_id\` or \`instance\` label (port dropped) names by code or IP address, else to the site its
  \`site\` label names by code — never to a made-up device;
- a repeat of an open alert (every group notification repeats the whole group) is a \`duplicate\` with outcome
  \`refreshed\`: its annotations are brought up to date, and an acknowledged alert stays acknowledged;
- \`resolved\` (or no status and an end in the past) resolves the open alert; a resolution of an alert that is not open
  is a \`duplicate\` with outcome \`ignored\`; a firing alert after its resolution raises a new one.
An alert about a registered device is also added to that device's event history. Configure the sender with
\`send_resolved: true\` so that alerts resolve here.`;

/**
 * Alertmanager and Grafana post here with an integration token: an API token holding ingest:write, sent as
 * `Authorization: Bearer odk_…` (Alertmanager: `http_config.authorization.credentials`). 200 with per-alert results
 * even when some alerts were rejected; 400 only when the payload itself is unusable.
 *
 * A notification is one JSON document, parsed whole once its caller is authenticated, so it keeps the API's body limit
 * (OPSDESK_BODY_LIMIT_BYTES, 1 MiB: about a thousand alerts, a few milliseconds of parsing) rather than the ingest
 * routes' 32 MiB, which they read a slice at a time. A bigger group is refused with 413: cap it at the sender
 * (Alertmanager's `max_alerts`).
 */
export function webhooksRoutes(app: App, deps: { webhooks: WebhooksService }) {
  const { webhooks } = deps;

  app.post('/api/v1/integrations/alertmanager', {
    config: { access: 'ingest:write', auditExempt },
    schema: {
      tags,
      summary: 'Prometheus Alertmanager webhook (payload version 4): its alerts become opsdesk alerts',
      description: WHAT_HAPPENS,
      body: AlertmanagerWebhookBody,
      response: { 200: WebhookResponse, ...errorResponses },
    },
    handler: async (request) => webhooks.alertmanager(request.body),
  });

  app.post('/api/v1/integrations/grafana', {
    config: { access: 'ingest:write', auditExempt },
    schema: {
      tags,
      summary: 'Grafana alert webhook (unified alerting, or legacy alerting): its alerts become opsdesk alerts',
      description: `${WHAT_HAPPENS}\nLegacy (dashboard) alerts are one alert per rule: \`ok\` resolves it.`,
      body: GrafanaWebhookBody,
      response: { 200: WebhookResponse, ...errorResponses },
    },
    handler: async (request) => webhooks.grafana(request.body),
  });
}
