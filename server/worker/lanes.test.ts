import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ManualClock } from '../clock.ts';
import type { Db } from '../db/database.ts';
import { createTestDb, type TestDb } from '../testing/databases.ts';
import { describeEachDatabase } from '../testing/each-database.ts';
import { memoryLog } from '../testing/memory-log.ts';
import { ABANDONED_ERROR, cancelQueuedJob, claimJobs, requestJobCancel } from './jobs.repository.ts';
import { createJobRegistry, JobAbortedError, LANES, type JobRegistry, type Lane } from './registry.ts';
import { createWorker, enqueueJob, type ScheduledTask, type Worker } from './worker.ts';

const MINUTE = 60_000;
const LEASE_MS = 30_000;
/** The poll interval these tests tick at: the worker's promise is "within one poll". */
const POLL_MS = 1_000;
const START = Date.parse('2026-11-20T02:00:00Z');

/** A promise the test opens when it chooses: a handler "works" until then. */
function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { open, opened };
}

/** Wakes every handler waiting on next(): how a test says "time has moved on" to a clock-driven handler. */
function pulses() {
  let waiting: Array<() => void> = [];
  return {
    next: () => new Promise<void>((resolve) => waiting.push(resolve)),
    fire() {
      const woken = waiting;
      waiting = [];
      for (const wake of woken) wake();
    },
  };
}

describe('lanes in the registry', () => {
  it('registers a job in a lane, `default` unless told, and refuses a lane that does not exist', () => {
    const registry = createJobRegistry();
    registry.register('incidents.escalate', async () => {}, { lane: 'urgent' });
    registry.register('mail.send', async () => {});
    expect(registry.laneOf('incidents.escalate')).toBe('urgent');
    expect(registry.laneOf('mail.send')).toBe('default');
    expect(registry.laneOf('nope')).toBeUndefined();
    expect(() => registry.register('recon.daily', async () => {}, { lane: 'fast' as Lane })).toThrow(/unknown lane "fast"/);
    expect(registry.get('recon.daily')).toBeUndefined();
  });
});

