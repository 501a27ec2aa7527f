import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestApp, type Caller, type TestApp } from '../../testing/app.ts';
import { describeEachDatabase } from '../../testing/each-database.ts';
import { FORWARD_ALERTS_JOB } from './alerts.service.ts';
import { ledgerCsv, runReconWork, upload, wechatBill } from './recon.test-support.ts';

/**
 * Reconciliation's alert conditions as opsdesk alerts (source recon) on both databases: a day over its channel's
 * open-differences threshold raises one level-2 alert with a link to its run, the job run again (and by two nodes at
 * once) raises no second one, working the differences below the threshold resolves it, a silence on its alertname
 * suppresses it like any alert, and late bills raise one alert per channel and day that stays until the bill is
 * imported or the channel disabled.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- response bodies, read as the console reads them
type Json = Record<string, any>;

const DAY = '2026-11-30';
const NEXT_DAY = '2026-12-01';
const ANY_STATE = 'pending,firing,acknowledged,resolved';

describeEachDatabase('recon alerts forwarded to alerting on %s', (dialect) => {
  let t: TestApp;
  let admin: Caller;
  let finance: Caller;
  let jobId: string;

  const ok = async (caller: Caller, method: 'GET' | 'POST' | 'PATCH', url: string, payload?: unknown): Promise<Json> => {
    const res = await t.call(caller, { method, url, payload });
    expect(res.statusCode, `${method} ${url}: ${res.body}`).toBe(200);
    return res.json();
  };

  const work = (nodeId?: string, only?: string) => runReconWork(t, { nodeId, only });

  /**
   * The clock on to the next second 40 of a minute, when `recon.forward-alerts` is due, and the worker run on each
   * node (the scheduled runs left out: they would re-run the days under test).
   */
  async function forward(nodes: readonly string[] = ['test-node']): Promise<void> {
    t.clock.set(Math.floor((t.clock.now() - 40_000) / 60_000) * 60_000 + 100_000);
    await Promise.all(nodes.map((node) => work(node, FORWARD_ALERTS_JOB.name)));
  }

  const forwardJobs = async () => (await t.db.kysely.selectFrom('jobs').select('status').where('name', '=', FORWARD_ALERTS_JOB.name).execute()).map((j) => j.status);

  const reconAlerts = async (state = 'open'): Promise<Json[]> => (await ok(admin, 'GET', `/api/v1/alerts?source=recon&state=${state}&limit=200`)).items as Json[];

  const setChannel = async (id: string, patch: Json) => {
    const channel = ((await ok(finance, 'GET', '/api/v1/recon/channels')).items as Json[]).find((c) => c.id === id)!;
    return ok(finance, 'PATCH', `/api/v1/recon/channels/${id}`, { version: channel.version, ...patch });
  };

  beforeAll(async () => {
    t = await createTestApp(dialect, { OPSDESK_SESSION_IDLE_MINUTES: '1440', OPSDESK_SESSION_ABSOLUTE_HOURS: '720' });
    // 1 December 09:00 in Shanghai: 30 November's bills are not due before 10:00.
    t.clock.set(Date.parse('2026-12-01T01:00:00Z'));
    admin = await t.loginAdmin();
    finance = await t.userWith(admin, ['finance']);
    const ledger = ledgerCsv([
      { id: 'T1', order: 'M1', fen: 1000, time: `${DAY} 10:00:00` },
      { id: 'T2', order: 'M2', fen: 2000, time: `${DAY} 11:00:00` },
      { id: 'T3', order: 'M3', fen: 3000, time: `${DAY} 12:00:00` },
      { id: 'T5', order: 'M5', fen: 500, time: `${DAY} 13:30:00` },
    ]);
    const bill = wechatBill([
      { wxId: '4200000001', order: 'M1', fen: 1000, time: `${DAY} 10:00:30` },
      { wxId: '4200000002', order: 'M2', fen: 1990, time: `${DAY} 11:00:10` },
      { wxId: '4200000004', order: 'M4', fen: 4000, time: `${DAY} 13:00:00` },
    ]);
    expect((await upload(t, finance, 'ledger', ledger, { fileName: 'ledger-1130.csv' })).statusCode).toBe(200);
    expect((await upload(t, finance, 'wechat', bill, { fileName: 'wechat-1130.csv' })).statusCode).toBe(200);
    jobId = (await ok(finance, 'POST', '/api/v1/recon/jobs', { channel: 'wechat', day: DAY })).job.id;
    await work();
    expect((await ok(finance, 'GET', `/api/v1/recon/jobs/${jobId}`)).status).toBe('done');
  });
  afterAll(async () => t.close());

  it('raises nothing while every day is under its threshold and no bill is due', async () => {
    await forward();
    expect(await reconAlerts(ANY_STATE)).toEqual([]);
  });

  it('raises one level-2 alert for a day over its open-differences threshold, site-less, with a link to the run', async () => {
    const open = ((await ok(finance, 'GET', `/api/v1/recon/jobs/${jobId}/differences`)).items as Json[]).length;
    expect(open).toBeGreaterThanOrEqual(3);
    await setChannel('wechat', { openAlertThreshold: open - 1 });
    await forward();
    const alerts = await reconAlerts();
    expect(alerts).toHaveLength(1);
    const [a] = alerts as [Json];
    expect(a).toMatchObject({
      source: 'recon',
      name: 'recon-open-differences',
      state: 'firing',
      level: 2,
      siteId: null,
      deviceId: null,
      subsystem: null,
      labels: { alertname: 'recon-open-differences', channel: 'wechat', day: DAY, kind: 'open-differences', level: '2', source: 'recon' },
      annotations: { jobId, summary: `对账：微信支付 ${DAY} 有 ${open} 笔差异未处理，超过阈值 ${open - 1} 笔`, summary_en: `Reconciliation: WeChat Pay ${DAY} has ${open} open differences, over the threshold of ${open - 1}` },
      detail: { code: 'external', values: { source: 'recon', summary: expect.stringContaining('微信支付') as unknown } },
      externalUrl: `${t.config.notify.publicUrl}/recon/jobs/${jobId}`,
    });
    // The route still serves the same condition.
    expect((await ok(finance, 'GET', '/api/v1/recon/alerts')).items).toEqual([expect.objectContaining({ channel: 'wechat', kind: 'open-differences', day: DAY, jobId, open })]);
  });

  it('raises it once however often the job runs, on one node or two at once', async () => {
    const [before] = (await reconAlerts()) as [Json];
    const timeline = (await ok(admin, 'GET', `/api/v1/alerts/${before.id}`)).timeline as Json[];
    const runs = (await forwardJobs()).length;
    await forward();
    // Two nodes: the scheduler's lease lets one of them enqueue the minute's run.
    await forward(['node-a', 'node-b']);
    expect(await forwardJobs()).toEqual(Array(runs + 2).fill('done'));
    // And two forwards racing each other outside the worker: the upsert by fingerprint holds.
    await Promise.all([t.services.recon.alerts.forward(), t.services.recon.alerts.forward()]);
    const after = await reconAlerts(ANY_STATE);
    expect(after.map((a) => a.id)).toEqual([before.id]);
    expect(after[0]).toMatchObject({ state: 'firing', activeAt: before.activeAt });
    expect((await ok(admin, 'GET', `/api/v1/alerts/${before.id}`)).timeline).toEqual(timeline);
  });

  it('is silenced by a silence on its alertname like any alert', async () => {
    const [a] = (await reconAlerts()) as [Json];
    const now = t.clock.now();
    const silence = await ok(admin, 'POST', '/api/v1/silences', {
      matchers: [{ name: 'alertname', op: '=', value: 'recon-open-differences' }],
      startsAt: new Date(now).toISOString(),
      endsAt: new Date(now + 3_600_000).toISOString(),
      comment: '对账差异处理中',
    });
    t.clock.advance(5_000);
    await t.services.alertEvaluator.appendTick();
    await t.services.events.drain();
    expect((await ok(admin, 'GET', `/api/v1/alerts/${a.id}`)).alert.suppressedBy).toBe(`silence:${silence.id}`);
    // Forwarding again leaves it silenced.
    await forward();
    await t.services.events.drain();
    expect((await ok(admin, 'GET', `/api/v1/alerts/${a.id}`)).alert.suppressedBy).toBe(`silence:${silence.id}`);
    await ok(admin, 'POST', `/api/v1/silences/${silence.id}/expire`);
  });

  it('resolves the alert once the differences are worked below the threshold', async () => {
    const [a] = (await reconAlerts()) as [Json];
    const diff = ((await ok(finance, 'GET', `/api/v1/recon/jobs/${jobId}/differences?kind=missing-theirs`)).items as Json[])[0]!;
    // Investigating still counts as open.
    const investigating = await ok(finance, 'POST', `/api/v1/recon/differences/${diff.id}/investigate`, { version: diff.version });
    await forward();
    expect((await reconAlerts()).map((x) => x.id)).toEqual([a.id]);
    await ok(finance, 'POST', `/api/v1/recon/differences/${diff.id}/resolve`, { version: investigating.version, resolution: 'refund', note: '已原路退款' });
    await forward();
    expect(await reconAlerts()).toEqual([]);
    const resolved = (await ok(admin, 'GET', `/api/v1/alerts/${a.id}`)).alert as Json;
    expect(resolved).toMatchObject({ state: 'resolved', resolvedBy: null, resolvedAt: new Date(t.clock.now()).toISOString(), annotations: { jobId } });
    // Still resolved the next minute: nothing is raised again while the condition stays cleared.
    t.clock.advance(60_000);
    await forward();
    expect(await reconAlerts()).toEqual([]);
  });

  it('raises one alert per late bill, keeps it past its day, and resolves it when the bill is imported or the channel disabled', async () => {
    // 1 December 10:30 in Shanghai: the bills of 30 November were due at 10:00; only WeChat's is in.
    t.clock.set(Date.parse('2026-12-01T02:30:00Z'));
    await forward();
    await forward(['node-a', 'node-b']);
    const late = await reconAlerts();
    expect(late.map((a) => a.labels.channel).sort()).toEqual(['alipay', 'bank', 'unionpay']);
    const alipay = late.find((a) => a.labels.channel === 'alipay')!;
    expect(alipay).toMatchObject({
      name: 'recon-bill-missing',
      level: 2,
      siteId: null,
      deviceId: null,
      labels: { alertname: 'recon-bill-missing', kind: 'bill-missing', day: DAY, level: '2' },
      annotations: { summary: `对账：支付宝 ${DAY} 的账单在 2026-12-01 10:00 前未导入`, summary_en: `Reconciliation: Alipay's bill of ${DAY} was not imported by 2026-12-01 10:00 (Asia/Shanghai)` },
      // Late since it fell due.
      firedAt: '2026-12-01T02:00:00.000Z',
      externalUrl: `${t.config.notify.publicUrl}/recon/imports`,
    });
    expect(alipay.annotations.jobId).toBeUndefined();

    // 2 December 10:30: every bill of 1 December is late too; those of 30 November are still late.
    t.clock.set(Date.parse('2026-12-02T02:30:00Z'));
    admin = await t.loginAdmin();
    finance = await t.userWith(admin, ['finance']);
    await forward();
    const dayOf = (alerts: Json[]) => alerts.map((a) => `${a.labels.channel} ${a.labels.day}`).sort();
    expect(dayOf(await reconAlerts())).toEqual([`alipay ${DAY}`, `alipay ${NEXT_DAY}`, `bank ${DAY}`, `bank ${NEXT_DAY}`, `unionpay ${DAY}`, `unionpay ${NEXT_DAY}`, `wechat ${NEXT_DAY}`]);
    expect((await reconAlerts()).find((a) => a.labels.channel === 'alipay' && a.labels.day === DAY)!.id).toBe(alipay.id);

    // WeChat's bill of 1 December arrives: its alert is resolved.
    const bill = wechatBill([{ wxId: '4200000009', order: 'M9', fen: 900, time: `${NEXT_DAY} 09:00:00` }]);
    expect((await upload(t, finance, 'wechat', bill, { fileName: 'wechat-1201.csv' })).statusCode).toBe(200);
    await forward();
    expect(dayOf(await reconAlerts())).toEqual([`alipay ${DAY}`, `alipay ${NEXT_DAY}`, `bank ${DAY}`, `bank ${NEXT_DAY}`, `unionpay ${DAY}`, `unionpay ${NEXT_DAY}`]);
    const wechatAlert = (await reconAlerts('resolved')).find((a) => a.labels.kind === 'bill-missing' && a.labels.channel === 'wechat')!;
    expect(wechatAlert).toMatchObject({ state: 'resolved', labels: { day: NEXT_DAY } });

    // Alipay disabled: nothing to alert on there any more.
    await setChannel('alipay', { enabled: false });
    await forward();
    expect(dayOf(await reconAlerts())).toEqual([`bank ${DAY}`, `bank ${NEXT_DAY}`, `unionpay ${DAY}`, `unionpay ${NEXT_DAY}`]);
    expect((await ok(admin, 'GET', `/api/v1/alerts/${alipay.id}`)).alert.state).toBe('resolved');

    // 8 December 09:00 (7 December's bills not due yet): 30 November has left the days the checks look at; 1 December
    // has not, and its bills are still missing.
    t.clock.set(Date.parse('2026-12-08T01:00:00Z'));
    admin = await t.loginAdmin();
    await forward();
    expect(dayOf(await reconAlerts())).toEqual([`bank ${NEXT_DAY}`, `unionpay ${NEXT_DAY}`]);
  });

  it('finds a recon alert among the others by its source, and refuses an unknown source', async () => {
    const bySource = await reconAlerts(ANY_STATE);
    expect(bySource.length).toBeGreaterThan(0);
    expect(bySource.every((a) => a.source === 'recon')).toBe(true);
    expect((await t.call(admin, { method: 'GET', url: '/api/v1/alerts?source=recons' })).statusCode).toBe(400);
  });
});
