import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestApp, type Caller, type TestApp } from '../../testing/app.ts';
import { describeEachDatabase } from '../../testing/each-database.ts';

/**
 * The incident list's kept answers (http/answer-cache.ts): a kept page is served only while it is exactly what a fresh
 * one would be — every change shows on the next request, time moves the SLA minutes as a fresh page would, and one
 * caller's page never reaches another who may see less.
 */
const TUESDAY_1000 = Date.parse('2026-11-10T02:00:00Z'); // 10:00 in Shanghai, a working day

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- response bodies, read as the console reads them
type Json = Record<string, any>;

describeEachDatabase('incident list answers on %s', (dialect) => {
  let t: TestApp;
  let admin: Caller;
  let dispatcher: Caller & { userId: string };
  let client: Caller;
  let site: Json;
  let otherSite: Json;

  beforeAll(async () => {
    t = await createTestApp(dialect, { OPSDESK_SESSION_IDLE_MINUTES: '1440', OPSDESK_SESSION_ABSOLUTE_HOURS: '720' });
    t.clock.set(TUESDAY_1000);
    admin = await t.loginAdmin();
    site = (await t.call(admin, { method: 'POST', url: '/api/v1/sites', payload: { code: 'canteen-1', name: '第一食堂' } })).json();
    otherSite = (await t.call(admin, { method: 'POST', url: '/api/v1/sites', payload: { code: 'library', name: '图书馆' } })).json();
    dispatcher = await t.userWith(admin, ['dispatcher']);
    client = await t.userWith(admin, ['client'], [site.id]);
    for (const [s, title] of [
      [site, '三号窗口 POS 无法刷卡'],
      [otherSite, '东门闸机不识别人脸'],
    ] as const) {
      const res = await t.call(dispatcher, { method: 'POST', url: '/api/v1/incidents', payload: { title, siteId: s.id, impact: 'medium', urgency: 'medium', reporterPhone: '13812341234' } });
      expect(res.statusCode, res.body).toBe(200);
      t.clock.advance(7_321);
    }
  });
  afterAll(async () => t.close());

  const list = (caller: Caller, query = '') => t.call(caller, { method: 'GET', url: `/api/v1/incidents?state=open${query}` });
  /** The same page computed afresh: a caller who unmasks is never served a kept answer. */
  const fresh = (caller: Caller, query = '') => t.call(caller, { method: 'GET', url: `/api/v1/incidents?state=open${query}`, headers: { 'x-opsdesk-unmask-reason': encodeURIComponent('核对') } });
  const sla = (page: Json) => page.items.map((i: Json) => ({ id: i.id, sla: i.sla }));

  it('answers a repeated request with the same page, masked and typed as JSON', async () => {
    const first = await list(dispatcher);
    const second = await list(dispatcher);
    expect(first.statusCode).toBe(200);
    expect(second.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(second.body).toBe(first.body);
    expect(second.json().items).toHaveLength(2);
    expect(second.json().items[0].reporterPhone).toBe('138****1234');
  });

  it('shows a change on the very next request', async () => {
    const before = (await list(dispatcher)).json();
    const id = before.items[0].id as string;
    const moved = await t.call(dispatcher, { method: 'POST', url: `/api/v1/incidents/${id}/transitions`, payload: { kind: 'assign', assignee: { kind: 'user', userId: dispatcher.userId } } });
    expect(moved.statusCode, moved.body).toBe(200);
    const after = (await list(dispatcher)).json();
    expect(after.items.find((i: Json) => i.id === id)).toMatchObject({ state: 'assigned', assignee: { id: dispatcher.userId } });
  });

  it('moves the SLA minutes and standings with time exactly as a fresh page does', async () => {
    await list(dispatcher);
    // Steps shorter than a kept answer's longest life that cross minute boundaries at odd offsets, then long ones
    // past the warning and due instants.
    for (const step of [...Array.from({ length: 30 }, (_, i) => 4_000 + i * 37), 1, 59_999, 3_600_000, 45 * 60_000 + 17, 4 * 3_600_000]) {
      t.clock.advance(step);
      const kept = (await list(dispatcher)).json();
      const recomputed = (await fresh(admin)).json();
      expect(sla(kept)).toEqual(sla(recomputed));
    }
  });

  it('never hands one caller the page kept for another who may see more', async () => {
    const all = (await list(admin)).json();
    expect(all.items.map((i: Json) => i.siteId).sort()).toEqual([site.id, otherSite.id].sort());
    const own = (await list(client)).json();
    expect(own.items.map((i: Json) => i.siteId)).toEqual([site.id]);
  });

  it('keeps pages apart by their query and cursor', async () => {
    const first = (await list(dispatcher, '&limit=1')).json();
    expect(first.items).toHaveLength(1);
    const next = (await list(dispatcher, `&limit=1&cursor=${encodeURIComponent(first.nextCursor)}`)).json();
    expect(next.items).toHaveLength(1);
    expect(next.items[0].id).not.toBe(first.items[0].id);
  });
});
