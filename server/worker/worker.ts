import { Cron } from 'croner';
import type { Logger } from 'pino';
import type { Clock } from '../clock.ts';
import type { Db } from '../db/database.ts';
import { DEFAULT_ZONE, isValidTimeZone } from '../modules/calendar/index.ts';
import { newId } from '../ids.ts';
import {
  acquireLease,
  advanceSchedule,
  claimJobs,
  ensureSchedule,
  failAbandonedJobs,
  findSchedule,
  insertJob,
  markJobDone,
  markJobFailed,
  markJobForRetry,
  refreshJobLock,
  releaseLease,
  unclaimJob,
  workerTransaction,
  type ClaimRef,
  type JobRow,
} from './jobs.repository.ts';
import type { Executor } from '../db/types.ts';
import type { JobRegistry } from './registry.ts';

/** The one lease row that decides which node runs schedules and jobs. */
export const SCHEDULER_LEASE = 'scheduler';
export const DEFAULT_MAX_ATTEMPTS = 5;
const MAX_ERROR_LENGTH = 4000;

export interface EnqueueOptions {
  name: string;
  /** Stored as JSON; the handler receives `JSON.parse` of it (so Dates arrive as strings). */
  payload?: unknown;
  /** Epoch ms; default now. */
  runAt?: number;
  /** While a job with this key is queued or running, enqueueing another is a no-op that returns its id. */
  dedupeKey?: string;
  maxAttempts?: number;
}

/**
 * Queues a job and returns its id. Pass a transaction to enqueue together with the change that calls for the job
 * (then the job exists exactly when the change committed).
 */
export async function enqueueJob(target: Db | Executor, clock: Clock, options: EnqueueOptions): Promise<string> {
  const { id } = await enqueue(target, clock, options);
  return id;
}

async function enqueue(target: Db | Executor, clock: Clock, options: EnqueueOptions): Promise<{ id: string; created: boolean }> {
  const exec = 'kysely' in target ? target.kysely : target;
  const now = clock.now();
  const maxAttempts = options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
  const runAt = options.runAt ?? now;
  if (typeof options.name !== 'string' || options.name.trim() === '') throw new TypeError('enqueueJob: name is required');
  if (!Number.isInteger(maxAttempts) || maxAttempts < 1) throw new TypeError(`enqueueJob: maxAttempts must be an integer ≥ 1, got ${maxAttempts}`);
  if (!Number.isSafeInteger(runAt)) throw new TypeError(`enqueueJob: runAt must be epoch milliseconds, got ${runAt}`);
  if (options.dedupeKey !== undefined && options.dedupeKey === '') throw new TypeError('enqueueJob: dedupeKey must not be empty');
  const payload = options.payload === undefined ? 'null' : JSON.stringify(options.payload);
  // JSON.stringify returns undefined for functions and symbols: better to refuse now than hand the job `null` later.
  if (payload === undefined) throw new TypeError(`enqueueJob: the payload of "${options.name}" cannot be stored as JSON`);
  return insertJob(exec, {
    id: newId(),
    name: options.name,
    payload,
    runAt,
    maxAttempts,
    dedupeKey: options.dedupeKey ?? null,
    now,
  });
}

/** Delay before retrying after the `attempts`-th failed attempt: 10 s, 20 s, 40 s … capped at one hour. */
export function retryDelayMs(attempts: number): number {
  return Math.min(2 ** attempts * 5_000, 3_600_000);
}

export interface ScheduledTask {
  /** Identifies the schedule's row; keep it stable across releases or the schedule starts afresh. */
  name: string;
  /** Five fields (minute precision); six or seven allow seconds and years (croner). */
  cron: string;
  /** The registered job to enqueue. */
  job: string;
  payload?: unknown;
  /** IANA zone the cron fields are read in; default Asia/Shanghai. */
  timezone?: string;
}

