import type { JobRegistry } from '../../worker/registry.ts';
import type { ScheduledTask } from '../../worker/worker.ts';
import type { IncidentsService } from './incidents.service.ts';

/**
 * The incidents' clocks that nobody presses: the SLA sweep (a warning at the policy's share of each target, the
 * breach once it is due, each marked once and told on the incident's timeline and live stream) and the major
 * incidents' reminders to update the client, every minute; the auto-close of resolved incidents the client never
 * confirmed, hourly.
 */
export function incidentsJobs(registry: JobRegistry, services: { incidents: IncidentsService }): ScheduledTask[] {
  registry.register('incidents.sla-sweep', async () => void (await services.incidents.sweepSla()), { lane: 'urgent' });
  registry.register('incidents.major-reminders', async () => void (await services.incidents.remindMajor()), { lane: 'urgent' });
  registry.register('incidents.auto-close', async () => void (await services.incidents.autoClose()), { lane: 'default' });
  return [
    { name: 'incidents.sla-sweep', cron: '15 * * * * *', job: 'incidents.sla-sweep' },
    { name: 'incidents.major-reminders', cron: '45 * * * * *', job: 'incidents.major-reminders' },
    { name: 'incidents.auto-close', cron: '7 * * * *', job: 'incidents.auto-close' },
  ];
}
