import { afterAll, beforeAll, expect, it } from 'vitest';
import { newId } from '../../ids.ts';
import { createTestApp, type Caller, type TestApp } from '../../testing/app.ts';
import { describeEachDatabase } from '../../testing/each-database.ts';

describeEachDatabase('device events, charts and the live stream on %s', (dialect) => {
  let t: TestApp;
  let admin: Caller;
  let bearer: Record<string, string>;
  let device: { id: string; code: string };
  let otherSite: { id: string };

  beforeAll(async () => {
    t = await createTestApp(dialect);
    admin = await t.loginAdmin();
    bearer = { authorization: `Bearer ${(await t.call(admin, { method: 'POST', url: '/api/v1/tokens', payload: { name: 'i', permissions: ['ingest:write'] } })).json().secret}` };
    const site = (await t.call(admin, { method: 'POST', url: '/api/v1/sites', payload: { code: 'canteen-2', name: '第二食堂' } })).json();
    otherSite = (await t.call(admin, { method: 'POST', url: '/api/v1/sites', payload: { code: 'gate-east', name: '东门' } })).json();
    const created = await t.call(admin, { method: 'POST', url: '/api/v1/devices', payload: { code: 'POS-C2-001', name: '二食堂 1 号窗口', type: 'pos', subsystem: 'consumption', siteId: site.id } });
    expect(created.statusCode, created.body).toBe(200);
    device = created.json();
  });
  afterAll(async () => t.close());

  const ingest = (items: unknown[]) => t.app.inject({ method: 'POST', url: '/api/v1/ingest', headers: bearer, payload: items as never });
  const at = (msAgo: number) => new Date(t.clock.now() - msAgo).toISOString();

  it('lists a device’s recent events newest first, with a cursor and a kind filter', async () => {
    const items = Array.from({ length: 5 }, (_, i) => ({ id: newId(), kind: i % 2 ? 'metric' : 'heartbeat', ts: at((5 - i) * 1000), device: device.code, data: i % 2 ? { name: 'queue', value: i } : { status: 'ok', cpu: 10 * i } }));
    expect((await ingest(items)).json().accepted).toBe(5);
    const first = (await t.call(admin, { method: 'GET', url: `/api/v1/devices/${device.id}/events?limit=3` })).json();
    expect(first.items.map((e: { id: string }) => e.id)).toEqual([items[4]!.id, items[3]!.id, items[2]!.id]);
    const second = (await t.call(admin, { method: 'GET', url: `/api/v1/devices/${device.id}/events?limit=3&cursor=${first.nextCursor}` })).json();
    expect(second.items.map((e: { id: string }) => e.id)).toEqual([items[1]!.id, items[0]!.id]);
    expect(second.nextCursor).toBeNull();
    const metrics = (await t.call(admin, { method: 'GET', url: `/api/v1/devices/${device.id}/events?kind=metric` })).json();
    expect(metrics.items).toHaveLength(2);
    expect(metrics.items[0].data).toEqual({ name: 'queue', value: 3 });
    expect((await t.call(admin, { method: 'GET', url: `/api/v1/devices/${device.id}/events?cursor=nonsense` })).statusCode).toBe(400);
  });

  it('charts one-minute roll-ups and lists the metrics a device has', async () => {
    const names = (await t.call(admin, { method: 'GET', url: `/api/v1/devices/${device.id}/metrics` })).json().items;
    expect(names).toEqual(expect.arrayContaining(['cpu', 'queue']));
    const series = (await t.call(admin, { method: 'GET', url: `/api/v1/devices/${device.id}/metrics/queue` })).json();
    const total = series.points.reduce((n: number, p: { count: number }) => n + p.count, 0);
    expect(total).toBe(2);
    expect(series.points[0]).toMatchObject({ min: expect.any(Number), max: expect.any(Number), avg: expect.any(Number) });
    // Heartbeat vitals are charted from the heartbeats themselves: three heartbeats with cpu 0, 20, 40.
    const cpu = (await t.call(admin, { method: 'GET', url: `/api/v1/devices/${device.id}/metrics/cpu` })).json();
    const points = cpu.points as { count: number; min: number; max: number }[];
    expect(points.reduce((n, p) => n + p.count, 0)).toBe(3);
    expect(Math.min(...points.map((p) => p.min))).toBe(0);
    expect(Math.max(...points.map((p) => p.max))).toBe(40);
    const tooLong = await t.call(admin, { method: 'GET', url: `/api/v1/devices/${device.id}/metrics/queue?from=2026-01-01T00:00:00Z&to=2026-03-01T00:00:00Z` });
    expect(tooLong.statusCode).toBe(400);
  });

  it('keeps another site’s devices out of reach of a scoped user', async () => {
    const scoped = await t.userWith(admin, ['engineer'], [otherSite.id]);
    for (const url of [`/api/v1/devices/${device.id}/events`, `/api/v1/devices/${device.id}/metrics`, `/api/v1/devices/${device.id}/metrics/cpu`]) {
      expect((await t.call(scoped, { method: 'GET', url })).statusCode, url).toBe(404);
    }
  });

  it('streams health changes (within the caller’s scope) and the ingest rate over SSE', async () => {
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const address = t.app.server.address();
    const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    const open = async (caller: Caller) => {
      const controller = new AbortController();
      const res = await fetch(`${base}/api/v1/stream`, { headers: { cookie: caller.cookie }, signal: controller.signal });
      expect(res.headers.get('content-type')).toContain('text/event-stream');
      const reader = res.body!.getReader();
      let text = '';
      // One read in flight at a time: a read abandoned on timeout would swallow the chunk it later receives.
      let pending: Promise<ReadableStreamReadResult<Uint8Array>> | null = null;
      const read = async (until: (text: string) => boolean, ms = 5000) => {
        const deadline = Date.now() + ms;
        while (!until(text) && Date.now() < deadline) {
          pending ??= reader.read();
          const chunk = await Promise.race([pending, new Promise<null>((r) => setTimeout(() => r(null), 200))]);
          if (chunk === null) continue;
          pending = null;
          if (!chunk.done) text += new TextDecoder().decode(chunk.value);
        }
        return text;
      };
      return { read, close: () => controller.abort() };
    };
    const scoped = await t.userWith(admin, ['engineer'], [otherSite.id]);
    const everything = await open(admin);
    const narrow = await open(scoped);
    try {
      // The device went offline earlier; a heartbeat brings it back, which is a health change on the stream.
      await t.db.kysely.updateTable('devices').set({ health: 'offline' }).where('id', '=', device.id).execute();
      await ingest([{ id: newId(), kind: 'heartbeat', ts: at(100), device: device.code, data: { status: 'ok' } }]);
      const seen = await everything.read((text) => text.includes('event: device.health') && text.includes('event: ingest.rate'));
      expect(seen).toMatch(/event: device.health\ndata: \{[^\n]*"code":"POS-C2-001"[^\n]*"previous":"offline","health":"online"/);
      expect(seen).toMatch(/event: ingest.rate\ndata: \{[^\n]*"accepted":1/);
      // An operator's maintenance switch reaches open consoles the same way.
      const maintenance = await t.call(admin, { method: 'POST', url: `/api/v1/devices/${device.id}/maintenance`, payload: { on: true, reason: '更换打印模块' } });
      expect(maintenance.statusCode, maintenance.body).toBe(200);
      expect(await everything.read((text) => text.includes('"health":"maintenance"'))).toMatch(/"previous":"online","health":"maintenance","reason":\{"code":"operator","values":\{"note":"更换打印模块"\}\}/);
      const narrowSeen = await narrow.read((text) => text.includes('event: ingest.rate'));
      expect(narrowSeen).not.toContain('device.health');
      // The stream is not activity: it did not move the session's last_seen_at.
      expect((await t.app.inject({ method: 'GET', url: '/api/v1/stream', headers: { cookie: 'opsdesk_session=nope' } })).statusCode).toBe(401);
    } finally {
      everything.close();
      narrow.close();
    }
  });
});
