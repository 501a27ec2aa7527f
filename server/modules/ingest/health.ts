import { type DeviceHealth, HEALTH_REASONS, type HealthReason } from '../estate/index.ts';
import type { ValidEnvelope } from './envelope.validate.ts';

/**
 * Device health from telemetry (SPEC C1.2). Any traffic means the device is alive; a heartbeat can say more: a
 * status other than ok, or a UPS on battery, means degraded. Silence longer than the threshold means offline (the
 * sweep job). Maintenance is an operator's decision and telemetry never overrides it.
 */
export interface HealthSignal {
  /** the newest heartbeat's verdict in the batch, or 'alive' when only other kinds arrived */
  verdict: 'ok' | 'degraded' | 'alive';
  reason: HealthReason | null;
  at: number;
}


const DEGRADED_STATUS = new Set(['degraded', 'warning', 'warn', 'fault', 'error', 'failed', 'failure', 'paper_out', 'jam']);

export function signalOf(envelope: ValidEnvelope): HealthSignal {
  if (envelope.kind !== 'heartbeat') return { verdict: 'alive', reason: null, at: envelope.tsMs };
  const data = envelope.data;
  if (data.onBattery === true) return { verdict: 'degraded', reason: HEALTH_REASONS.onBattery(), at: envelope.tsMs };
  const status = typeof data.status === 'string' ? data.status.toLowerCase() : 'ok';
  if (DEGRADED_STATUS.has(status)) return { verdict: 'degraded', reason: HEALTH_REASONS.status(status), at: envelope.tsMs };
  return { verdict: 'ok', reason: null, at: envelope.tsMs };
}

/** Of several signals from one device in a batch, the newest heartbeat speaks; other kinds only say "alive". */
export function combine(previous: HealthSignal | undefined, next: HealthSignal): HealthSignal {
  if (!previous) return next;
  if (previous.verdict === 'alive') return next.verdict !== 'alive' || next.at > previous.at ? next : previous;
  if (next.verdict === 'alive') return previous;
  return next.at >= previous.at ? next : previous;
}

/**
 * The health a device moves to on hearing from it, or null when it stays as it is. `firstReport` says the device has
 * never been online, degraded or offline since it was registered or adopted: its first report is not a recovery, and
 * calling it "reporting again" would suggest an outage that never happened.
 */
export function nextHealth(current: DeviceHealth, maintenance: boolean, signal: HealthSignal, firstReport = false): { health: DeviceHealth; reason: HealthReason } | null {
  if (maintenance || current === 'maintenance') return null;
  if (signal.verdict === 'degraded') return current === 'degraded' ? null : { health: 'degraded', reason: signal.reason ?? HEALTH_REASONS.degraded() };
  const back = () => (firstReport ? HEALTH_REASONS.firstReport() : HEALTH_REASONS.reportingAgain());
  if (signal.verdict === 'ok') {
    return current === 'online' ? null : { health: 'online', reason: current === 'degraded' ? HEALTH_REASONS.recovered() : back() };
  }
  // Plain traffic brings a silent device back, but does not clear a degraded state a heartbeat reported.
  return current === 'offline' || current === 'unknown' ? { health: 'online', reason: back() } : null;
}

/** The sweep's verdict for a device silent since `lastSeenAt`. */
export function silenceReason(lastSeenAt: number, now: number): HealthReason {
  return HEALTH_REASONS.silent(Math.round((now - lastSeenAt) / 60_000));
}
