import type { Executor } from '../../db/types.ts';
import type { EventOf } from '../../events/index.ts';
import type { ModuleContext } from '../../module.ts';
import type { ReconDifferencesTable, ReconJobsTable } from './recon.tables.ts';

export type ReconChangedEvent = EventOf<'recon.changed'>;
export type JobChange = Extract<ReconChangedEvent['change'], 'queued' | 'started' | 'finished' | 'failed'>;
export type DifferenceChange = Exclude<ReconChangedEvent['change'], JobChange>;

type JobFacts = Pick<ReconJobsTable, 'id' | 'channel' | 'day'>;

/** A job's `recon.changed`: its id, channel, day and status, nothing more. */
export const jobChanged = (job: JobFacts, change: JobChange, status: ReconJobsTable['status'], at: number): ReconChangedEvent => ({
  type: 'recon.changed',
  subject: 'job',
  change,
  jobId: job.id,
  differenceId: null,
  channel: job.channel,
  day: job.day,
  status,
  at,
});

/**
 * A difference's `recon.changed`. The live stream sends it to every holder of recon:read, so it names no person (not
 * the assignee, maker or checker), no account and no amount: a console that shows the difference reads it again.
 */
export const differenceChanged = (job: JobFacts, difference: Pick<ReconDifferencesTable, 'id'>, change: DifferenceChange, state: ReconDifferencesTable['state'], at: number): ReconChangedEvent => ({
  type: 'recon.changed',
  subject: 'difference',
  change,
  jobId: job.id,
  differenceId: difference.id,
  channel: job.channel,
  day: job.day,
  status: state,
  at,
});

/**
 * Appends reconciliation's events in the caller's transaction (last, as server/events/README.md asks), so the live
 * stream tells consoles exactly what committed: a job queued, started, finished or failed, a difference moved.
 */
export function reconChanges(ctx: Pick<ModuleContext, 'events'>) {
  return {
    job: (trx: Executor, job: JobFacts, change: JobChange, status: ReconJobsTable['status'], at: number) => ctx.events.append(trx, jobChanged(job, change, status, at)),
    difference: (trx: Executor, job: JobFacts, difference: Pick<ReconDifferencesTable, 'id'>, change: DifferenceChange, state: ReconDifferencesTable['state'], at: number) =>
      ctx.events.append(trx, differenceChanged(job, difference, change, state, at)),
  };
}
