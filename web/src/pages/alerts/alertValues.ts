/** Alert levels, states and sources: their order, colours, and the small rules the pages share. */
import type { Alert, AlertLevel, AlertState, Matcher } from '../../api/alerts';

export const LEVELS: readonly AlertLevel[] = [1, 2, 3];
export const STATES: readonly AlertState[] = ['pending', 'firing', 'acknowledged', 'resolved'];
export const OPEN_STATES: readonly AlertState[] = ['pending', 'firing', 'acknowledged'];
/** Every source the server names (alerting.tables.ts ALERT_SOURCES); recon: reconciliation's open differences and late bills. */
export const SOURCES = ['rule', 'topology', 'alertmanager', 'grafana', 'recon'] as const satisfies readonly string[];

/** antd Tag preset colours: 一级 red, 二级 orange, 三级 gold. */
export const LEVEL_COLOR: Record<AlertLevel, string> = { 1: 'red', 2: 'orange', 3: 'gold' };
/** The same as plain hex, for counts and charts. */
export const LEVEL_HEX: Record<AlertLevel, string> = { 1: '#cf1322', 2: '#d46b08', 3: '#d4b106' };

export const STATE_COLOR: Record<AlertState, string> = {
  pending: 'default',
  firing: 'error',
  acknowledged: 'processing',
  resolved: 'success',
};

/** Keyed by SOURCES, so that a source the server adds and the console does not list fails to compile (SourceTag). */
export const SOURCE_COLOR: Record<(typeof SOURCES)[number], string> = {
  rule: 'geekblue',
  topology: 'purple',
  alertmanager: 'volcano',
  grafana: 'orange',
  recon: 'cyan',
};

export const isLevel = (value: unknown): value is AlertLevel => value === 1 || value === 2 || value === 3;
export const isOpen = (state: AlertState): boolean => state !== 'resolved';

/** Acknowledging only means something while the alert is pending or firing. */
export const canAcknowledge = (alert: Pick<Alert, 'state'>): boolean => alert.state === 'pending' || alert.state === 'firing';

export type SuppressionKind = 'silence' | 'inhibited' | 'maintenance';

/** What keeps an alert quiet, from `suppressedBy` (silence:<id>, inhibited:<alert id>, maintenance:<window | device>). */
export function suppressionOf(suppressedBy: string | null): { kind: SuppressionKind | 'other'; ref: string } | null {
  if (!suppressedBy) return null;
  const at = suppressedBy.indexOf(':');
  const kind = at < 0 ? suppressedBy : suppressedBy.slice(0, at);
  const ref = at < 0 ? '' : suppressedBy.slice(at + 1);
  return { kind: kind === 'silence' || kind === 'inhibited' || kind === 'maintenance' ? kind : 'other', ref };
}

/** A label's value as text (the API types labels with the masking's numbers and nulls, though alerts carry text). */
export const labelText = (value: string | number | null | undefined): string | null =>
  value === null || value === undefined ? null : String(value);

/** How long a silence made from an alert's row lasts unless changed. */
export const DEFAULT_SILENCE_HOURS = 2;
/** The server takes at most this many matchers. */
export const MAX_MATCHERS = 20;
const LABEL_NAME = /^[A-Za-z_][A-Za-z0-9_.]*$/;
/**
 * Labels left out of a silence made from an alert: the level changes by hand, and a silence should still hold after
 * somebody raised it.
 */
const NOT_SILENCED_BY: ReadonlySet<string> = new Set(['level']);
/** Labels that say most about which alert it is, first (the list is cut at MAX_MATCHERS). */
const FIRST: readonly string[] = ['alertname', 'source', 'site', 'subsystem', 'device', 'device_type'];

/** A silence's matchers prefilled from an alert's labels: each label equal to its value, so that it silences this alert. */
export function silenceMatchersFor(labels: Record<string, string | number | null>): Matcher[] {
  const names = Object.keys(labels).filter((name) => LABEL_NAME.test(name) && !NOT_SILENCED_BY.has(name) && labelText(labels[name]) !== null);
  const rank = (name: string) => {
    const i = FIRST.indexOf(name);
    return i < 0 ? FIRST.length : i;
  };
  names.sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
  return names.slice(0, MAX_MATCHERS).map((name) => ({ name, op: '=', value: labelText(labels[name]) ?? '' }));
}

/** `site="canteen-2", device=~"POS-.*"`: how matchers are shown in one line. */
export const formatMatchers = (matchers: readonly Matcher[]): string =>
  matchers.map((m) => `${m.name}${m.op}${JSON.stringify(m.value)}`).join(', ');

/** The chart on an alert page: alerts about one device's metric, whose rule compares it with a value. */
export const CHARTED_DETAILS: ReadonlySet<string> = new Set(['threshold', 'change', 'baseline']);
