/** The ingest module as the application registers it (server/modules.ts): its services, routes and jobs. */
import { recordIngest } from '../../http/metrics.ts';
import { defineModule } from '../../module.ts';
import { createExternalAlerts } from '../alerting/index.ts';
import { ingestJobs } from './ingest.jobs.ts';
import { ingestRoutes } from './ingest.routes.ts';
import { createIngestService } from './ingest.service.ts';
import { webhooksRoutes } from './webhooks/webhooks.routes.ts';
import { createWebhooksService } from './webhooks/webhooks.service.ts';

export const ingestModule = defineModule({
  name: 'ingest',
  tags: [{ name: 'ingest', description: 'Telemetry in: heartbeats, metrics, events, transactions, logins (SPEC §5.3)' }],
  createServices: ({ db, clock, config, metrics, events }) => {
    const ingest = createIngestService({
      db,
      clock,
      config: config.ingest,
      events,
      ...(metrics && { counters: { onBatch: (source, counts) => recordIngest(metrics, source, counts) } }),
    });
    // Alertmanager and Grafana alerts become opsdesk alerts; those about a registered device also go into its history.
    return { ingest, webhooks: createWebhooksService({ alerts: createExternalAlerts({ db, clock, events }), sink: ingest, clock }) };
  },
  routes: (app, { ingest, webhooks }, { config }) => {
    ingestRoutes(app, { ingest, config: config.ingest });
    webhooksRoutes(app, { webhooks });
  },
  jobs: (registry, services) => ingestJobs(registry, services),
});
