import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestApp, type Caller, type TestApp } from '../../../testing/app.ts';
import { describeEachDatabase } from '../../../testing/each-database.ts';


// eslint-disable-next-line @typescript-eslint/no-explicit-any -- response bodies, read as the console reads them
type Json = Record<string, any>;

/**
 * Closing an incident through the API on both databases: the root cause with its version check, spare parts booked
 * against estate's stock in the incident's transaction (all or none, never below zero), and the fault record as JSON
 * and as a printable page, escaped and masked.
 */
describeEachDatabase('incident closing API on %s', (dialect) => {
  let t: TestApp;
  let admin: Caller;
  let engineer: Caller & { username: string };
  let client: Caller & { username: string };
  let site: Json;
  let device: Json;

  beforeAll(async () => {
    t = await createTestApp(dialect, { OPSDESK_SESSION_IDLE_MINUTES: '1440', OPSDESK_SESSION_ABSOLUTE_HOURS: '720' });
    t.clock.set(Date.parse('2026-11-10T02:00:00Z'));
    admin = await t.loginAdmin();
    site = (await t.call(admin, { method: 'POST', url: '/api/v1/sites', payload: { code: 'canteen-2', name: '第二食堂' } })).json();
    device = (await t.call(admin, { method: 'POST', url: '/api/v1/devices', payload: { code: 'POS-C2-07', name: '七号窗口消费机', type: 'pos', subsystem: 'consumption', siteId: site.id } })).json();
    engineer = await t.userWith(admin, ['engineer']);
    client = await t.userWith(admin, ['client'], [site.id]);
  });
  afterAll(async () => t.close());

  const open = async (body: Json = {}): Promise<Json> => {
    const res = await t.call(admin, { method: 'POST', url: '/api/v1/incidents', payload: { title: '七号窗口消费机黑屏', description: '上电无显示', siteId: site.id, deviceId: device.id, impact: 'medium', urgency: 'high', ...body } });
    expect(res.statusCode, res.body).toBe(200);
    return res.json();
  };
  const move = (caller: Caller, id: string, body: Json) => t.call(caller, { method: 'POST', url: `/api/v1/incidents/${id}/transitions`, payload: body });
  const part = async (sku: string, stock: number, threshold = 0): Promise<string> => {
    const id = (await t.call(admin, { method: 'POST', url: '/api/v1/spare-parts', payload: { sku, name: `备件 ${sku}`, reorderThreshold: threshold } })).json().id as string;
    if (stock > 0) await t.call(admin, { method: 'POST', url: `/api/v1/spare-parts/${id}/movements`, payload: { warehouse: '主库', delta: stock, reason: '入库' } });
    return id;
  };
  const stockOf = async (partId: string): Promise<number> => (await t.call(admin, { method: 'GET', url: `/api/v1/spare-parts?q=` })).json().items.find((p: Json) => p.id === partId).total;
  const timelineKinds = async (id: string): Promise<string[]> => (await t.call(admin, { method: 'GET', url: `/api/v1/incidents/${id}` })).json().timeline.map((e: Json) => e.kind);
  const rootCause = { whys: ['屏幕不亮', '主板未上电', '电源模块输出为零', '电源模块电容鼓包', '窗口蒸汽大、散热差'], fishbone: { machine: ['电源模块老化'], environment: ['蒸汽', '高温'] }, summary: '后厨蒸汽导致电源模块电容老化失效' };

  it('records the root cause against the version read, once; a stale version is 409 and changes nothing', async () => {
    const incident = await open();
    const res = await t.call(engineer, { method: 'PUT', url: `/api/v1/incidents/${incident.id}/root-cause`, payload: { ...rootCause, version: incident.version } });
    expect(res.statusCode, res.body).toBe(200);
    const saved = res.json();
    expect(saved.rootCause).toEqual({ ...rootCause, fishbone: { man: [], machine: ['电源模块老化'], material: [], method: [], environment: ['蒸汽', '高温'], measurement: [] } });
    expect(saved.version).toBeGreaterThan(incident.version);

    const stale = await t.call(engineer, { method: 'PUT', url: `/api/v1/incidents/${incident.id}/root-cause`, payload: { ...rootCause, summary: '别的结论', version: incident.version } });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error.code).toBe('INCIDENT_CHANGED');
    const record = (await t.call(engineer, { method: 'GET', url: `/api/v1/incidents/${incident.id}/record` })).json();
    expect(record.rootCause.summary).toBe(rootCause.summary);
    expect(await timelineKinds(incident.id)).toEqual(['open', 'root_cause']);
  });

  it('refuses a root cause of six whys or a blank why with 400 naming the field, and a client with 403', async () => {
    const incident = await open();
    const six = await t.call(engineer, { method: 'PUT', url: `/api/v1/incidents/${incident.id}/root-cause`, payload: { ...rootCause, whys: [...rootCause.whys, '第六问'], version: incident.version } });
    expect(six.statusCode).toBe(400);
    expect(six.json().error.details[0]).toMatchObject({ field: 'body.whys', code: 'maxItems' });
    const blank = await t.call(engineer, { method: 'PUT', url: `/api/v1/incidents/${incident.id}/root-cause`, payload: { ...rootCause, whys: ['原因', '   '], version: incident.version } });
    expect(blank.statusCode).toBe(400);
    expect(blank.json().error.details).toEqual([expect.objectContaining({ field: 'whys.1', code: 'required' })]);
    expect((await t.call(client, { method: 'PUT', url: `/api/v1/incidents/${incident.id}/root-cause`, payload: { ...rootCause, version: incident.version } })).statusCode).toBe(403);
    expect(await timelineKinds(incident.id)).toEqual(['open']);
  });

  it('books parts out of stock with the incident number, on the timeline, in incident_parts and one audit record', async () => {
    const incident = await open();
    const psu = await part('PSU-12V', 3, 1);
    const before = await t.auditCount();
    const res = await t.call(engineer, { method: 'POST', url: `/api/v1/incidents/${incident.id}/parts`, payload: { parts: [{ partId: psu, warehouse: '主库', quantity: 2 }] } });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().parts).toEqual([expect.objectContaining({ partId: psu, sku: 'PSU-12V', warehouse: '主库', quantity: 2, by: engineer.username })]);
    expect(await t.auditCount()).toBe(before + 1);
    expect(await stockOf(psu)).toBe(1);
    const movements = (await t.call(admin, { method: 'GET', url: `/api/v1/spare-parts/${psu}/movements` })).json().items;
    expect(movements[0]).toMatchObject({ delta: -2, quantityAfter: 1, incidentRef: incident.ref, warehouse: '主库' });
    const audit = await t.db.kysely.selectFrom('audit_log').select(['action', 'after']).where('target_id', '=', incident.id).where('action', '=', 'incident.use_part').executeTakeFirstOrThrow();
    // The reorder facts estate's own record would carry: this movement took the part to its threshold.
    expect(JSON.parse(String(audit.after)).parts[0]).toMatchObject({ sku: 'PSU-12V', quantityAfter: 1, belowThreshold: true, reachedThreshold: true });
    expect(await timelineKinds(incident.id)).toEqual(['open', 'part_used']);
  });

  it('books nothing when one line lacks stock: 409 naming the part, the other lines rolled back', async () => {
    const incident = await open();
    const fan = await part('FAN-40', 5);
    const lcd = await part('LCD-7IN', 1);
    const res = await t.call(engineer, { method: 'POST', url: `/api/v1/incidents/${incident.id}/parts`, payload: { parts: [{ partId: fan, warehouse: '主库', quantity: 2 }, { partId: lcd, warehouse: '主库', quantity: 2 }] } });
    expect(res.statusCode).toBe(409);
    expect(res.json().error).toMatchObject({ code: 'INSUFFICIENT_STOCK', details: { sku: 'LCD-7IN', available: 1, requested: 2 } });
    expect(res.json().error.message).toContain('LCD-7IN');
    expect(await stockOf(fan)).toBe(5);
    expect(await stockOf(lcd)).toBe(1);
    const elsewhere = await t.call(engineer, { method: 'POST', url: `/api/v1/incidents/${incident.id}/parts`, payload: { parts: [{ partId: fan, warehouse: '备用库', quantity: 1 }] } });
    expect(elsewhere.statusCode).toBe(409);
    expect(await timelineKinds(incident.id)).toEqual(['open']);
  });

  it('refuses an unknown part, a repeated line, a zero quantity with 400, and parts on a confirmed incident with 409', async () => {
    const incident = await open();
    const fan = await part('FAN-60', 5);
    const unknown = await t.call(engineer, { method: 'POST', url: `/api/v1/incidents/${incident.id}/parts`, payload: { parts: [{ partId: fan, warehouse: '主库', quantity: 1 }, { partId: 'no-such-part', warehouse: '主库', quantity: 1 }] } });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error.details).toEqual([expect.objectContaining({ field: 'parts.1.partId', code: 'unknownSparePart' })]);
    const repeated = await t.call(engineer, { method: 'POST', url: `/api/v1/incidents/${incident.id}/parts`, payload: { parts: [{ partId: fan, warehouse: '主库', quantity: 1 }, { partId: fan, warehouse: '主库', quantity: 1 }] } });
    expect(repeated.statusCode).toBe(400);
    expect(repeated.json().error.details[0]).toMatchObject({ field: 'parts.1', code: 'duplicateValue' });
    expect((await t.call(engineer, { method: 'POST', url: `/api/v1/incidents/${incident.id}/parts`, payload: { parts: [{ partId: fan, warehouse: '主库', quantity: 0 }] } })).statusCode).toBe(400);
    expect(await stockOf(fan)).toBe(5);

    await move(engineer, incident.id, { kind: 'take' });
    await move(engineer, incident.id, { kind: 'start_work' });
    await move(engineer, incident.id, { kind: 'resolve', fix: '更换电源模块', causeCategory: 'hardware' });
    expect((await move(client, incident.id, { kind: 'confirm' })).statusCode).toBe(200);
    const late = await t.call(engineer, { method: 'POST', url: `/api/v1/incidents/${incident.id}/parts`, payload: { parts: [{ partId: fan, warehouse: '主库', quantity: 1 }] } });
    expect(late.statusCode).toBe(409);
    expect(late.json().error.code).toBe('INCIDENT_PARTS_CLOSED');
    expect(await stockOf(fan)).toBe(5);
  });

  it('prints the fault record with every field of the format, values escaped and personal fields masked', async () => {
    const incident = await open({ title: '<script>alert(1)</script> 消费机 & 读卡器', reporterName: '王小明', reporterPhone: '13812345678', reporterEmail: 'wang@example.edu.cn' });
    const psu = await part('PSU-24V', 2);
    await t.call(engineer, { method: 'PUT', url: `/api/v1/incidents/${incident.id}/root-cause`, payload: { ...rootCause, summary: '电容"鼓包"<b>失效</b>', version: incident.version } });
    await move(engineer, incident.id, { kind: 'take' });
    await move(engineer, incident.id, { kind: 'check_in' });
    await t.call(engineer, { method: 'POST', url: `/api/v1/incidents/${incident.id}/parts`, payload: { parts: [{ partId: psu, warehouse: '主库', quantity: 1 }] } });
    await move(engineer, incident.id, { kind: 'resolve', fix: '更换电源模块 PSU-24V', causeCategory: 'hardware' });
    await move(client, incident.id, { kind: 'confirm' });

    const json = await t.call(engineer, { method: 'GET', url: `/api/v1/incidents/${incident.id}/record?format=json` });
    expect(json.statusCode, json.body).toBe(200);
    const record = json.json();
    expect(record).toMatchObject({
      ref: incident.ref,
      site: { code: 'canteen-2', name: '第二食堂' },
      device: { code: 'POS-C2-07', type: 'pos' },
      reporterName: '王**',
      reporterPhone: '138****5678',
      reporterEmail: 'w***@example.edu.cn',
      symptom: '上电无显示',
      level: expect.any(Number),
      state: 'confirmed',
      fix: '更换电源模块 PSU-24V',
      causeCategory: { code: 'hardware', nameZh: '硬件故障' },
      firstTimeFix: true,
      parts: [expect.objectContaining({ sku: 'PSU-24V', quantity: 1 })],
    });
    expect(record.arrivedAt).not.toBeNull();
    expect(record.respondedAt).not.toBeNull();
    expect(record.sla.map((s: Json) => s.clock)).toEqual(['respond', 'on_site', 'resolve']);

    const page = await t.call(engineer, { method: 'GET', url: `/api/v1/incidents/${incident.id}/record?format=html` });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toMatch(/^text\/html; charset=utf-8/);
    const html = page.body;
    for (const label of ['故障处理记录', '工单编号', '发生时间', '发生地点', '故障设备', '故障现象', '故障等级', '影响范围', '责任人', '到场时间', '原因分类', '根本原因', '5Why 分析', '鱼骨图分析', '处理措施', '备品备件使用', '处理结果', '一次性解决', '客户确认时间', '满意度评分']) {
      expect(html, label).toContain(label);
    }
    expect(html).toContain('@media print');
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt; 消费机 &amp; 读卡器');
    expect(html).toContain('电容&quot;鼓包&quot;&lt;b&gt;失效&lt;/b&gt;');
    expect(html).toContain('138****5678');
    expect(html).not.toContain('13812345678');
    expect(html).not.toContain('王小明');
    // Nothing outside the page: it prints the same without a network.
    expect(html).not.toMatch(/<link|<script|src=|url\(/);

    expect((await t.call(engineer, { method: 'GET', url: `/api/v1/incidents/${incident.id}/record?format=pdf` })).statusCode).toBe(400);
  });

  it("answers 404 for another site's incident record, to a client of one site", async () => {
    const other = (await t.call(admin, { method: 'POST', url: '/api/v1/sites', payload: { code: 'gym', name: '体育馆' } })).json();
    const theirs = (await t.call(admin, { method: 'POST', url: '/api/v1/incidents', payload: { title: '体育馆闸机', siteId: other.id, impact: 'low', urgency: 'low' } })).json();
    expect((await t.call(client, { method: 'GET', url: `/api/v1/incidents/${theirs.id}/record?format=html` })).statusCode).toBe(404);
    expect((await t.call(client, { method: 'POST', url: `/api/v1/incidents/${theirs.id}/parts`, payload: { parts: [{ partId: 'x', warehouse: '主库', quantity: 1 }] } })).statusCode).toBe(403);
  });
});
