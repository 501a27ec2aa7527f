import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ManualClock } from '../clock.ts';
import type { Db } from '../db/database.ts';
import { createTestDb, type TestDb } from '../testing/databases.ts';
import { describeEachDatabase } from '../testing/each-database.ts';
import { memoryLog } from '../testing/memory-log.ts';
import { ABANDONED_ERROR, claimJobs } from './jobs.repository.ts';
import { createJobRegistry, type JobContext, type JobHandler, type JobRegistry, type Lane } from './registry.ts';
import { createWorker, enqueueJob, retryDelayMs, type ScheduledTask, type Worker } from './worker.ts';

type Call = { job: string; payload: unknown; ctx: JobContext };

const MINUTE = 60_000;
const LEASE_MS = 30_000;
/** 2026-11-20 10:00 in Shanghai, on a five-minute boundary. */
const START = Date.parse('2026-11-20T02:00:00Z');

describe('job registry', () => {
  it('registers handlers by name and rejects a duplicate name', () => {
    const registry = createJobRegistry();
    const first: JobHandler = async () => {};
    registry.register('reports.daily', first);
    registry.register('audit.checkpoint', async () => {});
    expect(registry.get('reports.daily')).toBe(first);
    expect(registry.get('nope')).toBeUndefined();
    expect(registry.names()).toEqual(['audit.checkpoint', 'reports.daily']);
    expect(() => registry.register('reports.daily', async () => {})).toThrow(/already registered/);
    expect(registry.get('reports.daily')).toBe(first);
    expect(() => registry.register('  ', async () => {})).toThrow(/non-empty/);
  });

  it('backs off exponentially and caps the delay at one hour', () => {
    expect([1, 2, 3, 10, 30].map(retryDelayMs)).toEqual([10_000, 20_000, 40_000, 3_600_000, 3_600_000]);
  });
});

/** A tick as these tests see it: its result once the jobs it started have ended (the worker's tick never waits). */
interface SettledTick {
  leader: boolean;
  enqueued: string[];
  ran: { id: string; name: string; ok: boolean }[];
}

function settled(w: Worker): Omit<Worker, 'tick'> & { tick(): Promise<SettledTick> } {
  return {
    ...w,
    async tick() {
      const result = await w.tick();
      const outcomes = await result.finished;
      return { leader: result.leader, enqueued: result.enqueued, ran: outcomes.map(({ id, name, ok }) => ({ id, name, ok })) };
    },
  };
}

