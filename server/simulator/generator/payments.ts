/**
 * Payments: against a card account (the card wallet's balance and counter move) or over an outside channel (QR
 * code, bank, cash), which may fail on its own, more often during a payment-failure spike.
 */
import type { Envelope } from '../../modules/ingest/index.ts';
import type { Rng } from '../random.ts';
import { ALIPAY_ERRORS, BANK_ERRORS, NATURAL_PAYMENT_FAILURE, SPIKE_PAYMENT_FAILURE, UNIONPAY_ERRORS, WECHAT_ERRORS } from './catalogue.ts';
import type { SimContext } from './context.ts';
import type { Dev } from './device.ts';

/**
 * A transaction against a card account: debits (consume) or credits (everything else) the balance when it
 * succeeds, and then the card's counter moves on; a failure leaves both as they were.
 */
export function cardTxn(
  ctx: SimContext,
  at: number,
  dev: Dev,
  rng: Rng,
  type: 'consume' | 'recharge' | 'transfer' | 'refund' | 'subsidy' | 'reversal',
  account: number,
  amount: number,
  channel: string,
  failure: string | null,
  offline: boolean,
): Envelope {
  const { ledger } = ctx;
  const before = ledger.balance[account]!;
  const debit = type === 'consume';
  let errorCode = failure;
  if (!errorCode && debit && before < amount) errorCode = 'INSUFFICIENT_BALANCE';
  const a = ledger.accounts[account]!;
  const id = rng.ulid(at);
  const data: Record<string, unknown> = {
    txnId: `T${id}`,
    type,
    amountFen: amount,
    account: a.account,
    card: a.card,
    channel,
    status: errorCode ? 'failed' : 'ok',
    balanceBeforeFen: before,
    balanceAfterFen: before,
  };
  if (errorCode) data.errorCode = errorCode;
  else {
    const after = debit ? before - amount : before + amount;
    ledger.balance[account] = after;
    data.balanceAfterFen = after;
    data.cardCounter = ++ledger.counter[account]!;
    ledger.countDay(at, type, amount);
  }
  if (offline) data.offline = true;
  return { id, kind: 'txn', ts: ctx.ts.format(at), device: dev.code, site: dev.site, labels: dev.labels, data };
}

/** A payment over a channel that is not the card wallet (QR code, ticket sale): no balance, maybe a channel failure. */
export function channelTxn(ctx: SimContext, at: number, dev: Dev, rng: Rng, type: string, amount: number, channel: string, account: number | null, extra?: Record<string, unknown>): Envelope {
  const id = rng.ulid(at);
  const errorCode = channelFailure(ctx, rng, channel, at);
  const data: Record<string, unknown> = { txnId: `T${id}`, type, amountFen: amount, channel, status: errorCode ? 'failed' : 'ok' };
  if (account !== null) data.account = ctx.ledger.accounts[account]!.account;
  if (errorCode) data.errorCode = errorCode;
  else ctx.ledger.countDay(at, type, amount);
  if (extra) Object.assign(data, extra);
  return { id, kind: 'txn', ts: ctx.ts.format(at), device: dev.code, site: dev.site, labels: dev.labels, data };
}

export function channelFailure(ctx: SimContext, rng: Rng, channel: string, at: number): string | null {
  let p = channel === 'cash' ? 0.003 : channel === 'bank' ? 0.01 : NATURAL_PAYMENT_FAILURE;
  let spike = false;
  for (const s of ctx.plan.paymentSpikes) {
    if (s.channels.has(channel) && at >= s.window.from && at < s.window.to) {
      p = SPIKE_PAYMENT_FAILURE;
      spike = true;
    }
  }
  if (!rng.chance(p)) return null;
  switch (channel) {
    case 'wechat':
      return spike ? (rng.chance(0.85) ? 'SYSTEMERROR' : 'BANKERROR') : rng.pick(WECHAT_ERRORS);
    case 'alipay':
      return spike ? 'ACQ.SYSTEM_ERROR' : rng.pick(ALIPAY_ERRORS);
    case 'unionpay':
      return rng.pick(UNIONPAY_ERRORS);
    case 'bank':
      return rng.pick(BANK_ERRORS);
    case 'cash':
      return 'NOTE_REJECTED';
    default:
      return 'DECLINED';
  }
}
