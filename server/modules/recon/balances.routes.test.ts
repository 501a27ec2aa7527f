import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestApp, type Caller, type TestApp } from '../../testing/app.ts';
import { describeEachDatabase } from '../../testing/each-database.ts';
import { runReconWork, upload, wechatBill } from './recon.test-support.ts';

/**
 * The balance checks through the API on both databases: a card ledger and the card system's account daily settlement
 * (账户日结表) imported, the day run on the worker, and the card-vs-database, consumption and recharge differences
 * stored with both sides' rows; a day without a settlement says it skipped them.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- response bodies, read as the console reads them
type Json = Record<string, any>;

const DAY = '2026-11-30';
const LEDGER_HEADER = 'txn_id,card_no,account_no,terminal_id,txn_type,amount_fen,balance_before_fen,balance_after_fen,card_counter,txn_time,collected_at,offline,status,channel,channel_order_id,merchant_order_id,third_party_order_id,refund_id';
const ledgerRows = [
  `T1,C1,A1,KIOSK-1,recharge,5000,10000,15000,1,${DAY} 09:00:00,${DAY} 09:00:00,0,success,wechat,,M1,,`,
  `T2,C1,A1,POS-1,consume,1250,15000,13750,2,${DAY} 12:00:00,${DAY} 12:00:00,0,success,,,,,`,
  `T3,C2,A2,KIOSK-1,recharge,2000,0,2000,1,${DAY} 10:00:00,${DAY} 10:00:00,0,success,wechat,,M3,,`,
  `T4,C3,A3,POS-1,consume,500,5000,4500,7,${DAY} 13:00:00,${DAY} 13:00:00,0,success,,,,,`,
];
const ledger = `${[LEDGER_HEADER, ...ledgerRows, '#END,4,8750'].join('\r\n')}\r\n`;
// A1 agrees; A2's database counts a 10.00 recharge the ledger has no record of; A3's database lost 5.00 more than was spent
const settlement = [
  'business_day,account_no,card_no,opening_fen,recharge_fen,consumption_fen,closing_fen,card_balance_fen',
  `${DAY},A1,C1,10000,5000,1250,13750,13750`,
  `${DAY},A2,C2,0,3000,0,3000,3000`,
  `${DAY},A3,C3,5000,0,500,4000,`,
  '#END,3,20750',
].join('\n');

describeEachDatabase('recon balance checks API on %s', (dialect) => {
  let t: TestApp;
  let admin: Caller;
  let finance: Caller;

  beforeAll(async () => {
    t = await createTestApp(dialect);
    t.clock.set(Date.parse('2026-12-01T01:00:00Z'));
    admin = await t.loginAdmin();
    finance = await t.userWith(admin, ['finance']);
    expect((await upload(t, finance, 'ledger', ledger, { fileName: 'ledger-1130.csv' })).statusCode).toBe(200);
    const bill = wechatBill([
      { wxId: '4200000001', order: 'M1', fen: 5000, time: `${DAY} 09:00:10` },
      { wxId: '4200000003', order: 'M3', fen: 2000, time: `${DAY} 10:00:10` },
    ]);
    expect((await upload(t, finance, 'wechat', bill, { fileName: 'wechat-1130.csv' })).statusCode).toBe(200);
  });
  afterAll(async () => t.close());

  const ok = async (method: 'GET' | 'POST', url: string, payload?: unknown): Promise<Json> => {
    const res = await t.call(finance, { method, url, payload });
    expect(res.statusCode, `${method} ${url}: ${res.body}`).toBe(200);
    return res.json();
  };

  const work = () => runReconWork(t);

  it('imports the account daily settlement: its layout, its days, a row that does not add up, a preview of its rows', async () => {
    const res = await upload(t, finance, 'balances', settlement, { fileName: 'balances-1130.csv' });
    expect(res.statusCode, res.body).toBe(200);
    const imp = res.json() as Json;
    expect(imp).toMatchObject({ source: 'balances', layout: 'opsdesk-balances/v1', encoding: { name: 'utf8' }, status: 'imported', rows: 3, records: 3, rejected: 0, txnFrom: '2026-11-29T16:00:00.000Z', txnTo: '2026-11-29T16:00:00.000Z' });
    expect(imp.findingList).toEqual([expect.objectContaining({ code: 'BALANCE_BREAK', severity: 'warning', line: 4 })]);
    const preview = await ok('GET', `/api/v1/recon/imports/${imp.id}/records`);
    expect(preview.total).toBe(3);
    expect(preview.items[1]).toMatchObject({ source: 'balance-csv', balanceBeforeFen: 0, balanceAfterFen: 3000, file: 'balances-1130.csv', line: 3 });
  });

  it('refuses a settlement whose header does not say where the figures are, keeping nothing', async () => {
    const res = await upload(t, finance, 'balances', '日期,账号,期初余额,期末余额\n2026-11-30,A1,0,0\n', { fileName: 'bad.csv' });
    expect(res.statusCode).toBe(422);
    expect(res.json()).toMatchObject({ error: { code: 'IMPORT_FAILED', details: { source: 'balances', status: 'failed', records: 0, findingList: [expect.objectContaining({ code: 'UNKNOWN_LAYOUT', params: { missing: 'recharge', ambiguous: '' } })] } } });
  });

  it('a day run finds the card-vs-database, consumption and recharge differences with both sides’ rows', async () => {
    const created = await ok('POST', '/api/v1/recon/jobs', { channel: 'wechat', day: DAY });
    expect(created.job.inputs.map((i: Json) => `${i.side}:${i.source}`).sort()).toEqual(['balances:balances', 'left:ledger', 'right:wechat']);
    await work();
    const job = await ok('GET', `/api/v1/recon/jobs/${created.job.id}`);
    expect(job).toMatchObject({ status: 'done', summary: { balanceChecks: { status: 'checked', rows: 3, accounts: 3, unattributed: 0 } } });
    expect(job.summary.differences['card-db-balance']).toEqual({ count: 2, amountFen: 1500 });
    const list = async (kind: string) => (await ok('GET', `/api/v1/recon/jobs/${created.job.id}/differences?kind=${kind}`)).items as Json[];

    const cardDb = (await list('card-db-balance')).sort((a, b) => a.deltaFen - b.deltaFen);
    expect(cardDb.map((d) => [d.deltaFen, d.amountFen, d.params.cardBalance, d.params.dbBalance])).toEqual([
      [-1000, 1000, 2000, 3000],
      [500, 500, 4500, 4000],
    ]);
    expect(cardDb[0]!.left.map((r: Json) => r.txnId)).toEqual(['T3']);
    expect(cardDb[0]!.right[0]).toMatchObject({ source: 'balance-csv', file: 'balances-1130.csv', line: 3, balanceAfterFen: 3000 });

    const consumption = await list('consumption-vs-balance');
    expect(consumption).toHaveLength(1);
    expect(consumption[0]).toMatchObject({ deltaFen: -500, amountFen: 500, state: 'open', params: { ledgerConsumption: 500, impliedConsumption: 1000, opening: 5000, increase: 0, closing: 4000 } });
    expect(consumption[0]!.left.map((r: Json) => r.txnId)).toEqual(['T4']);
    expect(consumption[0]!.right[0]).toMatchObject({ file: 'balances-1130.csv', line: 4 });

    const recharge = await list('recharge-vs-increase');
    expect(recharge).toHaveLength(1);
    expect(recharge[0]).toMatchObject({ deltaFen: -1000, params: { ledgerIncrease: 2000, snapshotIncrease: 3000, snapshot: 'present' } });
    expect(recharge[0]!.left.map((r: Json) => r.txnId)).toEqual(['T3']);
  });

  it('a channel cannot match the settlement as a side: it holds balances, not transactions', async () => {
    const channel = ((await ok('GET', '/api/v1/recon/channels')).items as Json[]).find((c) => c.id === 'wechat')!;
    const res = await t.call(finance, { method: 'PATCH', url: '/api/v1/recon/channels/wechat', payload: { version: channel.version, leftSources: ['ledger', 'balances'] } });
    expect(res.statusCode, res.body).toBe(400);
    expect(JSON.stringify(res.json())).toContain('leftSources.1');
  });

  it('a day without a settlement skips the balance checks and says so', async () => {
    const res = await ok('POST', '/api/v1/recon/jobs', { channel: 'wechat', day: '2026-11-29', dryRun: true });
    expect(res.dryRunResult.summary.balanceChecks).toEqual({ status: 'no-snapshot', rows: 0, accounts: 0, unattributed: 0 });
    expect((res.dryRunResult.differences as Json[]).filter((d) => ['card-db-balance', 'consumption-vs-balance', 'recharge-vs-increase'].includes(d.kind))).toEqual([]);
  });
});