export interface WorkerOptions {
  db: Db;
  clock: Clock;
  /** Unique per process (a hostname alone is not: two processes can share one). */
  nodeId: string;
  registry: JobRegistry;
  schedules: ScheduledTask[];
  log: Logger;
  /** How long leadership and a job's claim last without renewal; also how long a dead leader blocks others. */
  leaseMs?: number;
  pollMs?: number;
  /** Jobs claimed per tick. */
  batchSize?: number;
  /** Told the outcome of every job this node runs (metrics). */
  onJobFinished?: (name: string, ok: boolean) => void;
}

export interface TickResult {
  leader: boolean;
  /** Ids of jobs that due schedules enqueued in this tick. */
  enqueued: string[];
  ran: { id: string; name: string; ok: boolean }[];
}

export interface Worker {
  /** Polls every pollMs until stop(). */
  start(): void;
  /** Waits for the running tick, then gives the lease up so another node can lead at once. */
  stop(): Promise<void>;
  /** One round: take or renew the lease; if leading, enqueue due schedules and run due jobs. */
  tick(): Promise<TickResult>;
  /** Whether this node held the lease at its last tick and that lease has not expired by the clock. */
  isLeader(): boolean;
}

interface CompiledSchedule {
  task: ScheduledTask;
  cron: Cron;
  payload: string;
}

