import type { BatchSignals, DeviceHealthEvent } from '../../../events/index.ts';
import { HEARTBEAT_VITALS } from '../../ingest/index.ts';
import { MASKS } from '../../personal/index.ts';
import { compileMatchers, type CompiledMatcher } from '../matchers.ts';
import type { TxnFilter } from '../rules/rule.schemas.ts';
import { deviceLabels, type CompiledRule } from './compiled-rule.ts';
import type { DeviceInfo, Directory } from './directory.ts';
import { fingerprintOf } from '../alerts/labels.ts';
import { emptyData, type Series, type SeriesIdentity } from './series.ts';
import { MINUTE } from './windows.ts';

/**
 * Feeds what was committed into the series of the rules that watch it: a batch's signals (metric samples, vitals,
 * transaction and login counts, device events) and the estate's health changes (absence). Returns the series it
 * touched, which are then judged. The rules are indexed once per load so that a batch of thousands of items costs a
 * map lookup per item.
 */
export interface RuleIndex {
  /** threshold / change / baseline rules by the metric they watch (vitals and metric names alike) */
  byMetric: Map<string, CompiledRule[]>;
  txnCounters: CompiledRule[];
  loginCounters: CompiledRule[];
  ratios: { rule: CompiledRule; numerator: (t: string, c: string | null, s: string) => boolean; denominator: (t: string, c: string | null, s: string) => boolean }[];
  events: { rule: CompiledRule; test: (type: string, severity: string, message: string, attributes: Record<string, string>) => boolean; resolves: Set<string> }[];
  absences: CompiledRule[];
  composites: CompiledRule[];
  all: CompiledRule[];
}

const filterTest = (f: TxnFilter) => {
  const types = f.types?.length ? new Set(f.types) : null;
  const channels = f.channels?.length ? new Set(f.channels) : null;
  const statuses = f.statuses?.length ? new Set(f.statuses) : null;
  return (type: string, channel: string | null, status: string) => (!types || types.has(type)) && (!channels || (channel !== null && channels.has(channel))) && (!statuses || statuses.has(status));
};

/**
 * Indexes the rules by what they watch. A rule that cannot be made ready (a stored pattern that no longer compiles)
 * is left out and reported to `failed`, so that one bad rule never stops the others.
 */
export function indexRules(rules: readonly CompiledRule[], failed: (rule: CompiledRule, error: Error) => void = () => {}): RuleIndex {
  const index: RuleIndex = { byMetric: new Map(), txnCounters: [], loginCounters: [], ratios: [], events: [], absences: [], composites: [], all: [] };
  for (const rule of rules) {
    try {
      addToIndex(index, rule);
      index.all.push(rule);
    } catch (error) {
      failed(rule, error as Error);
    }
  }
  return index;
}

function addToIndex(index: RuleIndex, rule: CompiledRule): void {
  {
    const c = rule.condition;
    switch (c.kind) {
      case 'threshold':
        if (c.metric.startsWith('txn.')) index.txnCounters.push(rule);
        else if (c.metric.startsWith('logins.')) index.loginCounters.push(rule);
        else (index.byMetric.get(c.metric) ?? index.byMetric.set(c.metric, []).get(c.metric)!).push(rule);
        break;
      case 'change':
      case 'baseline':
        (index.byMetric.get(c.metric) ?? index.byMetric.set(c.metric, []).get(c.metric)!).push(rule);
        break;
      case 'ratio':
        index.ratios.push({ rule, numerator: filterTest(c.numerator), denominator: filterTest(c.denominator) });
        break;
      case 'event': {
        const types = c.eventTypes?.length ? new Set(c.eventTypes) : null;
        const severities = c.severities?.length ? new Set<string>(c.severities) : null;
        const attributes: CompiledMatcher | null = c.attributes?.length ? compileMatchers(c.attributes) : null;
        const pattern = c.messagePattern ? new RegExp(c.messagePattern, 'u') : null;
        index.events.push({
          rule,
          test: (type, severity, message, attrs) => (!types || types.has(type)) && (!severities || severities.has(severity)) && (!pattern || pattern.test(message)) && (!attributes || attributes(attrs)),
          resolves: new Set(c.resolveEventTypes ?? []),
        });
        break;
      }
      case 'absence':
        index.absences.push(rule);
        break;
      case 'composite':
        index.composites.push(rule);
        break;
    }
  }
}

type SeriesBy = 'device' | 'site' | 'channel' | 'account';

