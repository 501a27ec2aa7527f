import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestApp, type Caller, type TestApp } from '../../testing/app.ts';
import { describeEachDatabase } from '../../testing/each-database.ts';
import { ledgerCsv, upload, wechatBill } from './recon.test-support.ts';

/**
 * Proposed matches on both databases: a day whose three pairs agree on amount but are 100 s apart with different
 * order ids (a key match scoring 0.825, under the channel's 0.9) is run; the run stores the three proposals; one is
 * confirmed (the job summary counts it as matched), one rejected with a reason (its two records become a missing-theirs
 * and a missing-ours difference, listed, counted and told on the live stream), a second decision is refused, a reader
 * cannot decide; a re-run of the day carries both decisions to the same pairs (and the rejected pair's differences)
 * and leaves the third to decide, while the superseded run takes no more decisions; a retry of a run keeps what was
 * decided in it.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- response bodies, read as the console reads them
type Json = Record<string, any>;

const DAY = '2026-11-30';

describeEachDatabase('recon proposed matches API on %s', (dialect) => {
  let t: TestApp;
  let admin: Caller;
  let maker: Caller;
  let auditor: Caller;
  let client: Caller;

  beforeAll(async () => {
    t = await createTestApp(dialect, { OPSDESK_SESSION_IDLE_MINUTES: '1440', OPSDESK_SESSION_ABSOLUTE_HOURS: '720' });
    t.clock.set(Date.parse('2026-12-01T01:00:00Z'));
    admin = await t.loginAdmin();
    maker = await t.userWith(admin, ['finance']);
    auditor = await t.userWith(admin, ['auditor']);
    client = await t.userWith(admin, ['client']);
    const ledger = ledgerCsv([
      { id: 'T1', order: 'L-P1', fen: 300, time: `${DAY} 10:00:00` },
      { id: 'T2', order: 'L-P2', fen: 500, time: `${DAY} 11:00:00` },
      { id: 'T3', order: 'L-P3', fen: 700, time: `${DAY} 12:00:00` },
      { id: 'T4', order: 'M4', fen: 900, time: `${DAY} 13:00:00` },
    ]);
    const bill = wechatBill([
      { wxId: '4200000001', order: 'R-P1', fen: 300, time: `${DAY} 10:01:40` },
      { wxId: '4200000002', order: 'R-P2', fen: 500, time: `${DAY} 11:01:40` },
      { wxId: '4200000003', order: 'R-P3', fen: 700, time: `${DAY} 12:01:40` },
      { wxId: '4200000004', order: 'M4', fen: 900, time: `${DAY} 13:00:05` },
    ]);
    expect((await upload(t, maker, 'ledger', ledger, { fileName: 'ledger-1130.csv' })).statusCode).toBe(200);
    expect((await upload(t, maker, 'wechat', bill, { fileName: 'wechat-1130.csv' })).statusCode).toBe(200);
  });
  afterAll(async () => t.close());

  const call = (caller: Caller, method: 'GET' | 'POST', url: string, payload?: unknown) => t.call(caller, { method, url, payload });
  const ok = async (caller: Caller, method: 'GET' | 'POST', url: string, payload?: unknown): Promise<Json> => {
    const res = await call(caller, method, url, payload);
    expect(res.statusCode, `${method} ${url}: ${res.body}`).toBe(200);
    return res.json();
  };
  /** Makes the day's job and runs it as the worker would. */
  async function runDay(): Promise<string> {
    const id = (await ok(maker, 'POST', '/api/v1/recon/jobs', { channel: 'wechat', day: DAY })).job.id as string;
    await t.services.recon.jobs.run(id, null);
    return id;
  }
  const proposals = async (jobId: string, query = ''): Promise<Json[]> => (await ok(auditor, 'GET', `/api/v1/recon/jobs/${jobId}/proposals${query}`)).items as Json[];
  const byOrder = (items: Json[], order: string) => items.find((p) => p.left[0].merchantOrderId === order)!;
  const audits = (action: string) => t.db.kysely.selectFrom('audit_log').selectAll().where('action', '=', action).execute();
  const differences = async (jobId: string): Promise<Json[]> => (await ok(auditor, 'GET', `/api/v1/recon/jobs/${jobId}/differences?limit=200`)).items as Json[];
  /** The differences a rejected proposal left: [kind, our order, their order, amount, params] */
  const leftByRejection = async (jobId: string) =>
    (await differences(jobId)).filter((d) => d.params.rejectedProposal === true).map((d) => [d.kind, d.left[0]?.merchantOrderId ?? null, d.right[0]?.merchantOrderId ?? null, d.amountFen, d.params]);
  const reconEvents = async (): Promise<Json[]> => (await t.db.kysely.selectFrom('domain_events').select('payload').where('type', '=', 'recon.changed').orderBy('position').execute()).map((r) => JSON.parse(r.payload) as Json);

  let jobId: string;
  let first: Json[];

  it("a run stores the engine's proposals with both sides, the score and the reasons", async () => {
    jobId = await runDay();
    const job = await ok(auditor, 'GET', `/api/v1/recon/jobs/${jobId}`);
    expect(job).toMatchObject({ status: 'done', summary: { proposed: 3, matched: { byId: 1, byKey: 0 } } });
    first = await proposals(jobId);
    expect(first.map((p) => [p.left[0].merchantOrderId, p.right[0].merchantOrderId]).sort()).toEqual([['L-P1', 'R-P1'], ['L-P2', 'R-P2'], ['L-P3', 'R-P3']]);
    for (const p of first) {
      expect(p).toMatchObject({ jobId, channel: 'wechat', day: DAY, state: 'proposed', decidedBy: null, decidedAt: null, carriedFrom: null });
      expect(p.score).toBeGreaterThan(0.5);
      expect(p.score).toBeLessThan(0.9);
      expect(p.reasons).toEqual(expect.arrayContaining(['amount-equal', 'time-within-100s']));
      expect(p.left[0]).toMatchObject({ file: 'ledger-1130.csv', amountFen: p.right[0].amountFen });
      expect(p.right[0].file).toBe('wechat-1130.csv');
    }
    // the proposed records are not differences
    const diffs = (await ok(auditor, 'GET', `/api/v1/recon/jobs/${jobId}/differences`)).items as Json[];
    expect(diffs.flatMap((d) => [...d.left, ...d.right]).map((r: Json) => r.merchantOrderId).filter((o: string) => /P\d/.test(o))).toEqual([]);
  });

  it('lists by state and pages by cursor', async () => {
    const page1 = await ok(auditor, 'GET', `/api/v1/recon/jobs/${jobId}/proposals?limit=2`);
    expect(page1.items).toHaveLength(2);
    const page2 = await ok(auditor, 'GET', `/api/v1/recon/jobs/${jobId}/proposals?limit=2&cursor=${encodeURIComponent(page1.nextCursor)}`);
    expect([...page1.items, ...page2.items].map((p: Json) => p.id)).toEqual(first.map((p) => p.id));
    expect(page2.nextCursor).toBeNull();
    expect(await proposals(jobId, '?state=confirmed')).toEqual([]);
    expect((await call(auditor, 'GET', `/api/v1/recon/jobs/${jobId}/proposals?state=maybe`)).statusCode).toBe(400);
    expect((await call(auditor, 'GET', `/api/v1/recon/jobs/${jobId}/proposals?cursor=nonsense`)).json().error).toMatchObject({ code: 'VALIDATION_FAILED' });
    expect((await call(auditor, 'GET', '/api/v1/recon/jobs/no-such-job/proposals')).statusCode).toBe(404);
    expect((await call(client, 'GET', `/api/v1/recon/jobs/${jobId}/proposals`)).statusCode).toBe(403);
  });

  it('confirming counts the pair as matched in the job summary, once, and is audited', async () => {
    const before = (await ok(auditor, 'GET', `/api/v1/recon/jobs/${jobId}`)).summary as Json;
    const p1 = byOrder(first, 'L-P1');
    const confirmed = await ok(maker, 'POST', `/api/v1/recon/proposals/${p1.id}/confirm`, { note: ' 同一笔，渠道时钟慢 ' });
    expect(confirmed).toMatchObject({ id: p1.id, state: 'confirmed', decidedBy: { id: maker.userId }, note: '同一笔，渠道时钟慢' });
    expect(confirmed.decidedAt).toBe('2026-12-01T01:00:00.000Z');
    const after = (await ok(auditor, 'GET', `/api/v1/recon/jobs/${jobId}`)).summary as Json;
    expect(after.proposed).toBe(2);
    expect(after.matched.byKey).toBe(before.matched.byKey + 1);
    expect(after.matched.amountFen).toBe(before.matched.amountFen + 300);
    expect(after.matchRate).toBeCloseTo(before.matchRate + 2 / 8, 10);
    const logged = await audits('recon_proposal.confirm');
    expect(logged).toHaveLength(1);
    expect(logged[0]).toMatchObject({ target_type: 'recon_proposal', target_id: p1.id });

    const again = await call(maker, 'POST', `/api/v1/recon/proposals/${p1.id}/confirm`, {});
    expect(again.statusCode).toBe(409);
    expect(again.json().error).toMatchObject({ code: 'PROPOSAL_DECIDED', details: { state: 'confirmed' } });
    const flip = await call(maker, 'POST', `/api/v1/recon/proposals/${p1.id}/reject`, { reason: '其实不是' });
    expect(flip.json().error).toMatchObject({ code: 'PROPOSAL_DECIDED' });
    expect((await ok(auditor, 'GET', `/api/v1/recon/jobs/${jobId}`)).summary.matched.byKey).toBe(after.matched.byKey);
    expect(await audits('recon_proposal.confirm')).toHaveLength(1);
    expect((await proposals(jobId, '?state=confirmed')).map((p) => p.id)).toEqual([p1.id]);
  });

  it('rejecting takes a reason; the pair stays unmatched, its records differences of their own', async () => {
    const p2 = byOrder(first, 'L-P2');
    for (const payload of [{}, { reason: '' }, { reason: '   ' }]) {
      const res = await call(maker, 'POST', `/api/v1/recon/proposals/${p2.id}/reject`, payload);
      expect(res.statusCode, JSON.stringify(payload)).toBe(400);
      expect(JSON.stringify(res.json().error.details)).toContain('reason');
    }
    const job = await ok(auditor, 'GET', `/api/v1/recon/jobs/${jobId}`);
    const before = job.summary as Json;
    const diffsBefore = await differences(jobId);
    const eventsBefore = (await reconEvents()).length;
    const rejected = await ok(maker, 'POST', `/api/v1/recon/proposals/${p2.id}/reject`, { reason: '金额相同但不是同一笔：另有退款' });
    expect(rejected).toMatchObject({ state: 'rejected', decidedBy: { id: maker.userId }, note: '金额相同但不是同一笔：另有退款' });
    const afterJob = await ok(auditor, 'GET', `/api/v1/recon/jobs/${jobId}`);
    const after = afterJob.summary as Json;
    expect(after).toMatchObject({ proposed: before.proposed - 1, matched: before.matched, matchRate: before.matchRate });

    // ours unmatched → missing-theirs (短款), theirs unmatched → missing-ours (长款), open, after the run's differences
    const fromProposal = { rejectedProposal: true, proposalId: p2.id };
    expect(await leftByRejection(jobId)).toEqual([
      ['missing-theirs', 'L-P2', null, 500, fromProposal],
      ['missing-ours', null, 'R-P2', 500, fromProposal],
    ]);
    const made = (await differences(jobId)).filter((d) => d.params.rejectedProposal === true);
    for (const d of made) expect(d).toMatchObject({ jobId, state: 'open', assignee: null, deltaFen: 500, fields: [] });
    expect(made.map((d) => d.txnTime)).toEqual(['2026-11-30T03:00:00.000Z', '2026-11-30T03:01:40.000Z']);
    expect(made[0]!.left[0]).toMatchObject({ file: 'ledger-1130.csv', amountFen: 500 });
    expect(made[1]!.right[0]).toMatchObject({ file: 'wechat-1130.csv', amountFen: 500 });
    expect(made.map((d) => d.seq)).toEqual([diffsBefore.length + 1, diffsBefore.length + 2]);
    expect((await ok(auditor, 'GET', `/api/v1/recon/jobs/${jobId}/differences?kind=missing-theirs`)).items.map((d: Json) => d.id)).toContain(made[0]!.id);
    // counted in the stored summary and the job's count of differences
    expect(after.differences['missing-theirs']).toEqual({ count: before.differences['missing-theirs'].count + 1, amountFen: before.differences['missing-theirs'].amountFen + 500 });
    expect(after.differences['missing-ours']).toEqual({ count: before.differences['missing-ours'].count + 1, amountFen: before.differences['missing-ours'].amountFen + 500 });
    expect(afterJob.differences).toBe(job.differences + 2);
    // told on the live stream as a difference's change, naming no person, account or amount
    expect((await reconEvents()).slice(eventsBefore)).toEqual(
      made.map((d) => ({ type: 'recon.changed', subject: 'difference', change: 'create', jobId, differenceId: d.id, channel: 'wechat', day: DAY, status: 'open', at: Date.parse('2026-12-01T01:00:00Z') })),
    );
    expect(await audits('recon_proposal.reject')).toEqual([expect.objectContaining({ target_id: p2.id, reason: '金额相同但不是同一笔：另有退款' })]);
    expect(JSON.parse((await audits('recon_proposal.reject'))[0]!.after as string)).toMatchObject({ state: 'rejected', differences: made.map((d) => d.id) });
    expect((await call(maker, 'POST', `/api/v1/recon/proposals/${p2.id}/reject`, { reason: 'again' })).json().error).toMatchObject({ code: 'PROPOSAL_DECIDED' });
    expect(await leftByRejection(jobId)).toHaveLength(2);
  });

  it('needs recon:write to decide, and an existing proposal', async () => {
    const p3 = byOrder(first, 'L-P3');
    const count = await t.auditCount();
    expect((await call(auditor, 'POST', `/api/v1/recon/proposals/${p3.id}/confirm`, {})).statusCode).toBe(403);
    expect((await call(auditor, 'POST', `/api/v1/recon/proposals/${p3.id}/reject`, { reason: 'no' })).statusCode).toBe(403);
    expect((await call(client, 'POST', `/api/v1/recon/proposals/${p3.id}/confirm`, {})).statusCode).toBe(403);
    expect((await call(maker, 'POST', '/api/v1/recon/proposals/no-such-proposal/confirm', {})).statusCode).toBe(404);
    expect((await proposals(jobId, '?state=proposed')).map((p) => p.id)).toEqual([p3.id]);
    expect(await t.auditCount()).toBe(count);
  });

  it('a retry of a run replaces its undecided proposals and keeps the decided ones', async () => {
    await t.db.kysely.updateTable('recon_jobs').set({ status: 'running' }).where('id', '=', jobId).execute();
    await t.services.recon.jobs.run(jobId, null);
    const again = await proposals(jobId);
    expect(again).toHaveLength(3);
    expect(byOrder(again, 'L-P1')).toMatchObject({ id: byOrder(first, 'L-P1').id, state: 'confirmed' });
    expect(byOrder(again, 'L-P2')).toMatchObject({ id: byOrder(first, 'L-P2').id, state: 'rejected' });
    expect(byOrder(again, 'L-P3')).toMatchObject({ state: 'proposed' });
    expect(byOrder(again, 'L-P3').id).not.toBe(byOrder(first, 'L-P3').id);
    // the summary is the engine's again, with the decisions taken in this run counted as before
    const job = await ok(auditor, 'GET', `/api/v1/recon/jobs/${jobId}`);
    expect(job.summary).toMatchObject({ proposed: 1, matched: { byKey: 1, byId: 1 } });
    // the run's differences were replaced: the rejected pair's are made again, once, open
    const fromProposal = { rejectedProposal: true, proposalId: byOrder(first, 'L-P2').id };
    expect(await leftByRejection(jobId)).toEqual([
      ['missing-theirs', 'L-P2', null, 500, fromProposal],
      ['missing-ours', null, 'R-P2', 500, fromProposal],
    ]);
    const diffs = await differences(jobId);
    expect(diffs.filter((d) => d.params.rejectedProposal).map((d) => d.state)).toEqual(['open', 'open']);
    expect(job.differences).toBe(diffs.length);
    expect(diffs.map((d) => d.seq)).toEqual(diffs.map((_, i) => i + 1));
    for (const kind of ['missing-theirs', 'missing-ours']) expect(job.summary.differences[kind].count).toBe(diffs.filter((d) => d.kind === kind).length);
    first = again;
  });

  it('a re-run of the day carries the decisions to the same pairs; the earlier run takes no more decisions', async () => {
    const rerunId = await runDay();
    const rerun = await ok(auditor, 'GET', `/api/v1/recon/jobs/${rerunId}`);
    expect(rerun).toMatchObject({ status: 'done', previousJobId: jobId, summary: { proposed: 1, matched: { byKey: 1 } } });
    const next = await proposals(rerunId);
    expect(next).toHaveLength(3);
    expect(byOrder(next, 'L-P1')).toMatchObject({ state: 'confirmed', carriedFrom: byOrder(first, 'L-P1').id, decidedBy: { id: maker.userId } });
    expect(byOrder(next, 'L-P2')).toMatchObject({ state: 'rejected', carriedFrom: byOrder(first, 'L-P2').id, note: '金额相同但不是同一笔：另有退款' });
    expect(byOrder(next, 'L-P3')).toMatchObject({ state: 'proposed', carriedFrom: null });
    expect(next.every((p) => p.jobId === rerunId)).toBe(true);
    // the carried rejection leaves the same differences in the re-run, naming the re-run's proposal
    const fromProposal = { rejectedProposal: true, proposalId: byOrder(next, 'L-P2').id };
    expect(await leftByRejection(rerunId)).toEqual([
      ['missing-theirs', 'L-P2', null, 500, fromProposal],
      ['missing-ours', null, 'R-P2', 500, fromProposal],
    ]);
    const earlier = await ok(auditor, 'GET', `/api/v1/recon/jobs/${jobId}`);
    expect(rerun.summary.differences).toEqual(earlier.summary.differences);
    expect(rerun.differences).toBe(earlier.differences);
    expect(rerun.differences).toBe((await differences(rerunId)).length);
    // they are worked as any difference
    const made = (await differences(rerunId)).find((d) => d.params.rejectedProposal === true)!;
    expect(await ok(maker, 'POST', `/api/v1/recon/differences/${made.id}/investigate`, { version: made.version })).toMatchObject({ state: 'investigating', assignee: { id: maker.userId } });

    // the earlier run keeps its proposals for comparison but no longer takes decisions
    expect(await proposals(jobId)).toHaveLength(3);
    const stale = await call(maker, 'POST', `/api/v1/recon/proposals/${byOrder(first, 'L-P3').id}/confirm`, {});
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error).toMatchObject({ code: 'JOB_SUPERSEDED', details: { supersededBy: rerunId } });
    expect((await ok(auditor, 'GET', `/api/v1/recon/jobs/${jobId}`)).summary.proposed).toBe(1);

    await ok(maker, 'POST', `/api/v1/recon/proposals/${byOrder(next, 'L-P3').id}/confirm`, {});
    expect((await ok(auditor, 'GET', `/api/v1/recon/jobs/${rerunId}`)).summary).toMatchObject({ proposed: 0, matched: { byKey: 2 } });
  });
});
