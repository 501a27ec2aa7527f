import type { Caller, TestApp } from '../../testing/app.ts';
import { memoryLog } from '../../testing/memory-log.ts';
import { createJobRegistry } from '../../worker/registry.ts';
import { createWorker } from '../../worker/worker.ts';
import { reconJobs } from './recon.jobs.ts';

/**
 * Small files for the reconciliation tests: a card ledger (opsdesk-ledger/v1) and a WeChat Pay trade bill in the
 * live layout (comma separated, a backtick before every value), both with their summaries right.
 */
const LEDGER_HEADER = 'txn_id,card_no,account_no,terminal_id,txn_type,amount_fen,balance_before_fen,balance_after_fen,card_counter,txn_time,collected_at,offline,status,channel,channel_order_id,merchant_order_id,third_party_order_id,refund_id';

export interface LedgerRow {
  id: string;
  order: string;
  fen: number;
  time: string;
  card?: string;
  account?: string;
}

/** Recharges paid through WeChat: the ledger's side of a WeChat bill. */
export function ledgerCsv(rows: LedgerRow[]): string {
  const lines = rows.map((r, i) => [r.id, r.card ?? `6217000012345678${i}`, r.account ?? `202300${i}`, 'KIOSK-1', 'recharge', r.fen, 0, r.fen, i + 1, r.time, r.time, 0, 'success', 'wechat', '', r.order, '', ''].join(','));
  const sum = rows.reduce((s, r) => s + r.fen, 0);
  return `${[LEDGER_HEADER, ...lines, `#END,${rows.length},${sum}`].join('\r\n')}\r\n`;
}

const WECHAT_HEADER = '交易时间,公众账号ID,商户号,子商户号,设备号,微信订单号,商户订单号,用户标识,交易类型,交易状态,付款银行,货币种类,应结订单金额,代金券金额,微信退款单号,商户退款单号,退款金额,充值券退款金额,退款类型,退款状态,商品名称,商户数据包,手续费,费率,订单金额,申请退款金额,费率备注';

const yuan = (fen: number) => `${Math.floor(fen / 100)}.${String(fen % 100).padStart(2, '0')}`;

export interface BillRow {
  wxId: string;
  order: string;
  fen: number;
  time: string;
}

export function wechatBill(rows: BillRow[]): string {
  const tick = (cells: (string | number)[]) => cells.map((c) => `\`${c}`).join(',');
  const lines = rows.map((r) => tick([r.time, 'wxf7c30a8258df4208', '10014843', '0', 'kiosk', r.wxId, r.order, 'oT2kau', 'NATIVE', 'SUCCESS', 'CMB_DEBIT', 'CNY', yuan(r.fen), '0.00', '0', '0', '0.00', '0.00', '', '', '充值', '', '0.00', '0.60%', yuan(r.fen), '0.00', '']));
  const sum = rows.reduce((s, r) => s + r.fen, 0);
  return `${[WECHAT_HEADER, ...lines, '总交易单数,应结订单总金额,退款总金额,充值券退款总金额,手续费总金额,订单总金额,申请退款总金额', tick([rows.length, yuan(sum), '0.00', '0.00', '0.00', yuan(sum), '0.00'])].join('\r\n')}\r\n`;
}

/** Uploads a file as an import. */
export function upload(t: TestApp, caller: Caller, source: string, bytes: Buffer | string, query: Record<string, string> = {}) {
  const qs = new URLSearchParams({ source, ...query }).toString();
  return t.call(caller, { method: 'POST', url: `/api/v1/recon/imports?${qs}`, payload: Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes, 'utf8'), headers: { 'content-type': 'application/octet-stream' } });
}

/**
 * Runs the worker as a node would: every queued job (and `only` the schedules named, when given, that are due at
 * the clock's time), tick after tick until one starts nothing, at most five.
 */
export async function runReconWork(t: TestApp, options: { nodeId?: string; only?: string } = {}): Promise<void> {
  const registry = createJobRegistry();
  const schedules = reconJobs(registry, t.services).filter((s) => options.only === undefined || s.name === options.only);
  const w = createWorker({ db: t.db, clock: t.clock, nodeId: options.nodeId ?? 'test-node', registry, schedules, log: memoryLog().log, stopGraceMs: 20 });
  try {
    for (let i = 0; i < 5; i++) {
      const tick = await w.tick();
      await tick.finished;
      if (tick.started.length === 0 && i > 0) break;
    }
  } finally {
    await w.stop();
  }
}