export function createWorker(options: WorkerOptions): Worker {
  const { db, clock, nodeId, registry, log } = options;
  const leaseMs = options.leaseMs ?? 30_000;
  const pollMs = options.pollMs ?? 1_000;
  const batchSize = options.batchSize ?? 10;
  if (!nodeId) throw new Error('createWorker: nodeId is required');
  if (!Number.isInteger(leaseMs) || leaseMs <= 0) throw new Error(`createWorker: leaseMs must be a positive integer, got ${leaseMs}`);
  if (!Number.isInteger(pollMs) || pollMs <= 0) throw new Error(`createWorker: pollMs must be a positive integer, got ${pollMs}`);
  // A lease that lapses between two polls would pass leadership back and forth on every tick.
  if (pollMs >= leaseMs) throw new Error(`createWorker: pollMs (${pollMs}) must be well below leaseMs (${leaseMs})`);
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new Error(`createWorker: batchSize must be an integer ≥ 1, got ${batchSize}`);
  const schedules = compileSchedules(options.schedules, registry, clock.now());

  let leaseExpiresAt = 0;
  let wasLeader = false;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  // Bumped by start(): a poll from before a stop() + start() must not carry on as a second loop.
  let loop = 0;
  let started = false;
  // Ticks never overlap: a tick() called while one runs waits its turn, and stop() waits for the last one.
  let chain: Promise<unknown> = Promise.resolve();

  const nextRunAfter = (schedule: CompiledSchedule, now: number): number =>
    // A pattern with no future run (a past year) parks the schedule rather than failing every tick.
    schedule.cron.nextRun(new Date(now))?.getTime() ?? Number.MAX_SAFE_INTEGER;

  async function takeLease(): Promise<boolean> {
    const now = clock.now();
    const held = await acquireLease(db, { name: SCHEDULER_LEASE, holder: nodeId, now, expiresAt: now + leaseMs });
    leaseExpiresAt = held ? now + leaseMs : 0;
    if (held !== wasLeader) log.info({ nodeId }, held ? 'worker: this node now leads (scheduler lease taken)' : 'worker: this node no longer leads');
    wasLeader = held;
    return held;
  }

  /** Enqueues the schedule's job if it is due and moves it on; returns the id of a job it created. */
  function runSchedule(schedule: CompiledSchedule): Promise<string | null> {
    const { task } = schedule;
    return workerTransaction(db, async (trx) => {
      const now = clock.now();
      let row = await findSchedule(trx, task.name);
      if (!row) {
        // First sight: the first run is the next cron time, not "now" (deploying must not fire every schedule).
        await ensureSchedule(trx, { name: task.name, nextRunAt: nextRunAfter(schedule, now) });
        row = await findSchedule(trx, task.name);
      }
      if (!row || row.next_run_at > now) return null;
      // Keyed by the run it stands for, so a second leader (or a replayed tick) finds the job already queued.
      const job = await insertJob(trx, {
        id: newId(),
        name: task.job,
        payload: schedule.payload,
        runAt: row.next_run_at,
        maxAttempts: DEFAULT_MAX_ATTEMPTS,
        dedupeKey: `schedule:${task.name}:${row.next_run_at}`,
        now,
      });
      // From now, not from the missed run: after downtime the runs missed collapse into this one.
      await advanceSchedule(trx, { name: task.name, fromRunAt: row.next_run_at, nextRunAt: nextRunAfter(schedule, now), now });
      // Routine, several a minute: at debug, so the terminal of `npm start` stays readable.
      if (job.created) log.debug({ schedule: task.name, job: task.job, jobId: job.id, dueAt: row.next_run_at }, 'worker: schedule due, job enqueued');
      return job.created ? job.id : null;
    });
  }

  async function runJob(job: JobRow): Promise<{ id: string; name: string; ok: boolean }> {
    const claim: ClaimRef = { id: job.id, nodeId, attempt: job.attempts };
    const jobLog = log.child({ jobId: job.id, job: job.name, attempt: job.attempts });
    const result = { id: job.id, name: job.name, ok: false };

    const handler = registry.get(job.name);
    if (!handler) {
      // Permanent: retrying cannot make a handler appear. (Deploy every node before enqueueing a new job name.)
      const error = `no handler is registered for job "${job.name}" on node ${nodeId}`;
      jobLog.error(error);
      await markJobFailed(db, claim, { now: clock.now(), error });
      return result;
    }
    let payload: unknown;
    try {
      payload = JSON.parse(job.payload);
    } catch (err) {
      const error = `the job's payload is not valid JSON: ${messageOf(err)}`;
      jobLog.error(error);
      await markJobFailed(db, claim, { now: clock.now(), error });
      return result;
    }

    try {
      await handler(payload, { jobId: job.id, attempt: job.attempts, now: clock.now(), log: jobLog });
    } catch (err) {
      const error = messageOf(err);
      const now = clock.now();
      if (job.attempts < job.max_attempts) {
        const runAt = now + retryDelayMs(job.attempts);
        jobLog.warn({ err, retryAt: runAt }, `job failed (attempt ${job.attempts} of ${job.max_attempts}); will retry`);
        await markJobForRetry(db, claim, { now, runAt, error });
      } else {
        jobLog.error({ err }, `job failed on its last attempt (${job.attempts} of ${job.max_attempts})`);
        await markJobFailed(db, claim, { now, error });
      }
      return result;
    }

    if (!(await markJobDone(db, claim, clock.now()))) {
      jobLog.warn('job finished, but another node had taken it over meanwhile (this node held it past its lock)');
    }
    return { ...result, ok: true };
  }

  async function releaseClaims(jobs: JobRow[]): Promise<void> {
    for (const job of jobs) await unclaimJob(db, { id: job.id, nodeId, attempt: job.attempts }, clock.now());
  }

  async function runTick(): Promise<TickResult> {
    const result: TickResult = { leader: false, enqueued: [], ran: [] };
    if (stopped || !(await takeLease())) return result;
    result.leader = true;

    for (const schedule of schedules) {
      try {
        const id = await runSchedule(schedule);
        if (id) result.enqueued.push(id);
      } catch (err) {
        // One broken schedule must not hold the others (or the jobs) back.
        log.error({ err, schedule: schedule.task.name }, 'worker: could not process schedule');
      }
    }

    const now = clock.now();
    const abandoned = await failAbandonedJobs(db, now);
    if (abandoned > 0) log.warn({ count: abandoned }, 'worker: failed jobs whose node died on their last attempt');
    const claimed = await claimJobs(db, { nodeId, now, lockedUntil: now + leaseMs, limit: batchSize });

    for (const [index, job] of claimed.entries()) {
      if (index > 0) {
        // A batch can outlast the lease. Renew it before each job, and hand the rest back if we stopped or lost it,
        // so the new leader runs them instead of both of us.
        if (stopped || !(await takeLease())) {
          await releaseClaims(claimed.slice(index));
          break;
        }
        const at = clock.now();
        if (!(await refreshJobLock(db, { id: job.id, nodeId, attempt: job.attempts }, { now: at, lockedUntil: at + leaseMs }))) {
          log.warn({ jobId: job.id, job: job.name }, 'worker: claimed job was taken over by another node before it started; skipped');
          continue;
        }
      }
      const outcome = await runJob(job);
      options.onJobFinished?.(outcome.name, outcome.ok);
      result.ran.push(outcome);
    }
    return result;
  }

  function tick(): Promise<TickResult> {
    const next = chain.then(runTick);
    chain = next.catch(() => undefined);
    return next;
  }

  function scheduleNext(delay: number, generation: number): void {
    timer = setTimeout(async () => {
      timer = undefined;
      try {
        await tick();
      } catch (err) {
        // Database unreachable and the like: log and try again next poll; the lease simply lapses meanwhile.
        log.error({ err }, 'worker: tick failed');
      }
      if (!stopped && generation === loop) scheduleNext(pollMs, generation);
    }, delay);
    // The poll alone must not keep the process alive: shutdown is decided by main.ts, not by this timer.
    timer.unref();
  }

  return {
    start() {
      if (started) return;
      started = true;
      stopped = false;
      loop += 1;
      scheduleNext(0, loop);
    },
    async stop() {
      started = false;
      stopped = true;
      if (timer) clearTimeout(timer);
      timer = undefined;
      await chain;
      leaseExpiresAt = 0;
      wasLeader = false;
      try {
        await releaseLease(db, { name: SCHEDULER_LEASE, holder: nodeId });
      } catch (err) {
        // Not fatal: an unreleased lease expires after leaseMs and another node takes over then.
        log.warn({ err }, 'worker: could not release the scheduler lease');
      }
    },
    tick,
    isLeader: () => leaseExpiresAt > clock.now(),
  };
}

