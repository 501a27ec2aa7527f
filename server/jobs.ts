import type { Db } from './db/database.ts';
import type { Services } from './services.ts';
import type { JobRegistry } from './worker/registry.ts';
import { deleteFinishedJobs } from './worker/jobs.repository.ts';
import type { ScheduledTask } from './worker/worker.ts';

const DAY = 86_400_000;

/**
 * The scheduled work of every module. A job is a name with a handler; a schedule enqueues it on a cron. The worker
 * runs them on whichever node holds the scheduler lease.
 */
export function registerJobs(registry: JobRegistry, services: Services, db: Db): ScheduledTask[] {
  registry.register('audit.checkpoint', async (_payload, ctx) => {
    const seq = await services.audit.checkpoint();
    if (seq !== null) ctx.log.debug({ seq }, 'audit checkpoint signed');
  });
  registry.register('auth.purge', async (_payload, ctx) => {
    const purged = await services.auth.purgeExpired();
    ctx.log.debug(purged, 'expired sessions and stale login throttles removed');
  });
  registry.register('ingest.sweep-silent', async (_payload, ctx) => {
    const marked = await services.ingest.sweepSilentDevices();
    if (marked > 0) ctx.log.info({ marked }, 'devices marked offline after falling silent');
  });
  registry.register('ingest.retention', async (_payload, ctx) => {
    ctx.log.info(await services.ingest.applyRetention(), 'old telemetry removed');
  });
  registry.register(
    'worker.purge',
    async (_payload, ctx) => {
      const now = ctx.now;
      const removed = await deleteFinishedJobs(db.kysely, { doneBefore: now - 7 * DAY, failedBefore: now - 30 * DAY });
      ctx.log.info({ removed }, 'finished jobs removed');
    },
    // A week of jobs can be many rows: out of the way of the urgent and default lanes.
    { lane: 'bulk' },
  );
  return [
    // SPEC C9.1: a signed checkpoint at least every minute (and every 1,000 records, written inline).
    { name: 'audit.checkpoint', cron: '* * * * *', job: 'audit.checkpoint' },
    { name: 'auth.purge', cron: '*/10 * * * *', job: 'auth.purge' },
    // Seconds field: a silent device is noticed within 15 s of its threshold.
    { name: 'ingest.sweep-silent', cron: '*/15 * * * * *', job: 'ingest.sweep-silent' },
    { name: 'ingest.retention', cron: '17 3 * * *', job: 'ingest.retention' },
    // The silence sweep alone leaves 5,760 finished jobs a day: a week of done jobs is plenty to look back on.
    { name: 'worker.purge', cron: '41 3 * * *', job: 'worker.purge' },
  ];
}
