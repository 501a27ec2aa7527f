import type { Db } from './db/database.ts';
import { eventsJobs } from './events/events.jobs.ts';
import { MODULES } from './modules.ts';
import type { Services } from './services.ts';
import type { JobRegistry } from './worker/registry.ts';
import type { ScheduledTask } from './worker/worker.ts';
import { workerJobs } from './worker/worker.jobs.ts';

/**
 * The scheduled work of the platform and of every module (each module's `<m>.jobs.ts`). A job is a name with a
 * handler in a lane; a schedule enqueues it on a cron. The worker runs them on whichever node holds the scheduler
 * lease.
 */
export function registerJobs(registry: JobRegistry, services: Services, db: Db): ScheduledTask[] {
  return [...MODULES.flatMap((module) => module.jobs?.(registry, services) ?? []), ...eventsJobs(registry, services.events), ...workerJobs(registry, db)];
}
