import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { BalanceRow } from '../importers/balance-csv.ts';
import type { Difference } from '../matching.ts';
import { at, rec, spec } from './engine.test-support.ts';
import { readBalanceFile, runMatch, writeBalanceFile, writeRecordFile } from './index.ts';

const root = mkdtempSync(join(tmpdir(), 'opsdesk-balances-test-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let n = 0;
const dir = () => join(root, `t${++n}`);

const D = '2026-11-30';
const KINDS = new Set(['card-db-balance', 'consumption-vs-balance', 'recharge-vs-increase']);

let line = 1;
function bal(account: string, card: string | null, opening: number, recharge: number, consumption: number | null, closing: number, cardBalance: number | null = null, day = D, file = 'balances.csv'): BalanceRow {
  return { day, account, card, openingFen: opening, rechargeFen: recharge, consumptionFen: consumption, closingFen: closing, cardBalanceFen: cardBalance, provenance: { file, line: ++line, raw: `${day},${account},${card ?? ''}` } };
}

const recharge = (account: string | null, card: string, fen: number, before: number, counter: number, time = '09:00:00') =>
  rec({ txnId: `R-${card}-${counter}`, account, card, type: 'recharge', direction: 'in', amountFen: fen, balanceBeforeFen: before, balanceAfterFen: before + fen, cardCounter: counter, txnTime: at(D, time) });
const consume = (account: string | null, card: string, fen: number, before: number, counter: number, time = '12:00:00') =>
  rec({ txnId: `C-${card}-${counter}`, account, card, type: 'consume', direction: 'out', amountFen: fen, balanceBeforeFen: before, balanceAfterFen: before - fen, cardCounter: counter, txnTime: at(D, time) });

/** A day whose ledger and settlement agree: recharges, consumption, a refund, a record without its account. */
const cleanLedger = () => [
  recharge('A1', 'C1', 5000, 10000, 1),
  consume(null, 'C1', 1250, 15000, 2), // no account: the settlement's account of card C1
  consume('A2', 'C2', 300, 1000, 5),
  rec({ txnId: 'F-C2-6', account: 'A2', card: 'C2', type: 'refund', direction: 'in', amountFen: 100, balanceBeforeFen: 700, balanceAfterFen: 800, cardCounter: 6, txnTime: at(D, '13:00:00') }),
  // neither a failed record nor one of the day before moves the day's balances
  rec({ txnId: 'X-C2', account: 'A2', card: 'C2', type: 'consume', direction: 'out', amountFen: 999, status: 'failed', txnTime: at(D, '14:00:00') }),
  recharge('A1', 'C1', 777, 9223, 0, '22:00:00'),
];
const cleanLedgerPrevDay = (r: ReturnType<typeof rec>) => ({ ...r, txnTime: at('2026-11-29', '22:00:00') });
const cleanSettlement = () => [bal('A1', 'C1', 10000, 5000, 1250, 13750, 13750), bal('A2', 'C2', 1000, 0, 200, 800, 800)];

async function files(d: string, ledger: ReturnType<typeof rec>[], settlements: BalanceRow[][]) {
  const l = ledger.map((r) => (r.txnId === 'R-C1-0' ? cleanLedgerPrevDay(r) : r));
  await writeRecordFile(l, join(d, 'ledger.parquet'));
  const balances: string[] = [];
  for (const [i, rows] of settlements.entries()) {
    await writeBalanceFile(rows, join(d, `balances-${i}.parquet`));
    balances.push(join(d, `balances-${i}.parquet`));
  }
  return { ledger: join(d, 'ledger.parquet'), balances };
}

const checks = (ds: Difference[]) => ds.filter((x) => KINDS.has(x.kind));

describe('balance files', () => {
  it('writes a settlement to a private Parquet file and reads it back exactly', async () => {
    const d = dir();
    const rows = [bal('A1', 'C1', -5, 9_007_199_254_740_991, null, 0, null), bal('A2', null, 1, 2, 3, 0, 7)];
    expect(await writeBalanceFile(rows, join(d, 'x', 'b.parquet'))).toEqual({ rows: 2 });
    expect(statSync(join(d, 'x', 'b.parquet')).mode & 0o777).toBe(0o600);
    expect(await readBalanceFile(join(d, 'x', 'b.parquet'))).toEqual(rows.map((r, i) => ({ ...r, rowKey: i + 1 })));
  });
});

describe('balance checks against the account daily settlement', () => {
  it('finds nothing when the ledger and the settlement agree', async () => {
    const d = dir();
    const f = await files(d, cleanLedger(), [cleanSettlement()]);
    const result = await runMatch(spec(join(d, 'job'), [f.ledger], [], { balances: f.balances }));
    expect(checks(result.differences)).toEqual([]);
    expect(result.summary.balanceChecks).toEqual({ status: 'checked', rows: 2, accounts: 2, unattributed: 0 });
  });

  it('a job without a settlement skips the checks and says so', async () => {
    const d = dir();
    const f = await files(d, cleanLedger(), []);
    const result = await runMatch(spec(join(d, 'job'), [f.ledger], []));
    expect(checks(result.differences)).toEqual([]);
    expect(result.summary.balanceChecks).toEqual({ status: 'no-snapshot', rows: 0, accounts: 0, unattributed: 0 });
    // a settlement of other days only is no settlement of this day
    const other = await files(dir(), cleanLedger(), [[bal('A1', 'C1', 0, 0, 0, 1, null, '2026-11-29')]]);
    expect((await runMatch(spec(join(d, 'job2'), [other.ledger], [], { balances: other.balances }))).summary.balanceChecks?.status).toBe('no-snapshot');
  });

  it('card-db-balance: the card (its last record, else the settlement’s card balance) against the database balance', async () => {
    const d = dir();
    const ledger = [...cleanLedger(), consume('A4', 'C4', 500, 5000, 3, '07:00:00'), consume('A4', 'C4', 100, 4500, 2, '08:00:00')];
    const settlement = [...cleanSettlement(), bal('A4', 'C4', 5100, 0, 600, 4400), bal('A5', 'C5', 700, 0, 0, 700, 650)];
    const f = await files(d, ledger, [settlement]);
    const found = checks((await runMatch(spec(join(d, 'job'), [f.ledger], [], { balances: f.balances }))).differences).filter((x) => x.kind === 'card-db-balance');
    expect(found).toHaveLength(2);
    const [c4, c5] = found;
    // the last record by card counter (counter 3, 4500 after), not the last by time
    expect(c4).toMatchObject({ account: 'A4', deltaFen: 100, amountFen: 100, fields: ['balanceAfterFen'], params: { card: 'C4', cardBalance: 4500, dbBalance: 4400, cardBalanceFrom: 'ledger' } });
    expect(c4!.left.map((r) => r.txnId)).toEqual(['C-C4-3']);
    expect(c4!.right).toEqual([expect.objectContaining({ source: 'balance-csv', account: 'A4', card: 'C4', balanceBeforeFen: 5100, balanceAfterFen: 4400, provenance: expect.objectContaining({ file: 'balances.csv' }) })]);
    expect(c5).toMatchObject({ account: 'A5', left: [], deltaFen: -50, amountFen: 50, params: { cardBalance: 650, dbBalance: 700, cardBalanceFrom: 'snapshot' } });
  });

  it('consumption-vs-balance: the ledger’s consumption against opening + increase − closing', async () => {
    const d = dir();
    const ledger = [...cleanLedger(), consume('A4', 'C4', 500, 5000, 3)];
    // the database lost 500 more than the ledger's records spent (a restore from an older backup, say)
    const f = await files(d, ledger, [[...cleanSettlement(), bal('A4', null, 5000, 0, 500, 4000)]]);
    const found = checks((await runMatch(spec(join(d, 'job'), [f.ledger], [], { balances: f.balances }))).differences);
    const c = found.find((x) => x.kind === 'consumption-vs-balance')!;
    expect(c).toMatchObject({
      account: 'A4',
      deltaFen: -500,
      amountFen: 500,
      params: { ledgerConsumption: 500, impliedConsumption: 1000, opening: 5000, increase: 0, closing: 4000, statedConsumption: 500, ledgerRecords: 1, snapshot: 'present' },
    });
    expect(c.left.map((r) => r.txnId)).toEqual(['C-C4-3']);
    expect(c.right.map((r) => r.account)).toEqual(['A4']);
    expect(found.filter((x) => x.kind === 'recharge-vs-increase')).toEqual([]);
  });

  it('recharge-vs-increase: the ledger’s money in against the settlement’s increase; an account the settlement lacks', async () => {
    const d = dir();
    const ledger = [...cleanLedger(), recharge('A3', 'C3', 2000, 0, 1), recharge('A6', 'C6', 100, 0, 1)];
    // A3's settlement counts a 1,000 recharge the ledger has no record of
    const f = await files(d, ledger, [[...cleanSettlement(), bal('A3', 'C3', 0, 3000, 0, 3000, 3000)]]);
    const found = checks((await runMatch(spec(join(d, 'job'), [f.ledger], [], { balances: f.balances }))).differences);
    const byKey = found.map((x) => `${x.kind}:${x.account}:${x.deltaFen}`).sort();
    expect(byKey).toEqual(['card-db-balance:A3:-1000', 'recharge-vs-increase:A3:-1000', 'recharge-vs-increase:A6:100']);
    const a3 = found.find((x) => x.kind === 'recharge-vs-increase' && x.account === 'A3')!;
    expect(a3.params).toMatchObject({ ledgerIncrease: 2000, snapshotIncrease: 3000, snapshot: 'present' });
    expect(a3.left.map((r) => r.txnId)).toEqual(['R-C3-1']);
    const a6 = found.find((x) => x.account === 'A6')!;
    expect(a6).toMatchObject({ right: [], params: { ledgerIncrease: 100, snapshotIncrease: null, snapshot: 'missing' } });
  });

  it('the newest settlement of the day is the day’s settlement', async () => {
    const d = dir();
    const older = [bal('A1', 'C1', 0, 0, 0, 0), bal('A9', 'C9', 0, 0, 0, 5)];
    const f = await files(d, cleanLedger(), [older, [...cleanSettlement(), bal('A1', 'C1', 1, 1, 1, 1, null, '2026-12-01')]]);
    const result = await runMatch(spec(join(d, 'job'), [f.ledger], [], { balances: f.balances }));
    expect(checks(result.differences)).toEqual([]);
    expect(result.summary.balanceChecks).toMatchObject({ rows: 2, accounts: 2 });
  });
});
