import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { newId } from '../../ids.ts';
import { createTestApp, type Caller, type TestApp } from '../../testing/app.ts';
import { describeEachDatabase } from '../../testing/each-database.ts';
import { runReconWork, upload } from './recon.test-support.ts';

/**
 * The live source on both databases: transactions posted by terminals through ingestion and a record back-filled
 * after an outage, snapshotted without a file (an import of `source=live`, and a job whose side names `live`),
 * reconciled against the card ledger: the four both sides know are matched, the one only the ledger has and the one
 * only a terminal reported are differences. Card and account numbers stay masked in the API.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- response bodies, read as the console reads them
type Json = Record<string, any>;

const DAY = '2026-11-30';
/** wall clock in Shanghai on DAY → instant */
const sh = (hhmm: string) => Date.parse(`${DAY}T${hhmm}:00+08:00`);
const CARD = '6217000099998888';
const ACCOUNT = '2023990001';

const LEDGER_HEADER = 'txn_id,card_no,account_no,terminal_id,txn_type,amount_fen,balance_before_fen,balance_after_fen,card_counter,txn_time,collected_at,offline,status,channel,channel_order_id,merchant_order_id,third_party_order_id,refund_id';
function ledger(rows: [id: string, fen: number, time: string, offline?: boolean][]): string {
  const lines = rows.map(([id, fen, time, offline]) => [id, CARD, ACCOUNT, 'POS-C1-017', 'consume', fen, '', '', '', `${DAY} ${time}:00`, `${DAY} ${time}:00`, offline ? 1 : 0, 'success', 'card', '', '', '', ''].join(','));
  return `${[LEDGER_HEADER, ...lines, `#END,${rows.length},${rows.reduce((s, r) => s + r[1], 0)}`].join('\r\n')}\r\n`;
}

