import { HEARTBEAT_VITALS } from '../../ingest/index.ts';
import { COUNTER_METRICS } from './rule.schemas.ts';

/**
 * The metric names a rule may watch without any device having reported them yet: heartbeat vitals, the counts the
 * evaluator keeps of logins and transactions, and what the estate's devices are known to send (the simulator's
 * campus models them, server/simulator/generator/vitals.ts; known-metrics.test.ts keeps the two lists together). Any
 * other name is known once a registered device has reported it in the last 30 days.
 */
export const DEVICE_METRICS = [
  'app.txn_latency_ms',
  'db.active_sessions',
  'db.tablespace_pct',
  'front.queue_len',
  'gate.passes_per_min',
  'lte.rsrp_dbm',
  'pos.txn_latency_ms',
  'printer.paper_pct',
  'switch.port_errors',
  'switch.uplink_util_pct',
  'ticket.queue_len',
  'ups.battery_pct',
  'ups.load_pct',
  'ups.runtime_min',
  'wan.latency_ms',
  'wan.loss_pct',
] as const;

const ALWAYS_KNOWN = new Set<string>([...HEARTBEAT_VITALS, ...COUNTER_METRICS, ...DEVICE_METRICS]);

export const isAlwaysKnownMetric = (metric: string): boolean => ALWAYS_KNOWN.has(metric);

/** How far back a reported metric makes its name known. */
export const REPORTED_METRIC_DAYS = 30;

/** Only the login counts can be kept apart by account: no other metric has one. */
export const isLoginMetric = (metric: string): boolean => metric.startsWith('logins.');
