import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Caller, type TestApp } from '../testing/app.ts';
import { describeEachDatabase } from '../testing/each-database.ts';
import { createJobRegistry } from './registry.ts';
import { createWorker, enqueueJob } from './worker.ts';

interface JobBody {
  id: string;
  name: string;
  lane: string;
  status: string;
  progress: number | null;
  message: string | null;
  attempts: number;
  cancelRequestedAt: string | null;
  cancellable: boolean;
  finishedAt: string | null;
}

describeEachDatabase('jobs API on %s', (dialect) => {
  let t: TestApp;
  let admin: Caller;

  beforeAll(async () => {
    t = await createTestApp(dialect);
    admin = await t.loginAdmin();
  });
  afterAll(async () => t?.close());

  const get = (caller: Caller, url: string) => t.call(caller, { method: 'GET', url });
  const cancel = (caller: Caller, id: string) => t.call(caller, { method: 'POST', url: `/api/v1/jobs/${id}/cancel` });

  describe('reading', () => {
    const ids: string[] = [];
    beforeAll(async () => {
      // Enqueued a second apart, so that newest first is a known order.
      const specs = [
        { name: 'reports.monthly', lane: 'bulk' },
        { name: 'incidents.escalate', lane: 'urgent' },
        { name: 'mail.send', lane: 'default' },
        { name: 'recon.daily', lane: 'bulk' },
      ] as const;
      for (const spec of specs) {
        t.clock.advance(1_000);
        ids.push(await enqueueJob(t.db, t.clock, { ...spec, payload: { secret: 'not for the page' } }));
      }
    });

    it('lists jobs newest first, a page at a time, and filters by lane and status', async () => {
      const first = await get(admin, '/api/v1/jobs?limit=2');
      expect(first.statusCode, first.body).toBe(200);
      const page1 = first.json() as { items: JobBody[]; nextCursor: string | null };
      expect(page1.items.map((j) => j.id)).toEqual([ids[3], ids[2]]);
      expect(page1.items[0]).toMatchObject({ name: 'recon.daily', lane: 'bulk', status: 'queued', progress: null, attempts: 0, cancellable: true });
      expect(first.body).not.toContain('not for the page');
      expect(page1.nextCursor).not.toBeNull();

      const page2 = (await get(admin, `/api/v1/jobs?limit=2&cursor=${page1.nextCursor}`)).json() as { items: JobBody[]; nextCursor: string | null };
      expect(page2.items.map((j) => j.id)).toEqual([ids[1], ids[0]]);

      const bulk = (await get(admin, '/api/v1/jobs?lane=bulk')).json() as { items: JobBody[] };
      expect(bulk.items.map((j) => j.id)).toEqual([ids[3], ids[0]]);
      const done = (await get(admin, '/api/v1/jobs?status=done')).json() as { items: JobBody[] };
      expect(done.items).toEqual([]);

      expect((await get(admin, '/api/v1/jobs?lane=fast')).statusCode).toBe(400);
      expect((await get(admin, '/api/v1/jobs?status=paused')).statusCode).toBe(400);
      const badCursor = await get(admin, '/api/v1/jobs?cursor=not-a-cursor');
      expect(badCursor.statusCode).toBe(400);
      expect(badCursor.json().error.code).toBe('VALIDATION_FAILED');
    });

    it('shows one job, and 404 for one that does not exist', async () => {
      const res = await get(admin, `/api/v1/jobs/${ids[1]}`);
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({ id: ids[1], name: 'incidents.escalate', lane: 'urgent', status: 'queued', maxAttempts: 5 });
      const missing = await get(admin, '/api/v1/jobs/01KNOSUCHJOB0000000000000');
      expect(missing.statusCode).toBe(404);
      expect(missing.json().error.code).toBe('NOT_FOUND');
    });

    it('refuses callers without jobs:read (403), and cancelling to those without jobs:manage', async () => {
      const engineer = await t.userWith(admin, ['engineer']);
      for (const url of ['/api/v1/jobs', `/api/v1/jobs/${ids[0]}`]) {
        const res = await get(engineer, url);
        expect(res.statusCode, url).toBe(403);
        expect(res.json().error).toMatchObject({ code: 'FORBIDDEN', details: { permission: 'jobs:read' } });
      }
      expect((await cancel(engineer, ids[0]!)).statusCode).toBe(403);

      const role = await t.call(admin, { method: 'POST', url: '/api/v1/roles', payload: { id: 'job-watcher', name: '任务查看', permissions: ['jobs:read'] } });
      expect(role.statusCode, role.body).toBe(200);
      const watcher = await t.userWith(admin, ['job-watcher']);
      expect((await get(watcher, '/api/v1/jobs')).statusCode).toBe(200);
      const refused = await cancel(watcher, ids[0]!);
      expect(refused.statusCode).toBe(403);
      expect(refused.json().error.details).toEqual({ permission: 'jobs:manage' });
      expect((await get(admin, `/api/v1/jobs/${ids[0]}`)).json()).toMatchObject({ status: 'queued' });
    });
  });

  it('cancels a queued job at once, audited, and refuses to cancel it again (409)', async () => {
    const id = await enqueueJob(t.db, t.clock, { name: 'mail.send' });
    const before = await t.auditCount();
    const res = await cancel(admin, id);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ id, status: 'cancelled', cancellable: false, finishedAt: new Date(t.clock.now()).toISOString() });
    expect(await t.auditCount()).toBe(before + 1);
    const record = (await get(admin, '/api/v1/audit?action=job.cancel&limit=1')).json().items[0];
    expect(record).toMatchObject({ action: 'job.cancel', targetType: 'job', targetId: id, before: { status: 'queued' }, after: { status: 'cancelled' } });

    const again = await cancel(admin, id);
    expect(again.statusCode).toBe(409);
    expect(again.json().error).toMatchObject({ code: 'JOB_FINISHED', details: { status: 'cancelled' } });
    expect((await cancel(admin, '01KNOSUCHJOB0000000000000')).statusCode).toBe(404);
  });

  it('shows a running job’s progress, and cancels it: its handler is told, and it ends cancelled', async () => {
    const registry = createJobRegistry();
    let aborted: unknown = null;
    registry.register(
      'recon.api-test',
      async (_payload, ctx) => {
        ctx.progress(0.25, '正在核对银行流水');
        await new Promise<void>((resolve) => ctx.signal.addEventListener('abort', () => resolve()));
        aborted = ctx.signal.reason;
      },
      { lane: 'bulk' },
    );
    const worker = createWorker({ db: t.db, clock: t.clock, nodeId: 'node-api-test', registry, schedules: [], log: pino({ level: 'silent' }), stopGraceMs: 20, lanes: { bulk: 4 } });
    try {
      const id = await enqueueJob(t.db, t.clock, { name: 'recon.api-test', lane: 'bulk' });
      // The other tests' queued jobs run (and fail: no handler here) beside it, in room enough; only this job matters.
      const tick = await worker.tick();
      expect(tick.started.map((j) => j.id)).toContain(id);

      let view: JobBody = (await get(admin, `/api/v1/jobs/${id}`)).json();
      for (let i = 0; i < 50 && view.progress === null; i++) view = (await get(admin, `/api/v1/jobs/${id}`)).json();
      expect(view).toMatchObject({ status: 'running', lane: 'bulk', progress: 0.25, message: '正在核对银行流水', attempts: 1, cancellable: true });
      const listed = (await get(admin, '/api/v1/jobs?status=running&lane=bulk')).json() as { items: JobBody[] };
      expect(listed.items.map((j) => j.id)).toEqual([id]);

      const res = await cancel(admin, id);
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json()).toMatchObject({ status: 'running', cancellable: false, cancelRequestedAt: new Date(t.clock.now()).toISOString() });

      t.clock.advance(1_000);
      await worker.tick();
      const outcomes = await tick.finished;
      expect(outcomes.find((o) => o.id === id)).toMatchObject({ status: 'cancelled' });
      expect(aborted).toMatchObject({ reason: 'cancelled' });
      expect((await get(admin, `/api/v1/jobs/${id}`)).json()).toMatchObject({ status: 'cancelled', progress: 0.25, cancellable: false });
    } finally {
      await worker.stop();
    }
  });
});
