import { errorResponses } from '../../../http/schemas.ts';
import type { App } from '../../../http/types.ts';
import { AlertmanagerWebhookBody, GrafanaWebhookBody, WebhookResponse } from './webhooks.schemas.ts';
import type { WebhooksService } from './webhooks.service.ts';

const tags = ['ingest'];
/** Alert notifications are telemetry: the stored events are their own record. */
const auditExempt = 'telemetry: the stored events are their own record';

/**
 * Alertmanager and Grafana post here with an integration token: an API token holding ingest:write, sent as
 * `Authorization: Bearer odk_…` (Alertmanager: `http_config.authorization.credentials`). 200 with per-alert results
 * even when some alerts were rejected; 400 only when the payload itself is unusable.
 */
export function webhooksRoutes(app: App, deps: { webhooks: WebhooksService; bodyLimitBytes?: number }) {
  const { webhooks } = deps;
  const bodyLimit = deps.bodyLimitBytes === undefined ? {} : { bodyLimit: deps.bodyLimitBytes };

  app.post('/api/v1/integrations/alertmanager', {
    ...bodyLimit,
    config: { access: 'ingest:write', auditExempt },
    schema: {
      tags,
      summary: 'Prometheus Alertmanager webhook (payload version 4): one event per alert',
      body: AlertmanagerWebhookBody,
      response: { 200: WebhookResponse, ...errorResponses },
    },
    handler: async (request) => webhooks.alertmanager(request.body),
  });

  app.post('/api/v1/integrations/grafana', {
    ...bodyLimit,
    config: { access: 'ingest:write', auditExempt },
    schema: {
      tags,
      summary: 'Grafana alert webhook (unified alerting, or legacy alerting): one event per alert',
      body: GrafanaWebhookBody,
      response: { 200: WebhookResponse, ...errorResponses },
    },
    handler: async (request) => webhooks.grafana(request.body),
  });
}
