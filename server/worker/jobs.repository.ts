import type { ExpressionBuilder, Kysely, Selectable, Transaction } from 'kysely';
import type { Db } from '../db/database.ts';
import { keyset, pageQuery, type PageRequest } from '../db/keyset.ts';
import type { Executor } from '../db/types.ts';
import type { Database } from '../db/schema.ts';
import type { Lane } from './registry.ts';
import type { JobStatus, JobsTable } from './worker.tables.ts';

/**
 * Every query the worker makes against `jobs`, `schedules` and `leases`. Functions that a caller may want inside its
 * own transaction (enqueueing together with the change that caused it) take an `Executor`; functions that are a
 * complete unit on their own take the `Db`, because they need its dialect or must be serialised (see below).
 */
export type JobRow = Selectable<JobsTable>;

/**
 * SQLite allows one writer per file. A Db's writes wait for another connection's lock on the event loop
 * (db/sqlite-busy.ts), so two Dbs in one process (two workers in a test) do get through, but by polling the lock: the
 * worker's own writes queue here, in JavaScript, instead, and take the lock one after the other. On PostgreSQL row
 * locks do this job and nothing is serialised.
 * Never nest calls: a unit waiting for the queue it is already in would wait forever.
 */
let sqliteQueue: Promise<unknown> = Promise.resolve();
function serialised<T>(db: Db, unit: () => Promise<T>): Promise<T> {
  if (db.dialect !== 'sqlite') return unit();
  const result = sqliteQueue.then(unit, unit);
  sqliteQueue = result.catch(() => undefined);
  return result;
}

/** A transaction over the worker's tables, serialised on SQLite like every other worker write. */
export function workerTransaction<T>(db: Db, fn: (trx: Transaction<Database>) => Promise<T>): Promise<T> {
  return serialised(db, () => db.kysely.transaction().execute(fn));
}

// ---------------------------------------------------------------------------------------------------------------
// Leases

/**
 * Takes or renews the lease `name` for `holder` until `expiresAt`; true when `holder` holds it afterwards.
 * Reading first means a node that sees someone else's live lease writes nothing: followers poll every second, and
 * there is no reason for them to take row locks (PostgreSQL) or the write lock (SQLite) to learn they are followers.
 * The write itself is conditional, so two nodes racing for a free or expired lease cannot both win: on PostgreSQL the
 * second UPDATE waits for the first's row lock and then re-evaluates its WHERE against the new holder.
 */
export function acquireLease(db: Db, args: { name: string; holder: string; now: number; expiresAt: number }): Promise<boolean> {
  const { name, holder, now, expiresAt } = args;
  return serialised(db, async () => {
    const current = await db.kysely.selectFrom('leases').select(['holder', 'expires_at']).where('name', '=', name).executeTakeFirst();
    if (current && current.holder !== holder && current.expires_at > now) return false;

    if (current) {
      const updated = await db.kysely
        .updateTable('leases')
        .set((eb) => ({
          holder,
          expires_at: expiresAt,
          // acquired_at tells an operator since when this node has led; renewals keep it.
          acquired_at: eb.case().when('holder', '=', holder).then(eb.ref('acquired_at')).else(now).end(),
        }))
        .where('name', '=', name)
        .where((eb) => eb.or([eb('holder', '=', holder), eb('expires_at', '<=', now)]))
        .executeTakeFirst();
      return updated.numUpdatedRows > 0n;
    }

    // No row yet: whoever inserts first holds it; the loser's insert does nothing, and the re-check tells them.
    await db.kysely
      .insertInto('leases')
      .values({ name, holder, acquired_at: now, expires_at: expiresAt })
      .onConflict((oc) => oc.column('name').doNothing())
      .execute();
    const after = await db.kysely.selectFrom('leases').select(['holder', 'expires_at']).where('name', '=', name).executeTakeFirst();
    return after !== undefined && after.holder === holder && after.expires_at > now;
  });
}

