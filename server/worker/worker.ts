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
  findSchedule,
  insertJob,
  readClaims,
  releaseLease,
  settleAbandonedJobs,
  workerTransaction,
  type JobRow,
} from './jobs.repository.ts';
import type { Executor } from '../db/types.ts';
import { isLane, LANES, type JobRegistry, type Lane } from './registry.ts';
import { messageOf, runJob, type JobOutcome, type RunningJob } from './run-job.ts';

export { retryDelayMs, type JobOutcome } from './run-job.ts';

/** The one lease row that decides which node runs schedules and jobs. */
export const SCHEDULER_LEASE = 'scheduler';
export const DEFAULT_MAX_ATTEMPTS = 5;
/** Jobs run at once per lane on one node, unless config.worker.lanes says otherwise. */
export const DEFAULT_LANE_LIMITS: Readonly<Record<Lane, number>> = { urgent: 4, default: 2, bulk: 1 };

export interface EnqueueOptions {
  name: string;
  /**
   * The lane the job's handler is registered in (default `default`). Declare a job's name and lane once, in its
   * module's `<module>.jobs.ts`, and use that for both `registry.register` and here: the worker warns when the two
   * differ, and runs the job in the lane it was enqueued in.
   */
  lane?: Lane;
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
  const lane = options.lane ?? 'default';
  if (typeof options.name !== 'string' || options.name.trim() === '') throw new TypeError('enqueueJob: name is required');
  if (!Number.isInteger(maxAttempts) || maxAttempts < 1) throw new TypeError(`enqueueJob: maxAttempts must be an integer ≥ 1, got ${maxAttempts}`);
  if (!Number.isSafeInteger(runAt)) throw new TypeError(`enqueueJob: runAt must be epoch milliseconds, got ${runAt}`);
  if (!isLane(lane)) throw new TypeError(`enqueueJob: lane must be one of ${LANES.join(', ')}, got ${String(lane)}`);
  if (options.dedupeKey !== undefined && options.dedupeKey === '') throw new TypeError('enqueueJob: dedupeKey must not be empty');
  const payload = options.payload === undefined ? 'null' : JSON.stringify(options.payload);
  // JSON.stringify returns undefined for functions and symbols: better to refuse now than hand the job `null` later.
  if (payload === undefined) throw new TypeError(`enqueueJob: the payload of "${options.name}" cannot be stored as JSON`);
  return insertJob(exec, {
    id: newId(),
    name: options.name,
    lane,
    payload,
    runAt,
    maxAttempts,
    dedupeKey: options.dedupeKey ?? null,
    now,
  });
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
  /** How long leadership and a job's claim last without renewal; also how long a dead node blocks others. */
  leaseMs?: number;
  pollMs?: number;
  /** Jobs run at once per lane on this node (config.worker.lanes); lanes left out keep DEFAULT_LANE_LIMITS. */
  lanes?: Partial<Record<Lane, number>>;
  /**
   * How long stop() waits (real time: it is the process shutting down) for running jobs before aborting their
   * signals; it then waits as long again for them to return, and abandons those that do not.
   */
  stopGraceMs?: number;
  /** Told the outcome of every job this node runs (metrics). */
  onJobFinished?: (name: string, ok: boolean) => void;
}

export interface StartedJob {
  id: string;
  name: string;
  lane: Lane;
}

export interface TickResult {
  leader: boolean;
  /** Ids of jobs that due schedules enqueued in this tick. */
  enqueued: string[];
  /** Jobs claimed and started in this tick. They run on after the tick returns: the tick never waits for a job. */
  started: StartedJob[];
  /** Settles when every job started in this tick has ended, with how each ended (for tests and tools). */
  finished: Promise<JobOutcome[]>;
}

export interface Worker {
  /** Polls every pollMs until stop(). */
  start(): void;
  /**
   * Stops taking work, waits for running jobs (renewing their claims meanwhile) up to stopGraceMs, aborts the
   * signals of those still running and waits as long again, abandons the rest (their claims lapse and another node
   * runs them again), then gives the lease up so another node can lead at once.
   */
  stop(): Promise<void>;
  /**
   * One round: renew the claims of this node's running jobs (and pass on cancel requests); then take or renew the
   * lease and, if leading, enqueue due schedules and start due jobs in every lane with a free slot.
   */
  tick(): Promise<TickResult>;
  /** Whether this node held the lease at its last tick and that lease has not expired by the clock. */
  isLeader(): boolean;
  /** The jobs this node is running now. */
  running(): StartedJob[];
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
  const stopGraceMs = options.stopGraceMs ?? 10_000;
  const limits: Record<Lane, number> = { ...DEFAULT_LANE_LIMITS, ...options.lanes };
  if (!nodeId) throw new Error('createWorker: nodeId is required');
  if (!Number.isInteger(leaseMs) || leaseMs <= 0) throw new Error(`createWorker: leaseMs must be a positive integer, got ${leaseMs}`);
  if (!Number.isInteger(pollMs) || pollMs <= 0) throw new Error(`createWorker: pollMs must be a positive integer, got ${pollMs}`);
  // A lease that lapses between two polls would pass leadership back and forth on every tick.
  if (pollMs >= leaseMs) throw new Error(`createWorker: pollMs (${pollMs}) must be well below leaseMs (${leaseMs})`);
  if (!Number.isInteger(stopGraceMs) || stopGraceMs < 0) throw new Error(`createWorker: stopGraceMs must be an integer ≥ 0, got ${stopGraceMs}`);
  for (const lane of LANES) {
    if (!Number.isInteger(limits[lane]) || limits[lane] < 1) throw new Error(`createWorker: the ${lane} lane's limit must be an integer ≥ 1, got ${limits[lane]}`);
  }
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
  /** This node's running jobs by id; a job leaves when its outcome is recorded. */
  const running = new Map<string, RunningJob>();
  const laneWarned = new Set<string>();

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
        lane: registry.laneOf(task.job) ?? 'default',
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

