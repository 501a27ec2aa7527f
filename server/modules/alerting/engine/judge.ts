import { localPartsOf } from '../../calendar/index.ts';
import { compare } from './compiled-rule.ts';
import { DEFAULT_EVENT_RESOLVE_MINUTES, type Series } from './series.ts';
import { MINUTE } from './windows.ts';

/**
 * Whether a series' condition holds at `now`, with the value it was judged on: one pure function per kind of rule,
 * shared by the live evaluator and the backtest so that a backtest shows exactly what the rule would have done.
 */
export interface Verdict {
  active: boolean;
  value: number | null;
  threshold: number | null;
  /** what the console says about it (alertDetail.<kind>) */
  values: Record<string, string | number | null>;
}

/** A baseline's learned normal for one hour of one weekday. */
export interface Normal {
  mean: number;
  std: number;
  samples: number;
}

/** The normal of a device's metric at an instant (its local hour and weekday), when learned. */
export type NormalLookup = (deviceCode: string, metric: string, at: number, zone: string) => Normal | null;

const round = (v: number) => Math.round(v * 100) / 100;

export function judge(series: Series, now: number, normals: NormalLookup): Verdict | null {
  const { rule, data } = series;
  const c = rule.condition;
  const { threshold } = rule.settingsFor(series.identity.device);
  switch (c.kind) {
    case 'threshold': {
      if (data.kind !== 'buckets' || threshold === null) return null;
      const value = data.buckets.aggregate(c.aggregate, now - c.windowMinutes * MINUTE, now);
      if (value === null) return { active: false, value: null, threshold, values: {} };
      return {
        active: compare(value, c.operator, threshold),
        value: round(value),
        threshold,
        values: { metric: c.metric, aggregate: c.aggregate, value: round(value), operator: c.operator, threshold, windowMinutes: c.windowMinutes },
      };
    }
    case 'ratio': {
      if (data.kind !== 'ratio' || threshold === null) return null;
      const [n, d] = data.buckets.totals(now - c.windowMinutes * MINUTE, now);
      // Too few to judge: 1 failure in 2 payments is not a 50 % failure rate.
      if (d < c.minCount || d === 0) return { active: false, value: null, threshold, values: {} };
      const pct = round((n / d) * 100);
      return {
        active: compare(pct, c.operator, threshold),
        value: pct,
        threshold,
        values: { value: pct, operator: c.operator, threshold, numerator: n, denominator: d, windowMinutes: c.windowMinutes },
      };
    }
    case 'change': {
      if (data.kind !== 'buckets' || threshold === null) return null;
      const newest = data.buckets.newestAtOrBefore(now);
      if (!newest || newest[0] < now - 2 * MINUTE) return { active: false, value: null, threshold, values: {} };
      const older = data.buckets.newestAtOrBefore(newest[0] - c.windowMinutes * MINUTE);
      if (!older || older[0] < newest[0] - (c.windowMinutes + 2) * MINUTE) return { active: false, value: null, threshold, values: {} };
      const now_ = newest[1].sum / newest[1].count;
      const then = older[1].sum / older[1].count;
      if (c.mode === 'percent' && then === 0) return { active: false, value: null, threshold, values: {} };
      const change = round(c.mode === 'absolute' ? now_ - then : ((now_ - then) / Math.abs(then)) * 100);
      return {
        active: compare(change, c.operator, threshold),
        value: change,
        threshold,
        values: { metric: c.metric, mode: c.mode, value: change, from: round(then), to: round(now_), operator: c.operator, threshold, windowMinutes: c.windowMinutes },
      };
    }
    case 'baseline': {
      const device = series.identity.device;
      if (data.kind !== 'buckets' || threshold === null || !device) return null;
      if (c.hours?.length) {
        const { hour } = localPartsOf(now, device.zone);
        if (!c.hours.some(([from, to]) => hour >= from! && hour < to!)) return { active: false, value: null, threshold, values: {} };
      }
      const current = data.buckets.aggregate('avg', now - c.windowMinutes * MINUTE, now);
      const normal = normals(device.code, c.metric, now, device.zone);
      if (current === null || !normal || normal.samples < 3) return { active: false, value: current === null ? null : round(current), threshold, values: {} };
      if (c.minNormal !== undefined && normal.mean < c.minNormal) return { active: false, value: round(current), threshold, values: {} };
      // The normal's deviation is of single minutes; an average over the window varies less, by √(minutes).
      const std = Math.max(normal.std / Math.sqrt(c.windowMinutes), Math.abs(normal.mean) * 0.01, 1e-9);
      const z = (current - normal.mean) / std;
      const offPct = normal.mean === 0 ? 0 : (Math.abs(current - normal.mean) / Math.abs(normal.mean)) * 100;
      const far = c.direction === 'below' ? z <= -threshold : c.direction === 'above' ? z >= threshold : Math.abs(z) >= threshold;
      const active = far && (c.minDropPct === undefined || offPct >= c.minDropPct);
      return {
        active,
        value: round(current),
        threshold,
        values: { metric: c.metric, value: round(current), normal: round(normal.mean), deviations: round(z), threshold, direction: c.direction, offPct: Math.round(offPct) },
      };
    }
    case 'absence': {
      if (data.kind !== 'absence') return null;
      const minutes = threshold ?? c.minutes;
      if (!data.offline || data.lastSeenAt === null) return { active: false, value: null, threshold: minutes, values: {} };
      const silentMs = now - data.lastSeenAt;
      const silentMinutes = Math.floor(silentMs / MINUTE);
      return { active: silentMs >= minutes * MINUTE, value: silentMinutes, threshold: minutes, values: { minutes: silentMinutes, threshold: minutes, lastSeenAt: new Date(data.lastSeenAt).toISOString() } };
    }
    case 'event': {
      if (data.kind !== 'event') return null;
      const resolveAfter = (c.resolveAfterMinutes ?? DEFAULT_EVENT_RESOLVE_MINUTES) * MINUTE;
      const active = data.lastMatchAt !== null && (data.lastResolveAt === null || data.lastResolveAt < data.lastMatchAt) && now < data.lastMatchAt + resolveAfter;
      return { active, value: null, threshold: null, values: { eventType: data.lastType, message: data.lastMessage } };
    }
    case 'composite':
      // Judged from the open alerts of the rules it combines (evaluator.ts), not from data of its own.
      return null;
  }
}

/** When the condition next changes by the passage of time alone (an absence reaching its minutes), or null. */
export function dueAt(series: Series): number | null {
  const { data, rule } = series;
  if (data.kind === 'absence' && data.offline && data.lastSeenAt !== null) {
    const minutes = rule.settingsFor(series.identity.device).threshold ?? 0;
    return data.lastSeenAt + minutes * MINUTE;
  }
  return null;
}