/** The key of the series a device's data belongs to, within its rule (SeriesIdentity.key, without building the rest). */
function keyFor(by: SeriesBy, device: DeviceInfo, extra?: string | null): string {
  switch (by) {
    case 'device':
      return device.code;
    case 'site':
      return device.siteCode;
    case 'channel':
      return extra ?? 'none';
    case 'account':
      return extra ?? '';
  }
}

/** What a series is keyed by within its rule, and the labels and places its alert carries. */
export function identityFor(rule: CompiledRule, by: 'device' | 'site' | 'channel' | 'account', device: DeviceInfo, extra?: string | null): SeriesIdentity {
  switch (by) {
    case 'device':
      return { key: device.code, labels: { ...deviceLabels(device), ...rule.labels }, siteId: device.siteId, deviceId: device.id, subsystem: device.subsystem, device };
    case 'site':
      return { key: device.siteCode, labels: { site: device.siteCode, ...rule.labels }, siteId: device.siteId, deviceId: null, subsystem: null, device: null };
    case 'channel':
      return { key: extra ?? 'none', labels: { channel: extra ?? 'none', ...rule.labels }, siteId: null, deviceId: null, subsystem: null, device: null };
    case 'account':
      // The account travels masked in labels (silences, notifications, the console); the series key stays exact.
      return { key: extra ?? '', labels: { account: MASKS.account(extra ?? ''), site: device.siteCode, ...rule.labels }, siteId: device.siteId, deviceId: null, subsystem: null, device: null };
  }
}

export function createSeriesStore() {
  const series = new Map<string, Series>();
  return {
    series,
    /** The series of a rule for this identity, made on first sight. */
    get(rule: CompiledRule, identity: SeriesIdentity): Series {
      const id = `${rule.id}\u0000${identity.key}`;
      let s = series.get(id);
      if (!s) {
        s = { rule, identity, fingerprint: fingerprintOf('rule', { rule: rule.id, series: identity.key }), data: emptyData(rule) };
        series.set(id, s);
      }
      return s;
    },
    /**
     * The series a device's data belongs to: looked up by its key first, so that the identity (labels and all) is
     * built once per series, not once per sample — this runs for every item of every batch.
     */
    of(rule: CompiledRule, by: SeriesBy, device: DeviceInfo, extra?: string | null): Series {
      return series.get(`${rule.id}\u0000${keyFor(by, device, extra)}`) ?? this.get(rule, identityFor(rule, by, device, extra));
    },
    find: (ruleId: string, key: string) => series.get(`${ruleId}\u0000${key}`),
    clear: () => series.clear(),
    forRule: function* (ruleId: string) {
      for (const s of series.values()) if (s.rule.id === ruleId) yield s;
    },
  };
}
export type SeriesStore = ReturnType<typeof createSeriesStore>;

/** Feeds one batch's signals; returns the series touched. */
export function observeSignals(signals: BatchSignals, index: RuleIndex, directory: Directory, store: SeriesStore): Set<Series> {
  const touched = new Set<Series>();
  const devices = signals.devices.map((code) => directory.byCode(code));

  for (const [d, metric, minute, count, sum, min, max, last] of signals.samples) {
    const rules = index.byMetric.get(metric);
    const device = devices[d];
    if (!rules || !device) continue;
    for (const rule of rules) {
      if (!rule.watches(device)) continue;
      const s = store.of(rule, 'device', device);
      if (s.data.kind === 'buckets') s.data.buckets.add(minute, count, sum, min, max, last);
      touched.add(s);
    }
  }

  if (signals.vitals && signals.vitals.length > 0) observeVitals(signals.vitals, devices, index, store, touched);

  if (signals.txns.length > 0 && (index.txnCounters.length > 0 || index.ratios.length > 0)) {
    for (const [d, minute, type, channel, status, count] of signals.txns) {
      const device = devices[d];
      if (!device) continue;
      for (const rule of index.txnCounters) {
        if (!rule.watches(device)) continue;
        const c = rule.condition;
        if (c.kind !== 'threshold' || (c.metric === 'txn.failed' && status !== 'failed')) continue;
        const s = store.of(rule, 'device', device);
        if (s.data.kind === 'buckets') s.data.buckets.add(minute, count, count, count, count, count);
        touched.add(s);
      }
      for (const { rule, numerator, denominator } of index.ratios) {
        if (!rule.watches(device) || !denominator(type, channel, status)) continue;
        const c = rule.condition;
        const by = c.kind === 'ratio' ? (c.by ?? 'site') : 'site';
        const s = store.of(rule, by === 'account' ? 'site' : by, device, channel);
        if (s.data.kind === 'ratio') s.data.buckets.add(minute, numerator(type, channel, status) ? count : 0, count);
        touched.add(s);
      }
    }
  }

  if (signals.logins.length > 0 && index.loginCounters.length > 0) {
    for (const [d, minute, account, result, count] of signals.logins) {
      const device = devices[d];
      if (!device) continue;
      for (const rule of index.loginCounters) {
        const c = rule.condition;
        if (c.kind !== 'threshold' || !rule.watches(device) || (c.metric === 'logins.failed' && result === 'ok')) continue;
        const s = store.of(rule, c.by === 'account' ? 'account' : (c.by ?? 'device') === 'site' ? 'site' : 'device', device, account);
        if (s.data.kind === 'buckets') s.data.buckets.add(minute, count, count, count, count, count);
        touched.add(s);
      }
    }
  }

  if (signals.events.length > 0 && index.events.length > 0) {
    for (const [d, ts, type, severity, message, attributes] of signals.events) {
      const device = devices[d];
      if (!device) continue;
      for (const { rule, test, resolves } of index.events) {
        if (!rule.watches(device)) continue;
        const matches = test(type, severity, message, attributes);
        if (!matches && !resolves.has(type)) continue;
        const s = store.of(rule, 'device', device);
        if (s.data.kind !== 'event') continue;
        if (matches && (s.data.lastMatchAt === null || ts >= s.data.lastMatchAt)) {
          s.data.lastMatchAt = ts;
          s.data.lastMessage = message.slice(0, 300);
          s.data.lastType = type;
        } else if (!matches && (s.data.lastResolveAt === null || ts >= s.data.lastResolveAt)) s.data.lastResolveAt = ts;
        touched.add(s);
      }
    }
  }
  return touched;
}

