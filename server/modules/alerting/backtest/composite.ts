import type { CompiledRule } from '../engine/compiled-rule.ts';
import type { Directory } from '../engine/directory.ts';
import { FLAP_WINDOW_MS } from '../engine/lifecycle.ts';
import type { Verdict } from '../engine/judge.ts';
import { createSeriesStore } from '../engine/observe.ts';
import type { SeriesIdentity } from '../engine/series.ts';
import { MINUTE } from '../engine/windows.ts';
import { advance, newLife } from './lifecycle.ts';
import type { FiringInterval } from './replay.ts';

/**
 * A composite rule (A and B within T) replayed from the replayed intervals of the rules it names, as the evaluator
 * judges it from their open alerts (engine/composites.ts): at each step, for each site (or device),
 * every named rule must be firing there, and the earliest firing of each must lie within `withinMinutes` of the
 * others'. The composite's own `for` and `keep firing for` then apply as to any rule.
 */

/** How long before `from` the named rules must be replayed so that the composite's own lifecycle is under way. */
export const compositeWarmMs = (rule: CompiledRule): number => rule.forMs + rule.keepFiringMs + FLAP_WINDOW_MS;

const ACTIVE: Verdict = { active: true, value: null, threshold: null, values: {} };
const INACTIVE: Verdict = { active: false, value: null, threshold: null, values: {} };

interface Placed {
  key: string;
  firedAt: number;
  end: number;
}

export function replayComposite(
  rule: CompiledRule,
  named: readonly FiringInterval[],
  options: { from: number; to: number; directory: Directory; onInterval(interval: FiringInterval): void },
): void {
  const c = rule.condition;
  if (c.kind !== 'composite') return;
  const { to, directory } = options;
  const by = c.by ?? 'site';
  const store = createSeriesStore();
  const judgeFrom = options.from - Math.ceil(compositeWarmMs(rule) / MINUTE) * MINUTE;

  const byPlace = new Map<string, Placed[]>();
  for (const i of named) {
    if (!c.rules.includes(i.rule.key)) continue;
    const place = by === 'site' ? i.series.identity.siteId : i.series.identity.deviceId;
    if (!place) continue;
    (byPlace.get(place) ?? byPlace.set(place, []).get(place)!).push({ key: i.rule.key, firedAt: i.firedAt, end: i.end ?? Infinity });
  }

  for (const [place, intervals] of byPlace) {
    const at = identityAt(rule, by, place, directory);
    if (!at || !rule.watchesSite(at.siteCode)) continue;
    const series = store.get(rule, at.identity);
    intervals.sort((a, b) => a.firedAt - b.firedAt);
    const life = newLife();
    const active: Placed[] = [];
    let next = 0;
    // Steps end on whole minutes, as the named rules' did.
    let e = Math.max(judgeFrom + MINUTE, floorMinute(intervals[0]!.firedAt));
    for (; e <= to; e += MINUTE) {
      while (next < intervals.length && intervals[next]!.firedAt <= e) active.push(intervals[next++]!);
      for (let j = active.length - 1; j >= 0; j--) if (active[j]!.end <= e) active.splice(j, 1);
      const firedBy = new Map<string, number>();
      for (const a of active) firedBy.set(a.key, Math.min(firedBy.get(a.key) ?? Infinity, a.firedAt));
      let holds = firedBy.size === c.rules.length;
      if (holds) {
        const times = [...firedBy.values()];
        holds = Math.max(...times) - Math.min(...times) <= c.withinMinutes * MINUTE;
      }
      const change = advance(life, holds ? ACTIVE : INACTIVE, e, rule, Math.max);
      if (change?.kind === 'resolved') options.onInterval({ rule, series, firedAt: change.firedAt, end: change.at, peak: null });
      // Nothing firing here and no alert: jump to the next named interval.
      if (active.length === 0 && life.state === 'idle') {
        if (next >= intervals.length) break;
        e = Math.max(e, floorMinute(intervals[next]!.firedAt) - MINUTE);
      }
    }
    if (life.state === 'firing') options.onInterval({ rule, series, firedAt: life.firedAt, end: null, peak: null });
  }
}

const floorMinute = (ms: number) => ms - (ms % MINUTE);

/** The series a composite keeps per site or device, as the evaluator names it, and the site it is at. */
function identityAt(rule: CompiledRule, by: 'site' | 'device', place: string, directory: Directory): { identity: SeriesIdentity; siteCode: string } | null {
  if (by === 'device') {
    const device = directory.byId(place);
    if (!device) return null;
    const identity = { key: device.code, labels: { site: device.siteCode, device: device.code, ...rule.labels }, siteId: device.siteId, deviceId: device.id, subsystem: device.subsystem, device };
    return { identity, siteCode: device.siteCode };
  }
  const siteCode = directory.siteCode(place);
  if (siteCode === undefined) return null;
  return { identity: { key: siteCode, labels: { site: siteCode, ...rule.labels }, siteId: place, deviceId: null, subsystem: null, device: null }, siteCode };
}
