import { HEARTBEAT_VITALS } from '../../ingest/index.ts';
import type { CompiledRule } from '../engine/compiled-rule.ts';
import type { DeviceInfo } from '../engine/directory.ts';
import { MINUTE } from '../engine/windows.ts';
import { LoginSeriesReader, TxnSeriesReader } from './count-readers.ts';
import { EventReader, HealthReader } from './event-readers.ts';
import { RollupReader, VitalReader, type Reader } from './readers.ts';
import type { ReplayOptions } from './replay.ts';

/**
 * What a replay reads for its rules, and in what slices of time: readers.ts does the reading, this picks the readers
 * (shared by rules that read the same) and sizes the slices so that a slice holds about SLICE_ROWS rows.
 */

const DAY = 86_400_000;
/** Rows a slice aims at: a few MB in memory. */
const SLICE_ROWS = 50_000;
const MIN_SLICE = 10 * MINUTE;
const MAX_SLICE = 7 * DAY;
/** See Source.probes: a day of the demo campus's roll-ups is a few MB. */
export const PROBED_SLICE = DAY;

export const isVital = (metric: string) => (HEARTBEAT_VITALS as readonly string[]).includes(metric);

/** What a rule's series are kept apart by, as far as which devices feed one series goes. */
export function seriesBy(rule: CompiledRule): 'device' | 'site' | 'channel' | 'account' {
  const c = rule.condition;
  if (c.kind === 'ratio') {
    const by = c.by ?? 'site';
    return by === 'account' ? 'site' : by;
  }
  if (c.kind === 'threshold' && c.metric.startsWith('logins.')) return c.by === 'account' ? 'account' : c.by === 'site' ? 'site' : 'device';
  return 'device';
}

/** A reader, and roughly how many rows it holds per device and minute (to size the slices). */
export interface Source {
  reader: Reader;
  density: number;
  /** its reads scan tables without an index on time: few, long slices */
  scans?: boolean;
  /**
   * Its reads find each device's rows through an index that starts with the device, while rows are stored in the
   * order they arrived (all devices' together): a slice longer than this would read each page of it once per device.
   */
  probes?: boolean;
}

/**
 * The readers of the stored data the rules judge. Rules that read the same samples or events share a reader;
 * counts of transactions and logins are read per rule, as the database adds them up with the rule's own filters.
 */
export function sourcesFor(options: ReplayOptions, devices: readonly DeviceInfo[], registered: number): Source[] {
  const { rules, repo, only } = options;
  const codes = devices.map((d) => d.code);
  // The devices whose counts a rule takes; all registered ones need no list (the database joins the devices table).
  const countsOf = (rule: CompiledRule) => {
    const watched = devices.filter((d) => rule.watches(d));
    return watched.length === registered ? null : watched.map((d) => d.code);
  };
  const samples = new Map<string, CompiledRule[]>();
  const sources: Source[] = [];
  const eventTypes: (string[] | null)[] = [];
  let health = false;
  // Rules that count the same (the same filters, series and devices) share one read of the counts.
  const counts = new Map<string, TxnSeriesReader | LoginSeriesReader>();
  const counted = (rule: CompiledRule, key: unknown, make: () => TxnSeriesReader | LoginSeriesReader, source: Omit<Source, 'reader'>) => {
    const text = JSON.stringify(key);
    let reader = counts.get(text);
    if (!reader) {
      reader = make();
      counts.set(text, reader);
      sources.push({ reader, ...source });
    }
    reader.share(rule);
  };
  for (const rule of rules) {
    const c = rule.condition;
    switch (c.kind) {
      case 'threshold':
        if (c.metric.startsWith('txn.')) {
          const q = { by: 'device' as const, numerator: {}, denominator: c.metric === 'txn.failed' ? { statuses: ['failed'] } : {}, codes: countsOf(rule), anyDevice: devices[0]! };
          counted(rule, ['txn', q.by, q.numerator, q.denominator, q.codes], () => new TxnSeriesReader(repo, q), { density: 0.5 });
        } else if (c.metric.startsWith('logins.')) {
          const by = seriesBy(rule) as 'device' | 'site' | 'account';
          const account = only && by === 'account' ? only.seriesKey : undefined;
          const q = { by, failedOnly: c.metric === 'logins.failed', codes: countsOf(rule), ...(account !== undefined && { account }) };
          counted(rule, ['login', q], () => new LoginSeriesReader(repo, q), { density: 0, scans: true });
        } else (samples.get(c.metric) ?? samples.set(c.metric, []).get(c.metric)!).push(rule);
        break;
      case 'change':
      case 'baseline':
        (samples.get(c.metric) ?? samples.set(c.metric, []).get(c.metric)!).push(rule);
        break;
      case 'ratio': {
        const by = seriesBy(rule) as 'device' | 'site' | 'channel';
        const channel = only && by === 'channel' ? (only.seriesKey === 'none' ? null : only.seriesKey) : undefined;
        const q = { by, numerator: c.numerator, denominator: c.denominator, codes: countsOf(rule), anyDevice: devices[0]!, ...(channel !== undefined && { channel }) };
        counted(rule, ['txn', q.by, q.numerator, q.denominator, q.codes, channel], () => new TxnSeriesReader(repo, q), { density: 0.5 });
        break;
      }
      case 'event':
        eventTypes.push(c.eventTypes?.length ? [...c.eventTypes, ...(c.resolveEventTypes ?? [])] : null);
        break;
      case 'absence':
        health = true;
        break;
      case 'composite':
        break;
    }
  }
  for (const [metric, watching] of samples) {
    sources.push(isVital(metric) ? { reader: new VitalReader(repo, watching, metric, codes), density: 1.5, probes: true } : { reader: new RollupReader(repo, watching, metric, codes), density: 1, probes: true });
  }
  if (eventTypes.length > 0) {
    // Only the types the rules can match or be resolved by are read, unless one of them takes any type.
    const types = eventTypes.includes(null) ? null : [...new Set(eventTypes.flat() as string[])];
    sources.push({ reader: new EventReader(repo, codes, types), density: 0.05, probes: true });
  }
  if (health) sources.push({ reader: new HealthReader(repo, devices), density: 0.001, probes: true });
  return sources;
}

/** The first slice's length: about SLICE_ROWS rows for this many devices at the sources' usual density. */
export function initialSlice(sources: Source[], devices: number): number {
  const perMinute = sources.reduce((sum, s) => sum + s.density, 0) * devices;
  return clampSlice(perMinute > 0 ? (SLICE_ROWS / perMinute) * MINUTE : MAX_SLICE, sources);
}

/** The next slice's length from how many rows the last one held (grows at most eightfold at a time). */
export function nextSlice(sliceMs: number, rows: number, sources: Source[]): number {
  return clampSlice(Math.min(sliceMs * 8, rows > 0 ? (sliceMs * SLICE_ROWS) / rows : sliceMs * 8), sources);
}

function clampSlice(ms: number, sources: Source[]): number {
  // A slice of logins is a scan of the table (no index by time): at least a day.
  const least = sources.some((s) => s.scans) ? DAY : MIN_SLICE;
  const most = sources.some((s) => s.probes) ? PROBED_SLICE : MAX_SLICE;
  return Math.min(most, Math.max(least, Math.floor(ms / MINUTE) * MINUTE));
}

