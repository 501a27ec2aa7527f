import { closeSync, mkdirSync, openSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Ledger/channel file pairs for reconciliation tests and the benchmark: a card ledger in opsdesk's layout
 * (`opsdesk-ledger/v1`) and a WeChat Pay trade bill in the live layout (comma + backtick, summary lines), for one
 * business day, of any size, deterministic by seed, with planted differences of every kind the engine reports and
 * the ground truth of each (which rows, which kind). Streams to disk: 10M rows never sit in memory.
 *
 * The day: the ledger's cut-off is 23:00 Asia/Shanghai, WeChat's midnight. Ordinary transactions fall between
 * 00:30 and 22:00 so that both sides' days hold them; WeChat's time is 0–30 s after the ledger's.
 */
export interface GenerateOptions {
  dir: string;
  /** base ledger rows; the bill has about 95 % as many (the rest are card consumptions, not WeChat's) */
  rows: number;
  seed?: number;
  /** business day YYYY-MM-DD */
  day?: string;
  /** planted items per kind (default max(2, rows / 2000)) */
  perKind?: number;
}

export type PlantKind =
  | 'missing-theirs'
  | 'missing-ours'
  | 'amount-mismatch'
  | 'status-mismatch'
  | 'duplicate-left'
  | 'duplicate-right'
  | 'carry-left'
  | 'carry-right'
  | 'out-of-window'
  | 'split-1-to-2'
  | 'merge-2-to-1'
  | 'balance-break'
  | 'counter-gap'
  | 'mangled-id-intact'
  | 'mangled-ids-all';

export const PLANT_KINDS: readonly PlantKind[] = [
  'missing-theirs',
  'missing-ours',
  'amount-mismatch',
  'status-mismatch',
  'duplicate-left',
  'duplicate-right',
  'carry-left',
  'carry-right',
  'out-of-window',
  'split-1-to-2',
  'merge-2-to-1',
  'balance-break',
  'counter-gap',
  'mangled-id-intact',
  'mangled-ids-all',
];

/** What the engine must report: a difference (kind + the rows by line) or a carried record. */
export interface TruthDifference {
  plant: PlantKind;
  kind: string;
  left: number[];
  right: number[];
}

export interface GroundTruth {
  day: string;
  ledgerFile: string;
  channelFile: string;
  differences: TruthDifference[];
  /** lines carried to the next day */
  carried: { left: number[]; right: number[] };
  /** many-to-one / one-to-many groups that must match with equal sums */
  groups: { plant: PlantKind; left: number[]; right: number[] }[];
  /** rows in each file, and matched pairs expected (for false-match counting, in pairs-truth.csv) */
  ledgerRows: number;
  channelRows: number;
  expectedPairs: number;
}

export interface Generated {
  ledgerPath: string;
  channelPath: string;
  /** CSV `left_line,right_line` of every expected one-to-one pair (id or key), incl. groups' members */
  pairsTruthPath: string;
  truth: GroundTruth;
}

export const LEDGER_HEADER = 'txn_id,card_no,account_no,terminal_id,txn_type,amount_fen,balance_before_fen,balance_after_fen,card_counter,txn_time,collected_at,offline,status,channel,channel_order_id,merchant_order_id,third_party_order_id,refund_id';
export const WECHAT_HEADER = '交易时间,公众账号ID,商户号,特约商户号,设备号,微信订单号,商户订单号,用户标识,交易类型,交易状态,付款银行,货币种类,应结订单金额,代金券金额,微信退款单号,商户退款单号,退款金额,充值券退款金额,退款类型,退款状态,商品名称,商户数据包,手续费,费率,订单金额,申请退款金额,费率备注';

const HOUR = 3_600_000;
const SHANGHAI = 8 * HOUR;

/** mulberry32: small, fast, deterministic */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function pad(n: number, w: number): string {
  return String(n).padStart(w, '0');
}

/** epoch ms → `YYYY-MM-DD HH:mm:ss` in Asia/Shanghai */
export function shanghaiText(ms: number): string {
  return new Date(ms + SHANGHAI).toISOString().slice(0, 19).replace('T', ' ');
}

export function yuan(fen: number | bigint): string {
  const b = BigInt(fen);
  return `${b / 100n}.${pad(Number(b % 100n), 2)}`;
}

/** Buffered line writer. */
class Out {
  private fd: number;
  private buf: string[] = [];
  private size = 0;
  line = 0;
  /** the last line written (duplicates copy it) */
  last = '';
  constructor(path: string) {
    this.fd = openSync(path, 'w', 0o600);
  }
  write(text: string): number {
    this.buf.push(text);
    this.last = text;
    this.size += text.length;
    this.line++;
    if (this.size > 1 << 20) this.flush();
    return this.line;
  }
  flush() {
    if (this.buf.length) writeSync(this.fd, `${this.buf.join('\n')}\n`);
    this.buf = [];
    this.size = 0;
  }
  close() {
    this.flush();
    closeSync(this.fd);
  }
}

export function generate(options: GenerateOptions): Generated {
  const n = Math.max(100, Math.floor(options.rows));
  const day = options.day ?? '2026-11-30';
  const rand = rng(options.seed ?? 42);
  const perKind = options.perKind ?? Math.max(2, Math.floor(n / 2000));
  mkdirSync(options.dir, { recursive: true, mode: 0o700 });
  const ledgerPath = join(options.dir, 'ledger.csv');
  const channelPath = join(options.dir, 'wechat.csv');
  const pairsTruthPath = join(options.dir, 'pairs-truth.csv');
  const ledger = new Out(ledgerPath);
  const wechat = new Out(channelPath);
  const pairs = new Out(pairsTruthPath);
  pairs.write('left_line,right_line');
  ledger.write(LEDGER_HEADER);
  wechat.write(WECHAT_HEADER);

  const dayStart = Date.parse(`${day}T00:00:00Z`) - SHANGHAI; // D 00:00 local
  const first = dayStart + 30 * 60_000;
  const span = 21.5 * HOUR;
  const cards = Math.max(10, Math.floor(n / 20));
  const balance = new Float64Array(cards);
  const counter = new Int32Array(cards);
  const lastLine = new Int32Array(cards);
  for (let c = 0; c < cards; c++) balance[c] = 1000 + Math.floor(rand() * 50_000);

  const truth: GroundTruth = { day, ledgerFile: 'ledger.csv', channelFile: 'wechat.csv', differences: [], carried: { left: [], right: [] }, groups: [], ledgerRows: 0, channelRows: 0, expectedPairs: 0 };
  let ledgerSum = 0n;
  let ledgerRows = 0;
  let wxCount = 0;
  let wxSettle = 0n;
  let wxFee = 0n;
  let seq = 0;
  const dayTag = day.replace(/-/g, '');

  const ids = (s: number) => ({
    txn: `L${dayTag}${pad(s, 10)}`,
    wx: `42000${dayTag}${pad(s, 15)}`,
    mch: `M${dayTag}${pad(s, 10)}`,
  });
  const cardNo = (c: number) => `C${pad(c, 9)}`;
  const accountNo = (c: number) => `S${pad(c, 8)}`;

  /** a ledger row; returns its line. `ids` null: no channel ids (a kiosk entry), key matching only */
  function ledgerRow(o: { s: number; card: number; type: 'recharge' | 'consume'; amount: number; time: number; channelIds: boolean; status?: string; breakBy?: number; skipCounter?: boolean; offline?: boolean; spare?: boolean }): number {
    // a row outside the ledger's day gets a card of its own, so that the day's counter and balance chains stay whole
    if (o.spare) return spareRow(o);
    const c = o.card;
    if (o.skipCounter) counter[c]! += 1;
    const before = balance[c]!;
    const after = o.type === 'recharge' ? before + o.amount : before - o.amount;
    const counterNow = ++counter[c]!;
    const shown = after + (o.breakBy ?? 0);
    balance[c] = shown; // the chain continues from the written balance: only this row breaks
    const id = ids(o.s);
    const collected = o.offline ? o.time + 2 * HOUR : o.time + 1000;
    const line = ledger.write(
      [
        id.txn,
        cardNo(c),
        accountNo(c),
        o.type === 'recharge' ? 'WX01' : `POS${pad(c % 500, 4)}`,
        o.type,
        o.amount,
        before,
        shown,
        counterNow,
        shanghaiText(o.time),
        shanghaiText(collected),
        o.offline ? 1 : 0,
        o.status ?? 'success',
        o.type === 'recharge' ? 'wechat' : '',
        o.type === 'recharge' && o.channelIds ? id.wx : '',
        o.type === 'recharge' && o.channelIds ? id.mch : '',
        '',
        '',
      ].join(','),
    );
    lastLine[c] = line;
    ledgerSum += BigInt(o.amount);
    ledgerRows++;
    return line;
  }

  function spareRow(o: { s: number; amount: number; time: number }): number {
    const id = ids(o.s);
    const line = ledger.write(
      [id.txn, `X${pad(o.s, 9)}`, `X${pad(o.s, 8)}`, 'WX01', 'recharge', o.amount, 0, o.amount, 1, shanghaiText(o.time), shanghaiText(o.time + 1000), 0, 'success', 'wechat', id.wx, id.mch, '', ''].join(','),
    );
    ledgerSum += BigInt(o.amount);
    ledgerRows++;
    return line;
  }

  function wechatRow(o: { s: number; amount: number; time: number; state?: string; wxId?: string; mchId?: string; card: number }): number {
    const id = ids(o.s);
    const fee = Math.floor((o.amount * 6) / 1000);
    wxCount++;
    wxSettle += BigInt(o.amount);
    wxFee += BigInt(fee);
    return wechat.write(
      [
        shanghaiText(o.time),
        'wx2421b1c4370ec43b',
        '10000100',
        '0',
        'WX01',
        o.wxId ?? id.wx,
        o.mchId ?? id.mch,
        `oUpF8uMuAJO_M2pxb1Q9zNjWeS${pad(o.card % 100_000, 5)}`,
        'NATIVE',
        o.state ?? 'SUCCESS',
        'CMC',
        'CNY',
        yuan(o.amount),
        '0.00',
        '0',
        '0',
        '0.00',
        '0.00',
        '',
        '',
        '一卡通充值',
        '',
        yuan(fee),
        '0.60%',
        yuan(o.amount),
        '0.00',
        '',
      ]
        .map((v) => `\`${v}`)
        .join(','),
    );
  }

  const amountOf = () => 100 + Math.floor(rand() * 49_900);
  /**
   * Planted records that stay unmatched have amounts ≡ 1 (mod 16) on our side and ≡ 4 on theirs, the parts of
   * planted groups ≡ 5 (totals ≡ 10): then no leftover equals one of the other side, and no sum of two or three
   * leftovers or parts equals a leftover or a group's total by chance (checked exhaustively over the residues), so
   * the truth is unambiguous. (At 1M rows the time window holds ~1,500 rows and such coincidences happen; real
   * data can be ambiguous too, and the engine then leaves the records unmatched rather than guess.)
   */
  const classed = (residue: number, base = amountOf()) => base - (base % 16) + residue + 16;
  const stride = Math.floor(n / perKind);
  const pair = (l: number, r: number) => {
    pairs.write(`${l},${r}`);
    truth.expectedPairs++;
  };

  for (let i = 0; i < n; i++) {
    const t = first + Math.floor((i * span) / n);
    const slot = i % stride;
    const plant = slot < PLANT_KINDS.length && stride > PLANT_KINDS.length + 5 ? PLANT_KINDS[slot]! : null;
    const card = Math.floor(rand() * cards);
    const amount = amountOf();
    const lag = Math.floor(rand() * 30_000);
    const s = ++seq;
    if (plant === null) {
      if (rand() < 0.05) {
        ledgerRow({ s, card, type: 'consume', amount: Math.min(amount, Math.max(1, Math.floor(balance[card]! / 2))), time: t, channelIds: false, offline: rand() < 0.3 });
        continue;
      }
      // 1 % of recharges were entered without the channel's ids: matched by amount and time
      const keyOnly = rand() < 0.01;
      const l = ledgerRow({ s, card, type: 'recharge', amount, time: t, channelIds: !keyOnly });
      const r = wechatRow({ s, amount, time: t + lag, card });
      pair(l, r);
      continue;
    }
    switch (plant) {
      case 'missing-theirs': {
        const l = ledgerRow({ s, card, type: 'recharge', amount: classed(1), time: t, channelIds: true });
        truth.differences.push({ plant, kind: 'missing-theirs', left: [l], right: [] });
        break;
      }
      case 'missing-ours': {
        const r = wechatRow({ s, amount: classed(4), time: t + lag, card });
        truth.differences.push({ plant, kind: 'missing-ours', left: [], right: [r] });
        break;
      }
      case 'amount-mismatch': {
        const l = ledgerRow({ s, card, type: 'recharge', amount, time: t, channelIds: true });
        const delta = 1 + Math.floor(rand() * 500);
        const r = wechatRow({ s, amount: rand() < 0.5 ? amount + delta : Math.max(1, amount - delta), time: t + lag, card });
        truth.differences.push({ plant, kind: 'amount-mismatch', left: [l], right: [r] });
        break;
      }
      case 'status-mismatch': {
        const l = ledgerRow({ s, card, type: 'recharge', amount, time: t, channelIds: true });
        const r = wechatRow({ s, amount, time: t + lag, card, state: 'REVOKED' });
        truth.differences.push({ plant, kind: 'status-mismatch', left: [l], right: [r] });
        break;
      }
      case 'duplicate-left': {
        // the export wrote the same row twice (same id, counter and balances)
        const l1 = ledgerRow({ s, card, type: 'recharge', amount, time: t, channelIds: true });
        const l2 = ledger.write(ledger.last);
        ledgerRows++;
        ledgerSum += BigInt(amount);
        const r = wechatRow({ s, amount, time: t + lag, card });
        pair(l1, r);
        truth.differences.push({ plant, kind: 'duplicate', left: [l1, l2], right: [] });
        break;
      }
      case 'duplicate-right': {
        const l = ledgerRow({ s, card, type: 'recharge', amount, time: t, channelIds: true });
        const r1 = wechatRow({ s, amount, time: t + lag, card });
        const r2 = wechat.write(wechat.last);
        wxCount++;
        wxSettle += BigInt(amount);
        wxFee += BigInt(Math.floor((amount * 6) / 1000));
        pair(l, r1);
        truth.differences.push({ plant, kind: 'duplicate', left: [], right: [r1, r2] });
        break;
      }
      case 'carry-left': {
        // recharged at 22:30–22:59 on the card; WeChat's record is in the next day's bill
        const l = ledgerRow({ s, card, type: 'recharge', amount: classed(1), time: dayStart + 22.5 * HOUR + Math.floor(rand() * 29 * 60_000), channelIds: true });
        truth.carried.left.push(l);
        break;
      }
      case 'carry-right': {
        // paid at 23:30–23:59: WeChat's day D, the card centre's D+1 (the ledger file runs to midnight)
        const time = dayStart + 23.5 * HOUR + Math.floor(rand() * 29 * 60_000);
        const a = classed(4);
        ledgerRow({ s, card, type: 'recharge', amount: a, time, channelIds: true, spare: true });
        const r = wechatRow({ s, amount: a, time: time + lag, card });
        truth.carried.right.push(r);
        break;
      }
      case 'out-of-window': {
        // the ledger booked it three days earlier (the export covers several days)
        const a = classed(4);
        const l = ledgerRow({ s, card, type: 'recharge', amount: a, time: t - 72 * HOUR, channelIds: true, spare: true });
        const r = wechatRow({ s, amount: a, time: t + lag, card });
        truth.differences.push({ plant, kind: 'out-of-window', left: [l], right: [r] });
        break;
      }
      case 'split-1-to-2': {
        // one recharge, paid in two WeChat payments with their own order ids
        const a1 = classed(5);
        const total = a1 + classed(5);
        const l = ledgerRow({ s, card, type: 'recharge', amount: total, time: t, channelIds: false });
        const r1 = wechatRow({ s, amount: a1, time: t + lag, card, mchId: `${ids(s).mch}A`, wxId: `43${ids(s).wx.slice(2)}` });
        const r2 = wechatRow({ s, amount: total - a1, time: t + lag + 5000, card, mchId: `${ids(s).mch}B`, wxId: `44${ids(s).wx.slice(2)}` });
        truth.groups.push({ plant, left: [l], right: [r1, r2] });
        break;
      }
      case 'merge-2-to-1': {
        const a1 = classed(5);
        const total = a1 + classed(5);
        const l1 = ledgerRow({ s, card, type: 'recharge', amount: a1, time: t, channelIds: false });
        const card2 = (card + 1) % cards;
        const l2 = ledgerRow({ s: ++seq, card: card2, type: 'recharge', amount: total - a1, time: t + 3000, channelIds: false });
        const r = wechatRow({ s, amount: total, time: t + 3000 + lag, card, mchId: `${ids(s).mch}M` });
        truth.groups.push({ plant, left: [l1, l2], right: [r] });
        break;
      }
      case 'balance-break': {
        const l = ledgerRow({ s, card, type: 'recharge', amount, time: t, channelIds: true, breakBy: rand() < 0.5 ? 100 : -37 });
        const r = wechatRow({ s, amount, time: t + lag, card });
        pair(l, r);
        truth.differences.push({ plant, kind: 'balance-break', left: [l], right: [] });
        break;
      }
      case 'counter-gap': {
        // a card used before: its next offline record was not collected (counter skips one)
        let c = card;
        for (let k = 0; counter[c] === 0 && k < cards; k++) c = (c + 1) % cards;
        const prev = lastLine[c]!;
        const l = ledgerRow({ s, card: c, type: 'consume', amount: Math.max(1, Math.floor(balance[c]! / 3)), time: t, channelIds: false, skipCounter: true });
        truth.differences.push({ plant, kind: 'counter-gap', left: [prev, l], right: [] });
        break;
      }
      case 'mangled-id-intact': {
        // a spreadsheet turned 微信订单号 into 4.2E+27; 商户订单号 is intact and still matches
        const l = ledgerRow({ s, card, type: 'recharge', amount, time: t, channelIds: true });
        const r = wechatRow({ s, amount, time: t + lag, card, wxId: '4.20000E+27' });
        pair(l, r);
        break;
      }
      case 'mangled-ids-all': {
        // both ids mangled: the record is unmatchable and must not be matched by amount and time either
        const a = classed(1);
        const l = ledgerRow({ s, card, type: 'recharge', amount: a, time: t, channelIds: true });
        const r = wechatRow({ s, amount: a, time: t + lag, card, wxId: '4.20000E+27', mchId: '1.23457E+19' });
        truth.differences.push({ plant, kind: 'missing-theirs', left: [l], right: [] });
        truth.differences.push({ plant, kind: 'missing-ours', left: [], right: [r] });
        break;
      }
    }
  }
  ledger.write(`#END,${ledgerRows},${ledgerSum}`);
  wechat.write('总交易单数,应结订单总金额,退款总金额,充值券退款总金额,手续费总金额,订单总金额,申请退款总金额');
  wechat.write([String(wxCount), yuan(wxSettle), '0.00', '0.00', yuan(wxFee), yuan(wxSettle), '0.00'].map((v) => `\`${v}`).join(','));
  ledger.close();
  wechat.close();
  pairs.close();
  truth.ledgerRows = ledgerRows;
  truth.channelRows = wxCount;
  writeFileSync(join(options.dir, 'truth.json'), JSON.stringify(truth), { mode: 0o600 });
  return { ledgerPath, channelPath, pairsTruthPath, truth };
}

