import { afterAll, beforeAll, expect, it } from 'vitest';
import { newId } from '../../ids.ts';
import { ALL_PERMISSIONS } from '../auth/permissions.ts';
import { createTestApp, type Caller, type TestApp } from '../../testing/app.ts';
import { describeEachDatabase } from '../../testing/each-database.ts';

/**
 * Card numbers, accounts, balances and people's addresses that devices send are masked in every response that can
 * carry them, for every reader without personal:unmask; a holder of it sees them whole by giving a reason, which is
 * audited. The walk goes over every GET route the app has (found from its route catalogue, so a new route that
 * returns events is walked too) and the live stream.
 */

// What the devices send, whole. None of these may appear in a masked response, in any form.
const TXN = { txnId: 'TXN-MASK-1', type: 'consume', amountFen: 1250, account: '2023010123', card: '3100100007', channel: 'card', status: 'ok', balanceBeforeFen: 9876543, balanceAfterFen: 9875293 };
const LOGIN = { account: 'fw_zhangli', ip: '10.200.17.5', deviceId: 'app-9e3779b1', userAgent: 'Mozilla/5.0', result: 'fail', reason: 'bad_password' };
const EVENT = { type: 'access.denied', severity: 'info', message: '卡 6222021234567890123 挂失，持卡人电话 13812345678', attrs: { account: '2023099988', clientIp: '172.16.9.8', method: 'card', reason: 'CARD_LOST' } };
const ALERT_LABELS = { alertname: 'PortalBruteForce', severity: 'warning', client_ip: '117.136.4.9', user: 'T19900042' };
const CLEAR = [TXN.account, TXN.card, String(TXN.balanceBeforeFen), String(TXN.balanceAfterFen), LOGIN.account, LOGIN.ip, LOGIN.deviceId, EVENT.attrs.account, EVENT.attrs.clientIp, '6222021234567890123', '13812345678', ALERT_LABELS.client_ip, ALERT_LABELS.user];

const clearIn = (text: string) => CLEAR.filter((value) => text.includes(value));

