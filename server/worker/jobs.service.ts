import type { Clock } from '../clock.ts';
import { toIso, toIsoOrNull } from '../clock.ts';
import type { Db } from '../db/database.ts';
import { ConflictError, NotFoundError } from '../errors.ts';
import { cursorPage, type ListRequest } from '../http/cursor.ts';
import type { AuditLog } from '../modules/audit/index.ts';
import { requirePermission, type RequestContext } from '../modules/auth/index.ts';
import { cancelQueuedJob, findJob, JOBS_ORDER, listJobs, requestJobCancel, type JobRow } from './jobs.repository.ts';
import type { JobView } from './jobs.schemas.ts';
import type { Lane } from './registry.ts';
import type { JobStatus } from './worker.tables.ts';

export function toJobView(r: JobRow): JobView {
  return {
    id: r.id,
    name: r.name,
    lane: r.lane,
    status: r.status,
    progress: r.progress,
    message: r.message,
    attempts: r.attempts,
    maxAttempts: r.max_attempts,
    runAt: toIso(r.run_at),
    createdAt: toIso(r.created_at),
    updatedAt: toIso(r.updated_at),
    finishedAt: toIsoOrNull(r.finished_at),
    lockedBy: r.locked_by,
    lockedUntil: toIsoOrNull(r.locked_until),
    lastError: r.last_error,
    cancelRequestedAt: toIsoOrNull(r.cancel_requested_at),
    cancellable: r.status === 'queued' || (r.status === 'running' && r.cancel_requested_at === null),
  };
}

/** What an operator sees of a job in the audit log: enough to tell which job it was and where it stood. */
const auditView = (r: JobRow) => ({ name: r.name, lane: r.lane, status: r.status, attempts: r.attempts, cancelRequestedAt: toIsoOrNull(r.cancel_requested_at) });

/** The background jobs, for the jobs API and page: list, look at one, cancel. */
export function createJobsService(deps: { db: Db; clock: Clock; audit: AuditLog }) {
  const { db, clock, audit } = deps;
  const k = db.kysely;

  return {
    /** Newest first, optionally of one status and one lane. */
    list(ctx: RequestContext, filter: { status?: JobStatus; lane?: Lane }, request: ListRequest) {
      requirePermission(ctx.actor, 'jobs:read');
      return cursorPage(JOBS_ORDER, request, (page) => listJobs(k, filter, page), (rows) => rows.map(toJobView));
    },

    async get(ctx: RequestContext, id: string): Promise<JobView> {
      requirePermission(ctx.actor, 'jobs:read');
      const row = await findJob(k, id);
      if (!row) throw new NotFoundError('Job', id);
      return toJobView(row);
    },

    /**
     * A queued job is cancelled at once; a running one is asked to stop (its node aborts the handler's signal on its
     * next poll, and the job ends cancelled). A finished job cannot be cancelled: 409 JOB_FINISHED.
     */
    async cancel(ctx: RequestContext, id: string): Promise<JobView> {
      requirePermission(ctx.actor, 'jobs:manage');
      return k.transaction().execute(async (trx) => {
        const now = clock.now();
        const before = await findJob(trx, id);
        if (!before) throw new NotFoundError('Job', id);
        // Two tries: the worker may move the job between the read and the write (claim it, or put it back to retry).
        let cancelled = false;
        for (let tries = 0; tries < 2 && !cancelled; tries++) {
          cancelled = (await cancelQueuedJob(trx, id, now)) || (await requestJobCancel(trx, id, now));
        }
        const after = await findJob(trx, id);
        if (!cancelled || !after) {
          throw new ConflictError(`Job ${id} has already ended (${after?.status ?? before.status})`, 'JOB_FINISHED', { status: after?.status ?? before.status });
        }
        await audit.append(trx, ctx, { action: 'job.cancel', targetType: 'job', targetId: id, before: auditView(before), after: auditView(after) });
        return toJobView(after);
      });
    },
  };
}

export type JobsService = ReturnType<typeof createJobsService>;
