import type { Logger } from 'pino';
import type { Clock } from '../clock.ts';
import type { Db } from '../db/database.ts';
import {
  finishJob,
  renewJobClaim,
  unclaimJob,
  writeJobProgress,
  type ClaimRef,
  type ClaimState,
  type JobRow,
  type RunEnd,
} from './jobs.repository.ts';
import { JobAbortedError, type JobAbortReason, type JobContext, type JobHandler, type Lane } from './registry.ts';
import type { JobStatus } from './worker.tables.ts';

const MAX_ERROR_LENGTH = 4000;
const MAX_MESSAGE_LENGTH = 500;
/** Progress is stored at most this often (clock time) per job: a handler may report on every row it handles. */
export const PROGRESS_EVERY_MS = 1_000;

/** Delay before retrying after the `attempts`-th failed attempt: 10 s, 20 s, 40 s … capped at one hour. */
export function retryDelayMs(attempts: number): number {
  return Math.min(2 ** attempts * 5_000, 3_600_000);
}

export interface JobOutcome {
  id: string;
  name: string;
  lane: Lane;
  /** true when the job ended `done` */
  ok: boolean;
  /** The job's status after this run (`queued` when it will be retried); null when this node had lost the job. */
  status: JobStatus | null;
}

export interface RunDeps {
  db: Db;
  clock: Clock;
  nodeId: string;
  leaseMs: number;
  log: Logger;
}

/** A job this node has claimed and is running; the worker keeps it until `finished` settles. */
export interface RunningJob {
  readonly id: string;
  readonly name: string;
  readonly lane: Lane;
  readonly claim: ClaimRef;
  /** Settles (never rejects) once the run has ended and its outcome is recorded. */
  readonly finished: Promise<JobOutcome>;
  /**
   * Called on every tick with what the database says about the claim: aborts the handler's signal when the job was
   * cancelled or the claim lost, renews the claim every leaseMs/3 of clock time, and stores held-back progress.
   */
  maintain(state: ClaimState | undefined): Promise<void>;
  abort(reason: JobAbortReason): void;
}