describeEachDatabase('worker on %s', (dialect) => {
  let t: TestDb;
  let clock: ManualClock;
  let logs: ReturnType<typeof memoryLog>;
  const pending: Array<{ stop(): Promise<void> }> = [];

  beforeEach(async () => {
    t = await createTestDb(dialect);
    clock = new ManualClock(START);
    logs = memoryLog();
  });
  afterEach(async () => {
    for (const w of pending.splice(0)) await w.stop();
    await t?.destroy();
  });

  function worker(options: { db?: Db; nodeId?: string; registry: JobRegistry; schedules?: ScheduledTask[]; lanes?: Partial<Record<Lane, number>> }) {
    const w = createWorker({
      db: options.db ?? t.db,
      clock,
      nodeId: options.nodeId ?? 'node-a',
      registry: options.registry,
      schedules: options.schedules ?? [],
      log: logs.log,
      leaseMs: LEASE_MS,
      lanes: options.lanes,
      stopGraceMs: 20,
    });
    const wrapped = settled(w);
    pending.push(wrapped);
    return wrapped;
  }

  /** A registry whose handlers record each call, so a test can count runs across nodes. */
  function recordingRegistry(calls: Array<{ job: string; payload: unknown; ctx: JobContext }>, fail: (job: string, ctx: JobContext) => boolean = () => false) {
    const registry = createJobRegistry();
    for (const job of ['mail.send', 'report.build', 'flaky']) {
      registry.register(job, async (payload, ctx) => {
        calls.push({ job, payload, ctx });
        if (fail(job, ctx)) throw new Error(`${job} broke on attempt ${ctx.attempt}`);
      });
    }
    return registry;
  }

  const jobRow = (id: string) => t.db.kysely.selectFrom('jobs').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const allJobs = () => t.db.kysely.selectFrom('jobs').selectAll().orderBy('run_at').orderBy('id').execute();

  describe('jobs', () => {
    it('runs an enqueued job once, with its payload, and keeps it as done', async () => {
      const calls: Call[] = [];
      const w = worker({ registry: recordingRegistry(calls) });
      const id = await enqueueJob(t.db, clock, { name: 'mail.send', payload: { to: 'ops@example.cn', n: 2 } });

      const first = await w.tick();
      expect(first).toEqual({ leader: true, enqueued: [], ran: [{ id, name: 'mail.send', ok: true }] });
      expect(calls).toHaveLength(1);
      expect(calls[0]?.payload).toEqual({ to: 'ops@example.cn', n: 2 });
      expect(calls[0]?.ctx).toMatchObject({ jobId: id, attempt: 1, now: START });

      clock.advance(MINUTE);
      expect((await w.tick()).ran).toEqual([]);
      expect(calls).toHaveLength(1);
      expect(await jobRow(id)).toMatchObject({ status: 'done', attempts: 1, finished_at: START, locked_by: null, last_error: null });
    });

    it('waits until run_at and runs jobs oldest first', async () => {
      const calls: Call[] = [];
      const w = worker({ registry: recordingRegistry(calls) });
      const later = await enqueueJob(t.db, clock, { name: 'report.build', payload: 'later', runAt: START + 10 * MINUTE });
      await enqueueJob(t.db, clock, { name: 'mail.send', payload: 'second', runAt: START - 1 });
      await enqueueJob(t.db, clock, { name: 'mail.send', payload: 'first', runAt: START - 2 });

      expect((await w.tick()).ran.map((r) => r.name)).toEqual(['mail.send', 'mail.send']);
      expect(calls.map((c) => c.payload)).toEqual(['first', 'second']);

      clock.advance(10 * MINUTE - 1);
      expect((await w.tick()).ran).toEqual([]);
      clock.advance(1);
      expect((await w.tick()).ran).toEqual([{ id: later, name: 'report.build', ok: true }]);
    });

    it('treats a dedupe key that is queued or running as a no-op, and frees it once the job is over', async () => {
      const calls: Call[] = [];
      const w = worker({ registry: recordingRegistry(calls) });
      const a = await enqueueJob(t.db, clock, { name: 'report.build', payload: 1, dedupeKey: 'daily-report' });
      const b = await enqueueJob(t.db, clock, { name: 'report.build', payload: 2, dedupeKey: 'daily-report' });
      expect(b).toBe(a);
      expect(await allJobs()).toHaveLength(1);

      await w.tick();
      expect(calls.map((c) => c.payload)).toEqual([1]);

      const c = await enqueueJob(t.db, clock, { name: 'report.build', payload: 3, dedupeKey: 'daily-report' });
      expect(c).not.toBe(a);
      await w.tick();
      expect(calls.map((x) => x.payload)).toEqual([1, 3]);
      // The first run is still listed (done), it just no longer holds the key.
      expect(await jobRow(a)).toMatchObject({ status: 'done', dedupe_key: null });
      expect(await jobRow(c)).toMatchObject({ status: 'done', dedupe_key: 'daily-report' });
    });

    it('enqueues inside the caller’s transaction: a rolled-back change leaves no job', async () => {
      await expect(
        t.db.kysely.transaction().execute(async (trx) => {
          await enqueueJob(trx, clock, { name: 'mail.send' });
          throw new Error('the change failed');
        }),
      ).rejects.toThrow('the change failed');
      expect(await allJobs()).toEqual([]);
    });

    it('refuses a payload that cannot be stored and a nonsensical maxAttempts', async () => {
      await expect(enqueueJob(t.db, clock, { name: 'mail.send', payload: () => 1 })).rejects.toThrow(/JSON/);
      await expect(enqueueJob(t.db, clock, { name: 'mail.send', maxAttempts: 0 })).rejects.toThrow(/maxAttempts/);
      await expect(enqueueJob(t.db, clock, { name: '' })).rejects.toThrow(/name/);
      expect(await allJobs()).toEqual([]);
    });

    it('retries a failing job with growing back-off, then fails it after max attempts', async () => {
      const calls: Call[] = [];
      const w = worker({ registry: recordingRegistry(calls, () => true) });
      const id = await enqueueJob(t.db, clock, { name: 'flaky', maxAttempts: 3 });

      expect((await w.tick()).ran).toEqual([{ id, name: 'flaky', ok: false }]);
      expect(await jobRow(id)).toMatchObject({ status: 'queued', attempts: 1, run_at: START + 10_000, last_error: 'flaky broke on attempt 1' });

      clock.advance(10_000 - 1);
      expect((await w.tick()).ran).toEqual([]);
      clock.advance(1);
      expect((await w.tick()).ran).toEqual([{ id, name: 'flaky', ok: false }]);
      expect(await jobRow(id)).toMatchObject({ status: 'queued', attempts: 2, run_at: clock.now() + 20_000 });

      clock.advance(20_000);
      await w.tick();
      expect(await jobRow(id)).toMatchObject({ status: 'failed', attempts: 3, finished_at: clock.now(), last_error: 'flaky broke on attempt 3' });

      clock.advance(24 * 60 * MINUTE);
      expect((await w.tick()).ran).toEqual([]);
      expect(calls.map((c) => c.ctx.attempt)).toEqual([1, 2, 3]);
      // The failures were logged, and the loop went on.
      expect(logs.records.filter((r) => r.jobId === id && (r.level as number) >= 40)).toHaveLength(3);
    });

    it('clears the last error when a retry succeeds', async () => {
      const calls: Call[] = [];
      const w = worker({ registry: recordingRegistry(calls, (_job, ctx) => ctx.attempt === 1) });
      const id = await enqueueJob(t.db, clock, { name: 'flaky' });
      await w.tick();
      clock.advance(retryDelayMs(1));
      await w.tick();
      expect(await jobRow(id)).toMatchObject({ status: 'done', attempts: 2, last_error: null });
    });

    it('survives a handler that throws something that is not an Error, and keeps running the batch', async () => {
      const registry = createJobRegistry();
      registry.register('weird', async () => {
        throw 'a bare string';
      });
      const ran: string[] = [];
      registry.register('mail.send', async () => void ran.push('mail'));
      const w = worker({ registry });
      const weird = await enqueueJob(t.db, clock, { name: 'weird', maxAttempts: 1, runAt: START - 1 });
      await enqueueJob(t.db, clock, { name: 'mail.send' });
      const result = await w.tick();
      expect(result.ran.map((r) => [r.name, r.ok])).toEqual([['weird', false], ['mail.send', true]]);
      expect(ran).toEqual(['mail']);
      expect(await jobRow(weird)).toMatchObject({ status: 'failed', last_error: 'a bare string' });
    });

    it('fails a job nobody can run, clearly and without retrying', async () => {
      const w = worker({ registry: recordingRegistry([]) });
      const id = await enqueueJob(t.db, clock, { name: 'no.such.job', maxAttempts: 5 });
      expect((await w.tick()).ran).toEqual([{ id, name: 'no.such.job', ok: false }]);
      const row = await jobRow(id);
      expect(row).toMatchObject({ status: 'failed', attempts: 1, finished_at: START });
      expect(row.last_error).toMatch(/no handler is registered for job "no.such.job"/);
      clock.advance(60 * MINUTE);
      expect((await w.tick()).ran).toEqual([]);
    });

    it('runs a job queued before a restart', async () => {
      const calls: Call[] = [];
      const before = t.reopen();
      const first = worker({ db: before, registry: recordingRegistry(calls) });
      const id = await enqueueJob(before, clock, { name: 'mail.send', payload: 'kept', runAt: START + MINUTE });
      expect((await first.tick()).ran).toEqual([]);
      await before.close(); // the process goes away without stopping its worker

      const after = t.reopen();
      const second = worker({ db: after, registry: recordingRegistry(calls) });
      clock.advance(MINUTE);
      expect((await second.tick()).ran).toEqual([{ id, name: 'mail.send', ok: true }]);
      expect(calls.map((c) => c.payload)).toEqual(['kept']);
      pending.splice(pending.indexOf(first), 1); // its database is closed; nothing left to stop
    });

    it('runs jobs from start() until stop(), then gives up the lease', async () => {
      const ran: string[] = [];
      const registry = createJobRegistry();
      registry.register('mail.send', async (payload) => void ran.push(String(payload)));
      const w = worker({ registry });
      await enqueueJob(t.db, clock, { name: 'mail.send', payload: 'polled' });
      w.start();
      w.start(); // a second start() is harmless
      await vi.waitFor(() => expect(ran).toEqual(['polled']), { timeout: 5_000 });
      expect(w.isLeader()).toBe(true);
      await w.stop();
      expect(w.isLeader()).toBe(false);
      expect(await t.db.kysely.selectFrom('leases').selectAll().execute()).toEqual([]);
      expect((await w.tick()).leader).toBe(false); // a stopped worker stays out of the way
    });

    it('on stop() while a job runs, finishes it and starts nothing more', async () => {
      const ran: string[] = [];
      const registry = createJobRegistry();
      // The handler needs the worker that runs it, which is created after the handler is registered.
      const self: { worker?: { stop(): Promise<void> } } = {};
      let stopping: Promise<void> | undefined;
      registry.register('mail.send', async (payload) => {
        ran.push(String(payload));
        stopping ??= self.worker?.stop();
      });
      // One slot, so that only the first job is running when it stops the worker.
      const w = worker({ registry, lanes: { default: 1 } });
      self.worker = w;
      for (const n of [1, 2, 3]) await enqueueJob(t.db, clock, { name: 'mail.send', payload: n, runAt: START - 10 + n });
      const result = await w.tick();
      await stopping;
      expect(ran).toEqual(['1']);
      expect(result.ran).toHaveLength(1);
      const rows = await allJobs();
      expect(rows.map((r) => [r.status, r.attempts, r.locked_by])).toEqual([
        ['done', 1, null],
        ['queued', 0, null],
        ['queued', 0, null],
      ]);
    });
  });

  describe('schedules', () => {
    const every5: ScheduledTask = { name: 'sla-check', cron: '*/5 * * * *', job: 'report.build', payload: { scope: 'all' } };

    it('enqueues at each cron time as the clock moves, once per time, and collapses a long gap into one run', async () => {
      const calls: Call[] = [];
      const w = worker({ registry: recordingRegistry(calls), schedules: [every5] });

      // First sight sets the next run; deploying does not fire every schedule at once.
      expect(await w.tick()).toEqual({ leader: true, enqueued: [], ran: [] });
      const row = () => t.db.kysely.selectFrom('schedules').selectAll().where('name', '=', 'sla-check').executeTakeFirstOrThrow();
      expect((await row()).next_run_at).toBe(START + 5 * MINUTE);

      clock.set(START + 5 * MINUTE - 1);
      expect((await w.tick()).enqueued).toEqual([]);

      clock.set(START + 5 * MINUTE);
      const due = await w.tick();
      expect(due.enqueued).toHaveLength(1);
      expect(due.ran).toEqual([{ id: due.enqueued[0], name: 'report.build', ok: true }]);
      expect(calls.map((c) => c.payload)).toEqual([{ scope: 'all' }]);
      expect(await row()).toMatchObject({ next_run_at: START + 10 * MINUTE, last_run_at: START + 5 * MINUTE });

      // Ticking again at the same instant does nothing.
      expect(await w.tick()).toEqual({ leader: true, enqueued: [], ran: [] });

      clock.set(START + 7 * MINUTE);
      expect((await w.tick()).enqueued).toEqual([]);
      clock.set(START + 10 * MINUTE + 30_000);
      expect((await w.tick()).enqueued).toHaveLength(1);

      // Down for over an hour: one catch-up run, then back on the grid.
      clock.set(START + 83 * MINUTE);
      expect((await w.tick()).enqueued).toHaveLength(1);
      expect((await row()).next_run_at).toBe(START + 85 * MINUTE);
      clock.set(START + 84 * MINUTE);
      expect((await w.tick()).enqueued).toEqual([]);

      const jobs = await allJobs();
      expect(jobs.map((j) => j.dedupe_key)).toEqual([
        `schedule:sla-check:${START + 5 * MINUTE}`,
        `schedule:sla-check:${START + 10 * MINUTE}`,
        `schedule:sla-check:${START + 15 * MINUTE}`,
      ]);
      expect(jobs.every((j) => j.status === 'done')).toBe(true);
      expect(calls).toHaveLength(3);
    });

    it('reads cron fields in Asia/Shanghai unless told otherwise', async () => {
      const w = worker({
        registry: recordingRegistry([]),
        schedules: [
          { name: 'morning', cron: '0 8 * * *', job: 'report.build' },
          { name: 'morning-utc', cron: '0 8 * * *', job: 'report.build', timezone: 'UTC' },
        ],
      });
      await w.tick();
      const rows = await t.db.kysely.selectFrom('schedules').selectAll().orderBy('name').execute();
      expect(rows.map((r) => [r.name, new Date(r.next_run_at).toISOString()])).toEqual([
        ['morning', '2026-11-21T00:00:00.000Z'],
        ['morning-utc', '2026-11-20T08:00:00.000Z'],
      ]);
    });

    it('refuses schedules that could never run as written', () => {
      const registry = recordingRegistry([]);
      const make = (schedules: ScheduledTask[]) => () => createWorker({ db: t.db, clock, nodeId: 'n', registry, schedules, log: logs.log });
      expect(make([{ name: 's', cron: 'every five minutes', job: 'report.build' }])).toThrow(/bad cron/);
      expect(make([{ name: 's', cron: '* * * * *', job: 'report.build', timezone: 'Mars/Olympus' }])).toThrow(/time zone/);
      expect(make([{ name: 's', cron: '* * * * *', job: 'not.registered' }])).toThrow(/not registered/);
      expect(make([every5, { ...every5 }])).toThrow(/two schedules/);
    });
  });

  describe('two nodes on one database', () => {
    function twoNodes(calls: Call[], schedules: ScheduledTask[] = []) {
      const a = worker({ db: t.db, nodeId: 'node-a', registry: recordingRegistry(calls), schedules });
      const b = worker({ db: t.reopen(), nodeId: 'node-b', registry: recordingRegistry(calls), schedules });
      return { a, b };
    }

    it('elects exactly one leader, and every scheduled run happens once in total', async () => {
      const calls: Call[] = [];
      const { a, b } = twoNodes(calls, [{ name: 'sweep', cron: '*/5 * * * *', job: 'mail.send' }]);

      const leaders = new Set<string>();
      // Both poll every 15 s (well inside the 30 s lease), concurrently.
      for (let at = START; at <= START + 30 * MINUTE; at += 15_000) {
        clock.set(at);
        const [ra, rb] = await Promise.all([a.tick(), b.tick()]);
        expect([ra.leader, rb.leader].filter(Boolean)).toHaveLength(1);
        expect(a.isLeader()).toBe(ra.leader);
        expect(b.isLeader()).toBe(rb.leader);
        if (ra.leader) leaders.add('node-a');
        if (rb.leader) leaders.add('node-b');
        // Ticking both again at the same instant changes nothing.
        const again = await Promise.all([a.tick(), b.tick()]);
        expect(again.flatMap((r) => [...r.enqueued, ...r.ran.map((x) => x.id)])).toEqual([]);
      }
      expect(leaders.size).toBe(1); // the leader renews; leadership does not flap

      // Minutes 5, 10, … 30: six runs, each exactly once.
      expect(calls).toHaveLength(6);
      const jobs = await allJobs();
      expect(jobs.map((j) => j.dedupe_key)).toEqual([5, 10, 15, 20, 25, 30].map((m) => `schedule:sweep:${START + m * MINUTE}`));
      expect(jobs.every((j) => j.status === 'done' && j.attempts === 1)).toBe(true);
    });

    it('hands over at once when the leader stops', async () => {
      const calls: Call[] = [];
      const { a, b } = twoNodes(calls);
      const [ra] = await Promise.all([a.tick(), b.tick()]);
      const [leader, follower] = ra.leader ? [a, b] : [b, a];

      await leader.stop();
      expect(leader.isLeader()).toBe(false);
      const id = await enqueueJob(t.db, clock, { name: 'mail.send' });
      const next = await follower.tick(); // same instant: no waiting for the lease to expire
      expect(next.leader).toBe(true);
      expect(next.ran).toEqual([{ id, name: 'mail.send', ok: true }]);
    });

    it('takes over from a silent leader only once its lease has expired', async () => {
      const calls: Call[] = [];
      const { a, b } = twoNodes(calls);
      expect((await a.tick()).leader).toBe(true);
      const id = await enqueueJob(t.db, clock, { name: 'mail.send' });

      // node-a goes silent (no more ticks, no stop()).
      clock.advance(LEASE_MS - 1);
      expect(await b.tick()).toEqual({ leader: false, enqueued: [], ran: [] });
      expect(calls).toEqual([]);
      expect(a.isLeader()).toBe(true);

      clock.advance(1);
      expect(a.isLeader()).toBe(false);
      expect(await b.tick()).toMatchObject({ leader: true, ran: [{ id, ok: true }] });

      // node-a wakes up and finds it is no longer in charge.
      expect((await a.tick()).leader).toBe(false);
      expect(calls.map((c) => c.ctx.jobId)).toEqual([id]);
    });

    it('re-runs a job whose node died while running it, and ignores the dead node if it comes back', async () => {
      const registryA = createJobRegistry();
      let release: () => void = () => {};
      registryA.register('mail.send', () => new Promise<void>((resolve) => (release = resolve)));
      const a = worker({ db: t.db, nodeId: 'node-a', registry: registryA });
      const calls: Call[] = [];
      const b = worker({ db: t.reopen(), nodeId: 'node-b', registry: recordingRegistry(calls) });

      const id = await enqueueJob(t.db, clock, { name: 'mail.send', payload: 'important' });
      const stuck = a.tick(); // claims the job, then hangs in the handler: as good as dead
      await vi.waitFor(async () => expect((await jobRow(id)).locked_by).toBe('node-a'));

      clock.advance(LEASE_MS);
      expect(await b.tick()).toEqual({ leader: true, enqueued: [], ran: [] }); // leads, but node-a's lock still holds
      clock.advance(1);
      expect((await b.tick()).ran).toEqual([{ id, name: 'mail.send', ok: true }]);
      expect(calls.map((c) => [c.payload, c.ctx.attempt])).toEqual([['important', 2]]);

      // The hung handler finally returns: its result must not overwrite node-b's.
      release();
      await stuck;
      expect(await jobRow(id)).toMatchObject({ status: 'done', attempts: 2, last_error: null });
      expect(logs.records.some((r) => r.jobId === id && String(r.msg).includes('another node had taken it over'))).toBe(true);
    });

    it('fails rather than re-runs a job whose node died on its last attempt', async () => {
      const registryA = createJobRegistry();
      let release: () => void = () => {};
      registryA.register('mail.send', () => new Promise<void>((resolve) => (release = resolve)));
      const a = worker({ db: t.db, nodeId: 'node-a', registry: registryA });
      const calls: Call[] = [];
      const b = worker({ db: t.reopen(), nodeId: 'node-b', registry: recordingRegistry(calls) });

      const id = await enqueueJob(t.db, clock, { name: 'mail.send', maxAttempts: 1 });
      const stuck = a.tick();
      await vi.waitFor(async () => expect((await jobRow(id)).status).toBe('running'));
      clock.advance(LEASE_MS + 1);
      expect((await b.tick()).ran).toEqual([]);
      expect(calls).toEqual([]);
      expect(await jobRow(id)).toMatchObject({ status: 'failed', attempts: 1, last_error: ABANDONED_ERROR });
      release();
      await stuck;
    });

    it.runIf(dialect === 'postgres')('skips jobs another node is in the middle of claiming instead of waiting for them', async () => {
      const other = t.reopen();
      for (let i = 0; i < 6; i++) await enqueueJob(t.db, clock, { name: 'mail.send', payload: i, runAt: START - 10 + i });
      const oldest = (await allJobs()).slice(0, 2).map((j) => j.id);
      // Another node's claim, caught half-way: it has locked the two oldest jobs and not committed yet.
      await other.kysely.transaction().execute(async (trx) => {
        await trx.selectFrom('jobs').select('id').where('id', 'in', oldest).forUpdate().execute();
        const mine = await claimJobs(t.db, { nodeId: 'node-a', now: START, lockedUntil: START + LEASE_MS, limit: 10 });
        expect(mine.map((j) => j.payload)).toEqual(['2', '3', '4', '5']);
      });
    });

    it('never lets two nodes claim the same job, even without the lease', async () => {
      const other = t.reopen();
      for (let i = 0; i < 20; i++) await enqueueJob(t.db, clock, { name: 'mail.send', payload: i });
      const claim = (db: Db, nodeId: string) => claimJobs(db, { nodeId, now: START, lockedUntil: START + LEASE_MS, limit: 15 });
      const [x, y] = await Promise.all([claim(t.db, 'node-a'), claim(other, 'node-b')]);
      const ids = [...x, ...y].map((j) => j.id);
      expect(new Set(ids).size).toBe(ids.length);
      expect(ids).toHaveLength(20);
      expect(x.every((j) => j.locked_by === 'node-a' && j.attempts === 1)).toBe(true);
      expect(y.every((j) => j.locked_by === 'node-b')).toBe(true);
    });
  });
});
