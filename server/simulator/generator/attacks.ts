/** Attack scenarios: a brute-force and password-spraying run against the portal, and card testing at a terminal. */
import { emit, type SimContext } from './context.ts';
import { isSilent, type Dev } from './device.ts';
import { cardTxn } from './payments.ts';
import type { Proc } from './processes.ts';

export function bruteForce(ctx: SimContext, p: Proc): void {
  const plan = p.extra as { from: number; to: number; ip: string; target: string; spray: string[] };
  const dev = p.dev;
  const { rng, at } = p;
  if (!dev || at >= plan.to) {
    p.at = Infinity;
    return;
  }
  const sprayFrom = plan.from + (plan.to - plan.from) * 0.6;
  const base = { ip: plan.ip, userAgent: 'python-requests/2.31.0', deviceId: 'unknown' };
  if (at < sprayFrom) {
    // Phase 1: one account hammered from one address.
    if (!isSilent(dev, at)) emit(ctx, 'login', at, dev, rng, { account: plan.target, ...base, result: 'fail', reason: 'bad_password' });
    p.at = at + rng.range(1_500, 4_000);
    return;
  }
  // Phase 2: the same address sprays a few accounts, five tries each; the last one gets in.
  const tries = 5;
  const index = Math.floor(p.step / tries);
  if (index >= plan.spray.length) {
    p.at = Infinity;
    return;
  }
  const last = index === plan.spray.length - 1 && p.step % tries === tries - 1;
  if (!isSilent(dev, at)) {
    emit(ctx, 'login', at, dev, rng, last ? { account: plan.spray[index], ...base, result: 'ok' } : { account: plan.spray[index], ...base, result: 'fail', reason: 'bad_password' });
  }
  p.step++;
  p.at = at + rng.range(800, 3_000);
}

export function cardTesting(ctx: SimContext, p: Proc, dev: Dev): void {
  const plan = p.extra as { from: number; to: number };
  const { rng, at } = p;
  if (at >= plan.to) {
    p.at = Infinity;
    return;
  }
  if (p.burstLeft === 0) p.burstLeft = rng.range(8, 16);
  if (!isSilent(dev, at)) {
    // Tiny amounts across many cards: most fail verification; the ones that go through are real debits.
    const account = rng.int(ctx.ledger.accounts.length);
    const failure = rng.chance(0.7) ? rng.pick(['CARD_VERIFY_FAILED', 'CARD_BLACKLISTED', 'PIN_ERROR']) : null;
    ctx.queue.push(cardTxn(ctx, at, dev, rng, 'consume', account, rng.range(1, 9), 'card', failure, false));
  }
  p.burstLeft--;
  p.at = p.burstLeft > 0 ? at + rng.range(250, 1_500) : at + rng.range(15_000, 60_000);
}
