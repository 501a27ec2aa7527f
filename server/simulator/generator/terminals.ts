/**
 * Customers at the terminals: canteen and service-hall POS, water controllers, recharge and self-service kiosks,
 * the online recharge server, ticket windows and gates. Also what a terminal does around the sale: the receipt
 * printer's paper, and the records it holds while offline and uploads when its link returns.
 */
import type { Envelope } from '../../modules/ingest/index.ts';
import type { Rng } from '../random.ts';
import { intensity, localMinute, nextArrival } from '../rhythm.ts';
import { inWindow } from '../scenarios.ts';
import { emit, type SimContext } from './context.ts';
import { isSilent, type Dev } from './device.ts';
import { cardTxn, channelFailure, channelTxn } from './payments.ts';
import type { Proc } from './processes.ts';
import { MINUTE } from './time.ts';

export function transaction(ctx: SimContext, p: Proc, dev: Dev): void {
  const { rng } = p;
  const at = p.at;
  const dead = isSilent(dev, at);
  const offlineMode = dev.flaky || inWindow(dev.offline, at);
  if (!dead || offlineMode) {
    const env = terminalTxn(ctx, p, dev, at, offlineMode);
    if (env) {
      if (offlineMode) dev.buffer.push(env);
      else ctx.queue.push(env);
    }
  }
  if (p.reversal) {
    p.at = at + rng.range(4_000, 40_000);
  } else {
    p.at = Math.floor(nextArrival(rng, p.profile, p.rateOrInterval, at + 1));
  }
}

function terminalTxn(ctx: SimContext, p: Proc, dev: Dev, at: number, offline: boolean): Envelope | null {
  const { rng } = p;
  const latency = 90 + rng.exp(70) + 120 * intensity(dev.loadProfile, at);
  dev.txns++;
  dev.latencySum += latency;
  const hour = localMinute(at) / 60;
  const type = dev.spec.type;

  if (p.reversal) {
    // 冲正: the operator reverses the previous sale (wrong amount keyed), refunding the card.
    const r = p.reversal;
    p.reversal = null;
    const env = cardTxn(ctx, at, dev, rng, 'reversal', r.account, r.amount, 'card', null, offline);
    (env.data as Record<string, unknown>).origTxnId = r.txnId;
    return env;
  }

  if (type === 'pos' && dev.siteKind === 'canteen') {
    const account = rng.chance(0.8) ? ctx.ledger.pickFrom(rng, ctx.ledger.byCanteen.get(dev.site)) : rng.int(ctx.ledger.accounts.length);
    const breakfast = hour < 10;
    const amount = breakfast ? 10 * rng.range(30, 90) : 10 * Math.round((800 + 1700 * (rng.next() + rng.next()) / 2) / 10);
    // Some pay by scanning a WeChat/Alipay code at the terminal; that needs the network, so not while offline.
    const qr = rng.next();
    if (!offline && qr < 0.09) return channelTxn(ctx, at, dev, rng, 'consume', amount, 'wechat', null);
    if (!offline && qr < 0.15) return channelTxn(ctx, at, dev, rng, 'consume', amount, 'alipay', null);
    const env = cardTxn(ctx, at, dev, rng, 'consume', account, amount, 'card', rng.chance(0.0015) ? 'CARD_READ_ERROR' : null, offline);
    if ((env.data as { status: string }).status === 'ok' && rng.chance(0.004)) p.reversal = { account, amount, txnId: (env.data as { txnId: string }).txnId };
    return env;
  }
  if (type === 'pos') {
    // Service-hall counters: refunds of disputed meals and card replacement fees (补卡).
    const account = rng.int(ctx.ledger.accounts.length);
    if (rng.chance(0.55)) return cardTxn(ctx, at, dev, rng, 'refund', account, 10 * rng.range(30, 500), 'card', null, offline);
    return cardTxn(ctx, at, dev, rng, 'consume', account, 2000, 'card', null, offline);
  }
  if (type === 'water') {
    const account = ctx.ledger.pickFrom(rng, ctx.ledger.byDorm.get(dev.site));
    return cardTxn(ctx, at, dev, rng, 'consume', account, rng.range(40, 420), 'card', rng.chance(0.001) ? 'CARD_READ_ERROR' : null, offline);
  }
  if (type === 'recharge_kiosk') {
    usePaper(ctx, dev, at, rng);
    const pool = dev.siteKind === 'dorm' ? ctx.ledger.byDorm.get(dev.site) : dev.siteKind === 'canteen' ? ctx.ledger.byCanteen.get(dev.site) : undefined;
    const account = ctx.ledger.pickLowest(rng, pool, 4);
    if (rng.chance(0.7)) {
      // 圈存: from the holder's bound bank card to the card wallet.
      const amount = rng.pick([5_000, 10_000, 10_000, 20_000, 20_000, 30_000, 50_000]);
      return cardTxn(ctx, at, dev, rng, 'transfer', account, amount, 'bank', channelFailure(ctx, rng, 'bank', at), offline);
    }
    const amount = 1_000 * rng.pick([10, 20, 50, 50, 100, 100, 150, 200]) / 10;
    return cardTxn(ctx, at, dev, rng, 'recharge', account, amount, 'cash', channelFailure(ctx, rng, 'cash', at), offline);
  }
  if (type === 'kiosk' && dev.spec.subsystem === 'ticketing') {
    usePaper(ctx, dev, at, rng);
    return ticketSale(ctx, at, dev, rng, rng.chance(0.6) ? 'wechat' : 'alipay');
  }
  if (type === 'kiosk') {
    usePaper(ctx, dev, at, rng);
    const channel = rng.weighted(['wechat', 'alipay', 'unionpay'], [0.55, 0.35, 0.1]);
    if (rng.chance(0.55)) {
      const account = ctx.ledger.pickLowest(rng, undefined, 4);
      const amount = rng.pick([5_000, 10_000, 10_000, 20_000, 30_000]);
      return cardTxn(ctx, at, dev, rng, 'recharge', account, amount, channel, channelFailure(ctx, rng, channel, at), offline);
    }
    // Fees paid at the kiosk (electricity, network, printing, library fines): straight to the channel.
    const item = dev.site === 'library' ? rng.pick(['printing', 'fine']) : rng.pick(['electricity', 'electricity', 'network', 'tuition']);
    const amount = item === 'printing' ? 10 * rng.range(5, 200) : item === 'fine' ? 10 * rng.range(10, 300) : item === 'tuition' ? rng.pick([50_000, 120_000, 250_000]) : rng.pick([2_000, 5_000, 10_000, 20_000]);
    return channelTxn(ctx, at, dev, rng, 'consume', amount, channel, ctx.ledger.pickFrom(rng, ctx.ledger.students), { item });
  }
  if (type === 'server' && dev.code === 'SRV-PAY-01') {
    // Online recharge from the app or the WeChat official account.
    const channel = rng.chance(0.62) ? 'wechat' : 'alipay';
    const account = ctx.ledger.pickLowest(rng, undefined, 5);
    const amount = rng.pick([5_000, 10_000, 10_000, 20_000, 20_000, 30_000, 50_000]);
    return cardTxn(ctx, at, dev, rng, 'recharge', account, amount, channel, channelFailure(ctx, rng, channel, at), false);
  }
  if (type === 'ticket_pc') {
    usePaper(ctx, dev, at, rng);
    const channel = rng.weighted(['wechat', 'alipay', 'cash', 'unionpay'], [0.45, 0.3, 0.15, 0.1]);
    if (rng.chance(0.03)) return channelTxn(ctx, at, dev, rng, 'refund', rng.pick([6_000, 12_000, 24_000]), channel, null, { reason: 'visitor_request' });
    return ticketSale(ctx, at, dev, rng, channel);
  }
  if (type === 'gate' || type === 'handheld') {
    const ok = !rng.chance(0.015);
    if (ok) dev.passes++;
    const id = rng.ulid(at);
    const data: Record<string, unknown> = { txnId: `T${id}`, type: 'ticket_check', amountFen: 0, status: ok ? 'ok' : 'failed', ticketNo: ticketNo(ctx, at, rng) };
    if (!ok) data.errorCode = rng.pick(['TICKET_ALREADY_USED', 'TICKET_NOT_FOUND', 'QR_EXPIRED']);
    return { id, kind: 'txn', ts: ctx.ts.format(at), device: dev.code, site: dev.site, labels: dev.labels, data };
  }
  return null;
}

