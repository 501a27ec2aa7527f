import type { DeviceHealth } from './estate.tables.ts';

/**
 * What a device can be and which subsystem it serves (SPEC §2). Codes only: the console translates them, so a new
 * label never needs a migration or a server release.
 */
export const DEVICE_TYPES = [
  'pos', 'kiosk', 'recharge_kiosk', 'gate', 'handheld', 'door', 'water', 'ticket_pc', 'ups', 'switch', 'router', 'router_4g',
  'server', 'database', 'other',
] as const;
export type DeviceType = (typeof DEVICE_TYPES)[number];

export const SUBSYSTEMS = ['consumption', 'recharge', 'access', 'water', 'ticketing', 'selfpay', 'core', 'network'] as const;
export type Subsystem = (typeof SUBSYSTEMS)[number];

/** online / degraded / offline come from telemetry; maintenance from an operator; unknown until a device reports. */
export const DEVICE_HEALTHS = ['online', 'degraded', 'offline', 'maintenance', 'unknown'] as const satisfies readonly DeviceHealth[];

const types = new Set<string>(DEVICE_TYPES);
const subsystems = new Set<string>(SUBSYSTEMS);

export const isDeviceType = (value: string): value is DeviceType => types.has(value);
export const isSubsystem = (value: string): value is Subsystem => subsystems.has(value);

/** Zero for every health state: the shape of the counts in the estate tree. */
export const emptyHealthCounts = (): Record<DeviceHealth, number> => ({ online: 0, degraded: 0, offline: 0, maintenance: 0, unknown: 0 });
