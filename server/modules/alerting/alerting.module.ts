/** The alerting module as the application registers it (server/modules.ts): rules, alerts, silences, maintenance. */
import { defineModule } from '../../module.ts';
import { alertingJobs } from './alerting.jobs.ts';
import { alertsRoutes } from './alerts/alerts.routes.ts';
import { backtestRoutes } from './backtest/backtest.routes.ts';
import { createBacktestService } from './backtest/backtest.service.ts';
import { createAlertsService } from './alerts/alerts.service.ts';
import { maintenanceWindowsRoutes } from './maintenance/maintenance.routes.ts';
import { createMaintenanceWindowsService } from './maintenance/maintenance.service.ts';
import { alertRulesRoutes } from './rules/rules.routes.ts';
import { createAlertRulesService } from './rules/rules.service.ts';
import { silencesRoutes } from './silences/silences.routes.ts';
import { createSilencesService } from './silences/silences.service.ts';
import { createAlertEvaluator } from './engine/evaluator.ts';

export const alertingModule = defineModule({
  name: 'alerting',
  tags: [
    { name: 'alerts', description: 'Alerts: list, timeline, acknowledge, resolve, raise the level' },
    { name: 'alert-rules', description: 'Alert rules: threshold, ratio, absence, event, change, baseline and composite; backtests; rule documents' },
    { name: 'silences', description: 'Silences: keep matching alerts quiet for a while' },
    { name: 'maintenance-windows', description: 'Maintenance windows: one-off or recurring periods when a site or device is expected to be down' },
  ],
  createServices: (ctx) => {
    // The evaluator is a durable consumer: registered now, it starts reading when the node starts its events.
    const alertEvaluator = createAlertEvaluator({ db: ctx.db, clock: ctx.clock, events: ctx.events });
    ctx.events.register(alertEvaluator.consumer);
    return {
      alertRules: createAlertRulesService(ctx),
      alerts: createAlertsService(ctx),
      silences: createSilencesService(ctx),
      maintenanceWindows: createMaintenanceWindowsService(ctx),
      backtest: createBacktestService(ctx),
      alertEvaluator,
    };
  },
  routes: (app, services) => {
    alertsRoutes(app, services);
    alertRulesRoutes(app, services);
    silencesRoutes(app, services);
    maintenanceWindowsRoutes(app, services);
    backtestRoutes(app, services);
  },
  jobs: (registry, services) => alertingJobs(registry, services),
});
