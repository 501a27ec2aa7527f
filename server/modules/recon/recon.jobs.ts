import type { JobRegistry } from '../../worker/registry.ts';
import type { ScheduledTask } from '../../worker/worker.ts';
import { FORWARD_ALERTS_JOB } from './alerts.service.ts';
import { RUN_JOB, SCHEDULE_JOB } from './jobs.service.ts';
import type { ReconServices } from './recon.service.ts';

/** Reads a `recon.run` payload (JSON from the database: checked, not trusted). */
function jobIdOf(payload: unknown): string {
  const jobId = (payload as { jobId?: unknown } | null)?.jobId;
  if (typeof jobId !== 'string' || jobId === '') throw new Error('recon.run: the payload names no jobId');
  return jobId;
}

/**
 * The worker's reconciliation work: `recon.run` (bulk lane) runs one stored job with its progress reported; every
 * minute `recon.make-scheduled-runs` makes each channel's daily run once its time has come (once per channel and day,
 * whichever node: see JobsService.makeScheduledRuns); every minute, at second 40, `recon.forward-alerts` raises the
 * alert conditions as alerts of source `recon` and resolves those that cleared (idempotent: upserted by fingerprint).
 */
export function reconJobs(registry: JobRegistry, services: { recon: ReconServices }): ScheduledTask[] {
  registry.register(RUN_JOB.name, async (payload, ctx) => services.recon.jobs.run(jobIdOf(payload), ctx), { lane: RUN_JOB.lane });
  registry.register(SCHEDULE_JOB.name, async () => void (await services.recon.jobs.makeScheduledRuns()), { lane: SCHEDULE_JOB.lane });
  registry.register(FORWARD_ALERTS_JOB.name, async () => void (await services.recon.alerts.forward()), { lane: FORWARD_ALERTS_JOB.lane });
  return [
    { name: SCHEDULE_JOB.name, cron: '20 * * * * *', job: SCHEDULE_JOB.name },
    { name: FORWARD_ALERTS_JOB.name, cron: '40 * * * * *', job: FORWARD_ALERTS_JOB.name },
  ];
}
