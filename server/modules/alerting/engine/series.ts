import type { CompiledRule } from './compiled-rule.ts';
import type { DeviceInfo } from './directory.ts';
import { MinuteBuckets, RatioBuckets } from './windows.ts';

/**
 * One thing a rule judges on its own — a device, a site, a payment channel or an account — with the data it has seen
 * of it. Each series raises at most one open alert at a time (its fingerprint).
 */
export interface SeriesIdentity {
  /** what the series is about, within its rule: a device code, site code, channel or account */
  key: string;
  labels: Record<string, string>;
  siteId: string | null;
  deviceId: string | null;
  subsystem: string | null;
  device: DeviceInfo | null;
}

/** Silence as the estate sees it: offline since when, last heard from when. */
export interface AbsenceData {
  kind: 'absence';
  offline: boolean;
  lastSeenAt: number | null;
}

/** The last matching event and what resolved it. */
export interface EventData {
  kind: 'event';
  lastMatchAt: number | null;
  lastResolveAt: number | null;
  lastMessage: string;
  lastType: string;
}

export type SeriesData = { kind: 'buckets'; buckets: MinuteBuckets } | { kind: 'ratio'; buckets: RatioBuckets } | AbsenceData | EventData | { kind: 'composite' };

export interface Series {
  rule: CompiledRule;
  identity: SeriesIdentity;
  fingerprint: string;
  data: SeriesData;
}

export function emptyData(rule: CompiledRule): SeriesData {
  switch (rule.condition.kind) {
    case 'threshold':
    case 'change':
    case 'baseline':
      return { kind: 'buckets', buckets: new MinuteBuckets() };
    case 'ratio':
      return { kind: 'ratio', buckets: new RatioBuckets() };
    case 'absence':
      return { kind: 'absence', offline: false, lastSeenAt: null };
    case 'event':
      return { kind: 'event', lastMatchAt: null, lastResolveAt: null, lastMessage: '', lastType: '' };
    case 'composite':
      return { kind: 'composite' };
  }
}

/** How far back a rule needs data: its window, or how long an event keeps it firing. */
export function lookbackMs(rule: CompiledRule): number {
  const c = rule.condition;
  switch (c.kind) {
    case 'threshold':
    case 'ratio':
    case 'baseline':
      return (c.windowMinutes + 1) * 60_000;
    case 'change':
      return (c.windowMinutes + 2) * 60_000;
    case 'event':
      return (c.resolveAfterMinutes ?? DEFAULT_EVENT_RESOLVE_MINUTES) * 60_000;
    default:
      return 0;
  }
}

/** An event rule without resolveAfterMinutes resolves this long after its last matching event. */
export const DEFAULT_EVENT_RESOLVE_MINUTES = 30;
