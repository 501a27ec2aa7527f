/**
 * Starts the run's processes, each with its own random stream named after what it is, so adding a device or a
 * scenario leaves every other stream as it was. Processes are numbered in the order they are created here, and that
 * number breaks ties in time: the order of the calls is part of the output.
 */
import { streamFor } from '../random.ts';
import { nextArrival } from '../rhythm.ts';
import type { SimContext } from './context.ts';
import { accessProfileOf, metricIntervalOf, txnProfileOf } from './device-profiles.ts';
import type { Dev } from './device.ts';
import { ACCESS, BACKUP, BRUTE, CARD_TEST, DAILY_CLOSE, EDGES, HEARTBEAT, METRIC, OPERATOR_LOGIN, PORTAL_LOGIN, SUBSIDY, TXN, UPLOAD, type Scheduler } from './processes.ts';
import { MINUTE, nextLocalTime } from './time.ts';

export function scheduleDeviceProcesses(s: Scheduler, ctx: SimContext, dev: Dev, seed: number): void {
  const { type } = dev.spec;
  const code = dev.code;
  const hbRng = streamFor(seed, `hb:${code}`);
  const interval = hbRng.range(30, 60) * 1000;
  s.add(s.proc(HEARTBEAT, hbRng, dev, 'flat', interval), ctx.startMs + hbRng.int(interval));

  const metricInterval = metricIntervalOf(type);
  if (metricInterval > 0) {
    const rng = streamFor(seed, `metric:${code}`);
    s.add(s.proc(METRIC, rng, dev, 'flat', metricInterval), ctx.startMs + rng.int(metricInterval));
  }

  const txn = txnProfileOf(dev);
  if (txn) {
    const rng = streamFor(seed, `txn:${code}`);
    const p = s.proc(TXN, rng, dev, txn.profile, txn.perMinute / 60 * ctx.rate);
    s.add(p, nextArrival(rng, p.profile, p.rateOrInterval, ctx.startMs));
  }

  const access = accessProfileOf(dev);
  if (access) {
    const rng = streamFor(seed, `access:${code}`);
    const p = s.proc(ACCESS, rng, dev, access.profile, access.perMinute / 60 * ctx.rate);
    s.add(p, nextArrival(rng, p.profile, p.rateOrInterval, ctx.startMs));
  }

  // Terminals with a flaky link upload what they sold offline every few minutes; any POS or water controller
  // behind a failed switch uploads when the switch comes back.
  if (dev.flaky) {
    const rng = streamFor(seed, `upload:${code}`);
    s.add(s.proc(UPLOAD, rng, dev, 'flat', 0, null), ctx.startMs + rng.range(4, 12) * MINUTE);
  }
  for (const w of dev.offline ?? []) {
    const rng = streamFor(seed, `recover:${code}:${w.to}`);
    s.add(s.proc(UPLOAD, rng, dev, 'flat', 0, w), w.to + rng.range(5_000, 90_000));
  }
}

/** The processes that belong to the estate rather than one device: logins, daily jobs, and the scenarios' faults. */
export function scheduleEstateProcesses(s: Scheduler, ctx: SimContext, seed: number): void {
  const { plan, startMs, rate } = ctx;
  const portal = ctx.devs.get('SRV-PORTAL-01');
  const cardServer = ctx.devs.get('SRV-CARD-01');
  const backup = ctx.devs.get('DB-BACKUP-01');
  if (portal) s.add(s.proc(PORTAL_LOGIN, streamFor(seed, 'login:portal'), portal, 'portal', (10 / 60) * rate), startMs);
  if (cardServer) {
    s.add(s.proc(OPERATOR_LOGIN, streamFor(seed, 'login:operator'), cardServer, 'office', (0.6 / 60) * rate), startMs);
    s.add(s.proc(SUBSIDY, streamFor(seed, 'subsidy'), cardServer), nextLocalTime(startMs, 6 * 60));
    s.add(s.proc(DAILY_CLOSE, streamFor(seed, 'daily-close'), cardServer), nextLocalTime(startMs, 23 * 60 + 59));
  }
  if (backup) s.add(s.proc(BACKUP, streamFor(seed, 'backup'), backup), nextLocalTime(startMs, 2 * 60 + 30));
  if (plan.edges.length > 0) s.add(s.proc(EDGES, streamFor(seed, 'edges'), null), plan.edges[0]!.at);
  plan.bruteForce.forEach((b, i) => s.add(s.proc(BRUTE, streamFor(seed, `brute:${i}`), portal ?? null, 'flat', 0, b), b.from));
  plan.cardTesting.forEach((c, i) => {
    const dev = ctx.devs.get(c.terminal)!;
    s.add(s.proc(CARD_TEST, streamFor(seed, `card-testing:${i}`), dev, 'flat', 0, c), c.from);
  });
}