/** Starts `handler` on a claimed job and returns at once; the run goes on in the background. */
export function runJob(deps: RunDeps, job: JobRow, handler: JobHandler | undefined): RunningJob {
  const { db, clock, nodeId, leaseMs } = deps;
  const claim: ClaimRef = { id: job.id, nodeId, attempt: job.attempts };
  const lane = job.lane;
  const log = deps.log.child({ jobId: job.id, job: job.name, attempt: job.attempts, lane });
  const renewEveryMs = Math.max(1, Math.floor(leaseMs / 3));

  const controller = new AbortController();
  let abortReason: JobAbortReason | null = null;
  /** The claim is no longer ours: write nothing more about this job. */
  let lost = false;
  /** The handler has returned and the outcome is being recorded: late news about the claim changes nothing. */
  let finishing = false;
  let renewedAt = clock.now();

  function abort(reason: JobAbortReason): void {
    if (controller.signal.aborted) return;
    abortReason = reason;
    if (reason === 'cancelled') log.info('job cancelled: its signal is aborted');
    controller.abort(new JobAbortedError(reason));
  }

  function loseClaim(): void {
    if (lost || finishing) return;
    lost = true;
    log.warn('this node lost its claim on the job (another node may run it now): its signal is aborted');
    abort('claim-lost');
  }

  async function renew(): Promise<boolean> {
    if (lost) return false;
    if (finishing) return true;
    const now = clock.now();
    const owned = await renewJobClaim(db, claim, { now, lockedUntil: now + leaseMs });
    if (owned) renewedAt = now;
    else loseClaim();
    return owned;
  }

  // Progress: the latest report waits here until PROGRESS_EVERY_MS has passed since the last write; writes queue
  // behind each other so they land in order.
  let pending: { progress: number; message: string | null } | null = null;
  let lastMessage: string | null = null;
  let lastWrittenAt = Number.NEGATIVE_INFINITY;
  let writes: Promise<void> = Promise.resolve();

  function flushProgress(force: boolean): Promise<void> {
    writes = writes.then(async () => {
      if (!pending || lost) return;
      const now = clock.now();
      if (!force && now - lastWrittenAt < PROGRESS_EVERY_MS) return;
      const value = pending;
      pending = null;
      lastWrittenAt = now;
      try {
        if (!(await writeJobProgress(db, claim, { now, ...value }))) loseClaim();
      } catch (err) {
        log.warn({ err }, 'could not store the job’s progress');
      }
    });
    return writes;
  }

  const ctx: JobContext = {
    jobId: job.id,
    attempt: job.attempts,
    now: clock.now(),
    lane,
    log,
    signal: controller.signal,
    progress(fraction, message) {
      if (typeof fraction !== 'number' || !Number.isFinite(fraction) || fraction < 0 || fraction > 1) {
        throw new RangeError(`ctx.progress: the fraction must be between 0 and 1, got ${String(fraction)}`);
      }
      if (finishing) return;
      if (message !== undefined) lastMessage = clip(String(message), MAX_MESSAGE_LENGTH);
      pending = { progress: fraction, message: lastMessage };
      void flushProgress(false);
    },
    extendLease: renew,
  };

  async function run(): Promise<JobOutcome> {
    const outcome = (status: JobStatus | null): JobOutcome => ({ id: job.id, name: job.name, lane, ok: status === 'done', status });

    // Permanent failures: retrying cannot make a handler appear or a payload parse. (Deploy every node before
    // enqueueing a new job name.)
    let permanent: string | null = null;
    let payload: unknown;
    if (!handler) permanent = `no handler is registered for job "${job.name}" on node ${nodeId}`;
    else {
      try {
        payload = JSON.parse(job.payload);
      } catch (err) {
        permanent = `the job's payload is not valid JSON: ${messageOf(err)}`;
      }
    }
    if (permanent !== null || !handler) {
      const error = permanent ?? 'no handler';
      log.error(error);
      finishing = true;
      return outcome(await finishJob(db, claim, clock.now(), { kind: 'failed', error }));
    }

    let failure: { error: unknown } | null = null;
    try {
      await handler(payload, ctx);
    } catch (error) {
      failure = { error };
    }
    await flushProgress(true);
    finishing = true;
    if (lost) {
      log.warn('job ended after this node had lost it; nothing recorded (the node that took it over decides)');
      return outcome(null);
    }

    const now = clock.now();
    let end: RunEnd;
    if (abortReason === 'cancelled') end = { kind: 'cancelled' };
    else if (!failure) end = { kind: 'done' };
    else if (abortReason === 'shutdown' && (await unclaimJob(db, claim, now))) {
      // Stopped by us, not failed: straight back to the queue, the attempt not counted.
      log.info('job interrupted by the worker stopping; handed back to the queue');
      return outcome('queued');
    } else {
      const error = messageOf(failure.error);
      end = job.attempts < job.max_attempts ? { kind: 'retry', runAt: now + retryDelayMs(job.attempts), error } : { kind: 'failed', error };
    }

    const status = await finishJob(db, claim, now, end);
    if (status === null) log.warn('job finished, but another node had taken it over meanwhile (this node held it past its lock)');
    else if (status === 'cancelled') log.info({ handlerFailed: failure !== null }, 'job ended cancelled; what its handler did is discarded');
    else if (status === 'queued' && end.kind === 'retry') {
      log.warn({ err: failure?.error, retryAt: end.runAt }, `job failed (attempt ${job.attempts} of ${job.max_attempts}); will retry`);
    } else if (status === 'failed') log.error({ err: failure?.error }, `job failed on its last attempt (${job.attempts} of ${job.max_attempts})`);
    return outcome(status);
  }

  const finished = run().catch((err: unknown) => {
    // The database went away while recording the outcome: the claim lapses and another attempt follows.
    log.error({ err }, 'could not record how the job ended; its claim will lapse and it will run again');
    return { id: job.id, name: job.name, lane, ok: false, status: null };
  });

  return {
    id: job.id,
    name: job.name,
    lane,
    claim,
    finished,
    abort,
    async maintain(state) {
      if (finishing) return;
      if (!state?.owned) {
        loseClaim();
        return;
      }
      if (state.cancelRequested) abort('cancelled');
      if (clock.now() - renewedAt >= renewEveryMs) await renew();
      await flushProgress(false);
    },
  };
}

export function messageOf(err: unknown): string {
  return clip(err instanceof Error ? err.message : String(err), MAX_ERROR_LENGTH);
}

const clip = (text: string, max: number) => (text.length > max ? `${text.slice(0, max)}…` : text);
