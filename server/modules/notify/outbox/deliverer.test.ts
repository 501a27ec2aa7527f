import fc from 'fast-check';
import type { Clock } from '../../../clock.ts';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { newId } from '../../../ids.ts';
import { createTestApp, type Caller, type TestApp } from '../../../testing/app.ts';
import { describeEachDatabase } from '../../../testing/each-database.ts';
import { newAlertRow } from '../../alerting/alerts/alert-writer.ts';
import { estateFixtures } from '../../estate/estate.fixtures.ts';
import type { NotificationsTable } from '../notify.tables.ts';
import { backoffMs, createDeliverer, type Deliverer, type DelivererLog } from './deliverer.ts';
import type { NotifyOrder } from './outbox.ts';
import { DINGTALK_OK, DOWN, OK_JSON, scriptedReceiver, type ScriptedReceiver } from './testing.ts';

/**
 * The outbox's failure cases (issue 10, "Speed and failure") on a real database, timed by the manual clock: an alert
 * storm against a robot's 20-a-minute limit, channels answering garbage, hanging, refusing for an hour, disabled or
 * deleted under their queue, and two nodes sending from one queue. Real local receivers stand in for the vendors.
 */
const T0 = Date.parse('2026-11-24T02:00:00Z');
const SEC = 1000;
const MIN = 60_000;
const DAY = 86_400_000;
const SECRET = 'whsec-0123456789abcdef';

describe('backoffMs', () => {
  it('waits 5 s after the first failure, doubles, and stops growing at 5 minutes', () => {
    const ceiling = (failures: number) => backoffMs(failures, () => 1);
    expect([1, 2, 3, 4, 5, 6, 7, 8, 20, 1000, 5000].map(ceiling)).toEqual([5000, 10_000, 20_000, 40_000, 80_000, 160_000, 300_000, 300_000, 300_000, 300_000, 300_000]);
    expect(backoffMs(1, () => 0)).toBe(2500);
    expect(backoffMs(9, () => 0)).toBe(150_000);
  });

  it('keeps its jitter within [ceiling/2, ceiling] and never waits less after more failures', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10_000 }), fc.double({ min: 0, max: 1, noNaN: true }), (failures, r) => {
        const ceiling = Math.min(300_000, 5000 * 2 ** (failures - 1));
        const wait = backoffMs(failures, () => r);
        expect(wait).toBeGreaterThanOrEqual(ceiling / 2);
        expect(wait).toBeLessThanOrEqual(ceiling);
        // the floor of the next failure's wait is never below this one's floor
        expect(backoffMs(failures + 1, () => 0)).toBeGreaterThanOrEqual(backoffMs(failures, () => 0));
      }),
    );
  });
});