function ticketSale(ctx: SimContext, at: number, dev: Dev, rng: Rng, channel: string): Envelope {
  const adults = rng.weighted([1, 2, 3, 4], [0.35, 0.4, 0.15, 0.1]);
  const reduced = rng.chance(0.3) ? rng.range(1, 2) : 0;
  return channelTxn(ctx, at, dev, rng, 'ticket_sale', adults * 12_000 + reduced * 6_000, channel, null, { tickets: adults + reduced, ticketNo: ticketNo(ctx, at, rng) });
}

function ticketNo(ctx: SimContext, at: number, rng: Rng): string {
  return `TK${ctx.ts.format(at).slice(2, 10).replaceAll('-', '')}${String(rng.int(1_000_000)).padStart(6, '0')}`;
}

function usePaper(ctx: SimContext, dev: Dev, at: number, rng: Rng): void {
  if (dev.paperPct < 2) return;
  dev.paperPct -= 0.35;
  if (dev.paperPct < 2 && !isSilent(dev, at)) {
    dev.paperRefillAt = at + rng.range(40, 150) * MINUTE;
    emit(ctx, 'event', at, dev, rng, { type: 'printer.paper_out', severity: 'warning', message: '凭条打印机缺纸', attrs: {} });
  }
}

export function upload(ctx: SimContext, p: Proc, dev: Dev): void {
  const recovery = p.extra !== null;
  const blocked = isSilent(dev, p.at) || inWindow(dev.offline, p.at);
  if (!blocked) {
    for (const env of dev.buffer) ctx.queue.push(env);
    dev.buffer.length = 0;
  }
  if (recovery) p.at = blocked ? p.at + MINUTE : Infinity;
  else p.at += p.rng.range(4, 15) * MINUTE;
}
