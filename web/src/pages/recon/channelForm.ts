/** The channel settings form: a channel as form values, and back to the PATCH body of what changed (with the version read). */
import type { Channel, ChannelPatch, SourceName, TimeDirection } from './reconApi';

export interface ChannelValues {
  name: string;
  leftSources: SourceName[];
  rightSources: SourceName[];
  leftCutoffTime: string;
  leftCutoffZone: string;
  rightCutoffTime: string;
  rightCutoffZone: string;
  carryWindowMinutes: number;
  amountAbsFen: number;
  amountPctBp: number;
  timeWindowSeconds: number;
  timeDirection: TimeDirection;
  autoConfirmPct: number;
  /** empty: no scheduled run */
  scheduleTime: string;
  scheduleZone: string;
  /** empty: no bill-missing alert */
  billDueTime: string;
  openAlertThreshold: number;
  enabled: boolean;
}

export const HHMM = /^([01]\d|2[0-3]):[0-5]\d$/;

export function channelValues(c: Channel): ChannelValues {
  return {
    name: c.name,
    leftSources: [...c.leftSources],
    rightSources: [...c.rightSources],
    leftCutoffTime: c.leftCutoff.time,
    leftCutoffZone: c.leftCutoff.timeZone,
    rightCutoffTime: c.rightCutoff.time,
    rightCutoffZone: c.rightCutoff.timeZone,
    carryWindowMinutes: c.carryWindowMinutes,
    amountAbsFen: c.amountAbsFen,
    amountPctBp: c.amountPctBp,
    timeWindowSeconds: c.timeWindowSeconds,
    timeDirection: c.timeDirection,
    autoConfirmPct: c.autoConfirmPct,
    scheduleTime: c.scheduleTime ?? '',
    scheduleZone: c.scheduleZone,
    billDueTime: c.billDueTime ?? '',
    openAlertThreshold: c.openAlertThreshold,
    enabled: c.enabled,
  };
}

const sameList = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x, i) => x === b[i]);

/** Only the settings that changed, so that a save never rewrites what someone else changed meanwhile unseen. */
export function channelPatch(c: Channel, v: ChannelValues): ChannelPatch {
  const patch: ChannelPatch = { version: c.version };
  if (v.name.trim() !== c.name) patch.name = v.name.trim();
  if (!sameList(v.leftSources, c.leftSources)) patch.leftSources = v.leftSources;
  if (!sameList(v.rightSources, c.rightSources)) patch.rightSources = v.rightSources;
  if (v.leftCutoffTime !== c.leftCutoff.time || v.leftCutoffZone !== c.leftCutoff.timeZone) patch.leftCutoff = { time: v.leftCutoffTime, timeZone: v.leftCutoffZone };
  if (v.rightCutoffTime !== c.rightCutoff.time || v.rightCutoffZone !== c.rightCutoff.timeZone) patch.rightCutoff = { time: v.rightCutoffTime, timeZone: v.rightCutoffZone };
  for (const key of ['carryWindowMinutes', 'amountAbsFen', 'amountPctBp', 'timeWindowSeconds', 'autoConfirmPct', 'openAlertThreshold'] as const) {
    if (v[key] !== c[key]) patch[key] = v[key];
  }
  if (v.timeDirection !== c.timeDirection) patch.timeDirection = v.timeDirection;
  const schedule = v.scheduleTime.trim() || null;
  if (schedule !== c.scheduleTime) patch.scheduleTime = schedule;
  if (v.scheduleZone !== c.scheduleZone) patch.scheduleZone = v.scheduleZone;
  const due = v.billDueTime.trim() || null;
  if (due !== c.billDueTime) patch.billDueTime = due;
  if (v.enabled !== c.enabled) patch.enabled = v.enabled;
  return patch;
}