  function startJob(job: JobRow): RunningJob {
    const registered = registry.laneOf(job.name);
    if (registered !== undefined && registered !== job.lane && !laneWarned.has(job.name)) {
      laneWarned.add(job.name);
      log.warn({ job: job.name, enqueuedIn: job.lane, registeredIn: registered }, 'worker: job enqueued in another lane than its handler is registered in; it runs in the lane it was enqueued in');
    }
    const run = runJob({ db, clock, nodeId, leaseMs, log }, job, registry.get(job.name));
    running.set(job.id, run);
    void run.finished.then((outcome) => {
      running.delete(job.id);
      try {
        options.onJobFinished?.(outcome.name, outcome.ok);
      } catch (err) {
        log.warn({ err }, 'worker: onJobFinished threw');
      }
    });
    return run;
  }

  /** Claims and cancel requests of the jobs this node runs: one read, then renewals that are due. */
  async function maintainRunning(): Promise<void> {
    if (running.size === 0) return;
    const jobs = [...running.values()];
    const states = await readClaims(db, jobs.map((job) => job.claim));
    for (const job of jobs) await job.maintain(states.get(job.id));
  }

  const freeSlots = (lane: Lane): number => limits[lane] - [...running.values()].filter((job) => job.lane === lane).length;

  async function runTick(): Promise<TickResult> {
    const result: TickResult = { leader: false, enqueued: [], started: [], finished: Promise.resolve([]) };
    try {
      // First, whether leading or not: a job keeps its claim for as long as its node lives.
      await maintainRunning();
    } catch (err) {
      log.error({ err }, 'worker: could not renew the claims of running jobs');
    }
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
    const abandoned = await settleAbandonedJobs(db, now);
    if (abandoned.failed > 0) log.warn({ count: abandoned.failed }, 'worker: failed jobs whose node died on their last attempt');
    if (abandoned.cancelled > 0) log.info({ count: abandoned.cancelled }, 'worker: cancelled jobs whose node died before it could');

    // Urgent first, and each lane only as many as it has room for: a claimed job must start now, not wait in memory
    // while its claim runs down.
    const runs: RunningJob[] = [];
    for (const lane of LANES) {
      // stop() may come while this tick runs: it waits for the jobs already started, so start no more.
      if (stopped) break;
      const free = freeSlots(lane);
      if (free <= 0) continue;
      const at = clock.now();
      const claimed = await claimJobs(db, { nodeId, lane, now: at, lockedUntil: at + leaseMs, limit: free });
      for (const job of claimed) runs.push(startJob(job));
    }
    result.started = runs.map(({ id, name, lane }) => ({ id, name, lane }));
    result.finished = Promise.all(runs.map((run) => run.finished));
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

  /** Waits up to `ms` of real time for the running jobs to end, ticking every poll so their claims stay renewed. */
  async function waitForRunning(ms: number): Promise<void> {
    const deadline = Date.now() + ms;
    while (running.size > 0 && Date.now() < deadline) {
      const all = Promise.all([...running.values()].map((job) => job.finished));
      await Promise.race([all, sleep(Math.min(pollMs, deadline - Date.now()))]);
      if (running.size > 0) await tick().catch((err: unknown) => log.error({ err }, 'worker: tick failed while stopping'));
    }
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
      await waitForRunning(stopGraceMs);
      if (running.size > 0) {
        for (const job of running.values()) job.abort('shutdown');
        await waitForRunning(stopGraceMs);
      }
      for (const job of running.values()) {
        // Its claim is no longer renewed: once it lapses, the leader runs the job again (as another attempt).
        log.warn({ jobId: job.id, job: job.name }, 'worker: stopped without waiting any longer for a job that ignored its signal');
      }
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
    running: () => [...running.values()].map(({ id, name, lane }) => ({ id, name, lane })),
  };
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, Math.max(0, ms)).unref());

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

