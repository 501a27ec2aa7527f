import type { Executor } from '../../db/types.ts';
import type { ExternalAlert } from '../alerting/index.ts';
import { addDays, localDateOf, localPartsOf } from '../calendar/index.ts';
import { dayWindow, settingsOf, wallInstant } from './channels.ts';
import { reconRepository as repo } from './recon.repository.ts';
import type { ReconChannelsTable } from './recon.tables.ts';

/** How many days back the open-differences check looks (and how long a late bill stays an alert). */
export const LOOKBACK_DAYS = 7;

export type ReconAlertKind = 'open-differences' | 'bill-missing';

/** One thing reconciliation alerts on (SPEC C7.7). */
export interface ReconAlertCondition {
  channel: string;
  /** the channel's name as configured (Chinese by default) */
  channelName: string;
  kind: ReconAlertKind;
  /** the business day it is about */
  day: string;
  /** the day's current run (open-differences) */
  jobId: string | null;
  open: number | null;
  threshold: number | null;
  /** epoch ms: when the day's bill was due (bill-missing) */
  dueAt: number | null;
  /** the channel's schedule zone, in which `dueAt` is told */
  zone: string;
}

/**
 * What reconciliation alerts on now, per enabled channel: each day of the last LOOKBACK_DAYS whose current run has
 * more open or investigating differences than the channel's `open_alert_threshold`, and yesterday's bill when no
 * import of the channel's right side covers it once `bill_due_time` has passed. `stillMissing` names earlier days per
 * channel whose bill was missing before (the open bill-missing alerts): they are checked again, so that a bill that
 * never came stays an alert past its first day (within LOOKBACK_DAYS) instead of clearing at midnight.
 * Shared by `GET /recon/alerts` (no earlier days) and the `recon.forward-alerts` job.
 */
export async function reconAlertConditions(k: Executor, now: number, stillMissing: ReadonlyMap<string, readonly string[]> = new Map()): Promise<ReconAlertCondition[]> {
  const items: ReconAlertCondition[] = [];
  for (const channel of await repo.channels(k)) {
    if (channel.enabled !== 1) continue;
    const base = { channel: channel.id, channelName: channel.name, zone: channel.schedule_zone };
    const today = localDateOf(now, channel.schedule_zone);
    const since = addDays(today, -LOOKBACK_DAYS);
    const jobs = await repo.trend(k, channel.id, since, today);
    const open = await repo.stateCounts(k, jobs.map((j) => j.id));
    for (const job of jobs) {
      const counts = open.get(job.id) ?? {};
      const n = (counts.open ?? 0) + (counts.investigating ?? 0);
      if (n > channel.open_alert_threshold) items.push({ ...base, kind: 'open-differences', day: job.day, jobId: job.id, open: n, threshold: channel.open_alert_threshold, dueAt: null });
    }
    if (channel.bill_due_time !== null) {
      const yesterday = addDays(today, -1);
      const earlier = (stillMissing.get(channel.id) ?? []).filter((d) => d >= since && d < yesterday);
      for (const day of [...new Set(earlier)].sort().concat(yesterday)) {
        const dueAt = await billMissingSince(k, channel, day, now);
        if (dueAt !== null) items.push({ ...base, kind: 'bill-missing', day, jobId: null, open: null, threshold: null, dueAt });
      }
    }
  }
  return items;
}

/** When `day`'s bill fell due (the next day at `bill_due_time`), if that has passed and no import covers the day; else null. */
async function billMissingSince(k: Executor, channel: ReconChannelsTable, day: string, now: number): Promise<number | null> {
  const due = wallInstant(addDays(day, 1), channel.bill_due_time!, channel.schedule_zone);
  if (now < due) return null;
  const settings = settingsOf(channel);
  const window = dayWindow(day, settings.rightCutoff);
  return (await repo.importsCovering(k, settings.right, window.from, window.to)).length === 0 ? due : null;
}

// ---------------------------------------------------------------- as alerts

/**
 * Both conditions are 二级 (important: someone follows it up), not 一级 (a service down, the emergency plan): money
 * unaccounted for or a bill late stops no card from working.
 */
export const RECON_ALERT_LEVEL = { 'open-differences': 2, 'bill-missing': 2 } as const satisfies Record<ReconAlertKind, 1 | 2 | 3>;

export const reconAlertName = (kind: ReconAlertKind): string => `recon-${kind}`;

/** One alert per channel, kind and day, whatever its figures: the fingerprint the alerting module keeps it by. */
export const reconFingerprint = (c: Pick<ReconAlertCondition, 'channel' | 'kind' | 'day'>): string => `recon:${c.channel}:${c.kind}:${c.day}`;

/** The default channels' names in English (a channel's stored name is the Chinese one). */
const CHANNEL_NAMES_EN: Record<string, string> = { wechat: 'WeChat Pay', alipay: 'Alipay', bank: 'Bank', unionpay: 'UnionPay' };

/** `2026-12-01 10:00` in the channel's zone. */
function wallTime(ms: number, zone: string): string {
  const p = localPartsOf(ms, zone);
  return `${p.date} ${String(p.hour).padStart(2, '0')}:${String(p.minute).padStart(2, '0')}`;
}

/**
 * A condition as the alert it raises (source `recon`): labels that say what it is (alertname, channel, day, kind,
 * level), a summary in Chinese (`summary`, what notifications and the console show) and in English (`summary_en`),
 * and a link to the day's run or to the imports. No site and no device: reconciliation is estate-wide.
 */
export function reconAlertOf(c: ReconAlertCondition, publicUrl: string): ExternalAlert {
  const en = CHANNEL_NAMES_EN[c.channel] ?? c.channelName;
  const annotations: Record<string, string> =
    c.kind === 'open-differences'
      ? {
          summary: `对账：${c.channelName} ${c.day} 有 ${c.open} 笔差异未处理，超过阈值 ${c.threshold} 笔`,
          summary_en: `Reconciliation: ${en} ${c.day} has ${c.open} open differences, over the threshold of ${c.threshold}`,
          jobId: c.jobId ?? '',
        }
      : {
          summary: `对账：${c.channelName} ${c.day} 的账单在 ${wallTime(c.dueAt!, c.zone)} 前未导入`,
          summary_en: `Reconciliation: ${en}'s bill of ${c.day} was not imported by ${wallTime(c.dueAt!, c.zone)} (${c.zone})`,
        };
  if (annotations.jobId === '') delete annotations.jobId;
  return {
    fingerprint: reconFingerprint(c),
    status: 'firing',
    labels: { alertname: reconAlertName(c.kind), channel: c.channel, day: c.day, kind: c.kind, level: String(RECON_ALERT_LEVEL[c.kind]) },
    annotations,
    // A late bill has been late since it fell due; too many open differences, since this job first saw them.
    startsAt: c.kind === 'bill-missing' ? c.dueAt : null,
    endsAt: null,
    generatorUrl: c.jobId ? `${publicUrl}/recon/jobs/${encodeURIComponent(c.jobId)}` : `${publicUrl}/recon/imports`,
  };
}