describeEachDatabase('recon live source (opsdesk transactions) on %s', (dialect) => {
  let t: TestApp;
  let admin: Caller;
  let maker: Caller;
  let bearer: Record<string, string>;

  const ok = async (caller: Caller, method: 'GET' | 'POST' | 'PATCH', url: string, payload?: unknown): Promise<Json> => {
    const res = await t.call(caller, { method, url, payload });
    expect(res.statusCode, `${method} ${url}: ${res.body}`).toBe(200);
    return res.json();
  };
  const txn = (txnId: string, hhmm: string, amountFen: number, extra: Record<string, unknown> = {}) => ({
    id: newId(),
    kind: 'txn',
    ts: new Date(sh(hhmm)).toISOString(),
    device: 'POS-C1-017',
    site: 'canteen-1',
    data: { txnId, type: 'consume', amountFen, card: CARD, account: ACCOUNT, channel: 'card', status: 'ok', ...extra },
  });
  const live = (query: Record<string, string>, body?: string) =>
    t.call(maker, { method: 'POST', url: `/api/v1/recon/imports?${new URLSearchParams({ source: 'live', ...query }).toString()}`, ...(body === undefined ? {} : { payload: body, headers: { 'content-type': 'application/octet-stream' } }) });

  const work = () => runReconWork(t);

  beforeAll(async () => {
    t = await createTestApp(dialect, { OPSDESK_SESSION_IDLE_MINUTES: '1440', OPSDESK_SESSION_ABSOLUTE_HOURS: '720' });
    // noon in Shanghai on the day: the terminals report, the canteen's till goes down, the cashier books by hand
    t.clock.set(sh('12:00'));
    admin = await t.loginAdmin();
    maker = await t.userWith(admin, ['finance']);
    const token = await t.call(admin, { method: 'POST', url: '/api/v1/tokens', payload: { name: 'estate', permissions: ['ingest:write'] } });
    bearer = { authorization: `Bearer ${token.json().secret}` };
    const site = await ok(admin, 'POST', '/api/v1/sites', { code: 'canteen-1', name: '第一食堂' });
    await ok(admin, 'POST', '/api/v1/devices', { code: 'POS-C1-017', name: 'POS-C1-017', type: 'pos', subsystem: 'consumption', siteId: site.id });
    await ok(admin, 'POST', '/api/v1/devices', { code: 'TILL-C1', name: 'TILL-C1', type: 'ticket_pc', subsystem: 'consumption', siteId: site.id });

    const batch = [
      txn('POS-0001', '10:00', 1250),
      txn('POS-0002', '10:30', 800),
      // an offline record collected later: it belongs to its transaction time's day
      txn('POS-0003', '11:00', 600, { offline: true, cardCounter: 7 }),
      // reported by the terminal, never booked in the card ledger
      txn('POS-0004', '11:10', 990),
    ];
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/ingest', headers: { ...bearer, 'content-type': 'application/json' }, payload: JSON.stringify(batch) });
    expect(res.statusCode, res.body).toBeLessThan(300);
    expect(res.json()).toMatchObject({ accepted: 4, rejected: 0 });

    const incident = await ok(admin, 'POST', '/api/v1/incidents', { title: '食堂收银机故障', siteId: site.id, impact: 'high', urgency: 'high' });
    const backfill = await ok(admin, 'POST', `/api/v1/incidents/${incident.id}/backfill`, {
      records: [{ kind: 'counter_payment', deviceCode: 'TILL-C1', recordNo: 'P-0001', occurredAt: new Date(sh('11:50')).toISOString(), amountFen: 1500, channel: 'card', card: CARD, account: ACCOUNT }],
    });
    expect(backfill.items[0].status).toBe('created');

    // The card ledger of the day: the four both sides know, and one no terminal reported.
    const csv = ledger([
      ['L-1', 1250, '10:00'],
      ['L-2', 800, '10:30'],
      ['L-3', 600, '11:00', true],
      ['L-9', 420, '11:20'],
      ['L-5', 1500, '11:50'],
    ]);
    t.clock.set(Date.parse('2026-12-01T01:00:00Z'));
    expect((await upload(t, maker, 'ledger', csv, { fileName: 'ledger-1130.csv' })).statusCode).toBe(200);
  });
  afterAll(async () => t.close());

  it('snapshots the day’s transactions without a file, back-filled ones included, masked in the API and whole in the private record file', async () => {
    const res = await live({ from: DAY, to: DAY });
    expect(res.statusCode, res.body).toBe(200);
    const imp = res.json() as Json;
    expect(imp).toMatchObject({ source: 'live', status: 'imported', records: 5, rejected: 0, layout: 'opsdesk-transactions/v1', amountFen: 1250 + 800 + 600 + 990 + 1500, findings: 0 });
    expect(imp.txnFrom).toBe(new Date(sh('10:00')).toISOString());

    const records = (await ok(maker, 'GET', `/api/v1/recon/imports/${imp.id}/records?limit=10`)).items as Json[];
    expect(records.map((r) => r.txnId)).toEqual(['POS-0001', 'POS-0002', 'POS-0003', 'POS-0004', 'backfill:TILL-C1:P-0001']);
    expect(records[0]).toMatchObject({ source: 'opsdesk-txn', type: 'consume', direction: 'out', amountFen: 1250, status: 'success', terminal: 'POS-C1-017', channel: 'card', offline: false, line: 1 });
    expect(records[2]).toMatchObject({ offline: true, cardCounter: 7 });
    const backfilled = records[4]!;
    expect(backfilled).toMatchObject({ terminal: 'TILL-C1', offline: true, amountFen: 1500 });
    expect(JSON.parse(backfilled.raw as string)).toMatchObject({ source: 'backfill', device: 'TILL-C1' });
    for (const r of records) {
      expect(r.card).not.toBe(CARD);
      expect(r.account).not.toBe(ACCOUNT);
      expect(r.raw).not.toContain(CARD);
      expect(r.raw).not.toContain(ACCOUNT);
    }
    const stored = await t.db.kysely.selectFrom('recon_imports').select(['record_file']).where('id', '=', imp.id).executeTakeFirstOrThrow();
    const file = path.join(t.config.dataDir, stored.record_file!);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(fs.readFileSync(file).includes(Buffer.from(CARD))).toBe(true);

    // The same span with nothing new is the same snapshot.
    const again = await live({ from: DAY, to: DAY });
    expect(again.statusCode).toBe(409);
    expect(again.json().error).toMatchObject({ code: 'DUPLICATE_IMPORT', details: { importId: imp.id } });
  });

  it('refuses a body, a missing or reversed span and one longer than 31 days', async () => {
    const body = await live({ from: DAY, to: DAY }, 'txn_id\n1\n');
    expect(body.statusCode).toBe(400);
    expect(body.json().error.code).toBe('BODY_NOT_EXPECTED');
    const missing = await live({ to: DAY });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().error.details[0]).toMatchObject({ field: 'querystring.from', code: 'required' });
    const reversed = await live({ from: '2026-12-01', to: '2026-11-01' });
    expect(reversed.json().error.details[0]).toMatchObject({ field: 'querystring.from', code: 'rangeOrder' });
    const long = await live({ from: '2026-01-01', to: '2026-03-01' });
    expect(long.json().error.details[0]).toMatchObject({ field: 'querystring.to', code: 'rangeTooLong' });
    const vague = await live({ from: '2026-11-30T10:00:00', to: DAY });
    expect(vague.json().error.details[0]).toMatchObject({ field: 'querystring.from', code: 'type' });
    const reader = await t.userWith(admin, ['auditor']);
    expect((await t.call(reader, { method: 'POST', url: `/api/v1/recon/imports?source=live&from=${DAY}&to=${DAY}` })).statusCode).toBe(403);
  });

  it('a job whose side names live snapshots the day when it is made and reconciles the ledger against it', async () => {
    const bank = ((await ok(maker, 'GET', '/api/v1/recon/channels')).items as Json[]).find((c) => c.id === 'bank')!;
    await ok(maker, 'PATCH', '/api/v1/recon/channels/bank', { version: bank.version, leftSources: ['ledger'], rightSources: ['live'] });
    const res = await ok(maker, 'POST', '/api/v1/recon/jobs', { channel: 'bank', day: DAY });
    const inputs = res.job.inputs as Json[];
    expect(inputs.map((i) => `${i.side}:${i.source}:${i.records}`).sort()).toEqual(['left:ledger:5', 'right:live:5']);
    await work();
    const job = await ok(maker, 'GET', `/api/v1/recon/jobs/${res.job.id}`);
    expect(job).toMatchObject({ status: 'done' });
    expect(job.summary.matched.byId + job.summary.matched.byKey).toBe(4);
    const diffs = (await ok(maker, 'GET', `/api/v1/recon/jobs/${res.job.id}/differences`)).items as Json[];
    expect(diffs.map((d) => d.kind).sort()).toEqual(['missing-ours', 'missing-theirs']);
    expect(diffs.find((d) => d.kind === 'missing-theirs')!.left[0]).toMatchObject({ txnId: 'L-9', amountFen: 420 });
    const reported = diffs.find((d) => d.kind === 'missing-ours')!.right[0];
    expect(reported).toMatchObject({ txnId: 'POS-0004', amountFen: 990, source: 'opsdesk-txn', terminal: 'POS-C1-017' });
    expect(reported.card).not.toBe(CARD);

    // Run again with nothing new: the same snapshot is the input; a transaction reported since makes a new one.
    const rerun = await ok(maker, 'POST', '/api/v1/recon/jobs', { channel: 'bank', day: DAY, dryRun: true });
    expect(rerun.dryRunResult.summary.right.records).toBe(5);
    const late = await t.app.inject({ method: 'POST', url: '/api/v1/ingest', headers: { ...bearer, 'content-type': 'application/json' }, payload: JSON.stringify([txn('POS-0010', '11:20', 420, { offline: true })]) });
    expect(late.json(), late.body).toMatchObject({ accepted: 1 });
    const third = await ok(maker, 'POST', '/api/v1/recon/jobs', { channel: 'bank', day: DAY });
    const right = (third.job.inputs as Json[]).find((i) => i.side === 'right')!;
    expect(right.records).toBe(6);
    expect(right.importId).not.toBe(inputs.find((i) => i.side === 'right')!.importId);
    await work();
    const settled = await ok(maker, 'GET', `/api/v1/recon/jobs/${third.job.id}`);
    expect(settled.summary.matched.byId + settled.summary.matched.byKey).toBe(5);
    expect(settled.differences).toBe(1);
  });
});