describeEachDatabase('the outbox deliverer on %s', (dialect) => {
  let t: TestApp;
  let admin: Caller;
  let site: { id: string };
  const receivers: ScriptedReceiver[] = [];
  const deliverers: Deliverer[] = [];

  beforeAll(async () => {
    // one second per hand-over, an hour of retries: the hanging channel and the give-up test take seconds, not days
    t = await createTestApp(dialect, { OPSDESK_NOTIFY_TIMEOUT_SECONDS: '1', OPSDESK_NOTIFY_RETRY_HOURS: '1', OPSDESK_PUBLIC_URL: 'https://ops.example.edu' });
    t.clock.set(T0);
    admin = await t.loginAdmin();
    site = await estateFixtures(t).site(admin, { code: 'canteen-2', name: '二食堂' });
  });
  afterAll(async () => {
    await t.close();
  });
  beforeEach(async () => {
    // Each test starts on an empty queue, a day later (rate windows and sessions of the test before are long gone).
    await t.db.kysely.deleteFrom('notification_attempts').execute();
    await t.db.kysely.deleteFrom('ack_links').execute();
    await t.db.kysely.deleteFrom('notifications').execute();
    t.clock.advance(DAY);
    admin = await t.loginAdmin();
  });
  afterEach(async () => {
    await Promise.all(deliverers.splice(0).map((d) => d.stop()));
    await Promise.all(receivers.splice(0).map((r) => r.close()));
  });

  const receiver = async (reply = OK_JSON) => {
    const r = await scriptedReceiver(reply);
    receivers.push(r);
    return r;
  };

  /** Another node's deliverer on the same database (`random` makes its back-off exact; `clock` watches it read the time). */
  const node = (nodeId: string, options: { random?: () => number; clock?: Clock; log?: DelivererLog } = {}) => {
    const core = t.services.notifyCore;
    const d = createDeliverer({
      db: t.db,
      clock: options.clock ?? t.clock,
      channels: core.registry,
      box: core.box,
      events: t.services.events,
      nodeId,
      sendTimeoutMs: t.config.notify.sendTimeoutMs,
      publicUrl: t.config.notify.publicUrl,
      ...(options.random && { random: options.random }),
      ...(options.log && { log: options.log }),
    });
    deliverers.push(d);
    return d;
  };

  /**
   * The test's clock, read through a counter that throws past `limit` reads. A deliverer that spins on its queue
   * (claims, defers and claims the same rows again without time passing) never yields to the timers on SQLite, whose
   * driver answers synchronously, so no timeout can stop it; the clock it reads can.
   */
  function spinGuard(limit: number) {
    let reads = 0;
    const clock: Clock = {
      now: () => {
        if (++reads > limit) throw new Error(`the deliverer read the clock ${limit} times in one run without time passing: it is spinning`);
        return t.clock.now();
      },
    };
    const errors: string[] = [];
    const log: DelivererLog = { warn: () => {}, error: (obj) => errors.push(String((obj as { err?: Error }).err?.message)) };
    return { clock, log, errors, reads: () => reads, reset: () => (reads = 0) };
  }

  async function channel(body: Record<string, unknown>): Promise<string> {
    const res = await t.call(admin, { method: 'POST', url: '/api/v1/channels', payload: { name: `ch-${newId()}`, ...body } });
    expect(res.statusCode, res.body).toBe(200);
    return (res.json() as { id: string }).id;
  }
  const webhook = (r: ScriptedReceiver, extra: Record<string, unknown> = {}) => channel({ kind: 'webhook', settings: { url: `${r.url}/hooks/opsdesk`, secret: SECRET }, ...extra });

  /** Real alerts at the site, as the evaluator would have raised them. */
  async function alerts(count: number, level: 1 | 2 | 3): Promise<string[]> {
    const now = t.clock.now();
    const rows = Array.from({ length: count }, (_, i) =>
      newAlertRow(
        {
          fingerprint: `storm-${newId()}`,
          rule_id: null,
          source: 'alertmanager',
          name: `POS 终端静默 ${i}`,
          state: 'firing',
          level,
          labels: '{"alertname":"PosSilent"}',
          detail: '{"code":"external","values":{}}',
          site_id: site.id,
          device_id: null,
          subsystem: null,
          parent_id: null,
          group_key: `{alertname="PosSilent",site="canteen-2",n="${i}"}`,
          value: null,
          threshold: null,
          fires_at: null,
          fired_at: now,
        },
        now,
      ),
    );
    for (let i = 0; i < rows.length; i += 100) await t.db.kysely.insertInto('alerts').values(rows.slice(i, i + 100)).execute();
    return rows.map((r) => r.id);
  }

  /** One order per alert, as escalation writes them for separate groups: a group channel, nobody to mention. */
  const orders = (alertIds: readonly string[], channelIds: string[], level: 1 | 2 | 3 = 1): NotifyOrder[] =>
    alertIds.map((id) => ({ key: `test:${id}`, kind: 'alert', alertIds: [id], level, siteId: site.id, groupKey: null, escalationId: null, step: null, userIds: [], channelIds }));

  const enqueue = (list: NotifyOrder[]) => t.db.kysely.transaction().execute((trx) => t.services.notifyCore.outbox.enqueue(trx, list, t.clock.now()));

  const rowsOf = (channelId: string): Promise<NotificationsTable[]> => t.db.kysely.selectFrom('notifications').selectAll().where('channel_id', '=', channelId).execute();
  const row = async (id: string) => (await t.db.kysely.selectFrom('notifications').selectAll().where('id', '=', id).executeTakeFirstOrThrow()) as NotificationsTable;
  const attempts = (id: string) => t.db.kysely.selectFrom('notification_attempts').selectAll().where('notification_id', '=', id).orderBy('attempt').execute();
  const deliver = () => t.services.notifyCore.deliverer.runOnce();

  /** Fails instead of hanging when a run does not come back (a deliverer that spins on its queue). */
  async function within<T>(ms: number, what: string, work: Promise<T>): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`${what} did not return within ${ms} ms`)), ms)));
    try {
      return await Promise.race([work, late]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Every alert is accounted for: each row sent, or folded into a digest that was sent and names its alerts. */
  async function accountedFor(channelId: string, alertIds: readonly string[]) {
    const rows = await rowsOf(channelId);
    const digests = new Map(rows.filter((r) => r.kind === 'digest').map((r) => [r.id, r]));
    const alertRows = rows.filter((r) => r.kind !== 'digest');
    expect(alertRows).toHaveLength(alertIds.length);
    const told = new Set<string>();
    for (const r of alertRows) {
      const ids = JSON.parse(r.alert_ids) as string[];
      if (r.state === 'sent') ids.forEach((id) => told.add(id));
      else {
        expect(r.state, `notification ${r.id}`).toBe('folded');
        const digest = digests.get(r.digest_id ?? '');
        expect(digest?.state, `the digest of ${r.id}`).toBe('sent');
        const named = new Set(JSON.parse(digest!.alert_ids) as string[]);
        for (const id of ids) if (named.has(id)) told.add(id);
      }
    }
    expect([...alertIds].filter((id) => !told.has(id))).toEqual([]);
    return { rows: alertRows, digests: [...digests.values()] };
  }

  it('hands a 20-a-minute robot at most 20 messages for 500 alerts in one minute: the most severe alone, the rest in one digest that counts them', async () => {
    const hook = await receiver();
    const robot = await webhook(hook, { ratePerMinute: 20 });
    const severe = await alerts(5, 1);
    const minor = await alerts(495, 3);
    const created = await enqueue([...orders(severe, [robot], 1), ...orders(minor, [robot], 3)]);
    expect(created).toHaveLength(500);

    await deliver();

    expect(hook.calls.length).toBeGreaterThan(0);
    expect(hook.calls.length).toBeLessThanOrEqual(20);
    const digests = hook.calls.filter((c) => c.json?.kind === 'digest');
    expect(digests).toHaveLength(1);
    const alone = hook.calls.filter((c) => c.json?.kind === 'alert');
    // The five level-1 alerts went out one by one, each under its own title.
    for (const id of severe) expect(alone.some((c) => (c.json!.url as string).endsWith(`/alerts/${id}`)), `alert ${id}`).toBe(true);

    const { rows, digests: stored } = await accountedFor(robot, [...severe, ...minor]);
    const folded = rows.filter((r) => r.state === 'folded');
    expect(folded.length + alone.length).toBe(500);
    expect(stored).toHaveLength(1);
    // The digest says how many it stands for, where, and how many are new (a group robot reads Chinese).
    const title = digests[0]!.json!.title as string;
    const counted = /^二食堂 (\d+) 条告警：新增 (\d+)，仍在告警 0$/.exec(title);
    expect(counted, title).not.toBeNull();
    expect(Number(counted![1])).toBe(folded.length);
    expect(Number(counted![2])).toBe(folded.length);
    expect(digests[0]!.delivery).toBe(stored[0]!.id);
    // Every hand-over carried its notification's id, once.
    expect([...hook.deliveries().values()].every((n) => n === 1)).toBe(true);

    // A minute later the window is open again, and nothing is sent twice.
    const before = hook.calls.length;
    t.clock.advance(MIN);
    await deliver();
    t.clock.advance(MIN);
    await deliver();
    expect(hook.calls.length).toBe(before);
    expect((await rowsOf(robot)).filter((r) => r.state === 'queued')).toEqual([]);
  });

  it('holds what comes while the window is full until it reopens, then folds it with the next minute’s alerts: still 20 a minute', async () => {
    const hook = await receiver();
    const robot = await webhook(hook, { ratePerMinute: 20 });
    // A run here reads the clock a few dozen times (once per claim, channel and hand-over); hundreds is a spin.
    const guard = spinGuard(200);
    const deliverer = node('storm-node', { clock: guard.clock, log: guard.log });
    const run = async (what: string) => {
      guard.reset();
      await within(10 * SEC, what, deliverer.runOnce());
      expect(guard.errors, what).toEqual([]);
    };
    const start = t.clock.now();
    const first = await alerts(100, 2);
    await enqueue(orders(first, [robot], 2));
    await run('the first minute');
    const firstMinute = hook.calls.length;
    expect(firstMinute).toBeLessThanOrEqual(20);

    // Half a minute on: the window is full, these wait.
    t.clock.advance(30 * SEC);
    const waiting = await alerts(10, 2);
    await enqueue(orders(waiting, [robot], 2));
    await run('the full window');
    expect(hook.calls.length).toBe(firstMinute);
    for (const r of (await rowsOf(robot)).filter((x) => waiting.includes(x.alert_id!))) {
      expect(r.state).toBe('queued');
      expect(r.next_attempt_at).toBe(start + MIN);
    }

    // The next minute, to the millisecond the first one's hand-overs leave the window: 100 more.
    t.clock.set(start + MIN);
    const second = await alerts(100, 2);
    await enqueue(orders(second, [robot], 2));
    await run('the run as the window reopens');
    expect(hook.calls.length - firstMinute).toBeGreaterThan(0);
    expect(hook.calls.length - firstMinute).toBeLessThanOrEqual(20);
    await accountedFor(robot, [...first, ...waiting, ...second]);
  });

  it('keeps a robot to its 20 a minute when two nodes send to it at once', async () => {
    // A slow robot: node A is still handing over its first minute's 20 when more alerts come and node B takes them.
    const hook = await receiver({ status: 200, body: '{"ok":true}', delayMs: 300 });
    const robot = await webhook(hook, { ratePerMinute: 20 });
    const [a, b] = [node('node-a'), node('node-b')];
    const first = await alerts(100, 2);
    await enqueue(orders(first, [robot], 2));
    const runA = a.runOnce();
    for (let i = 0; i < 200 && hook.calls.length === 0; i++) await new Promise((r) => setTimeout(r, 10));
    expect(hook.calls.length, 'node A is handing over').toBeGreaterThan(0);
    const more = await alerts(100, 2);
    await enqueue(orders(more, [robot], 2));
    await within(20 * SEC, 'two deliverers', Promise.all([runA, b.runOnce()]));

    const sent = await t.db.kysely.selectFrom('notification_attempts').select(['node']).where('channel_id', '=', robot).where('outcome', '=', 'sent').execute();
    const byNode = ['node-a', 'node-b'].map((id) => `${id}: ${sent.filter((r) => r.node === id).length}`).join(', ');
    expect(hook.calls.length, `hand-overs in one minute (${byNode})`).toBeLessThanOrEqual(20);

    // The next minute takes what had to wait; every alert is accounted for.
    t.clock.advance(MIN);
    await within(20 * SEC, 'the next minute', Promise.all([a.runOnce(), b.runOnce()]));
    await accountedFor(robot, [...first, ...more]);
  });

  it('retries a DingTalk robot that answers an HTML page or broken JSON, with a reason that says so, and sends when it is fixed', async () => {
    const robot = await receiver({ status: 200, body: '<html><head><title>502 Bad Gateway</title></head><body><h1>nginx</h1></body></html>', contentType: 'text/html' });
    const dingtalk = await channel({ kind: 'dingtalk', settings: { webhookUrl: `${robot.url}/robot/send`, accessToken: 'tok-secret-123' } });
    const [alertId] = await alerts(1, 1);
    const [n] = await enqueue(orders([alertId!], [dingtalk]));

    const firstAt = t.clock.now();
    await deliver();
    expect(robot.calls).toHaveLength(1);
    let queued = await row(n!.id);
    expect(queued).toMatchObject({ state: 'queued', attempts: 1 });
    expect(queued.next_attempt_at!).toBeGreaterThan(firstAt);
    expect(queued.next_attempt_at!).toBeLessThanOrEqual(firstAt + 5 * SEC);
    expect(queued.last_error).toMatch(/^DingTalk: answer is not JSON \(HTTP 200 text\/html\): <html>/);
    const [html] = await attempts(n!.id);
    expect(html).toMatchObject({ outcome: 'failed', attempt: 1 });
    expect(html!.detail).toBe(queued.last_error);
    // The robot's token is in its URL: never in what opsdesk writes down.
    expect(html!.detail).not.toContain('tok-secret-123');

    // Not due yet: nothing is sent before the back-off is over.
    await deliver();
    expect(robot.calls).toHaveLength(1);

    // JSON cut short, labelled as JSON.
    robot.reply = { status: 200, body: '{"errcode":0,"errm', contentType: 'application/json' };
    t.clock.set(queued.next_attempt_at!);
    await deliver();
    expect(robot.calls).toHaveLength(2);
    queued = await row(n!.id);
    expect(queued).toMatchObject({ state: 'queued', attempts: 2 });
    expect(queued.next_attempt_at!).toBeGreaterThan(t.clock.now());
    expect(queued.last_error).toMatch(/^DingTalk: answer is not JSON \(HTTP 200 application\/json\)/);

    robot.reply = DINGTALK_OK;
    t.clock.set(queued.next_attempt_at!);
    await deliver();
    expect(robot.calls).toHaveLength(3);
    expect(robot.calls[2]!.json).toMatchObject({ msgtype: 'markdown' });
    expect(await row(n!.id)).toMatchObject({ state: 'sent', attempts: 3, last_error: null });
    expect((await attempts(n!.id)).map((a) => a.outcome)).toEqual(['failed', 'failed', 'sent']);
  });

  it('gives up on a hanging channel after the timeout, without holding up another channel of the same batch', async () => {
    const silent = await receiver('hang');
    const stalling = await receiver('stall');
    const healthy = await receiver();
    const [silentId, stallingId, healthyId] = [await webhook(silent), await channel({ kind: 'dingtalk', settings: { webhookUrl: `${stalling.url}/robot/send`, accessToken: 'x' } }), await webhook(healthy)];
    const [alertId] = await alerts(1, 1);
    await enqueue(orders([alertId!], [silentId, stallingId, healthyId]));
    const now = t.clock.now();

    const t0 = performance.now();
    await within(5 * SEC, 'the deliverer', deliver());
    const took = performance.now() - t0;
    // One second of timeout, the channels side by side: not three seconds one after another, nor the 10 s default.
    expect(took).toBeLessThan(2900);

    expect(healthy.calls).toHaveLength(1);
    const [ok] = await rowsOf(healthyId);
    expect(ok).toMatchObject({ state: 'sent', attempts: 1 });
    for (const channelId of [silentId, stallingId]) {
      const [waiting] = await rowsOf(channelId);
      expect(waiting).toMatchObject({ state: 'queued', attempts: 1, last_error: 'timed out after 1000 ms', lease_owner: null });
      expect(waiting!.next_attempt_at!).toBeGreaterThan(now);
      const [attempt] = await attempts(waiting!.id);
      expect(attempt).toMatchObject({ outcome: 'timeout', detail: 'timed out after 1000 ms' });
      expect(attempt!.duration_ms).toBeGreaterThanOrEqual(900);
      expect(attempt!.duration_ms).toBeLessThan(2500);
    }
    expect(silent.calls).toHaveLength(1);
    expect(stalling.calls).toHaveLength(1);
  });

  it('hands each notification over once when two nodes send from the same queue at the same time', async () => {
    const hook = await receiver();
    const target = await webhook(hook);
    const ids = await alerts(50, 2);
    const created = await enqueue(orders(ids, [target], 2));
    expect(created).toHaveLength(50);

    const [a, b] = [node('node-a'), node('node-b')];
    await within(20 * SEC, 'two deliverers', Promise.all([a.runOnce(), b.runOnce(), a.runOnce(), b.runOnce()]));

    const deliveries = hook.deliveries();
    expect(hook.calls).toHaveLength(50);
    expect(new Set(deliveries.keys())).toEqual(new Set(created.map((r) => r.id)));
    expect([...deliveries.values()].every((n) => n === 1)).toBe(true);
    const rows = await rowsOf(target);
    expect(rows.every((r) => r.state === 'sent' && r.attempts === 1 && r.lease_owner === null)).toBe(true);
    const receipts = await t.db.kysely.selectFrom('notification_attempts').select(['notification_id', 'node']).where('channel_id', '=', target).execute();
    expect(receipts).toHaveLength(50);
    expect(receipts.every((r) => r.node === 'node-a' || r.node === 'node-b')).toBe(true);
  });

  it('retries a channel that is down at 5 s, 10 s, 20 s … then every 5 minutes, and marks it failed when its hour of retries is up', async () => {
    const down = await receiver(DOWN);
    const target = await webhook(down);
    const [alertId] = await alerts(1, 1);
    const [n] = await enqueue(orders([alertId!], [target]));
    const deliverer = node('backoff-node', { random: () => 1 });

    const waits: number[] = [];
    let current = await row(n!.id);
    for (let i = 0; i < 40 && current.state === 'queued'; i++) {
      t.clock.set(current.next_attempt_at!);
      await deliverer.runOnce();
      const next = await row(n!.id);
      if (next.state === 'queued') waits.push(next.next_attempt_at! - t.clock.now());
      current = next;
    }
    expect(waits.slice(0, 8)).toEqual([5, 10, 20, 40, 80, 160, 300, 300].map((s) => s * SEC));
    expect(waits.slice(6).every((w) => w === 5 * MIN)).toBe(true);
    // The last try is the one whose next wait would end past give_up_at (an hour after it was queued).
    expect(current).toMatchObject({ state: 'failed', next_attempt_at: null, lease_owner: null });
    expect(current.last_error).toMatch(/^Webhook: HTTP 503/);
    expect(current.failed_at!).toBeLessThanOrEqual(current.give_up_at);
    expect(current.failed_at! + 5 * MIN).toBeGreaterThan(current.give_up_at);
    expect(current.attempts).toBe(waits.length + 1);
    expect(down.calls).toHaveLength(current.attempts);

    // Failed is final: a day later, with the receiver back, nothing more is sent.
    down.reply = OK_JSON;
    t.clock.advance(DAY);
    await deliverer.runOnce();
    expect(down.calls).toHaveLength(current.attempts);
    expect((await row(n!.id)).state).toBe('failed');
  });

  it('fails a notification at its first failure once it is past give_up_at (the node was down), instead of retrying it', async () => {
    const down = await receiver(DOWN);
    const target = await webhook(down);
    const [alertId] = await alerts(1, 1);
    const [n] = await enqueue(orders([alertId!], [target]));
    t.clock.advance(2 * 3_600_000);
    await deliver();
    expect(down.calls).toHaveLength(1);
    expect(await row(n!.id)).toMatchObject({ state: 'failed', attempts: 1, next_attempt_at: null });
    t.clock.advance(DAY);
    await deliver();
    expect(down.calls).toHaveLength(1);
  });

  it('marks failed, with the reason, what waits for a channel that was disabled or deleted, and does not retry it', async () => {
    const hook = await receiver();
    const [disabled, deleted] = [await webhook(hook), await webhook(hook)];
    const [alertId] = await alerts(1, 1);
    const created = await enqueue(orders([alertId!], [disabled, deleted]));
    expect(created).toHaveLength(2);
    expect((await t.call(admin, { method: 'PATCH', url: `/api/v1/channels/${disabled}`, payload: { enabled: false } })).statusCode).toBe(200);
    expect((await t.call(admin, { method: 'DELETE', url: `/api/v1/channels/${deleted}` })).statusCode).toBe(200);

    await deliver();
    const [off] = await rowsOf(disabled);
    const [gone] = await rowsOf(deleted);
    expect(off).toMatchObject({ state: 'failed', attempts: 1, last_error: 'the channel is disabled', next_attempt_at: null });
    expect(gone).toMatchObject({ state: 'failed', attempts: 1, last_error: 'the channel was deleted', next_attempt_at: null });
    expect((await attempts(off!.id)).map((a) => a.outcome)).toEqual(['failed']);
    expect(hook.calls).toHaveLength(0);

    // Enabled again, the channel does not resurrect the failed notification (it was about then, not now).
    expect((await t.call(admin, { method: 'PATCH', url: `/api/v1/channels/${disabled}`, payload: { enabled: true } })).statusCode).toBe(200);
    t.clock.advance(DAY);
    await deliver();
    expect(hook.calls).toHaveLength(0);
    expect((await attempts(off!.id)).length + (await attempts(gone!.id)).length).toBe(2);
  });
});
