/**
 * Runs one process once: emits what it produces now and moves its `at` to its next firing (Infinity when done).
 * A silent device still advances its clocks, so it picks up where it would have been when the fault ends.
 */
import { nextArrival } from '../rhythm.ts';
import { bruteForce, cardTesting } from './attacks.ts';
import { backupCheckin, dailyClose, subsidy } from './back-office.ts';
import type { SimContext } from './context.ts';
import { isSilent, type Dev } from './device.ts';
import { edge } from './edges.ts';
import { access, operatorLogin, portalLogin } from './people.ts';
import { ACCESS, BACKUP, BRUTE, CARD_TEST, DAILY_CLOSE, EDGES, HEARTBEAT, METRIC, OPERATOR_LOGIN, PORTAL_LOGIN, SUBSIDY, TXN, UPLOAD, type Proc } from './processes.ts';
import { transaction, upload } from './terminals.ts';
import { heartbeat, metrics, resetCounters } from './vitals.ts';

const ARRIVALS: Partial<Record<number, (ctx: SimContext, p: Proc, dev: Dev) => void>> = {
  [ACCESS]: access,
  [PORTAL_LOGIN]: portalLogin,
  [OPERATOR_LOGIN]: operatorLogin,
};

export function runProcess(ctx: SimContext, p: Proc): void {
  switch (p.kind) {
    case HEARTBEAT:
      if (!isSilent(p.dev, p.at)) heartbeat(ctx, p, p.dev!);
      p.at += p.rateOrInterval + p.rng.range(-1500, 1500);
      return;
    case METRIC:
      if (!isSilent(p.dev, p.at)) metrics(ctx, p, p.dev!);
      else resetCounters(p.dev!);
      p.at += p.rateOrInterval;
      return;
    case TXN:
      transaction(ctx, p, p.dev!);
      return;
    case ACCESS:
    case PORTAL_LOGIN:
    case OPERATOR_LOGIN:
      // People arrive by the day's rhythm: one arrival now, the next drawn from the profile.
      if (!isSilent(p.dev, p.at)) ARRIVALS[p.kind]!(ctx, p, p.dev!);
      p.at = Math.floor(nextArrival(p.rng, p.profile, p.rateOrInterval, p.at + 1));
      return;
    case BACKUP:
      backupCheckin(ctx, p, p.dev!);
      return;
    case SUBSIDY:
      subsidy(ctx, p, p.dev!);
      return;
    case DAILY_CLOSE:
      dailyClose(ctx, p, p.dev!);
      return;
    case UPLOAD:
      upload(ctx, p, p.dev!);
      return;
    case EDGES:
      edge(ctx, p);
      return;
    case BRUTE:
      bruteForce(ctx, p);
      return;
    case CARD_TEST:
      cardTesting(ctx, p, p.dev!);
      return;
  }
}
