import type { AlertsTable } from '../alerting.tables.ts';
import type { CompiledRule } from './compiled-rule.ts';
import type { Directory } from './directory.ts';
import type { Verdict } from './judge.ts';
import type { SeriesStore } from './observe.ts';
import type { Series } from './series.ts';
import { MINUTE } from './windows.ts';

/**
 * A composite rule's verdicts now (SPEC C3): active for each site (or device) where every rule it names is firing,
 * their first fires within the rule's window of each other; inactive for each of its other series. Judged from the
 * open alerts, so it sees what the other rules decided; the backtest does the same from replayed intervals
 * (backtest/composite.ts).
 */
export function compositeVerdicts(rule: CompiledRule, open: Iterable<AlertsTable>, dir: Directory, store: SeriesStore): { series: Series; verdict: Verdict }[] {
  const c = rule.condition;
  if (c.kind !== 'composite') return [];
  const by = c.by ?? 'site';
  const firingBy = new Map<string, Map<string, number>>();
  for (const a of open) {
    if ((a.state !== 'firing' && a.state !== 'acknowledged') || a.fired_at === null || !c.rules.includes(a.name)) continue;
    const place = by === 'site' ? a.site_id : a.device_id;
    if (!place) continue;
    const m = firingBy.get(place) ?? firingBy.set(place, new Map()).get(place)!;
    m.set(a.name, Math.min(m.get(a.name) ?? Infinity, a.fired_at));
  }
  const verdicts: { series: Series; verdict: Verdict }[] = [];
  const active = new Set<string>();
  for (const [place, fired] of firingBy) {
    if (fired.size < c.rules.length) continue;
    const times = [...fired.values()];
    if (Math.max(...times) - Math.min(...times) > c.withinMinutes * MINUTE) continue;
    active.add(place);
    const device = by === 'device' ? (dir.byId(place) ?? null) : null;
    const siteCode = by === 'site' ? dir.siteCode(place) : device?.siteCode;
    if (!rule.watchesSite(siteCode ?? null)) continue;
    const identity = device
      ? { key: device.code, labels: { site: device.siteCode, device: device.code, ...rule.labels }, siteId: device.siteId, deviceId: device.id, subsystem: device.subsystem, device }
      : { key: siteCode ?? place, labels: { site: siteCode ?? place, ...rule.labels }, siteId: place, deviceId: null, subsystem: null, device: null };
    verdicts.push({ series: store.get(rule, identity), verdict: { active: true, value: null, threshold: null, values: { rules: c.rules.join(', '), withinMinutes: c.withinMinutes } } });
  }
  for (const series of store.forRule(rule.id)) {
    const place = by === 'site' ? series.identity.siteId : series.identity.deviceId;
    if (place && !active.has(place)) verdicts.push({ series, verdict: { active: false, value: null, threshold: null, values: {} } });
  }
  return verdicts;
}
