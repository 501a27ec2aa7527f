import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { wechatBill } from '../modules/recon/recon.test-support.ts';
import { opsdesk } from '../testing/cli.ts';

/** `opsdesk recon run --balances`: the balance checks from files alone, the ledger read by the fast loader. */
let dir: string;
const DAY = '2026-11-30';
const LEDGER_HEADER = 'txn_id,card_no,account_no,terminal_id,txn_type,amount_fen,balance_before_fen,balance_after_fen,card_counter,txn_time,collected_at,offline,status,channel,channel_order_id,merchant_order_id,third_party_order_id,refund_id';

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'opsdesk-recon-balances-'));
  const rows = [
    `T1,C1,A1,KIOSK-1,recharge,5000,10000,15000,1,${DAY} 09:00:00,${DAY} 09:00:00,0,success,wechat,,M1,,`,
    `T2,C1,A1,POS-1,consume,1250,15000,13750,2,${DAY} 12:00:00,${DAY} 12:00:00,0,success,,,,,`,
    `T3,C2,A2,KIOSK-1,recharge,2000,0,2000,1,${DAY} 10:00:00,${DAY} 10:00:00,0,success,wechat,,M3,,`,
    `T4,C3,A3,POS-1,consume,500,5000,4500,7,${DAY} 13:00:00,${DAY} 13:00:00,0,success,,,,,`,
  ];
  fs.writeFileSync(path.join(dir, 'ledger.csv'), `${[LEDGER_HEADER, ...rows, '#END,4,8750'].join('\n')}\n`);
  fs.writeFileSync(path.join(dir, 'wechat.csv'), wechatBill([{ wxId: '4200000001', order: 'M1', fen: 5000, time: `${DAY} 09:00:10` }, { wxId: '4200000003', order: 'M3', fen: 2000, time: `${DAY} 10:00:10` }]));
  // a GBK export with Chinese headers in yuan: A2's database counts a 10.00 recharge the ledger lacks, A3 lost 5.00
  const settlement = ['日期,学工号,卡号,期初余额,充值金额,消费金额,账户余额,卡余额', `${DAY},A1,C1,100.00,50.00,12.50,137.50,137.50`, `${DAY},A2,C2,0,30.00,0,30.00,30.00`, `${DAY},A3,C3,50.00,0,5.00,40.00,`].join('\r\n');
  fs.writeFileSync(path.join(dir, '日结表.csv'), iconv.encode(settlement, 'gbk'));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

it('checks the ledger against the account daily settlement and says whether it did', { timeout: 120_000 }, async () => {
  const out = path.join(dir, 'result.json');
  const base = ['recon', 'run', '--date', DAY, '--channel', 'wechat', '--left', path.join(dir, 'ledger.csv'), '--right', path.join(dir, 'wechat.csv')];
  const run = await opsdesk([...base, '--balances', path.join(dir, '日结表.csv'), '--out', out]);
  expect(run.code, run.stderr).toBe(0);
  expect(run.stdout).toContain('3 settlement rows imported');
  expect(run.stdout).toContain('balances checked: 3 settlement rows, 3 accounts');
  const result = JSON.parse(fs.readFileSync(out, 'utf8')) as { differences: { kind: string; deltaFen: number; left: { txnId: string; provenance: { raw: string } }[]; right: { provenance: { line: number } }[] }[] };
  const of = (kind: string) => result.differences.filter((d) => d.kind === kind);
  expect(of('card-db-balance').map((d) => d.deltaFen).sort((a, b) => a - b)).toEqual([-1000, 500]);
  expect(of('recharge-vs-increase').map((d) => [d.deltaFen, d.left[0]!.txnId])).toEqual([[-1000, 'T3']]);
  const consumption = of('consumption-vs-balance');
  expect(consumption.map((d) => [d.deltaFen, d.left[0]!.txnId, d.right[0]!.provenance.line])).toEqual([[-500, 'T4', 4]]);
  expect(consumption[0]!.left[0]!.provenance.raw).toMatch(/^T4,C3,A3/);

  const without = await opsdesk([...base, '--work-dir', path.join(dir, 'plain'), '--dry-run']);
  expect(without.code, without.stderr).toBe(0);
  expect(without.stdout).toContain('balances not checked');
});
