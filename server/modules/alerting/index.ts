/**
 * The alerting module's public surface (SPEC C3): alert rules evaluated on committed telemetry, alerts with their
 * lifecycle, topology correlation, silences and maintenance windows. Paging and incidents follow its alert.changed
 * and alert.notify domain events; the ingest webhooks hand it external alerts, and other modules raise and resolve the
 * conditions they watch themselves (reconciliation: source `recon`) through the same `createExternalAlerts`.
 */
export { ALERT_LEVELS, ALERT_SOURCES, ALERT_STATES, type AlertLevel, type AlertSource, type AlertState, type AlertingTables } from './alerting.tables.ts';
export {
  createExternalAlerts,
  type ExternalAlert,
  type ExternalAlertOutcome,
  type ExternalAlertResult,
  type ExternalAlerts,
  type ExternalSource,
  type OpenExternalAlert,
  type WebhookSource,
} from './external/external-alerts.ts';
export { alertBriefs, type AlertBrief } from './alerts/alert-briefs.ts';
/** What plans match alerts by, and the rule keys their triggers may name. */
export { alertFacts, alertRuleKeys, type AlertFacts } from './alerts/alert-facts.ts';
/** Paging acknowledges alerts for people who answer a page (a signed link, an SMS reply) as they would in the console. */
export { createAlertsService, type AlertsService } from './alerts/alerts.service.ts';
