import type { JobRegistry } from '../worker/registry.ts';
import type { ScheduledTask } from '../worker/worker.ts';

/** The domain events' housekeeping: delivered events past their retention go (README.md, "Retention"). */
export function eventsJobs(registry: JobRegistry, events: { applyRetention(): Promise<number> }): ScheduledTask[] {
  registry.register(
    'events.retention',
    async (_payload, ctx) => {
      ctx.log.info({ deleted: await events.applyRetention() }, 'delivered domain events past their retention removed');
    },
    // Days of ingest.batch events can be many rows: out of the way of the urgent and default lanes.
    { lane: 'bulk' },
  );
  return [{ name: 'events.retention', cron: '29 3 * * *', job: 'events.retention' }];
}
