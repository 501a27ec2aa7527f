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

/**
 * The device list's default order: what needs someone first (silent, then degraded, then never heard from), then what
 * works, then what an operator has taken out on purpose. A health's place in this list is its rank.
 */
export const HEALTH_PROBLEM_ORDER = ['offline', 'degraded', 'unknown', 'online', 'maintenance'] as const satisfies readonly DeviceHealth[];
export const problemRank = (health: DeviceHealth): number => HEALTH_PROBLEM_ORDER.indexOf(health);

const types = new Set<string>(DEVICE_TYPES);
const subsystems = new Set<string>(SUBSYSTEMS);

export const isDeviceType = (value: string): value is DeviceType => types.has(value);
export const isSubsystem = (value: string): value is Subsystem => subsystems.has(value);

/** Zero for every health state: the shape of the counts in the estate tree. */
export const emptyHealthCounts = (): Record<DeviceHealth, number> => ({ online: 0, degraded: 0, offline: 0, maintenance: 0, unknown: 0 });