/** Validates schedules up front, so a typo in a cron or a job name fails at start-up rather than silently never running. */
function compileSchedules(tasks: ScheduledTask[], registry: JobRegistry, now: number): CompiledSchedule[] {
  const seen = new Set<string>();
  return tasks.map((task) => {
    if (!task.name) throw new Error('createWorker: a schedule needs a name');
    if (seen.has(task.name)) throw new Error(`createWorker: two schedules are named "${task.name}"`);
    seen.add(task.name);
    if (!registry.get(task.job)) throw new Error(`createWorker: schedule "${task.name}" runs job "${task.job}", which is not registered`);
    const timezone = task.timezone ?? DEFAULT_ZONE;
    if (!isValidTimeZone(timezone)) throw new Error(`createWorker: schedule "${task.name}" has an unknown time zone "${timezone}"`);
    let cron: Cron;
    try {
      cron = new Cron(task.cron, { timezone, paused: true });
      // croner checks some patterns only when computing a date.
      cron.nextRun(new Date(now));
    } catch (err) {
      throw new Error(`createWorker: schedule "${task.name}" has a bad cron "${task.cron}": ${messageOf(err)}`);
    }
    const payload = task.payload === undefined ? 'null' : JSON.stringify(task.payload);
    if (payload === undefined) throw new Error(`createWorker: the payload of schedule "${task.name}" cannot be stored as JSON`);
    return { task, cron, payload };
  });
}

function messageOf(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  return message.length > MAX_ERROR_LENGTH ? `${message.slice(0, MAX_ERROR_LENGTH)}…` : message;
}
