import type { JobRegistry } from '../../worker/registry.ts';
import type { ScheduledTask } from '../../worker/worker.ts';
import type { IngestService } from './ingest.service.ts';

export function ingestJobs(registry: JobRegistry, services: { ingest: IngestService }): ScheduledTask[] {
  // Urgent: an offline device is what pages people; a long report must not hold it back.
  registry.register(
    'ingest.sweep-silent',
    async (_payload, ctx) => {
      const marked = await services.ingest.sweepSilentDevices();
      if (marked > 0) ctx.log.info({ marked }, 'devices marked offline after falling silent');
    },
    { lane: 'urgent' },
  );
  registry.register(
    'ingest.retention',
    async (_payload, ctx) => {
      ctx.log.info(await services.ingest.applyRetention(), 'old telemetry removed');
    },
    { lane: 'bulk' },
  );
  return [
    // Seconds field: a silent device is noticed within 5 s of its threshold (absence alerts are timed from it).
    { name: 'ingest.sweep-silent', cron: '*/5 * * * * *', job: 'ingest.sweep-silent' },
    { name: 'ingest.retention', cron: '17 3 * * *', job: 'ingest.retention' },
  ];
}
