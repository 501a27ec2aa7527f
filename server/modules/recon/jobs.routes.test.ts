import ExcelJS from 'exceljs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestApp, type Caller, type TestApp } from '../../testing/app.ts';
import { describeEachDatabase } from '../../testing/each-database.ts';
import { cassetteBody, haveFixtures } from './importers/fixtures.test-support.ts';
import { ledgerCsv, runReconWork, upload, wechatBill } from './recon.test-support.ts';

/**
 * A day reconciled end to end on both databases: a ledger and a WeChat bill imported, a dry run that stores nothing,
 * the job run by the worker with its differences stored, a re-run that keeps the earlier result, the differences'
 * workflow with maker-checker enforced, the exports with formula cells neutralised, the trend, the scheduled run
 * made once per channel and day, and the permissions.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- response bodies, read as the console reads them
type Json = Record<string, any>;

const DAY = '2026-11-30';
const FORMULA_ORDER = '=SUM(A1:A9)';

describeEachDatabase('recon jobs and differences API on %s', (dialect) => {
  let t: TestApp;
  let admin: Caller;
  let maker: Caller;
  let checker: Caller;
  let auditor: Caller;
  let client: Caller;

  beforeAll(async () => {
    t = await createTestApp(dialect, { OPSDESK_SESSION_IDLE_MINUTES: '1440', OPSDESK_SESSION_ABSOLUTE_HOURS: '720' });
    t.clock.set(Date.parse('2026-12-01T01:00:00Z'));
    admin = await t.loginAdmin();
    maker = await t.userWith(admin, ['finance']);
    checker = await t.userWith(admin, ['finance']);
    auditor = await t.userWith(admin, ['auditor']);
    client = await t.userWith(admin, ['client']);
    const ledger = ledgerCsv([
      { id: 'T1', order: 'M1', fen: 1000, time: `${DAY} 10:00:00`, card: '6217000011112222', account: '2023010123' },
      { id: 'T2', order: 'M2', fen: 2000, time: `${DAY} 11:00:00` },
      { id: 'T3', order: 'M3', fen: 3000, time: `${DAY} 12:00:00` },
      { id: 'T6', order: FORMULA_ORDER, fen: 600, time: `${DAY} 14:00:00` },
    ]);
    const bill = wechatBill([
      { wxId: '4200000001', order: 'M1', fen: 1000, time: `${DAY} 10:00:30` },
      { wxId: '4200000002', order: 'M2', fen: 1990, time: `${DAY} 11:00:10` },
      { wxId: '4200000004', order: 'M4', fen: 4000, time: `${DAY} 13:00:00` },
    ]);
    expect((await upload(t, maker, 'ledger', ledger, { fileName: 'ledger-1130.csv' })).statusCode).toBe(200);
    expect((await upload(t, maker, 'wechat', bill, { fileName: 'wechat-1130.csv' })).statusCode).toBe(200);
  });
  afterAll(async () => t.close());

  const ok = async (caller: Caller, method: 'GET' | 'POST' | 'PATCH', url: string, payload?: unknown): Promise<Json> => {
    const res = await t.call(caller, { method, url, payload });
    expect(res.statusCode, `${method} ${url}: ${res.body}`).toBe(200);
    return res.json();
  };

  const work = () => runReconWork(t);

  let jobId: string;
  let rerunId: string;

  it('a dry run answers what the day would find and stores nothing', async () => {
    const audits = await t.auditCount();
    const res = await ok(maker, 'POST', '/api/v1/recon/jobs', { channel: 'wechat', day: DAY, dryRun: true });
    expect(res.dryRun).toBe(true);
    expect(res.job).toBeNull();
    const kinds = (res.dryRunResult.differences as Json[]).map((d) => d.kind).sort();
    expect(kinds).toEqual(expect.arrayContaining(['amount-mismatch', 'missing-ours', 'missing-theirs']));
    expect(res.dryRunResult.summary.left.records).toBe(4);
    expect(res.dryRunResult.summary.right.records).toBe(3);
    expect((await ok(maker, 'GET', '/api/v1/recon/jobs')).items).toEqual([]);
    expect(await t.auditCount()).toBe(audits + 1);
  });

  it('runs the day on the worker and stores the summary and the differences', async () => {
    const res = await ok(maker, 'POST', '/api/v1/recon/jobs', { channel: 'wechat', day: DAY });
    expect(res.job).toMatchObject({ channel: 'wechat', day: DAY, status: 'queued', trigger: 'manual', previousJobId: null });
    expect(res.job.inputs.map((i: Json) => `${i.side}:${i.source}`).sort()).toEqual(['left:ledger', 'right:wechat']);
    jobId = res.job.id;
    await work();
    const job = await ok(maker, 'GET', `/api/v1/recon/jobs/${jobId}`);
    expect(job).toMatchObject({ status: 'done', progress: 1 });
    expect(job.summary.left.records).toBe(4);
    expect(job.summary.matched.byId + job.summary.matched.byKey).toBeGreaterThanOrEqual(1);
    const diffs = (await ok(maker, 'GET', `/api/v1/recon/jobs/${jobId}/differences`)).items as Json[];
    expect(diffs.length).toBe(job.differences);
    const mismatch = diffs.find((d) => d.kind === 'amount-mismatch')!;
    expect(mismatch).toMatchObject({ state: 'open', deltaFen: 10, fields: expect.arrayContaining(['amountFen']) as unknown });
    expect(mismatch.left[0]).toMatchObject({ txnId: 'T2', file: 'ledger-1130.csv', line: 3 });
    expect(mismatch.right[0]).toMatchObject({ merchantOrderId: 'M2', file: 'wechat-1130.csv' });
    expect(diffs.find((d) => d.kind === 'missing-ours')!.right[0].merchantOrderId).toBe('M4');
    const filtered = (await ok(maker, 'GET', `/api/v1/recon/jobs/${jobId}/differences?kind=missing-theirs`)).items as Json[];
    expect(filtered.map((d) => d.left[0].txnId).sort()).toEqual(['T3', 'T6']);
  });

  it('re-running the day keeps the earlier result for comparison', async () => {
    const res = await ok(maker, 'POST', '/api/v1/recon/jobs', { channel: 'wechat', day: DAY });
    rerunId = res.job.id;
    expect(res.job.previousJobId).toBe(jobId);
    await work();
    const rerun = await ok(maker, 'GET', `/api/v1/recon/jobs/${rerunId}`);
    expect(rerun).toMatchObject({ status: 'done', previous: { id: jobId } });
    expect(rerun.previous.summary.left.records).toBe(4);
    expect(await ok(maker, 'GET', `/api/v1/recon/jobs/${jobId}`)).toMatchObject({ status: 'done', supersededBy: rerunId });
    expect((await ok(maker, 'GET', `/api/v1/recon/jobs/${jobId}/differences`)).items.length).toBeGreaterThan(0);
    const listed = (await ok(maker, 'GET', `/api/v1/recon/jobs?channel=wechat&day=${DAY}&status=done`)).items as Json[];
    expect(listed.map((j) => j.id)).toEqual([rerunId, jobId]);
    const trend = await ok(maker, 'GET', `/api/v1/recon/trend?channel=wechat&from=2026-11-01&to=${DAY}`);
    expect(trend.items).toEqual([expect.objectContaining({ day: DAY, jobId: rerunId, leftRecords: 4, rightRecords: 3 })]);
  });

  it('adjustments need a second approver: the maker cannot approve their own', async () => {
    const diffs = (await ok(maker, 'GET', `/api/v1/recon/jobs/${rerunId}/differences?kind=amount-mismatch`)).items as Json[];
    let d = diffs[0]!;
    const audits = await t.auditCount();
    d = await ok(maker, 'POST', `/api/v1/recon/differences/${d.id}/investigate`, { version: d.version });
    expect(d).toMatchObject({ state: 'investigating', assignee: { id: maker.userId } });
    d = await ok(maker, 'POST', `/api/v1/recon/differences/${d.id}/resolve`, { version: d.version, resolution: 'adjust', note: '渠道少收 0.10 元，调账' });
    expect(d).toMatchObject({ state: 'investigating', pending: true, resolution: 'adjust', resolutionAmountFen: 10, maker: { id: maker.userId } });

    const self = await t.call(maker, { method: 'POST', url: `/api/v1/recon/differences/${d.id}/approve`, payload: { version: d.version } });
    expect(self.statusCode).toBe(403);
    expect(self.json().error.code).toBe('SELF_APPROVAL');
    const stale = await t.call(checker, { method: 'POST', url: `/api/v1/recon/differences/${d.id}/approve`, payload: { version: d.version - 1 } });
    expect(stale.statusCode).toBe(409);

    d = await ok(checker, 'POST', `/api/v1/recon/differences/${d.id}/approve`, { version: d.version, note: '已核对' });
    expect(d).toMatchObject({ state: 'resolved', pending: false, resolution: 'adjust', maker: { id: maker.userId }, checker: { id: checker.userId } });
    expect(await t.auditCount()).toBe(audits + 3);

    const detail = await ok(maker, 'GET', `/api/v1/recon/differences/${d.id}`);
    expect(detail.events.map((e: Json) => e.kind)).toEqual(['state', 'propose', 'approve']);
    expect(detail.left[0].card).toMatch(/^\*+\d{4}$/);
    expect(detail.left[0].raw).not.toContain(detail.left[0].txnId === 'T2' ? '62170000123456781' : 'never');

    const again = await t.call(checker, { method: 'POST', url: `/api/v1/recon/differences/${d.id}/approve`, payload: { version: d.version } });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('DIFFERENCE_STATE');
  });

  it('refused proposals go back; refunds and force-matches resolve at once; comments and assignment are on the timeline', async () => {
    const diffs = (await ok(maker, 'GET', `/api/v1/recon/jobs/${rerunId}/differences?kind=missing-theirs`)).items as Json[];
    let a = await ok(maker, 'POST', `/api/v1/recon/differences/${diffs[0]!.id}/investigate`, { version: diffs[0]!.version });
    a = await ok(maker, 'POST', `/api/v1/recon/differences/${a.id}/resolve`, { version: a.version, resolution: 'write-off', note: '核销' });
    a = await ok(checker, 'POST', `/api/v1/recon/differences/${a.id}/refuse`, { version: a.version, note: '先联系渠道' });
    expect(a).toMatchObject({ state: 'investigating', pending: false, resolution: null });
    a = await ok(maker, 'POST', `/api/v1/recon/differences/${a.id}/resolve`, { version: a.version, resolution: 'refund', note: '已原路退款' });
    expect(a).toMatchObject({ state: 'resolved', resolution: 'refund', pending: false });

    let b = diffs[1]!;
    b = await ok(maker, 'POST', `/api/v1/recon/differences/${b.id}/assign`, { version: b.version, assigneeId: checker.userId });
    expect(b.assignee).toMatchObject({ id: checker.userId });
    const commented = await ok(checker, 'POST', `/api/v1/recon/differences/${b.id}/comments`, { text: '等待银行回单' });
    expect(commented.events.map((e: Json) => e.kind)).toEqual(['assign', 'comment']);
    const early = await t.call(maker, { method: 'POST', url: `/api/v1/recon/differences/${b.id}/resolve`, payload: { version: b.version, resolution: 'refund', note: 'x' } });
    expect(early.statusCode).toBe(409);
    const badAssignee = await t.call(maker, { method: 'POST', url: `/api/v1/recon/differences/${b.id}/assign`, payload: { version: b.version, assigneeId: 'nobody' } });
    expect(badAssignee.statusCode).toBe(400);
    expect(badAssignee.json().error.details[0]).toMatchObject({ field: 'assigneeId', code: 'unknownUser' });
    // An active person who may not work differences (the auditor reads them) is not given one.
    const reader = await t.call(maker, { method: 'POST', url: `/api/v1/recon/differences/${b.id}/assign`, payload: { version: b.version, assigneeId: auditor.userId } });
    expect(reader.statusCode).toBe(400);
    expect(reader.json().error.details[0]).toMatchObject({ field: 'assigneeId', code: 'lacksPermission' });
  });

  it('exports the discrepancy list as CSV and XLSX with formula cells neutralised, and the adjustments for the card system', async () => {
    const csv = await t.call(maker, { method: 'GET', url: `/api/v1/recon/jobs/${rerunId}/differences.csv` });
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.body.startsWith('\uFEFF序号,差异类型')).toBe(true);
    expect(csv.body).toContain(`'${FORMULA_ORDER}`);
    expect(csv.body).not.toMatch(/(^|,)=SUM/m);
    expect(csv.body).not.toContain('2023010123');

    const xlsx = await t.call(maker, { method: 'GET', url: `/api/v1/recon/jobs/${rerunId}/differences.xlsx` });
    expect(xlsx.statusCode).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const values = workbook.worksheets[0]!.getSheetValues().flat().filter((v): v is string => typeof v === 'string');
    expect(values).toContain(`'${FORMULA_ORDER}`);
    expect(values.some((v) => v.startsWith('='))).toBe(false);

    const adjustments = await t.call(checker, { method: 'GET', url: `/api/v1/recon/jobs/${rerunId}/adjustments.csv` });
    expect(adjustments.statusCode).toBe(200);
    const lines = adjustments.body.trim().split('\r\n');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain(',10,');
    expect((await t.call(auditor, { method: 'GET', url: `/api/v1/recon/jobs/${rerunId}/adjustments.csv` })).statusCode).toBe(403);
    expect((await t.call(client, { method: 'GET', url: `/api/v1/recon/jobs/${rerunId}/differences.csv` })).statusCode).toBe(403);
  });

  it('makes each channel’s scheduled run of the day before once, whichever node asks', async () => {
    // 02:00:30 on 1 December in Shanghai: the schedule time of every default channel has come.
    t.clock.set(Date.parse('2026-11-30T18:00:30Z'));
    const first = await t.services.recon.jobs.makeScheduledRuns();
    const second = await t.services.recon.jobs.makeScheduledRuns();
    expect(first).toHaveLength(4);
    expect(second).toEqual([]);
    const scheduled = (await ok(maker, 'GET', '/api/v1/recon/jobs?channel=wechat')).items.filter((j: Json) => j.trigger === 'schedule');
    expect(scheduled).toEqual([expect.objectContaining({ day: DAY, status: 'queued' })]);
    await work();
    expect(await ok(maker, 'GET', `/api/v1/recon/jobs/${scheduled[0].id}`)).toMatchObject({ status: 'done', previousJobId: rerunId });
  });

  it('refuses bad input by field, unknown ids, and writes without recon:write', async () => {
    const bad = await t.call(maker, { method: 'POST', url: '/api/v1/recon/jobs', payload: { channel: 'nope', day: '2026-02-30' } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details.map((d: Json) => d.field)).toEqual(['day']);
    const channel = await t.call(maker, { method: 'POST', url: '/api/v1/recon/jobs', payload: { channel: 'nope', day: DAY } });
    expect(channel.json().error.details[0]).toMatchObject({ field: 'channel', code: 'enum' });
    const inputs = await t.call(maker, { method: 'POST', url: '/api/v1/recon/jobs', payload: { channel: 'wechat', day: DAY, leftImportIds: ['missing'] } });
    expect(inputs.json().error.details[0]).toMatchObject({ field: 'leftImportIds.0' });
    const range = await t.call(maker, { method: 'GET', url: '/api/v1/recon/trend?channel=wechat&from=2026-12-01&to=2026-11-01' });
    expect(range.statusCode).toBe(400);
    expect((await t.call(maker, { method: 'GET', url: '/api/v1/recon/jobs/nope' })).statusCode).toBe(404);
    expect((await t.call(maker, { method: 'GET', url: '/api/v1/recon/jobs/nope/differences' })).statusCode).toBe(404);
    expect((await t.call(maker, { method: 'GET', url: '/api/v1/recon/differences/nope' })).statusCode).toBe(404);
    expect((await t.call(client, { method: 'POST', url: '/api/v1/recon/jobs', payload: { channel: 'wechat', day: DAY } })).statusCode).toBe(403);
    const someDiff = (await ok(auditor, 'GET', `/api/v1/recon/jobs/${jobId}/differences?limit=1`)).items[0] as Json;
    expect((await t.call(auditor, { method: 'POST', url: `/api/v1/recon/differences/${someDiff.id}/investigate`, payload: { version: someDiff.version } })).statusCode).toBe(403);
    expect((await t.call(auditor, { method: 'POST', url: `/api/v1/recon/differences/${someDiff.id}/approve`, payload: { version: someDiff.version } })).statusCode).toBe(403);
  });

  it('says which days are over their open-differences threshold and which bills are late', async () => {
    // 1 December 10:30 in Shanghai: the default bill-due time (10:00) has passed; only WeChat's bill of 30 November is in.
    t.clock.set(Date.parse('2026-12-01T02:30:00Z'));
    const before = (await ok(auditor, 'GET', '/api/v1/recon/alerts')).items as Json[];
    expect(before.filter((a) => a.kind === 'bill-missing').map((a) => a.channel).sort()).toEqual(['alipay', 'bank', 'unionpay']);
    expect(before.some((a) => a.kind === 'open-differences')).toBe(false);
    const wechat = ((await ok(maker, 'GET', '/api/v1/recon/channels')).items as Json[]).find((c) => c.id === 'wechat')!;
    await ok(maker, 'PATCH', '/api/v1/recon/channels/wechat', { version: wechat.version, openAlertThreshold: 1 });
    const after = (await ok(auditor, 'GET', '/api/v1/recon/alerts')).items as Json[];
    expect(after).toContainEqual(expect.objectContaining({ channel: 'wechat', kind: 'open-differences', day: DAY, threshold: 1 }));
    await ok(maker, 'PATCH', '/api/v1/recon/channels/wechat', { version: wechat.version + 1, openAlertThreshold: 50 });
  });

  it.skipIf(!haveFixtures)('files a summary-mismatch difference for each SUMMARY_MISMATCH finding of the inputs', async () => {
    const flow = (await upload(t, maker, 'wechat-fundflow', cassetteBody('wechatpay/download_fund_flow.vcr.json'), { fileName: 'fund_flow.csv' })).json() as Json;
    const wechat = ((await ok(maker, 'GET', '/api/v1/recon/channels')).items as Json[]).find((c) => c.id === 'wechat')!;
    await ok(maker, 'PATCH', '/api/v1/recon/channels/wechat', { version: wechat.version, rightSources: ['wechat', 'wechat-fundflow'] });
    const res = await ok(maker, 'POST', '/api/v1/recon/jobs', { channel: 'wechat', day: DAY, dryRun: true, rightImportIds: [flow.id] });
    const mismatches = (res.dryRunResult.differences as Json[]).filter((d) => d.kind === 'summary-mismatch');
    expect(mismatches).toHaveLength(5);
    expect(mismatches[0]!.params).toMatchObject({ side: 'right', importId: flow.id, source: 'wechat-fundflow', file: 'fund_flow.csv' });
    expect(mismatches.map((d) => d.params.claimed)).toContain('20');
    expect(res.dryRunResult.summary.differences['summary-mismatch'].count).toBe(5);
  });

  it('lists and changes the channels’ settings with their version', async () => {
    const channels = (await ok(maker, 'GET', '/api/v1/recon/channels')).items as Json[];
    expect(channels.map((c) => c.id)).toEqual(['alipay', 'bank', 'unionpay', 'wechat']);
    const wechat = channels.find((c) => c.id === 'wechat')!;
    expect(wechat).toMatchObject({ leftCutoff: { time: '23:00', timeZone: 'Asia/Shanghai' }, rightCutoff: { time: '00:00' }, scheduleTime: '02:00', leftSources: ['ledger'] });
    expect(channels.find((c) => c.id === 'bank')).toMatchObject({ rightSources: ['mt940', 'camt'], billDueTime: '10:00', openAlertThreshold: 50 });
    const changed = await ok(maker, 'PATCH', '/api/v1/recon/channels/wechat', { version: wechat.version, openAlertThreshold: 10, scheduleTime: '03:30' });
    expect(changed).toMatchObject({ openAlertThreshold: 10, scheduleTime: '03:30', version: wechat.version + 1 });
    expect((await t.call(maker, { method: 'PATCH', url: '/api/v1/recon/channels/wechat', payload: { version: wechat.version, enabled: false } })).statusCode).toBe(409);
    const zone = await t.call(maker, { method: 'PATCH', url: '/api/v1/recon/channels/wechat', payload: { version: changed.version, scheduleZone: 'Nowhere/City' } });
    expect(zone.json().error.details[0]).toMatchObject({ field: 'scheduleZone', code: 'timeZone' });
  });
});
