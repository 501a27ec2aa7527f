import type { Caller, TestApp } from './app.ts';
import { alertsRouteSamples } from '../modules/alerting/alerts/alerts.route-samples.ts';
import { maintenanceRouteSamples } from '../modules/alerting/maintenance/maintenance.route-samples.ts';
import { alertRulesRouteSamples } from '../modules/alerting/rules/rules.route-samples.ts';
import { silencesRouteSamples } from '../modules/alerting/silences/silences.route-samples.ts';
import { backfillRouteSamples } from '../modules/backfill/backfill.route-samples.ts';
import { drillsRouteSamples } from '../modules/drills/drills.route-samples.ts';
import { estateRouteSamples } from '../modules/estate/estate.route-samples.ts';
import { attachmentsRouteSamples } from '../modules/incidents/attachments/attachments.route-samples.ts';
import { closingRouteSamples } from '../modules/incidents/closing/closing.route-samples.ts';
import { incidentsRouteSamples } from '../modules/incidents/incidents.route-samples.ts';
import { problemsRouteSamples } from '../modules/incidents/problems/problems.route-samples.ts';
import { incidentSettingsRouteSamples } from '../modules/incidents/settings/settings.route-samples.ts';
import { slaRouteSamples } from '../modules/incidents/sla/sla.route-samples.ts';
import { surveysRouteSamples } from '../modules/incidents/surveys/surveys.route-samples.ts';
import { kbRouteSamples } from '../modules/kb/kb.route-samples.ts';
import { notifyRouteSamples } from '../modules/notify/notify.route-samples.ts';
import { oncallRouteSamples } from '../modules/oncall/oncall.route-samples.ts';
import { planMessagesRouteSamples } from '../modules/plans/communications/messages.route-samples.ts';
import { plansRouteSamples } from '../modules/plans/plans.route-samples.ts';
import { proposalsRouteSamples } from '../modules/recon/proposals.route-samples.ts';
import { reconRouteSamples } from '../modules/recon/recon.route-samples.ts';
import { columnMappingsRouteSamples } from '../modules/recon/mappings.route-samples.ts';
import { jobsRouteSamples } from '../worker/jobs.route-samples.ts';
import { foundationRouteSamples } from './foundation.route-samples.ts';
import type { RouteSamples, SampleFactory } from './sample.ts';

/**
 * One successful call for every state-changing route, gathered from every module. routes.test.ts fails for a route
 * that has none, so a new write cannot skip the audit log unnoticed. Add a module's factory to this list.
 */
const factories: SampleFactory[] = [
  foundationRouteSamples,
  estateRouteSamples,
  jobsRouteSamples,
  alertsRouteSamples,
  alertRulesRouteSamples,
  silencesRouteSamples,
  maintenanceRouteSamples,
  notifyRouteSamples,
  oncallRouteSamples,
  incidentsRouteSamples,
  incidentSettingsRouteSamples,
  slaRouteSamples,
  closingRouteSamples,
  problemsRouteSamples,
  surveysRouteSamples,
  attachmentsRouteSamples,
  kbRouteSamples,
  plansRouteSamples,
  planMessagesRouteSamples,
  backfillRouteSamples,
  drillsRouteSamples,
  reconRouteSamples,
  proposalsRouteSamples,
  columnMappingsRouteSamples,
];

export function routeSamples(t: TestApp, admin: () => Promise<Caller>): RouteSamples {
  const all: RouteSamples = {};
  for (const factory of factories) {
    for (const [key, sample] of Object.entries(factory(t, admin))) {
      if (key in all) throw new Error(`two samples for ${key}`);
      all[key] = sample;
    }
  }
  return all;
}