describeEachDatabase('personal data inside telemetry on %s', (dialect) => {
  let t: TestApp;
  let admin: Caller;
  let bearer: Record<string, string>;
  let device: { id: string; code: string };
  let site: { id: string };

  beforeAll(async () => {
    t = await createTestApp(dialect);
    admin = await t.loginAdmin();
    bearer = { authorization: `Bearer ${(await t.call(admin, { method: 'POST', url: '/api/v1/tokens', payload: { name: 'i', permissions: ['ingest:write'] } })).json().secret}` };
    site = (await t.call(admin, { method: 'POST', url: '/api/v1/sites', payload: { code: 'canteen-3', name: '第三食堂' } })).json();
    device = (await t.call(admin, { method: 'POST', url: '/api/v1/devices', payload: { code: 'POS-C3-001', name: '三食堂 1 号窗口', type: 'pos', subsystem: 'consumption', siteId: site.id } })).json();
    const ts = new Date(t.clock.now() - 1000).toISOString();
    const items = [
      { id: newId(), kind: 'txn', ts, device: device.code, data: TXN },
      { id: newId(), kind: 'login', ts, device: device.code, data: LOGIN },
      { id: newId(), kind: 'event', ts, device: device.code, labels: { subsystem: 'access', holder: '张三丰' }, data: EVENT },
    ];
    const ingested = await t.app.inject({ method: 'POST', url: '/api/v1/ingest', headers: bearer, payload: items });
    expect(ingested.json().accepted, ingested.body).toBe(3);
    // An Alertmanager alert about a person's login attempts, through the real webhook.
    const alert = { version: '4', status: 'firing', receiver: 'opsdesk', alerts: [{ status: 'firing', labels: { ...ALERT_LABELS, device: device.code }, annotations: { summary: 'login spray' }, startsAt: ts, endsAt: '0001-01-01T00:00:00Z', fingerprint: 'f1' }] };
    const webhook = await t.app.inject({ method: 'POST', url: '/api/v1/integrations/alertmanager', headers: bearer, payload: alert });
    expect(webhook.json().accepted, webhook.body).toBe(1);
  });
  afterAll(async () => t.close());

  /** Every GET route of the app with its parameters filled in with the ids of what was created above. */
  function everyReadUrl(): string[] {
    const fill = (url: string) =>
      url
        .replace(':id', url.startsWith('/api/v1/sites') ? site.id : url.startsWith('/api/v1/users') ? admin.userId : device.id)
        .replace(':metric', 'queue')
        .replace(':version', '1')
        .replace(':code', device.code);
    const urls = t.app.routeCatalog.filter((r) => r.method === 'GET' && r.url !== '/api/v1/stream' && !r.url.includes('*')).map((r) => fill(r.url));
    const events = `/api/v1/devices/${device.id}/events`;
    expect(urls).toContain(events);
    return [...urls, ...['txn', 'login', 'event'].map((kind) => `${events}?kind=${kind}`)];
  }

  async function readStream(caller: Caller): Promise<string> {
    await t.app.listen({ port: 0, host: '127.0.0.1' }).catch(() => undefined); // already listening on the second reader
    const address = t.app.server.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    const controller = new AbortController();
    const res = await fetch(`http://127.0.0.1:${port}/api/v1/stream`, { headers: { cookie: caller.cookie }, signal: controller.signal });
    const reader = res.body!.getReader();
    // Something happens while it is open: another transaction and a health change.
    await t.db.kysely.updateTable('devices').set({ health: 'offline' }).where('id', '=', device.id).execute();
    await t.app.inject({ method: 'POST', url: '/api/v1/ingest', headers: bearer, payload: [{ id: newId(), kind: 'txn', ts: new Date(t.clock.now()).toISOString(), device: device.code, data: { ...TXN, txnId: newId() } }] });
    let text = '';
    const deadline = Date.now() + 5000;
    while (!text.includes('event: ingest.rate') && Date.now() < deadline) {
      const chunk = await reader.read();
      if (chunk.done) break;
      text += new TextDecoder().decode(chunk.value);
    }
    controller.abort();
    return text;
  }

  it.each([
    ['the client representative (甲方代表)', async () => t.userWith(admin, ['client'])],
    ['a role with every permission but personal:unmask', async () => {
      const id = `no-unmask-${dialect}`;
      const created = await t.call(admin, { method: 'POST', url: '/api/v1/roles', payload: { id, name: '除脱敏外全部', permissions: ALL_PERMISSIONS.filter((p) => p !== 'personal:unmask') } });
      expect(created.statusCode, created.body).toBe(200);
      return t.userWith(admin, [id]);
    }],
  ])('shows no clear value anywhere to %s', async (_, reader) => {
    const caller = await reader();
    const events = await t.call(caller, { method: 'GET', url: `/api/v1/devices/${device.id}/events` });
    expect(events.statusCode).toBe(200);
    expect(events.json().items.length).toBeGreaterThanOrEqual(4); // the walk below reads real data, not an empty page
    for (const url of everyReadUrl()) {
      const res = await t.call(caller, { method: 'GET', url });
      expect(clearIn(res.body), `${url} → ${res.statusCode}`).toEqual([]);
    }
    const stream = await readStream(caller);
    expect(stream).toContain('event: ingest.rate');
    expect(clearIn(stream)).toEqual([]);
  });

  it('masks each kind into the forms the console shows', async () => {
    const client = await t.userWith(admin, ['client']);
    const page = (kind: string) => t.call(client, { method: 'GET', url: `/api/v1/devices/${device.id}/events?kind=${kind}` }).then((r) => r.json().items as { data: Record<string, unknown>; labels: Record<string, string> | null }[]);
    const txn = (await page('txn')).find((e) => e.data.txnId === TXN.txnId);
    expect(txn!.data).toEqual({ ...TXN, account: '2*******23', card: '******0007', balanceBeforeFen: null, balanceAfterFen: null });
    const [login] = await page('login');
    expect(login!.data).toEqual({ ...LOGIN, account: 'f*******li', ip: '10.200.*.*', deviceId: '********79b1' });
    const events = await page('event');
    const access = events.find((e) => e.data.type === 'access.denied')!;
    expect(access.data).toEqual({ ...EVENT, message: '卡 ***************0123 挂失，持卡人电话 138****5678', attrs: { ...EVENT.attrs, account: '2*******88', clientIp: '172.16.*.*' } });
    expect(access.labels).toEqual({ subsystem: 'access', holder: '张**' });
    const alert = events.find((e) => e.data.type === 'alert')!;
    expect((alert.data.attrs as { labels: Record<string, string> }).labels).toMatchObject({ client_ip: '117.136.*.*', user: 'T******42', alertname: 'PortalBruteForce' });
  });

  it('shows them whole to a holder of personal:unmask who gives a reason, and audits it', async () => {
    const url = `/api/v1/devices/${device.id}/events`;
    const before = await t.auditCount();
    const whole = await t.call(admin, { method: 'GET', url, headers: { 'x-opsdesk-unmask-reason': encodeURIComponent('核对 3 号窗口的争议交易') } });
    expect(whole.statusCode).toBe(200);
    expect(clearIn(whole.body).sort()).toEqual([...CLEAR].sort());
    expect(await t.auditCount()).toBe(before + 1);
    const record = (await t.call(admin, { method: 'GET', url: '/api/v1/audit?action=personal.unmask&limit=1' })).json().items[0];
    expect(record).toMatchObject({ targetId: device.id, reason: '核对 3 号窗口的争议交易', actorName: 'admin' });
    // Without the reason even an administrator reads them masked; without the permission the reason is refused.
    expect(clearIn((await t.call(admin, { method: 'GET', url })).body)).toEqual([]);
    const client = await t.userWith(admin, ['client']);
    expect((await t.call(client, { method: 'GET', url, headers: { 'x-opsdesk-unmask-reason': 'curious' } })).statusCode).toBe(403);
  });
});
