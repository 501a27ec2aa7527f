import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { afterAll, afterEach, beforeAll, beforeEach, expect, it } from 'vitest';
import { newId } from '../../../ids.ts';
import { createTestApp, type Caller, type TestApp } from '../../../testing/app.ts';
import { describeEachDatabase } from '../../../testing/each-database.ts';
import { newAlertRow } from '../../alerting/alerts/alert-writer.ts';
import { closeEmailTransports } from '../channels/email.ts';
import { createDeliverer, type Deliverer } from './deliverer.ts';
import type { NotifyOrder } from './outbox.ts';
import { scriptedReceiver, type ScriptedReceiver } from './testing.ts';

/**
 * The deliverer as a stream rather than rounds (issue 10, bench/README "where the time goes" 3): a notification
 * queued while a slow send is in flight goes out without waiting for it; never more in flight than the limits; a
 * stop lets what is in flight finish and gives back what has not started; a row whose lease lapsed while it waited
 * is left to the node that has it now. Real local receivers (HTTP and SMTP) stand in for the vendors.
 */
const SECRET = 'whsec-0123456789abcdef';
const DAY = 86_400_000;

describeEachDatabase('the deliverer as a stream on %s', (dialect) => {
  let t: TestApp;
  let admin: Caller;
  const receivers: ScriptedReceiver[] = [];
  const closers: (() => Promise<void>)[] = [];
  const deliverers: Deliverer[] = [];

  beforeAll(async () => {
    t = await createTestApp(dialect, { OPSDESK_NOTIFY_TIMEOUT_SECONDS: '10', OPSDESK_PUBLIC_URL: 'https://ops.example.edu' });
    t.clock.set(Date.parse('2026-11-24T02:00:00Z'));
    admin = await t.loginAdmin();
  });
  afterAll(async () => {
    await t.close();
  });
  beforeEach(async () => {
    await t.db.kysely.deleteFrom('notification_attempts').execute();
    await t.db.kysely.deleteFrom('ack_links').execute();
    await t.db.kysely.deleteFrom('notifications').execute();
    t.clock.advance(DAY);
    admin = await t.loginAdmin();
  });
  afterEach(async () => {
    await Promise.all(deliverers.splice(0).map((d) => d.stop()));
    await Promise.all(receivers.splice(0).map((r) => r.close()));
    await Promise.all(closers.splice(0).map((close) => close()));
  });

  const node = (nodeId: string, limits: { concurrency?: number; channelConcurrency?: number } = {}) => {
    const core = t.services.notifyCore;
    const d = createDeliverer({ db: t.db, clock: t.clock, channels: core.registry, box: core.box, events: t.services.events, nodeId, sendTimeoutMs: t.config.notify.sendTimeoutMs, publicUrl: t.config.notify.publicUrl, ...limits });
    deliverers.push(d);
    return d;
  };

  async function ok<T>(method: 'POST', url: string, payload: unknown): Promise<T> {
    const res = await t.call(admin, { method, url, payload: payload as Record<string, unknown> });
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as T;
  }
  const webhook = async (r: ScriptedReceiver) => (await ok<{ id: string }>('POST', '/api/v1/channels', { name: `hook-${newId()}`, kind: 'webhook', settings: { url: `${r.url}/hook`, secret: SECRET } })).id;

  async function alert(): Promise<string> {
    const now = t.clock.now();
    const row = newAlertRow(
      { fingerprint: `stream-${newId()}`, rule_id: null, source: 'alertmanager', name: 'POS 终端静默', state: 'firing', level: 1, labels: '{}', detail: '{"code":"external","values":{}}', site_id: null, device_id: null, subsystem: null, parent_id: null, group_key: `g-${newId()}`, value: null, threshold: null, fires_at: null, fired_at: now },
      now,
    );
    await t.db.kysely.insertInto('alerts').values(row).execute();
    return row.id;
  }
  const order = (alertId: string, channelIds: string[], userIds: string[] = []): NotifyOrder => ({ key: `test:${newId()}`, kind: 'alert', alertIds: [alertId], level: 1, siteId: null, groupKey: null, escalationId: null, step: null, userIds, channelIds });
  const enqueue = (list: NotifyOrder[]) => t.db.kysely.transaction().execute((trx) => t.services.notifyCore.outbox.enqueue(trx, list, t.clock.now()));
  const stateOf = async (id: string) => (await t.db.kysely.selectFrom('notifications').select(['state', 'attempts', 'lease_owner']).where('id', '=', id).executeTakeFirstOrThrow());

  async function until(what: string, condition: () => boolean | Promise<boolean>, ms = 5000): Promise<void> {
    const end = Date.now() + ms;
    while (!(await condition())) {
      if (Date.now() > end) throw new Error(`${what}: not within ${ms} ms`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }

  /** An SMTP server that takes each mail's DATA and then holds its answer until the test lets it go: a slow mail. */
  async function slowSmtp() {
    const holding: (() => void)[] = [];
    let accepted = 0;
    const server = new SMTPServer({
      logger: false,
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      onData(stream, _session, callback) {
        stream.resume();
        stream.on('end', () => holding.push(() => ((accepted += 1), callback())));
      },
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    // the channel's pooled connection would hold the server's close for its 30 s grace
    closers.push(() => (closeEmailTransports(), new Promise<void>((resolve) => server.close(() => resolve()))));
    return { port: (server.server.address() as AddressInfo).port, holding: () => holding.length, release: () => holding.splice(0).forEach((answer) => answer()), accepted: () => accepted };
  }

  it('sends a webhook notification queued while a slow mail is in flight at once, without waiting for the mail', async () => {
    const smtp = await slowSmtp();
    const hook = await scriptedReceiver();
    receivers.push(hook);
    const mailer = await ok<{ id: string }>('POST', '/api/v1/channels', { name: `mail-${newId()}`, kind: 'email', settings: { host: '127.0.0.1', port: smtp.port, from: 'opsdesk@campus.example' } });
    const person = await ok<{ id: string }>('POST', '/api/v1/users', { username: `duty-${newId().slice(-6).toLowerCase()}`, displayName: '值班', email: 'duty@campus.example', password: 'Lantern-Orchid-Pebble-4', roleIds: ['engineer'], siteIds: null });
    const hookId = await webhook(hook);
    const [mail] = await enqueue([order(await alert(), [mailer.id], [person.id])]);
    expect(mail).toBeDefined();

    const deliverer = node('stream-node');
    const run = deliverer.runOnce();
    await until('the mail is being handed over', () => smtp.holding() === 1);

    const [page] = await enqueue([order(await alert(), [hookId])]);
    void deliverer.runOnce();
    await until('the webhook call', () => hook.calls.length === 1);
    expect(hook.calls[0]!.delivery).toBe(page!.id);
    // …and its receipt is written while the mail still waits for the server's answer.
    await until('the webhook receipt', async () => (await stateOf(page!.id)).state === 'sent');
    expect(smtp.holding()).toBe(1);
    expect(await stateOf(mail!.id)).toMatchObject({ state: 'queued', attempts: 0, lease_owner: 'stream-node' });

    smtp.release();
    await run;
    expect(smtp.accepted()).toBe(1);
    expect(await stateOf(mail!.id)).toMatchObject({ state: 'sent', attempts: 1, lease_owner: null });
  });

  it('never has more in flight than its limit, nor more than a channel’s share on one channel, and keeps them full', async () => {
    // Receivers that count the requests they hold at once (each answered after 150 ms).
    const gauges = await Promise.all([1, 2, 3].map(() => countingReceiver(150)));
    const ids = await Promise.all(gauges.map((g) => ok<{ id: string }>('POST', '/api/v1/channels', { name: `gauge-${newId()}`, kind: 'webhook', settings: { url: g.url, secret: SECRET } })));
    const orders: NotifyOrder[] = [];
    for (let i = 0; i < 30; i++) orders.push(order(await alert(), ids.map((c) => c.id)));
    expect(await enqueue(orders)).toHaveLength(90);

    const deliverer = node('gauge-node', { concurrency: 16, channelConcurrency: 8 });
    await deliverer.runOnce();

    expect(gauges.map((g) => g.requests)).toEqual([30, 30, 30]);
    for (const g of gauges) expect(g.mostAtOnce).toBeLessThanOrEqual(8);
    expect(Math.max(...gauges.map((g) => g.mostAtOnce))).toBe(8);
    expect(mostAtOnceOverall).toBeLessThanOrEqual(16);
    expect(mostAtOnceOverall).toBe(16);
    const states = await t.db.kysely.selectFrom('notifications').select('state').execute();
    expect(states.every((s) => s.state === 'sent')).toBe(true);
  });

  it('on stop, lets the sends in flight finish and writes their receipts, and gives back at once what it had not started', async () => {
    const slow = await scriptedReceiver({ status: 200, body: '{"ok":true}', delayMs: 400 });
    receivers.push(slow);
    const channelId = await webhook(slow);
    const orders: NotifyOrder[] = [];
    for (let i = 0; i < 20; i++) orders.push(order(await alert(), [channelId]));
    await enqueue(orders);

    const stopping = node('stopping-node', { channelConcurrency: 8 });
    void stopping.runOnce();
    await until('eight hand-overs under way', () => slow.calls.length === 8);
    await stopping.stop();

    const rows = await t.db.kysely.selectFrom('notifications').select(['id', 'state', 'attempts', 'lease_owner']).execute();
    const sent = rows.filter((r) => r.state === 'sent');
    expect(sent).toHaveLength(8);
    expect(new Set(sent.map((r) => r.id))).toEqual(new Set(slow.calls.map((c) => c.delivery)));
    // the rest: never tried, and nobody's — another node takes them now, not after the two-minute lease
    const rest = rows.filter((r) => r.state !== 'sent');
    expect(rest).toHaveLength(12);
    expect(rest.every((r) => r.state === 'queued' && r.attempts === 0 && r.lease_owner === null)).toBe(true);

    await node('other-node').runOnce();
    expect(slow.calls).toHaveLength(20);
    expect([...slow.deliveries().values()].every((n) => n === 1)).toBe(true);
  });

  it('does not send a row whose lease lapsed while it waited behind a slow send: another node may have it', async () => {
    const slow = await scriptedReceiver({ status: 200, body: '{"ok":true}', delayMs: 500 });
    receivers.push(slow);
    const [slowId, otherId] = [await webhook(slow), await webhook(slow)];
    const [first] = await enqueue([order(await alert(), [slowId])]);
    const [second] = await enqueue([order(await alert(), [otherId])]);

    // One slot: node A claims both rows, starts one, and the other waits behind it.
    const a = node('node-a', { concurrency: 1 });
    const runA = a.runOnce();
    await until('the first hand-over', () => slow.calls.length === 1);
    const waiting = slow.calls[0]!.delivery === first!.id ? second! : first!;
    // Past the lease: node B takes what A holds and sends it.
    t.clock.advance(121_000);
    await node('node-b').runOnce();
    await runA;

    expect(slow.deliveries().get(waiting.id)).toBe(1);
    const attempts = await t.db.kysely.selectFrom('notification_attempts').select(['node']).where('notification_id', '=', waiting.id).execute();
    expect(attempts.map((r) => r.node)).toEqual(['node-b']);
    expect(await stateOf(waiting.id)).toMatchObject({ state: 'sent', attempts: 1, lease_owner: null });
  });

  /** How many requests the gauges held at once, all together. */
  let atOnceOverall = 0;
  let mostAtOnceOverall = 0;
  beforeEach(() => {
    atOnceOverall = 0;
    mostAtOnceOverall = 0;
  });

  async function countingReceiver(delayMs: number) {
    const gauge = { url: '', requests: 0, atOnce: 0, mostAtOnce: 0 };
    const server = http.createServer((req, res) => {
      gauge.requests += 1;
      gauge.atOnce += 1;
      atOnceOverall += 1;
      gauge.mostAtOnce = Math.max(gauge.mostAtOnce, gauge.atOnce);
      mostAtOnceOverall = Math.max(mostAtOnceOverall, atOnceOverall);
      req.resume();
      setTimeout(() => {
        gauge.atOnce -= 1;
        atOnceOverall -= 1;
        res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
      }, delayMs);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    closers.push(
      () =>
        new Promise<void>((resolve) => {
          server.closeAllConnections();
          server.close(() => resolve());
        }),
    );
    gauge.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
    return gauge;
  }
});
