import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestApp, type Caller, type TestApp } from '../../testing/app.ts';
import { describeEachDatabase } from '../../testing/each-database.ts';
import { openStream } from '../../testing/sse.ts';
import { ledgerCsv, upload, wechatBill } from './recon.test-support.ts';

/**
 * What the console needs around the differences, on both databases: the people a difference can be assigned to
 * (holders of recon:write, names only, for readers without users:read), the "unassigned" filter, and `recon.changed`
 * appended with each change of a job or a difference and sent on the live stream to holders of recon:read only.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- response bodies, read as the console reads them
type Json = Record<string, any>;

const DAY = '2026-11-30';

describeEachDatabase('recon assignees, the unassigned filter and recon.changed on %s', (dialect) => {
  let t: TestApp;
  let admin: Caller;
  let finance: Caller & { username: string };
  let auditor: Caller & { username: string };
  let engineer: Caller & { username: string };
  let jobId: string;

  beforeAll(async () => {
    t = await createTestApp(dialect, { OPSDESK_SESSION_IDLE_MINUTES: '1440', OPSDESK_SESSION_ABSOLUTE_HOURS: '720' });
    t.clock.set(Date.parse('2026-12-01T01:00:00Z'));
    admin = await t.loginAdmin();
    finance = await t.userWith(admin, ['finance']);
    auditor = await t.userWith(admin, ['auditor']);
    engineer = await t.userWith(admin, ['engineer']);
    const ledger = ledgerCsv([
      { id: 'T1', order: 'M1', fen: 1000, time: `${DAY} 10:00:00` },
      { id: 'T2', order: 'M2', fen: 2000, time: `${DAY} 11:00:00` },
      { id: 'T3', order: 'M3', fen: 3000, time: `${DAY} 12:00:00` },
    ]);
    const bill = wechatBill([
      { wxId: '4200000001', order: 'M1', fen: 1000, time: `${DAY} 10:00:30` },
      { wxId: '4200000002', order: 'M2', fen: 1990, time: `${DAY} 11:00:10` },
      { wxId: '4200000004', order: 'M4', fen: 4000, time: `${DAY} 13:00:00` },
    ]);
    expect((await upload(t, finance, 'ledger', ledger)).statusCode).toBe(200);
    expect((await upload(t, finance, 'wechat', bill)).statusCode).toBe(200);
  });
  afterAll(async () => t.close());

  const ok = async (caller: Caller, method: 'GET' | 'POST' | 'PATCH', url: string, payload?: unknown): Promise<Json> => {
    const res = await t.call(caller, { method, url, payload });
    expect(res.statusCode, `${method} ${url}: ${res.body}`).toBe(200);
    return res.json();
  };
  const reconEvents = async (): Promise<Json[]> =>
    (await t.db.kysely.selectFrom('domain_events').select(['payload', 'key']).where('type', '=', 'recon.changed').orderBy('position').execute()).map((r) => ({ ...(JSON.parse(r.payload) as Json), key: r.key }));

  it('appends recon.changed with the job queued, started and finished, naming ids, channel and day only', async () => {
    const before = (await reconEvents()).length;
    jobId = (await ok(finance, 'POST', '/api/v1/recon/jobs', { channel: 'wechat', day: DAY })).job.id;
    expect((await reconEvents()).slice(before).map((e) => e.change)).toEqual(['queued']);
    await t.services.recon.jobs.run(jobId, null);
    const events = (await reconEvents()).slice(before);
    expect(events.map((e) => [e.subject, e.change, e.status])).toEqual([
      ['job', 'queued', 'queued'],
      ['job', 'started', 'running'],
      ['job', 'finished', 'done'],
    ]);
    for (const e of events) {
      expect(Object.keys(e).sort()).toEqual(['at', 'change', 'channel', 'day', 'differenceId', 'jobId', 'key', 'status', 'subject', 'type']);
      expect(e).toMatchObject({ type: 'recon.changed', jobId, differenceId: null, channel: 'wechat', day: DAY, key: jobId });
    }
  });

  it('appends recon.changed failed when the engine fails the run', async () => {
    const job = (await ok(finance, 'POST', '/api/v1/recon/jobs', { channel: 'wechat', day: DAY })).job as Json;
    const row = await t.db.kysely.selectFrom('recon_jobs').select('spec').where('id', '=', job.id).executeTakeFirstOrThrow();
    const spec = JSON.parse(row.spec) as Json;
    spec.left.files = ['recon/imports/gone.parquet'];
    await t.db.kysely.updateTable('recon_jobs').set({ spec: JSON.stringify(spec) }).where('id', '=', job.id).execute();
    const before = (await reconEvents()).length;
    await t.services.recon.jobs.run(job.id, null);
    expect((await ok(finance, 'GET', `/api/v1/recon/jobs/${job.id}`)).status).toBe('failed');
    expect((await reconEvents()).slice(before).map((e) => [e.jobId, e.change, e.status])).toEqual([
      [job.id, 'started', 'running'],
      [job.id, 'failed', 'failed'],
    ]);
  });

  it('lists the holders of recon:write, active ones, as id and name only, sorted by name; recon:read may ask', async () => {
    const rename = async (c: Caller, displayName: string) => ok(admin, 'PATCH', `/api/v1/users/${c.userId}`, { displayName });
    await ok(admin, 'POST', '/api/v1/roles', { id: 'recon-clerk', name: '对账员', permissions: ['recon:write'] });
    const clerk = await t.userWith(admin, ['recon-clerk']);
    const gone = await t.userWith(admin, ['finance']);
    await rename(finance, '张三');
    await rename(clerk, '李四');
    await rename(gone, '王五');
    await ok(admin, 'PATCH', `/api/v1/users/${gone.userId}`, { status: 'disabled' });

    const answer = await ok(auditor, 'GET', '/api/v1/recon/assignees');
    expect(answer.truncated).toBe(false);
    const ids = answer.items.map((p: Json) => p.id);
    expect(ids).toEqual(expect.arrayContaining([admin.userId, finance.userId, clerk.userId]));
    expect(ids).not.toContain(auditor.userId); // recon:read only
    expect(ids).not.toContain(engineer.userId); // no recon permission
    expect(ids).not.toContain(gone.userId); // disabled
    for (const p of answer.items) expect(Object.keys(p).sort()).toEqual(['displayName', 'id']);
    // By name as Chinese readers sort it (李 li, 张 zhang), not by code point (张 U+5F20 before 李 U+674E).
    const names = answer.items.map((p: Json) => p.displayName).filter((n: string) => ['张三', '李四'].includes(n));
    expect(names).toEqual(['李四', '张三']);

    expect((await ok(finance, 'GET', '/api/v1/recon/assignees')).items.length).toBe(answer.items.length);
    const refused = await t.call(engineer, { method: 'GET', url: '/api/v1/recon/assignees' });
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error.details.permission).toBe('recon:read');
  });

  it("filters a job's differences by assignee, and with assigneeId=none those nobody is assigned", async () => {
    const all = (await ok(auditor, 'GET', `/api/v1/recon/jobs/${jobId}/differences`)).items as Json[];
    expect(all.length).toBeGreaterThanOrEqual(3);
    const [first, second] = all as [Json, Json];
    await ok(finance, 'POST', `/api/v1/recon/differences/${first.id}/assign`, { version: first.version, assigneeId: finance.userId });
    await ok(finance, 'POST', `/api/v1/recon/differences/${second.id}/investigate`, { version: second.version }); // takes it

    const ids = async (query: string) => ((await ok(auditor, 'GET', `/api/v1/recon/jobs/${jobId}/differences?${query}`)).items as Json[]).map((d) => d.id);
    const unassigned = await ids('assigneeId=none');
    expect(unassigned).toEqual(all.filter((d) => d.id !== first.id && d.id !== second.id).map((d) => d.id));
    expect(await ids(`assigneeId=${finance.userId}`)).toEqual([first.id, second.id]);
    expect(await ids('assigneeId=none&state=investigating')).toEqual([]);
    expect(await ids(`assigneeId=${finance.userId}&state=investigating`)).toEqual([second.id]);
    const bad = await t.call(auditor, { method: 'GET', url: `/api/v1/recon/jobs/${jobId}/differences?assigneeId=${'x'.repeat(65)}` });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('assigneeId');
  });

  it('appends recon.changed with each change of a difference, and none when the change is refused', async () => {
    const d = ((await ok(auditor, 'GET', `/api/v1/recon/jobs/${jobId}/differences?assigneeId=none&limit=1`)).items as Json[])[0]!;
    const before = (await reconEvents()).length;
    const stale = await t.call(finance, { method: 'POST', url: `/api/v1/recon/differences/${d.id}/assign`, payload: { version: d.version + 5, assigneeId: finance.userId } });
    expect(stale.statusCode).toBe(409);
    expect((await reconEvents()).length).toBe(before);

    const assigned = await ok(finance, 'POST', `/api/v1/recon/differences/${d.id}/assign`, { version: d.version, assigneeId: finance.userId });
    const investigating = await ok(finance, 'POST', `/api/v1/recon/differences/${d.id}/investigate`, { version: assigned.version });
    await ok(finance, 'POST', `/api/v1/recon/differences/${d.id}/resolve`, { version: investigating.version, resolution: 'adjust', note: '调账' });
    await ok(finance, 'POST', `/api/v1/recon/differences/${d.id}/comments`, { text: '已联系渠道' });
    const events = (await reconEvents()).slice(before);
    expect(events.map((e) => [e.subject, e.change, e.status])).toEqual([
      ['difference', 'assign', 'open'],
      ['difference', 'investigate', 'investigating'],
      ['difference', 'propose', 'investigating'],
      ['difference', 'comment', 'investigating'],
    ]);
    for (const e of events) {
      expect(e).toMatchObject({ jobId, differenceId: d.id, channel: 'wechat', day: DAY, key: jobId });
      // No person, account or amount: it goes to every holder of recon:read.
      expect(Object.keys(e).sort()).toEqual(['at', 'change', 'channel', 'day', 'differenceId', 'jobId', 'key', 'status', 'subject', 'type']);
      expect(JSON.stringify(e)).not.toContain(finance.userId);
    }
  });

  it('sends recon.changed on the live stream to holders of recon:read, not to others', async () => {
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const address = t.app.server.address();
    const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    const site = await ok(admin, 'POST', '/api/v1/sites', { code: 'card-centre', name: '卡务中心' });
    const device = await ok(admin, 'POST', '/api/v1/devices', { code: 'KIOSK-LIVE-1', name: 'KIOSK-LIVE-1', type: 'kiosk', subsystem: 'consumption', siteId: site.id });
    const reader = await openStream(`${base}/api/v1/stream`, auditor.cookie);
    const other = await openStream(`${base}/api/v1/stream`, engineer.cookie);
    try {
      const d = ((await ok(auditor, 'GET', `/api/v1/recon/jobs/${jobId}/differences?limit=1`)).items as Json[])[0]!;
      await ok(finance, 'POST', `/api/v1/recon/differences/${d.id}/comments`, { text: '渠道已回复' });
      // Then a change the engineer does see: the tail delivers in order, so once it arrives the recon event would have.
      await ok(admin, 'POST', `/api/v1/devices/${device.id}/maintenance`, { on: true, reason: '例行检修' });
      await reader.waitFor(d.id, 5000);
      const seen = reader.since();
      expect(seen).toContain('event: recon.changed');
      expect(seen).toContain(`"differenceId":"${d.id}"`);
      await other.waitFor('KIOSK-LIVE-1', 5000);
      const otherSaw = other.since();
      expect(otherSaw).toContain('event: device.health');
      expect(otherSaw).not.toContain('recon.changed');
    } finally {
      reader.close();
      other.close();
    }
  });
});
