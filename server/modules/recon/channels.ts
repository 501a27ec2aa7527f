import { addDays, instantOfWallMs } from '../calendar/index.ts';
import type { Cutoff, MatchSpec, MatchTolerances } from './matching.ts';
import type { ReconChannelsTable } from './recon.tables.ts';
import type { Source } from './sources.ts';

/**
 * A channel's settings (which sources form each side, cut-offs, carry window, tolerances, schedule and alert
 * thresholds) and the pure rules over them: which instants a business day covers on each side, and the MatchSpec
 * of a day's job. The defaults are what a card centre starts with: the card system's day ends at 23:00 Shanghai time,
 * the channels' at midnight.
 */

const MINUTE = 60_000;

export interface ChannelDefaults {
  id: string;
  name: string;
  left: Source[];
  right: Source[];
}

export const DEFAULT_CHANNELS: readonly ChannelDefaults[] = [
  { id: 'wechat', name: '微信支付', left: ['ledger'], right: ['wechat'] },
  { id: 'alipay', name: '支付宝', left: ['ledger'], right: ['alipay'] },
  { id: 'bank', name: '银行', left: ['ledger'], right: ['mt940', 'camt'] },
  { id: 'unionpay', name: '银联', left: ['ledger'], right: ['unionpay'] },
];

export function defaultChannelRow(d: ChannelDefaults, now: number): ReconChannelsTable {
  return {
    id: d.id,
    name: d.name,
    left_sources: JSON.stringify(d.left),
    right_sources: JSON.stringify(d.right),
    left_cutoff_time: '23:00',
    left_cutoff_zone: 'Asia/Shanghai',
    right_cutoff_time: '00:00',
    right_cutoff_zone: 'Asia/Shanghai',
    carry_window_minutes: 30,
    amount_abs_fen: 0,
    amount_pct_bp: 0,
    time_window_seconds: 300,
    time_direction: 'either',
    auto_confirm_pct: 90,
    schedule_time: '02:00',
    schedule_zone: 'Asia/Shanghai',
    bill_due_time: '10:00',
    open_alert_threshold: 50,
    enabled: 1,
    version: 1,
    updated_by: null,
    updated_at: now,
  };
}

export const minutesOf = (hhmm: string): number => {
  const [h, m] = hhmm.split(':').map(Number);
  return h! * 60 + m!;
};

/** The wall-clock instant `hh:mm` of `day` in `zone`. */
export const wallInstant = (day: string, hhmm: string, zone: string): number => instantOfWallMs(Date.parse(`${day}T00:00:00Z`) + minutesOf(hhmm) * MINUTE, zone);

/**
 * The instants a business day covers on a side that closes its day at `cutoff`: a day that ends at midnight is the
 * calendar day; one that ends at 23:00 runs from 23:00 the evening before to 23:00 that day.
 */
export function dayWindow(day: string, cutoff: Cutoff): { from: number; to: number } {
  if (minutesOf(cutoff.time) === 0) return { from: wallInstant(day, '00:00', cutoff.timeZone), to: wallInstant(addDays(day, 1), '00:00', cutoff.timeZone) };
  return { from: wallInstant(addDays(day, -1), cutoff.time, cutoff.timeZone), to: wallInstant(day, cutoff.time, cutoff.timeZone) };
}

export interface ChannelSettings {
  id: string;
  left: Source[];
  right: Source[];
  leftCutoff: Cutoff;
  rightCutoff: Cutoff;
  carryWindowMinutes: number;
  tolerances: MatchTolerances;
  autoConfirmScore: number;
}

export function settingsOf(row: ReconChannelsTable): ChannelSettings {
  return {
    id: row.id,
    left: JSON.parse(row.left_sources) as Source[],
    right: JSON.parse(row.right_sources) as Source[],
    leftCutoff: { time: row.left_cutoff_time, timeZone: row.left_cutoff_zone },
    rightCutoff: { time: row.right_cutoff_time, timeZone: row.right_cutoff_zone },
    carryWindowMinutes: row.carry_window_minutes,
    tolerances: { amountAbsFen: row.amount_abs_fen, amountPct: row.amount_pct_bp / 100, timeWindowMs: row.time_window_seconds * 1000, timeDirection: row.time_direction },
    autoConfirmScore: row.auto_confirm_pct / 100,
  };
}

/**
 * Which transaction times may feed a day's job on either side: both sides' windows, widened by the carry window on
 * each end (records near a cut-off may belong to the neighbouring day's job) — the imports reaching into this span
 * are the job's default inputs.
 */
export function inputSpan(day: string, s: ChannelSettings): { from: number; to: number } {
  const l = dayWindow(day, s.leftCutoff);
  const r = dayWindow(day, s.rightCutoff);
  const margin = s.carryWindowMinutes * MINUTE;
  return { from: Math.min(l.from, r.from) - margin, to: Math.max(l.to, r.to) + margin };
}

export function buildSpec(
  day: string,
  s: ChannelSettings,
  files: { left: string[]; right: string[]; carriedIn: { left: string | null; right: string | null } },
  workDir: string,
  dryRun: boolean,
  labels: { left: string; right: string },
): MatchSpec {
  return {
    day,
    left: { label: labels.left, files: files.left, cutoff: s.leftCutoff },
    right: { label: labels.right, files: files.right, cutoff: s.rightCutoff },
    carryWindowMinutes: s.carryWindowMinutes,
    carriedIn: files.carriedIn,
    tolerances: s.tolerances,
    autoConfirmScore: s.autoConfirmScore,
    workDir,
    dryRun,
  };
}
