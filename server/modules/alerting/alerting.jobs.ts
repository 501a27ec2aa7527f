import type { JobRegistry } from '../../worker/registry.ts';
import type { ScheduledTask } from '../../worker/worker.ts';
import type { AlertsService } from './alerts/alerts.service.ts';
import type { AlertEvaluator } from './engine/evaluator.ts';

/** How often time passes for the alert evaluator (a `for` elapsing, a group due, a silence ending). */
export const TICK_CRON = '*/5 * * * * *';

/**
 * The evaluator's clock: an `alerting.tick` event every five seconds, appended by whichever node runs the job and
 * delivered to whichever node holds the evaluator, in order with the telemetry (engine/evaluator.ts).
 */
export function alertingJobs(registry: JobRegistry, services: { alertEvaluator: AlertEvaluator; alerts: AlertsService }): ScheduledTask[] {
  registry.register('alerting.tick', () => services.alertEvaluator.appendTick(), { lane: 'urgent' });
  registry.register('alerting.retention', async () => void (await services.alerts.applyRetention()), { lane: 'bulk' });
  return [
    { name: 'alerting.tick', cron: TICK_CRON, job: 'alerting.tick' },
    // Daily, at night: resolved alerts past their retention.
    { name: 'alerting.retention', cron: '41 3 * * *', job: 'alerting.retention' },
  ];
}
