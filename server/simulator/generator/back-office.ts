/** The card system's scheduled jobs: the nightly database backup's check-in, subsidy payouts and the daily close. */
import { localDay, localMidnight, localWeekday } from '../rhythm.ts';
import { emit, type SimContext } from './context.ts';
import { isSilent, type Dev } from './device.ts';
import { cardTxn } from './payments.ts';
import type { Proc } from './processes.ts';
import { HOUR, MINUTE, nextLocalTime } from './time.ts';

export function backupCheckin(ctx: SimContext, p: Proc, dev: Dev): void {
  const { rng } = p;
  if (p.step === 0) {
    // The job starts at 02:30 and checks in when it finishes, a few minutes later.
    p.step = 1;
    p.at += rng.range(3, 12) * MINUTE + rng.int(MINUTE);
    return;
  }
  const at = p.at;
  const missed = ctx.plan.backupMissed.some((w) => at >= w.from && at < w.to);
  if (!missed && !isSilent(dev, at)) {
    const full = localWeekday(at) === 0;
    emit(ctx, 'event', at, dev, rng, {
      type: 'backup.checkin',
      severity: 'info',
      message: full ? '一卡通数据库全量备份完成' : '一卡通数据库增量备份完成',
      attrs: {
        job: 'card-db-backup',
        mode: full ? 'full' : 'incremental',
        result: 'ok',
        sizeBytes: full ? rng.range(38, 42) * 1_073_741_824 : rng.range(900, 2_400) * 1_048_576,
        durationSec: full ? rng.range(2_400, 3_600) : rng.range(120, 600),
      },
    });
  }
  p.step = 0;
  p.at = nextLocalTime(at + HOUR, 2 * 60 + 30);
}

export function subsidy(ctx: SimContext, p: Proc, dev: Dev): void {
  const { rng, at } = p;
  const day = localDay(at);
  const monthly = new Date(day * 24 * HOUR).getUTCDate() === 1;
  // Monthly living subsidy for every subsidised student on the 1st, a daily meal subsidy for a few otherwise.
  const batch = monthly ? ctx.ledger.subsidised.length : Math.min(ctx.ledger.subsidised.length, Math.max(1, Math.round(20 * ctx.rate)));
  if (p.step < batch && !isSilent(dev, at)) {
    const account = monthly ? ctx.ledger.subsidised[p.step]! : ctx.ledger.subsidised[(day * 20 + p.step) % ctx.ledger.subsidised.length]!;
    ctx.queue.push(cardTxn(ctx, at, dev, rng, 'subsidy', account, monthly ? 30_000 : 800, 'card', null, false));
  }
  p.step++;
  if (p.step < batch) p.at = at + rng.range(50, 400);
  else {
    p.step = 0;
    p.at = nextLocalTime(at + HOUR, 6 * 60);
  }
}

export function dailyClose(ctx: SimContext, p: Proc, dev: Dev): void {
  const { rng, at } = p;
  const d = ctx.ledger.dayTotals;
  if (!isSilent(dev, at)) {
    const day = localDay(at);
    const same = d.day === day;
    emit(ctx, 'event', at, dev, rng, {
      type: 'ledger.daily_close',
      severity: 'info',
      message: '一卡通日结完成',
      attrs: {
        businessDate: new Date(day * 24 * HOUR).toISOString().slice(0, 10),
        txnCount: same ? d.txns : 0,
        consumeFen: same ? d.consumeFen : 0,
        rechargeFen: same ? d.rechargeFen : 0,
        transferFen: same ? d.transferFen : 0,
        refundFen: same ? d.refundFen : 0,
        subsidyFen: same ? d.subsidyFen : 0,
        ticketFen: same ? d.ticketFen : 0,
        /** the simulator saw only part of the day */
        partial: localMidnight(day) < ctx.startMs,
      },
    });
  }
  p.at = nextLocalTime(at + HOUR, 23 * 60 + 59);
}
