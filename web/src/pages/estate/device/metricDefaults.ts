/** What the charts tab opens on: the device's business metric, over a range that has data. */
import type { DeviceType } from '../../../api/types';

const HOUR = 3_600_000;
export const RANGES = { '1h': HOUR, '6h': 6 * HOUR, '24h': 24 * HOUR, '7d': 7 * 24 * HOUR } as const;
export type Range = keyof typeof RANGES;

/** The range a chart opens on at most: longer ones are a click away, and a week of minutes is slow to draw. */
const LONGEST_DEFAULT: Range = '24h';

/**
 * The metrics that say whether a device does its job, by type, most telling first (the estate simulator's names,
 * server/simulator/generator/vitals.ts). CPU and memory say little about a gate; passes per minute say a lot.
 */
const BUSINESS_METRICS: Partial<Record<DeviceType, readonly string[]>> = {
  pos: ['pos.txn_latency_ms'],
  gate: ['gate.passes_per_min'],
  ticket_pc: ['ticket.queue_len'],
  kiosk: ['printer.paper_pct'],
  recharge_kiosk: ['printer.paper_pct'],
  ups: ['ups.battery_pct', 'ups.runtime_min', 'ups.load_pct'],
  switch: ['switch.uplink_util_pct', 'switch.port_errors'],
  router: ['wan.latency_ms', 'wan.loss_pct'],
  router_4g: ['lte.rsrp_dbm', 'wan.latency_ms'],
  server: ['app.txn_latency_ms', 'front.queue_len'],
  database: ['db.active_sessions', 'db.tablespace_pct'],
};

/** Vitals every heartbeat carries (server/modules/ingest/derive.ts HEARTBEAT_VITALS): the fallback, not the first pick. */
const VITALS = new Set(['cpu', 'memPct', 'diskPct', 'tempC', 'onBattery']);

/** The metric to open on among those the device reported: its type's business metric, else any non-vital, else the first. */
export function defaultMetric(type: string, available: readonly string[]): string | undefined {
  const preferred = BUSINESS_METRICS[type as DeviceType] ?? [];
  return preferred.find((m) => available.includes(m)) ?? available.find((m) => !VITALS.has(m)) ?? available[0];
}

/**
 * The smallest preset range that covers everything the device can have reported since it was registered, so that a
 * young device's half hour of data fills the chart instead of a sliver at the edge of six empty hours.
 */
export function defaultRange(createdAt: string, now: number): Range {
  const age = now - Date.parse(createdAt);
  const ranges = Object.keys(RANGES) as Range[];
  const limit = ranges.indexOf(LONGEST_DEFAULT);
  return ranges.slice(0, limit + 1).find((r) => RANGES[r] >= age) ?? LONGEST_DEFAULT;
}
