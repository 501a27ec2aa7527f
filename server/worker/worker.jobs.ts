import type { Db } from '../db/database.ts';
import { deleteFinishedJobs } from './jobs.repository.ts';
import type { JobRegistry } from './registry.ts';
import type { ScheduledTask } from './worker.ts';

const DAY = 86_400_000;

/** The worker's own housekeeping. */
export function workerJobs(registry: JobRegistry, db: Db): ScheduledTask[] {
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
  // The silence sweep alone leaves 5,760 finished jobs a day: a week of done jobs is plenty to look back on.
  return [{ name: 'worker.purge', cron: '41 3 * * *', job: 'worker.purge' }];
}
