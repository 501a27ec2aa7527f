import type { JobRegistry } from '../../worker/registry.ts';
import type { ScheduledTask } from '../../worker/worker.ts';
import type { DrillsService } from './drills.service.ts';

/**
 * Drill schedules fall due on the worker's calendar: every minute the job makes a run for each schedule whose
 * occurrence has come (once per occurrence, whichever node or retry; see RunsService.makeDueRuns).
 */
export function drillsJobs(registry: JobRegistry, services: { drills: DrillsService }): ScheduledTask[] {
  registry.register('drills.make-due-runs', async () => void (await services.drills.runs.makeDueRuns()), { lane: 'default' });
  return [{ name: 'drills.make-due-runs', cron: '40 * * * * *', job: 'drills.make-due-runs' }];
}
