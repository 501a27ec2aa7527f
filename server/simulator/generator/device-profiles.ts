/** How busy each kind of device is, and to which daily rhythm: what the scheduler needs to start its processes. */
import type { EstateDevice } from '../estate.ts';
import type { Profile } from '../rhythm.ts';
import type { Dev } from './device.ts';
import { MINUTE } from './time.ts';

/** How often a device reports metrics, in ms; 0 for devices that report none. */
export function metricIntervalOf(type: string): number {
  switch (type) {
    case 'pos':
    case 'gate':
    case 'ticket_pc':
    case 'ups':
    case 'switch':
    case 'router':
    case 'router_4g':
    case 'server':
    case 'database':
      return MINUTE;
    case 'kiosk':
    case 'recharge_kiosk':
      return 5 * MINUTE;
    default:
      return 0;
  }
}

/** The rhythm a device's load (CPU, memory, temperature, queues) follows. */
export function loadProfileOf(spec: EstateDevice, siteKind: string): Profile {
  switch (siteKind) {
    case 'canteen':
      return spec.type === 'recharge_kiosk' ? 'kiosk' : 'canteen';
    case 'dorm':
      return spec.type === 'water' ? 'shower' : spec.type === 'door' ? 'dorm_door' : 'kiosk';
    case 'library':
      return spec.type === 'kiosk' || spec.type === 'recharge_kiosk' ? 'kiosk' : 'library';
    case 'teaching':
      return spec.type === 'kiosk' ? 'kiosk' : 'teaching';
    case 'service':
      return spec.type === 'pos' ? 'office' : 'kiosk';
    case 'scenic':
      return spec.type === 'ticket_pc' || spec.type === 'kiosk' ? 'ticket_office' : 'scenic_gate';
    default:
      if (spec.code === 'SRV-PORTAL-01' || spec.code === 'SRV-PAY-01') return 'portal';
      return 'canteen';
  }
}

/** Peak customers per minute at a transacting device, and the rhythm they follow. */
export function txnProfileOf(dev: Dev): { profile: Profile; perMinute: number } | null {
  const { type, code } = dev.spec;
  switch (type) {
    case 'pos':
      return dev.siteKind === 'canteen' ? { profile: 'canteen', perMinute: 2 } : { profile: 'office', perMinute: 0.4 };
    case 'water':
      return { profile: 'shower', perMinute: 1 };
    case 'recharge_kiosk':
      return { profile: 'kiosk', perMinute: 0.4 };
    case 'kiosk':
      return dev.spec.subsystem === 'ticketing' ? { profile: 'ticket_office', perMinute: 1.2 } : { profile: 'kiosk', perMinute: 0.5 };
    case 'ticket_pc':
      return { profile: 'ticket_office', perMinute: 2 };
    case 'gate':
      return dev.siteKind === 'scenic' ? { profile: 'scenic_gate', perMinute: 8 } : null;
    case 'handheld':
      return { profile: 'scenic_gate', perMinute: 2 };
    case 'server':
      return code === 'SRV-PAY-01' ? { profile: 'portal', perMinute: 2 } : null;
    default:
      return null;
  }
}

/** Door and library-gate passes per minute at the busiest minute. */
export function accessProfileOf(dev: Dev): { profile: Profile; perMinute: number } | null {
  const { type } = dev.spec;
  if (type === 'door') {
    if (dev.siteKind === 'dorm') return { profile: 'dorm_door', perMinute: 3 };
    if (dev.siteKind === 'library') return { profile: 'library', perMinute: 3 };
    return { profile: 'teaching', perMinute: 2 };
  }
  if (type === 'gate' && dev.siteKind === 'library') return { profile: 'library', perMinute: 5 };
  return null;
}