/**
 * Heartbeat vitals, one row per heartbeat, oldest first: each reported vital is a one-count sample of its minute, in
 * the series of the rules that watch it — folded in time order, so a minute's last is its latest heartbeat's, as if
 * the batch had carried one sample row per vital and minute. Vitals no rule watches are skipped without a look.
 */
function observeVitals(rows: NonNullable<BatchSignals['vitals']>, devices: (DeviceInfo | undefined)[], index: RuleIndex, store: SeriesStore, touched: Set<Series>): void {
  const watched: { column: number; rules: CompiledRule[] }[] = [];
  HEARTBEAT_VITALS.forEach((vital, i) => {
    const rules = index.byMetric.get(vital);
    if (rules) watched.push({ column: 2 + i, rules });
  });
  if (watched.length === 0) return;
  for (const row of rows) {
    const device = devices[row[0]];
    if (!device) continue;
    const minute = Math.floor(row[1] / MINUTE) * MINUTE;
    for (const { column, rules } of watched) {
      const value = row[column];
      if (value === null || value === undefined) continue;
      for (const rule of rules) {
        if (!rule.watches(device)) continue;
        const s = store.of(rule, 'device', device);
        if (s.data.kind === 'buckets') s.data.buckets.add(minute, 1, value, value, value, value);
        touched.add(s);
      }
    }
  }
}

/** Feeds a device's health change into the absence rules that watch it. */
export function observeHealth(event: DeviceHealthEvent, index: RuleIndex, directory: Directory, store: SeriesStore): Set<Series> {
  const touched = new Set<Series>();
  const device = directory.byId(event.deviceId);
  if (!device) return touched;
  for (const rule of index.absences) {
    if (!rule.watches(device)) continue;
    const s = store.of(rule, 'device', device);
    if (s.data.kind !== 'absence') continue;
    s.data.offline = event.health === 'offline';
    if (event.lastSeenAt !== undefined && event.lastSeenAt !== null) s.data.lastSeenAt = event.lastSeenAt;
    else if (s.data.offline && s.data.lastSeenAt === null) s.data.lastSeenAt = device.lastSeenAt ?? event.at;
    touched.add(s);
  }
  return touched;
}

/** Absence series of devices the estate says are offline now (after a restart, before any health change arrives). */
export function seedAbsences(index: RuleIndex, directory: Directory, store: SeriesStore): void {
  if (index.absences.length === 0) return;
  for (const device of directory.all()) {
    if (device.health !== 'offline') continue;
    for (const rule of index.absences) {
      if (!rule.watches(device)) continue;
      const s = store.of(rule, 'device', device);
      if (s.data.kind === 'absence') {
        s.data.offline = true;
        s.data.lastSeenAt = device.lastSeenAt;
      }
    }
  }
}