/** Gives the lease up (only if `holder` still holds it), so another node can take over on its next poll. */
export function releaseLease(db: Db, args: { name: string; holder: string }): Promise<void> {
  return serialised(db, async () => {
    await db.kysely.deleteFrom('leases').where('name', '=', args.name).where('holder', '=', args.holder).execute();
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Schedules

/** Creates the schedule's row the first time it is seen; an existing row (another node's, or ours) is kept as is. */
export async function ensureSchedule(exec: Executor, args: { name: string; nextRunAt: number }): Promise<void> {
  await exec
    .insertInto('schedules')
    .values({ name: args.name, next_run_at: args.nextRunAt, last_run_at: null })
    .onConflict((oc) => oc.column('name').doNothing())
    .execute();
}

export function findSchedule(exec: Executor, name: string) {
  return exec.selectFrom('schedules').selectAll().where('name', '=', name).executeTakeFirst();
}

/**
 * Moves a schedule on from the run it just enqueued. Conditional on the run we saw, so that if two nodes ever both
 * think they lead, only one advances it (the other's enqueue was already a no-op through the dedupe key).
 */
export async function advanceSchedule(
  exec: Executor,
  args: { name: string; fromRunAt: number; nextRunAt: number; now: number },
): Promise<boolean> {
  const result = await exec
    .updateTable('schedules')
    .set({ next_run_at: args.nextRunAt, last_run_at: args.now })
    .where('name', '=', args.name)
    .where('next_run_at', '=', args.fromRunAt)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

// ---------------------------------------------------------------------------------------------------------------
// Jobs

export interface NewJob {
  id: string;
  name: string;
  lane: Lane;
  payload: string;
  runAt: number;
  maxAttempts: number;
  dedupeKey: string | null;
  now: number;
}

/** Statuses a job never leaves. */
export const FINISHED_STATUSES = ['done', 'failed', 'cancelled'] as const satisfies readonly JobStatus[];

/**
 * Inserts a queued job; with a dedupe key, a job with that key that is still queued or running wins and its id is
 * returned instead (`created: false`).
 *
 * The column is unique over all rows, but a key only means "not twice at the same time": a finished job gives its
 * key up when a new job asks for it, so a key like `sync-estate` can be used again once the last sync is over.
 * Finished jobs keep their key until then, so the admin page can still show what a done job was for.
 */
export async function insertJob(exec: Executor, job: NewJob): Promise<{ id: string; created: boolean }> {
  if (job.dedupeKey !== null) {
    const existing = await exec
      .selectFrom('jobs')
      .select(['id', 'status'])
      .where('dedupe_key', '=', job.dedupeKey)
      .executeTakeFirst();
    if (existing && (existing.status === 'queued' || existing.status === 'running')) return { id: existing.id, created: false };
    if (existing) {
      await exec
        .updateTable('jobs')
        .set({ dedupe_key: null })
        .where('id', '=', existing.id)
        .where('status', 'in', FINISHED_STATUSES)
        .execute();
    }
  }

  const inserted = await exec
    .insertInto('jobs')
    .values({
      id: job.id,
      name: job.name,
      lane: job.lane,
      payload: job.payload,
      status: 'queued',
      run_at: job.runAt,
      attempts: 0,
      max_attempts: job.maxAttempts,
      locked_by: null,
      locked_until: null,
      last_error: null,
      dedupe_key: job.dedupeKey,
      created_at: job.now,
      updated_at: job.now,
      finished_at: null,
      progress: null,
      message: null,
      cancel_requested_at: null,
    })
    // Two enqueues with one key racing: the second waits for the first (unique index) and then does nothing.
    .onConflict((oc) => oc.column('dedupe_key').doNothing())
    .returning('id')
    .executeTakeFirst();
  if (inserted) return { id: inserted.id, created: true };

  const winner = await exec.selectFrom('jobs').select('id').where('dedupe_key', '=', job.dedupeKey).executeTakeFirstOrThrow();
  return { id: winner.id, created: false };
}

export const ABANDONED_ERROR = 'the node running this job stopped before it finished (its lock expired)';

/**
 * Running jobs whose lock expired belong to a node that died. Those with no attempts left fail here rather than be
 * claimed again: a job that kills its node (out of memory, say) must not take every node down in turn, forever.
 * Those someone asked to cancel end cancelled: the node that would have noticed is gone.
 */
export function settleAbandonedJobs(db: Db, now: number): Promise<{ failed: number; cancelled: number }> {
  return serialised(db, async () => {
    const expired = (eb: ExpressionBuilder<Database, 'jobs'>) => eb.and([eb('status', '=', 'running'), eb('locked_until', '<', now)]);
    const ended = { locked_by: null, locked_until: null, finished_at: now, updated_at: now };
    const cancelled = await db.kysely
      .updateTable('jobs')
      .set({ ...ended, status: 'cancelled' })
      .where(expired)
      .where('cancel_requested_at', 'is not', null)
      .executeTakeFirst();
    const failed = await db.kysely
      .updateTable('jobs')
      .set({ ...ended, status: 'failed', last_error: ABANDONED_ERROR })
      .where(expired)
      .whereRef('attempts', '>=', 'max_attempts')
      .executeTakeFirst();
    return { failed: Number(failed.numUpdatedRows), cancelled: Number(cancelled.numUpdatedRows) };
  });
}

/**
 * Claims up to `limit` jobs of `lane` (any lane when left out) for `nodeId`: due queued jobs and running jobs whose
 * node died, oldest first. One WITH due AS (SELECT …) UPDATE … WHERE id IN (SELECT id FROM due) statement, so a job is claimed by one node only: on
 * PostgreSQL the subquery locks what it picks and skips rows another node is claiming (`for update skip locked`); on
 * SQLite the statement holds the file's write lock. Each claim counts as an attempt and starts its progress afresh.
 */
export function claimJobs(db: Db, args: { nodeId: string; now: number; lockedUntil: number; limit: number; lane?: Lane }): Promise<JobRow[]> {
  const { nodeId, now, lockedUntil, limit, lane } = args;
  return serialised(db, async () => {
    const claimable = (eb: ExpressionBuilder<Database, 'jobs'>) =>
      eb.and([
        ...(lane === undefined ? [] : [eb('lane', '=', lane)]),
        eb.or([
          eb.and([eb('status', '=', 'queued'), eb('run_at', '<=', now)]),
          // A job someone asked to cancel is not run again: settleAbandonedJobs ends it.
          eb.and([eb('status', '=', 'running'), eb('locked_until', '<', now), eb('cancel_requested_at', 'is', null)]),
        ]),
      ]);
    let due = db.kysely
      .selectFrom('jobs')
      .select('id')
      .where(claimable)
      .orderBy('run_at')
      .orderBy('id')
      .limit(limit);
    if (db.dialect === 'postgres') due = due.forUpdate().skipLocked();

    // Through a materialised CTE: PostgreSQL may run a plain `IN (subquery)` again for each row it updates, and with
    // SKIP LOCKED each run skips the rows the update has just taken and picks the next ones, claiming past the limit.
    const rows = await db.kysely
      .with((cte) => cte('due').materialized(), () => due)
      .updateTable('jobs')
      .set((eb) => ({
        status: 'running',
        locked_by: nodeId,
        locked_until: lockedUntil,
        attempts: eb('attempts', '+', 1),
        updated_at: now,
        progress: null,
        message: null,
        // Say why a job is being run again when nobody saw its last attempt fail.
        last_error: eb.case().when('status', '=', 'running').then(ABANDONED_ERROR).else(eb.ref('last_error')).end(),
      }))
      .where('id', 'in', (eb) => eb.selectFrom('due').select('due.id'))
      // Again on the row itself: should PostgreSQL ever find a picked row changed under it, it re-checks this
      // condition against the new version instead of claiming a job another node has just claimed.
      .where(claimable)
      .returningAll()
      .execute();
    // RETURNING gives no order; run them oldest first as promised.
    return rows.sort((a, b) => a.run_at - b.run_at || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  });
}

/** Which claim of a job a worker is acting on: the node plus the attempt number it claimed. */
export interface ClaimRef {
  id: string;
  nodeId: string;
  attempt: number;
}

/** Every write about a claimed job is conditional on the claim still being ours, so a node that lost a job to
 * another (its lock expired while it was busy) cannot overwrite the other node's result. */
function ownedBy(exec: Kysely<Database>, claim: ClaimRef) {
  return exec
    .updateTable('jobs')
    .where('id', '=', claim.id)
    .where('status', '=', 'running')
    .where('locked_by', '=', claim.nodeId)
    .where('attempts', '=', claim.attempt);
}

/** Moves a running job's lock on; false when the claim is no longer ours (another node took the job over). */
export function renewJobClaim(db: Db, claim: ClaimRef, args: { now: number; lockedUntil: number }): Promise<boolean> {
  return serialised(db, async () => {
    const result = await ownedBy(db.kysely, claim).set({ locked_until: args.lockedUntil, updated_at: args.now }).executeTakeFirst();
    return result.numUpdatedRows > 0n;
  });
}

/** Stores what a running handler reported (ctx.progress); false when the claim is no longer ours. */
export function writeJobProgress(db: Db, claim: ClaimRef, args: { now: number; progress: number; message: string | null }): Promise<boolean> {
  return serialised(db, async () => {
    const result = await ownedBy(db.kysely, claim).set({ progress: args.progress, message: args.message, updated_at: args.now }).executeTakeFirst();
    return result.numUpdatedRows > 0n;
  });
}

export interface ClaimState {
  owned: boolean;
  cancelRequested: boolean;
}

/**
 * For each of this node's running jobs: is the claim still ours, and has someone asked to cancel it? One read per
 * tick for all of them, so that a cancel made through any node reaches the handler within a poll.
 */
export async function readClaims(db: Db, claims: ClaimRef[]): Promise<Map<string, ClaimState>> {
  const states = new Map<string, ClaimState>();
  if (claims.length === 0) return states;
  const rows = await db.kysely
    .selectFrom('jobs')
    .select(['id', 'status', 'locked_by', 'attempts', 'cancel_requested_at'])
    .where('id', 'in', claims.map((c) => c.id))
    .execute();
  const byId = new Map(rows.map((r) => [r.id, r]));
  for (const claim of claims) {
    const row = byId.get(claim.id);
    const owned = row !== undefined && row.status === 'running' && row.locked_by === claim.nodeId && row.attempts === claim.attempt;
    states.set(claim.id, { owned, cancelRequested: owned && row.cancel_requested_at !== null });
  }
  return states;
}

/** Hands a claimed job back to the queue, without counting the attempt (the worker stopped it, the job did not fail). */
export function unclaimJob(db: Db, claim: ClaimRef, now: number): Promise<boolean> {
  return serialised(db, async () => {
    const result = await ownedBy(db.kysely, claim)
      .set((eb) => ({ status: 'queued', locked_by: null, locked_until: null, attempts: eb('attempts', '-', 1), updated_at: now }))
      .where('cancel_requested_at', 'is', null)
      .executeTakeFirst();
    return result.numUpdatedRows > 0n;
  });
}

/** How a run ended, as far as its handler is concerned. */
export type RunEnd =
  | { kind: 'done' }
  | { kind: 'retry'; runAt: number; error: string }
  | { kind: 'failed'; error: string }
  | { kind: 'cancelled' };

/**
 * Records how a run ended and returns the job's status after it (null when the claim was no longer ours). A cancel
 * requested while the handler ran wins over whatever the handler did: the job ends `cancelled`, in the same
 * statement, so a cancel arriving as the job finishes is never lost between a read and a write.
 */
export function finishJob(db: Db, claim: ClaimRef, now: number, end: RunEnd): Promise<JobStatus | null> {
  return serialised(db, async () => {
    const row = await ownedBy(db.kysely, claim)
      .set((eb) => {
        const cancelRequested = eb('cancel_requested_at', 'is not', null);
        const unlessCancelled = (status: JobStatus) => eb.case().when(cancelRequested).then('cancelled' as JobStatus).else(status).end();
        const common = { locked_by: null, locked_until: null, updated_at: now };
        switch (end.kind) {
          case 'done':
            return { ...common, status: unlessCancelled('done'), last_error: null, finished_at: now };
          case 'failed':
            return { ...common, status: unlessCancelled('failed'), last_error: end.error, finished_at: now };
          case 'cancelled':
            return { ...common, status: 'cancelled', finished_at: now };
          case 'retry':
            return {
              ...common,
              status: unlessCancelled('queued'),
              run_at: end.runAt,
              last_error: end.error,
              finished_at: eb.case().when(cancelRequested).then(now).else(null).end(),
            };
        }
      })
      .returning('status')
      .executeTakeFirst();
    return row?.status ?? null;
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Reading and cancelling (the jobs API)

export function findJob(exec: Executor, id: string): Promise<JobRow | undefined> {
  return exec.selectFrom('jobs').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The jobs list's order: newest first, the id breaking ties between jobs enqueued in the same millisecond. */
export const JOBS_ORDER = keyset<JobRow>(
  { column: 'created_at', direction: 'desc', type: 'integer', of: (r) => r.created_at },
  { column: 'id', direction: 'desc', type: 'text', of: (r) => r.id },
);

/** A page of jobs in JOBS_ORDER, optionally of one status and one lane. */
export function listJobs(exec: Executor, filter: { status?: JobStatus; lane?: Lane }, page: PageRequest): Promise<JobRow[]> {
  let query = exec.selectFrom('jobs').selectAll();
  if (filter.status) query = query.where('status', '=', filter.status);
  if (filter.lane) query = query.where('lane', '=', filter.lane);
  return pageQuery(query, JOBS_ORDER, page).execute();
}

/** A queued job is cancelled at once; true when it was still queued. */
export async function cancelQueuedJob(exec: Executor, id: string, now: number): Promise<boolean> {
  const result = await exec
    .updateTable('jobs')
    .set({ status: 'cancelled', finished_at: now, updated_at: now, cancel_requested_at: now })
    .where('id', '=', id)
    .where('status', '=', 'queued')
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** A running job gets a cancel request, which its node sees on its next tick; true when it was still running. */
export async function requestJobCancel(exec: Executor, id: string, now: number): Promise<boolean> {
  const result = await exec
    .updateTable('jobs')
    // A second request keeps the time of the first.
    .set((eb) => ({ cancel_requested_at: eb.fn.coalesce('cancel_requested_at', eb.val(now)), updated_at: now }))
    .where('id', '=', id)
    .where('status', '=', 'running')
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** How many jobs are in each status (the /metrics queue-depth gauge). */
export async function countJobsByStatus(exec: Executor): Promise<Record<string, number>> {
  const rows = await exec.selectFrom('jobs').select(['status', (eb) => eb.fn.countAll<number>().as('n')]).groupBy('status').execute();
  return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
}

/**
 * Removes finished jobs: done and cancelled ones older than `doneBefore`, failed ones (kept longer, for diagnosis)
 * older than `failedBefore`.
 */
export async function deleteFinishedJobs(exec: Executor, args: { doneBefore: number; failedBefore: number }): Promise<number> {
  const result = await exec
    .deleteFrom('jobs')
    .where((eb) =>
      eb.or([
        eb.and([eb('status', 'in', ['done', 'cancelled']), eb('finished_at', '<', args.doneBefore)]),
        eb.and([eb('status', '=', 'failed'), eb('finished_at', '<', args.failedBefore)]),
      ]),
    )
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
