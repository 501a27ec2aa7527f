/** People going about their day: door and library-gate passes, and logins to the portal and the back office. */
import type { Rng } from '../random.ts';
import { APP_AGENTS, MOBILE_NETS, OPERATORS } from './catalogue.ts';
import { emit, type SimContext } from './context.ts';
import type { Dev } from './device.ts';
import type { Proc } from './processes.ts';

export function access(ctx: SimContext, p: Proc, dev: Dev): void {
  const { rng, at } = p;
  const account = dev.siteKind === 'dorm' ? ctx.ledger.pickFrom(rng, ctx.ledger.byDorm.get(dev.site)) : rng.chance(0.88) ? ctx.ledger.pickFrom(rng, ctx.ledger.students) : rng.int(ctx.ledger.accounts.length);
  const granted = !rng.chance(0.015);
  if (granted) dev.passes++;
  const attrs: Record<string, unknown> = {
    account: ctx.ledger.accounts[account]!.account,
    method: rng.chance(0.86) ? 'face' : 'card',
    direction: rng.chance(0.5) ? 'in' : 'out',
    result: granted ? 'granted' : 'denied',
  };
  if (!granted) attrs.reason = rng.pick(['NO_PERMISSION', 'FACE_NOT_MATCHED', 'CARD_LOST', 'OUT_OF_HOURS']);
  emit(ctx, 'event', at, dev, rng, { type: granted ? 'access.granted' : 'access.denied', severity: 'info', attrs });
}

function clientIp(rng: Rng): string {
  return rng.chance(0.6) ? `10.200.${rng.int(64)}.${1 + rng.int(254)}` : `${rng.pick(MOBILE_NETS)}.${rng.int(256)}.${1 + rng.int(254)}`;
}

export function portalLogin(ctx: SimContext, p: Proc, dev: Dev): void {
  const { rng, at } = p;
  const i = rng.int(ctx.ledger.accounts.length);
  const r = rng.next();
  const data: Record<string, unknown> = {
    account: ctx.ledger.accounts[i]!.account,
    ip: clientIp(rng),
    deviceId: `app-${((i * 2_654_435_761) >>> 0).toString(16)}`,
    userAgent: APP_AGENTS[i % APP_AGENTS.length],
    result: r < 0.97 ? 'ok' : 'fail',
  };
  if (r >= 0.97) data.reason = r < 0.995 ? 'bad_password' : 'captcha_failed';
  emit(ctx, 'login', at, dev, rng, data);
}

export function operatorLogin(ctx: SimContext, p: Proc, dev: Dev): void {
  const { rng, at } = p;
  const op = rng.pick(OPERATORS);
  const ok = !rng.chance(0.03);
  const data: Record<string, unknown> = { account: op.account, ip: op.ip, userAgent: 'YKT-Admin/5.2.7 (Windows 10)', result: ok ? 'ok' : 'fail' };
  if (!ok) data.reason = 'bad_password';
  emit(ctx, 'login', at, dev, rng, data);
}
