/** Device health states (GET /estate/catalog), their colours and the order the console lists them in. */
import type { Device, DeviceHealth, DeviceHealthEvent, HealthCounts } from '../api/types';

export const HEALTH_STATES: readonly DeviceHealth[] = ['online', 'degraded', 'offline', 'maintenance', 'unknown'];

/** antd Tag preset colours: online green, degraded orange, offline red, maintenance blue, unknown grey. */
export const HEALTH_TAG_COLOR: Record<DeviceHealth, string> = {
  online: 'green',
  degraded: 'orange',
  offline: 'red',
  maintenance: 'blue',
  unknown: 'default',
};

/** The same colours as plain hex, for dots, timelines and charts. */
export const HEALTH_HEX: Record<DeviceHealth, string> = {
  online: '#52c41a',
  degraded: '#fa8c16',
  offline: '#f5222d',
  maintenance: '#1677ff',
  unknown: '#bfbfbf',
};

export function isDeviceHealth(value: unknown): value is DeviceHealth {
  return typeof value === 'string' && (HEALTH_STATES as readonly string[]).includes(value);
}

/** The states with a non-zero count, in display order. */
export function nonZeroHealth(counts: HealthCounts): { health: DeviceHealth; count: number }[] {
  return HEALTH_STATES.filter((h) => counts[h] > 0).map((health) => ({ health, count: counts[health] }));
}

type HealthFields = Pick<Device, 'health' | 'healthSince' | 'healthReason' | 'lastSeenAt'>;

/**
 * A device as it is after a live health change. An event older than the state shown is ignored (the page loaded
 * after it happened). Telemetry-driven states mean the device was just heard from, so last seen moves with them.
 */
export function withHealthEvent<T extends HealthFields>(device: T, event: DeviceHealthEvent): T {
  const since = Date.parse(device.healthSince);
  if (!Number.isNaN(since) && event.at < since) return device;
  const at = new Date(event.at).toISOString();
  const heard = event.health === 'online' || event.health === 'degraded';
  return {
    ...device,
    health: event.health,
    healthSince: at,
    healthReason: event.reason,
    lastSeenAt: heard ? at : device.lastSeenAt,
  };
}