describeEachDatabase('worker lanes on %s', (dialect) => {
  let t: TestDb;
  let clock: ManualClock;
  let logs: ReturnType<typeof memoryLog>;
  const pending: Worker[] = [];

  beforeEach(async () => {
    t = await createTestDb(dialect);
    clock = new ManualClock(START);
    logs = memoryLog();
  });
  afterEach(async () => {
    for (const w of pending.splice(0)) await w.stop();
    await t?.destroy();
  });

  function worker(options: { registry: JobRegistry; db?: Db; nodeId?: string; lanes?: Partial<Record<Lane, number>>; schedules?: ScheduledTask[] }): Worker {
    const w = createWorker({
      db: options.db ?? t.db,
      clock,
      nodeId: options.nodeId ?? 'node-a',
      registry: options.registry,
      schedules: options.schedules ?? [],
      log: logs.log,
      leaseMs: LEASE_MS,
      pollMs: POLL_MS,
      lanes: options.lanes,
      // Real time, and only what stop() waits before it aborts and then abandons: a few milliseconds will do here.
      stopGraceMs: 20,
    });
    pending.push(w);
    return w;
  }

  const jobRow = (id: string) => t.db.kysely.selectFrom('jobs').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const runningPerLane = async () => {
    const rows = await t.db.kysely
      .selectFrom('jobs')
      .select(['lane', (eb) => eb.fn.countAll<number>().as('n')])
      .where('status', '=', 'running')
      .groupBy('lane')
      .execute();
    return Object.fromEntries(rows.map((r) => [r.lane, Number(r.n)])) as Partial<Record<Lane, number>>;
  };

  it('runs an urgent job within one poll while a bulk job of several minutes is in progress', async () => {
    const registry = createJobRegistry();
    const clockMoved = pulses();
    const BULK_MS = 5 * MINUTE;
    registry.register(
      'recon.daily',
      async (_payload, ctx) => {
        // Clock-driven work: a batch every time the clock moves, until five minutes have passed.
        while (clock.now() < ctx.now + BULK_MS) {
          ctx.progress((clock.now() - ctx.now) / BULK_MS, 'matching bank lines');
          await clockMoved.next();
        }
      },
      { lane: 'bulk' },
    );
    const escalatedAt = new Map<string, number>();
    registry.register('incidents.escalate', async (_payload, ctx) => void escalatedAt.set(ctx.jobId, clock.now()), { lane: 'urgent' });
    const w = worker({ registry });

    const recon = await enqueueJob(t.db, clock, { name: 'recon.daily', lane: 'bulk' });
    const nextRecon = await enqueueJob(t.db, clock, { name: 'recon.daily', lane: 'bulk', runAt: START + 1 });
    clock.advance(1);
    expect((await w.tick()).started).toEqual([{ id: recon, name: 'recon.daily', lane: 'bulk' }]);

    const asked = new Map<string, number>();
    for (let at = START + POLL_MS; at <= START + BULK_MS; at += POLL_MS) {
      clock.set(at);
      clockMoved.fire();
      const result = await w.tick();
      if (result.started.some((j) => j.name === 'incidents.escalate')) {
        // The escalation ends while the reconciliation is still at work: the tick did not wait for it.
        await result.finished;
        expect(await jobRow(recon)).toMatchObject({ status: 'running', attempts: 1 });
        expect((await jobRow(nextRecon)).status).toBe('queued'); // the bulk lane holds one at a time
      }
      // Escalations arrive between polls, at 1, 2.5 and 4 minutes.
      if ([MINUTE, 150_000, 4 * MINUTE].includes(at - START)) {
        clock.set(at + 300);
        asked.set(await enqueueJob(t.db, clock, { name: 'incidents.escalate', lane: 'urgent' }), at + 300);
      }
    }

    expect(escalatedAt.size).toBe(3);
    for (const [id, at] of asked) {
      expect(escalatedAt.get(id)! - at).toBeLessThanOrEqual(POLL_MS);
      expect(await jobRow(id)).toMatchObject({ status: 'done', lane: 'urgent', attempts: 1 });
    }
    // Five minutes after it started, the reconciliation is through.
    expect(await jobRow(recon)).toMatchObject({ status: 'running', attempts: 1 });
    clock.set(START + BULK_MS + POLL_MS);
    clockMoved.fire();
    await vi.waitFor(() => expect(w.running()).toEqual([]));
    expect(await jobRow(recon)).toMatchObject({ status: 'done', attempts: 1, lane: 'bulk', progress: expect.closeTo(1, 2) as number });
    // The bulk lane's slot is free again: the next reconciliation starts on the next poll.
    expect((await w.tick()).started.map((j) => j.id)).toEqual([nextRecon]);
    clockMoved.fire();
  });

  it('never runs more of a lane at once than its limit, and fills each lane up to it', async () => {
    const limits: Record<Lane, number> = { urgent: 3, default: 2, bulk: 1 };
    const registry = createJobRegistry();
    const inFlight: Record<Lane, number> = { urgent: 0, default: 0, bulk: 0 };
    const peak: Record<Lane, number> = { urgent: 0, default: 0, bulk: 0 };
    const release = new Map<string, () => void>();
    for (const lane of LANES) {
      registry.register(
        `work.${lane}`,
        async (_payload, ctx) => {
          inFlight[lane] += 1;
          peak[lane] = Math.max(peak[lane], inFlight[lane]);
          await new Promise<void>((resolve) => release.set(ctx.jobId, resolve));
          inFlight[lane] -= 1;
        },
        { lane },
      );
    }
    const w = worker({ registry, lanes: limits });
    for (const lane of LANES) for (let i = 0; i < 6; i++) await enqueueJob(t.db, clock, { name: `work.${lane}`, lane });

    const startedPerLane = (started: { lane: Lane }[]) => Object.fromEntries(LANES.map((lane) => [lane, started.filter((j) => j.lane === lane).length]));
    const rounds: Array<Record<string, number>> = [];
    for (let round = 0; round < 6; round++) {
      clock.advance(POLL_MS);
      const result = await w.tick();
      rounds.push(startedPerLane(result.started));
      // Every slot is taken: another tick starts nothing, however many jobs wait.
      clock.advance(POLL_MS);
      expect((await w.tick()).started).toEqual([]);
      const running = await runningPerLane();
      for (const lane of LANES) {
        expect(running[lane] ?? 0).toBeLessThanOrEqual(limits[lane]);
        expect(w.running().filter((j) => j.lane === lane).length).toBe(running[lane] ?? 0);
      }
      for (const open of release.values()) open();
      release.clear();
      await result.finished;
    }
    expect(rounds).toEqual([
      { urgent: 3, default: 2, bulk: 1 },
      { urgent: 3, default: 2, bulk: 1 },
      { urgent: 0, default: 2, bulk: 1 },
      { urgent: 0, default: 0, bulk: 1 },
      { urgent: 0, default: 0, bulk: 1 },
      { urgent: 0, default: 0, bulk: 1 },
    ]);
    expect(peak).toEqual(limits);
    const statuses = await t.db.kysely.selectFrom('jobs').select('status').distinct().execute();
    expect(statuses).toEqual([{ status: 'done' }]);
  });

  it('claims no more jobs of a lane than asked, on either database', async () => {
    for (let i = 0; i < 5; i++) await enqueueJob(t.db, clock, { name: 'x', lane: 'bulk', runAt: START - 10 + i });
    await enqueueJob(t.db, clock, { name: 'y', lane: 'urgent' });
    const claimed = await claimJobs(t.db, { nodeId: 'node-a', lane: 'bulk', now: START, lockedUntil: START + LEASE_MS, limit: 2 });
    expect(claimed.map((j) => [j.name, j.lane])).toEqual([
      ['x', 'bulk'],
      ['x', 'bulk'],
    ]);
    expect(await runningPerLane()).toEqual({ bulk: 2 });
  });

  it('enqueues a scheduled job in its handler’s lane, and warns when a job was enqueued in another', async () => {
    const registry = createJobRegistry();
    const ran: Lane[] = [];
    registry.register('incidents.sla-check', async (_payload, ctx) => void ran.push(ctx.lane), { lane: 'urgent' });
    const w = worker({ registry, schedules: [{ name: 'sla', cron: '* * * * *', job: 'incidents.sla-check' }] });
    await w.tick();
    clock.advance(MINUTE);
    const result = await w.tick();
    expect(result.started.map((j) => j.lane)).toEqual(['urgent']);
    await result.finished;

    const misfiled = await enqueueJob(t.db, clock, { name: 'incidents.sla-check' });
    const again = await w.tick();
    expect(again.started).toEqual([{ id: misfiled, name: 'incidents.sla-check', lane: 'default' }]);
    await again.finished;
    expect(ran).toEqual(['urgent', 'default']);
    expect(logs.records.some((r) => r.job === 'incidents.sla-check' && r.registeredIn === 'urgent' && (r.level as number) === 40)).toBe(true);
    await expect(enqueueJob(t.db, clock, { name: 'x', lane: 'fast' as Lane })).rejects.toThrow(/lane/);
  });

  describe('lease extension', () => {
    it('keeps a long job’s claim alive so another node never starts it, and lets that node run it once this one dies', async () => {
      const STEP = 5_000;
      const starts: string[] = [];
      const hold = gate();
      const registryOf = (node: string) => {
        const registry = createJobRegistry();
        registry.register(
          'reports.monthly',
          async (_payload, ctx) => {
            starts.push(`${node}#${ctx.attempt}`);
            if (node === 'node-a') await hold.opened; // node-a's run outlasts twenty leases
          },
          { lane: 'bulk' },
        );
        return registry;
      };
      const a = worker({ nodeId: 'node-a', registry: registryOf('node-a') });
      const b = worker({ db: t.reopen(), nodeId: 'node-b', registry: registryOf('node-b') });
      const id = await enqueueJob(t.db, clock, { name: 'reports.monthly', lane: 'bulk' });
      expect((await a.tick()).started.map((j) => j.id)).toEqual([id]);
      expect((await b.tick()).leader).toBe(false);

      // Ten minutes of both nodes polling. Half-way, node-a loses the scheduler lease while it lives (as after a
      // network blip longer than the lease): node-b leads from then on and claims due jobs, but not this one.
      for (let at = START + STEP; at <= START + 10 * MINUTE; at += STEP) {
        clock.set(at);
        if (at === START + 5 * MINUTE) await t.db.kysely.updateTable('leases').set({ expires_at: at }).execute();
        await b.tick();
        await a.tick();
        const row = await jobRow(id);
        expect(row).toMatchObject({ status: 'running', locked_by: 'node-a', attempts: 1 });
        // Renewed every leaseMs/3 of clock time, so never less than two thirds of a lease ahead.
        expect(row.locked_until! - at).toBeGreaterThanOrEqual((LEASE_MS * 2) / 3);
      }
      expect(b.isLeader()).toBe(true);
      expect(a.isLeader()).toBe(false);
      expect(starts).toEqual(['node-a#1']);

      // node-a dies: no more polls, no more renewals. node-b runs the job once the last renewal has run out.
      const lockedUntil = (await jobRow(id)).locked_until!;
      let takenOverAt = 0;
      for (let at = START + 10 * MINUTE + STEP; at <= lockedUntil + 2 * STEP && takenOverAt === 0; at += STEP) {
        clock.set(at);
        const result = await b.tick();
        if (result.started.length > 0) {
          takenOverAt = at;
          await result.finished;
        }
      }
      expect(takenOverAt).toBeGreaterThan(lockedUntil);
      expect(takenOverAt).toBeLessThanOrEqual(lockedUntil + STEP);
      expect(starts).toEqual(['node-a#1', 'node-b#2']);
      expect(await jobRow(id)).toMatchObject({ status: 'done', attempts: 2, locked_by: null });

      // The dead node's handler returns after all: the job is no longer its to record.
      hold.open();
      await vi.waitFor(() => expect(logs.records.some((r) => r.jobId === id && String(r.msg).includes('another node had taken it over'))).toBe(true));
      expect(await jobRow(id)).toMatchObject({ status: 'done', attempts: 2 });
    });

    it('lets a handler extend its claim itself, and aborts its signal once the claim is lost', async () => {
      const registry = createJobRegistry();
      const step = pulses();
      const extended: boolean[] = [];
      let reason: unknown;
      registry.register(
        'reports.monthly',
        async (_payload, ctx) => {
          await step.next();
          extended.push(await ctx.extendLease());
          await step.next();
          reason = ctx.signal.reason;
          extended.push(await ctx.extendLease());
        },
        { lane: 'bulk' },
      );
      const w = worker({ registry });
      const id = await enqueueJob(t.db, clock, { name: 'reports.monthly', lane: 'bulk' });
      const result = await w.tick();

      // No poll for almost a lease (a long synchronous step, say): the handler renews the claim itself.
      clock.advance(LEASE_MS - 1);
      step.fire();
      await vi.waitFor(() => expect(extended).toEqual([true]));
      expect((await jobRow(id)).locked_until).toBe(clock.now() + LEASE_MS);

      // Another node has the job now (as if this node's lock had lapsed and it was claimed): the next poll sees it.
      await t.db.kysely.updateTable('jobs').set({ locked_by: 'node-z' }).where('id', '=', id).execute();
      clock.advance(POLL_MS);
      await w.tick();
      step.fire();
      const [outcome] = await result.finished;
      expect(reason).toBeInstanceOf(JobAbortedError);
      expect((reason as JobAbortedError).reason).toBe('claim-lost');
      expect(extended).toEqual([true, false]);
      expect(outcome).toMatchObject({ id, ok: false, status: null });
      // Nothing written over the other node's claim.
      expect(await jobRow(id)).toMatchObject({ status: 'running', locked_by: 'node-z' });
    });
  });

  it('stores progress at most once a second of clock time, and always the last report', async () => {
    const registry = createJobRegistry();
    const step = pulses();
    registry.register(
      'reports.monthly',
      async (_payload, ctx) => {
        expect(() => ctx.progress(1.5)).toThrow(RangeError);
        expect(() => ctx.progress(Number.NaN)).toThrow(RangeError);
        ctx.progress(0.1, 'reading ledgers');
        ctx.progress(0.2); // the same instant: held back
        await step.next();
        ctx.progress(0.5, 'writing the PDF');
        await step.next();
        ctx.progress(0.9); // the message stays
      },
      { lane: 'bulk' },
    );
    const w = worker({ registry });
    const id = await enqueueJob(t.db, clock, { name: 'reports.monthly', lane: 'bulk' });
    const progressOf = async () => {
      const row = await jobRow(id);
      return { progress: row.progress, message: row.message };
    };
    const result = await w.tick();
    // Written at once, with what is newest when the write goes out.
    await vi.waitFor(async () => expect(await progressOf()).toEqual({ progress: 0.2, message: 'reading ledgers' }));

    clock.advance(400);
    step.fire();
    await w.tick();
    expect(await progressOf()).toEqual({ progress: 0.2, message: 'reading ledgers' });
    clock.advance(600);
    await w.tick();
    expect(await progressOf()).toEqual({ progress: 0.5, message: 'writing the PDF' });

    step.fire();
    const [outcome] = await result.finished;
    expect(outcome).toMatchObject({ ok: true, status: 'done' });
    expect(await jobRow(id)).toMatchObject({ status: 'done', progress: 0.9, message: 'writing the PDF' });
  });

  describe('cancel', () => {
    it('cancels a queued job at once: it never runs, and its dedupe key is free again', async () => {
      const ran: string[] = [];
      const registry = createJobRegistry();
      registry.register('mail.send', async (_payload, ctx) => void ran.push(ctx.jobId));
      const w = worker({ registry });
      const id = await enqueueJob(t.db, clock, { name: 'mail.send', dedupeKey: 'weekly-digest' });
      expect(await cancelQueuedJob(t.db.kysely, id, clock.now())).toBe(true);
      expect(await jobRow(id)).toMatchObject({ status: 'cancelled', finished_at: START, attempts: 0 });
      expect((await w.tick()).started).toEqual([]);
      expect(ran).toEqual([]);
      expect(await cancelQueuedJob(t.db.kysely, id, clock.now())).toBe(false);

      const again = await enqueueJob(t.db, clock, { name: 'mail.send', dedupeKey: 'weekly-digest' });
      expect(again).not.toBe(id);
    });

    it('cancels a running job: its handler’s signal aborts on the next poll and the job ends cancelled, not retried', async () => {
      const registry = createJobRegistry();
      let reason: unknown;
      registry.register(
        'recon.daily',
        (_payload, ctx) =>
          new Promise<void>((_resolve, reject) =>
            ctx.signal.addEventListener('abort', () => {
              reason = ctx.signal.reason;
              reject(ctx.signal.reason as Error);
            }),
          ),
        { lane: 'bulk' },
      );
      const w = worker({ registry });
      const id = await enqueueJob(t.db, clock, { name: 'recon.daily', lane: 'bulk' });
      const result = await w.tick();

      clock.advance(300);
      expect(await requestJobCancel(t.db.kysely, id, clock.now())).toBe(true);
      expect(await jobRow(id)).toMatchObject({ status: 'running', cancel_requested_at: START + 300 });
      clock.advance(POLL_MS - 300);
      await w.tick();
      const [outcome] = await result.finished;
      expect((reason as JobAbortedError).reason).toBe('cancelled');
      expect(outcome).toMatchObject({ ok: false, status: 'cancelled' });
      expect(await jobRow(id)).toMatchObject({ status: 'cancelled', attempts: 1, finished_at: START + POLL_MS, locked_by: null, last_error: null });

      clock.advance(60 * MINUTE);
      expect((await w.tick()).started).toEqual([]);
    });

    it('ends a job cancelled even when its handler ignores the signal, whatever the handler did', async () => {
      const registry = createJobRegistry();
      const holds = new Map<string, { opened: Promise<void>; open: () => void }>();
      const aborted: string[] = [];
      registry.register('recon.daily', async (payload, ctx) => {
        ctx.signal.addEventListener('abort', () => aborted.push(ctx.jobId));
        const hold = gate();
        holds.set(ctx.jobId, hold);
        await hold.opened;
        if (payload === 'throws') throw new Error('bank file unreadable');
      });
      const w = worker({ registry });
      const seen = await enqueueJob(t.db, clock, { name: 'recon.daily', payload: 'returns', runAt: START - 2 });
      const unseen = await enqueueJob(t.db, clock, { name: 'recon.daily', payload: 'throws', runAt: START - 1 });
      const result = await w.tick();
      expect(result.started.map((j) => j.id)).toEqual([seen, unseen]);

      // The first cancel is seen by a poll before its handler returns; the second only as its handler fails.
      await requestJobCancel(t.db.kysely, seen, clock.now());
      clock.advance(POLL_MS);
      await w.tick();
      expect(aborted).toEqual([seen]);
      await requestJobCancel(t.db.kysely, unseen, clock.now());
      holds.get(seen)!.open();
      holds.get(unseen)!.open();
      const outcomes = await result.finished;
      expect(outcomes.map((o) => o.status)).toEqual(['cancelled', 'cancelled']);
      expect(await jobRow(seen)).toMatchObject({ status: 'cancelled', attempts: 1 });
      expect(await jobRow(unseen)).toMatchObject({ status: 'cancelled', attempts: 1, finished_at: clock.now() });
    });

    it('cancels rather than runs again a job whose node died after the cancel was asked for', async () => {
      const registry = createJobRegistry();
      const ran: string[] = [];
      registry.register('recon.daily', async (_payload, ctx) => void ran.push(ctx.jobId));
      const w = worker({ registry });
      const id = await enqueueJob(t.db, clock, { name: 'recon.daily' });
      await claimJobs(t.db, { nodeId: 'node-dead', now: START, lockedUntil: START + LEASE_MS, limit: 1 });
      await requestJobCancel(t.db.kysely, id, START);
      clock.advance(LEASE_MS + 1);
      expect((await w.tick()).started).toEqual([]);
      expect(ran).toEqual([]);
      expect(await jobRow(id)).toMatchObject({ status: 'cancelled', finished_at: clock.now(), locked_by: null });
    });
  });

  describe('stop()', () => {
    it('waits for a running job to finish before giving the lease up', async () => {
      const registry = createJobRegistry();
      const hold = gate();
      registry.register('mail.send', () => hold.opened);
      const w = worker({ registry });
      const id = await enqueueJob(t.db, clock, { name: 'mail.send' });
      await w.tick();
      const stopping = w.stop();
      hold.open();
      await stopping;
      expect(await jobRow(id)).toMatchObject({ status: 'done' });
      expect(await t.db.kysely.selectFrom('leases').selectAll().execute()).toEqual([]);
    });

    it('after its grace, aborts with "shutdown": a job that stops goes back to the queue unattempted, one that ignores it is left to its lapsing claim', async () => {
      const registry = createJobRegistry();
      const reasons: unknown[] = [];
      const stubborn = gate();
      registry.register('mail.send', (_payload, ctx) => new Promise<void>((_resolve, reject) => ctx.signal.addEventListener('abort', () => reject(ctx.signal.reason as Error))));
      registry.register('recon.daily', async (_payload, ctx) => {
        ctx.signal.addEventListener('abort', () => reasons.push(ctx.signal.reason));
        await stubborn.opened;
      });
      const w = worker({ registry });
      const polite = await enqueueJob(t.db, clock, { name: 'mail.send', runAt: START - 1 });
      const ignores = await enqueueJob(t.db, clock, { name: 'recon.daily' });
      expect((await w.tick()).started).toHaveLength(2);

      await w.stop();
      expect(await jobRow(polite)).toMatchObject({ status: 'queued', attempts: 0, locked_by: null });
      expect(await jobRow(ignores)).toMatchObject({ status: 'running', attempts: 1, locked_by: 'node-a', locked_until: START + LEASE_MS });
      expect((reasons[0] as JobAbortedError).reason).toBe('shutdown');
      expect(logs.records.some((r) => r.jobId === ignores && String(r.msg).includes('ignored its signal'))).toBe(true);

      // Another node runs it again once the claim has lapsed.
      const ran: string[] = [];
      const other = createJobRegistry();
      other.register('recon.daily', async (_payload, ctx) => void ran.push(`${ctx.jobId}#${ctx.attempt}`));
      other.register('mail.send', async () => {});
      const b = worker({ db: t.reopen(), nodeId: 'node-b', registry: other });
      clock.advance(LEASE_MS + 1);
      await (await b.tick()).finished;
      expect(ran).toEqual([`${ignores}#2`]);
      expect(await jobRow(ignores)).toMatchObject({ status: 'done', last_error: null });
      stubborn.open();
    });
  });

  it('reports an abandoned job’s last error when it runs again', async () => {
    // A claim that lapsed says why the job runs again, so the console can tell it apart from a first attempt.
    const registry = createJobRegistry();
    const hold = gate();
    registry.register('recon.daily', () => hold.opened);
    const w = worker({ registry });
    const id = await enqueueJob(t.db, clock, { name: 'recon.daily' });
    await claimJobs(t.db, { nodeId: 'node-dead', now: START, lockedUntil: START + LEASE_MS, limit: 1 });
    clock.advance(LEASE_MS + 1);
    const result = await w.tick();
    expect(await jobRow(id)).toMatchObject({ status: 'running', attempts: 2, last_error: ABANDONED_ERROR, progress: null });
    hold.open();
    await result.finished;
  });
});
