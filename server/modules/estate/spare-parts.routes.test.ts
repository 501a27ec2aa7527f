import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestApp, type Caller, type TestApp } from '../../testing/app.ts';
import { describeEachDatabase } from '../../testing/each-database.ts';
import { uid } from '../../testing/sample.ts';

describeEachDatabase('spare parts on %s', (dialect) => {
  let t: TestApp;
  let admin: Caller;
  beforeAll(async () => {
    t = await createTestApp(dialect);
    admin = await t.loginAdmin();
  });
  afterAll(async () => t.close());

  async function part(extra: Record<string, unknown> = {}) {
    const res = await t.call(admin, { method: 'POST', url: '/api/v1/spare-parts', payload: { sku: `P-${uid()}`, name: '58mm 热敏打印头', category: 'printer', reorderThreshold: 3, ...extra } });
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as { id: string; sku: string };
  }
  const move = (id: string, payload: Record<string, unknown>) => t.call(admin, { method: 'POST', url: `/api/v1/spare-parts/${id}/movements`, payload });

  it('keeps stock per warehouse and records each movement with the quantity after', async () => {
    const p = await part();
    expect((await move(p.id, { warehouse: '主仓库', delta: 10, reason: '采购入库' })).json()).toMatchObject({
      movement: { warehouse: '主仓库', delta: 10, quantityAfter: 10, actor: 'admin' },
      part: { total: 10, belowThreshold: false, stock: [{ warehouse: '主仓库', quantity: 10 }] },
    });
    await move(p.id, { warehouse: '二食堂备件柜', delta: 2, reason: '调拨' });
    t.clock.advance(1000);
    const used = await move(p.id, { warehouse: '主仓库', delta: -4, reason: '更换打印头', incidentRef: 'INC-2026-0107' });
    expect(used.json()).toMatchObject({ movement: { quantityAfter: 6, incidentRef: 'INC-2026-0107' }, part: { total: 8 } });
    const listed = (await t.call(admin, { method: 'GET', url: `/api/v1/spare-parts?q=${p.sku}` })).json();
    expect(listed.items[0]).toMatchObject({ sku: p.sku, unit: 'pcs', total: 8, stock: [{ warehouse: '主仓库', quantity: 6 }, { warehouse: '二食堂备件柜', quantity: 2 }] });

    const first = (await t.call(admin, { method: 'GET', url: `/api/v1/spare-parts/${p.id}/movements?limit=2` })).json();
    expect(first.items.map((m: { delta: number }) => m.delta)).toEqual([-4, 2]);
    const rest = (await t.call(admin, { method: 'GET', url: `/api/v1/spare-parts/${p.id}/movements?limit=2&cursor=${first.nextCursor}` })).json();
    expect(rest).toMatchObject({ items: [{ delta: 10 }], nextCursor: null });
  });

  it('never lets stock go negative', async () => {
    const p = await part();
    await move(p.id, { warehouse: 'A', delta: 2, reason: 'in' });
    const res = await move(p.id, { warehouse: 'A', delta: -3, reason: 'out' });
    expect(res.statusCode).toBe(409);
    expect(res.json().error).toMatchObject({ code: 'INSUFFICIENT_STOCK', details: { warehouse: 'A', available: 2, requested: 3 } });
    expect((await move(p.id, { warehouse: 'B', delta: -1, reason: 'out' })).json().error.details.available).toBe(0);
    const zero = await move(p.id, { warehouse: 'A', delta: 0, reason: 'x' });
    expect(zero.json().error.details[0].field).toBe('delta');
    expect((await move(p.id, { warehouse: 'A', delta: 1.5, reason: 'x' })).json().error.details[0].field).toBe('body.delta');
    const movements = (await t.call(admin, { method: 'GET', url: `/api/v1/spare-parts/${p.id}/movements` })).json();
    expect(movements.items).toHaveLength(1);
  });

  it('flags a part at or below its threshold, in the list and in the audit record of the movement that took it there', async () => {
    const p = await part({ reorderThreshold: 3 });
    await move(p.id, { warehouse: 'A', delta: 5, reason: 'in' });
    await move(p.id, { warehouse: 'A', delta: -1, reason: 'out' });
    let record = (await t.call(admin, { method: 'GET', url: `/api/v1/audit?action=spare.movement&targetId=${p.id}&limit=1` })).json().items[0];
    expect(record.after).toMatchObject({ total: 4, belowThreshold: false, reachedThreshold: false });
    const out = await move(p.id, { warehouse: 'A', delta: -1, reason: 'out', incidentRef: 'INC-1' });
    expect(out.json().part).toMatchObject({ total: 3, belowThreshold: true });
    record = (await t.call(admin, { method: 'GET', url: `/api/v1/audit?action=spare.movement&targetId=${p.id}&limit=1` })).json().items[0];
    expect(record.after).toMatchObject({ total: 3, reorderThreshold: 3, belowThreshold: true, reachedThreshold: true, incidentRef: 'INC-1' });

    const plenty = await part({ reorderThreshold: 1 });
    await move(plenty.id, { warehouse: 'A', delta: 50, reason: 'in' });
    const low = (await t.call(admin, { method: 'GET', url: '/api/v1/spare-parts?lowStock=true&limit=200' })).json();
    const skus = low.items.map((i: { sku: string }) => i.sku);
    expect(skus).toContain(p.sku);
    expect(skus).not.toContain(plenty.sku);
    expect(low.items.every((i: { belowThreshold: boolean }) => i.belowThreshold)).toBe(true);
  });

  it('changes a part, refusing a taken SKU; reads need estate:read', async () => {
    const a = await part();
    const b = await part();
    const renamed = await t.call(admin, { method: 'PATCH', url: `/api/v1/spare-parts/${a.id}`, payload: { name: '读卡模块', reorderThreshold: 10, unit: '个' } });
    expect(renamed.json()).toMatchObject({ name: '读卡模块', reorderThreshold: 10, unit: '个', belowThreshold: true });
    const taken = await t.call(admin, { method: 'PATCH', url: `/api/v1/spare-parts/${a.id}`, payload: { sku: b.sku } });
    expect(taken.json().error).toMatchObject({ code: 'SPARE_SKU_TAKEN', details: { field: 'sku' } });
    expect((await t.call(admin, { method: 'POST', url: '/api/v1/spare-parts', payload: { sku: b.sku, name: 'x' } })).statusCode).toBe(409);
    expect((await t.call(admin, { method: 'PATCH', url: '/api/v1/spare-parts/01NOPE', payload: { name: 'x' } })).statusCode).toBe(404);
    const auditor = await t.userWith(admin, ['auditor']);
    expect((await t.call(auditor, { method: 'GET', url: '/api/v1/spare-parts' })).statusCode).toBe(403);
  });
});
