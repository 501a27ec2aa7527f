import { localPartsOf } from '../../calendar/index.ts';
import type { CompiledRule } from '../engine/compiled-rule.ts';
import type { DeviceInfo } from '../engine/directory.ts';
import type { Verdict } from '../engine/judge.ts';
import type { Series } from '../engine/series.ts';
import type { ReplayOptions } from './replay.ts';
import { RollingNormals } from './rolling-normals.ts';
import { isVital, PROBED_SLICE } from './sources.ts';

/** What a replay needs for baseline rules beyond judge(): their normals as they stood, and their hours, cheaply. */

const HOUR = 3_600_000;
const WEEK = 7 * 24 * HOUR;
const QUARTER = HOUR / 4;

/**
 * What judge() says of a baseline outside its hours — not active, no value — without asking the calendar for the
 * local hour at every step of a month (judge asks it first thing); null when judge must be asked.
 */
export function outsideHours(rule: CompiledRule, series: Series, at: number, hourChecks: HourChecks): Verdict | null {
  const c = rule.condition;
  const device = series.identity.device;
  if (c.kind !== 'baseline' || !c.hours?.length || !device) return null;
  const threshold = rule.settingsFor(device).threshold;
  if (threshold === null) return null;
  // Asked once per rule, zone and quarter hour (zones differ from UTC by whole quarter hours).
  const quarter = Math.floor(at / QUARTER);
  const byZone = hourChecks.get(rule.id) ?? hourChecks.set(rule.id, new Map()).get(rule.id)!;
  let known = byZone.get(device.zone);
  if (known?.quarter !== quarter) {
    const { hour } = localPartsOf(at, device.zone);
    known = { quarter, inside: c.hours.some(([from, to]) => hour >= from! && hour < to!) };
    byZone.set(device.zone, known);
  }
  return known.inside ? null : { active: false, value: null, threshold, values: {} };
}

/** Per rule and zone, the last quarter hour asked about and whether it is in the rule's hours. */
export type HourChecks = Map<string, Map<string, { quarter: number; inside: boolean }>>;

/**
 * The normals each baseline rule judges its devices by, rolled forward as the replay goes (rolling-normals.ts): learned
 * from the rule's `learnWeeks` weeks before each judged hour, from the same per-minute values the rule judges (heartbeat
 * vitals too, though the evaluator learns from roll-ups alone, which vitals have none of). The weeks before the replay
 * come added up per hour by the database; the replay adds the minutes it reads.
 */
export async function baselineNormals(options: ReplayOptions, devices: readonly DeviceInfo[], readFrom: number): Promise<Map<string, Map<string, RollingNormals>>> {
  const out = new Map<string, Map<string, RollingNormals>>();
  for (const rule of options.rules) {
    const c = rule.condition;
    if (c.kind !== 'baseline') continue;
    const watched = devices.filter((d) => rule.watches(d));
    const byDevice = new Map(watched.map((d) => [d.code, new RollingNormals(d.zone, c.learnWeeks)]));
    const learnFrom = readFrom - (readFrom % HOUR) - c.learnWeeks * WEEK;
    // A day at a time, for the reason a probed source reads in slices (Source.probes).
    for (let day = learnFrom; day < readFrom; day += PROBED_SLICE) {
      const until = Math.min(readFrom, day + PROBED_SLICE);
      for (let i = 0; i < watched.length; i += 500) {
        const codes = watched.slice(i, i + 500).map((d) => d.code);
        const rows = isVital(c.metric) ? await options.repo.hourlyVital(codes, c.metric, day, until) : await options.repo.hourlyMetric(codes, c.metric, day, until);
        for (const r of rows) byDevice.get(r.device_code)?.addHours([r]);
      }
      await options.pause();
    }
    out.set(rule.id, byDevice);
  }
  return out;
}
