import { describe, expect, it } from 'vitest';
import type { DeviceHealthEvent } from '../api/types';
import { nonZeroHealth, withHealthEvent } from './health';

const device = {
  health: 'online' as const,
  healthSince: '2026-11-20T03:00:00.000Z',
  healthReason: null,
  lastSeenAt: '2026-11-20T03:10:00.000Z',
};
const event = (health: DeviceHealthEvent['health'], at: string): DeviceHealthEvent => ({
  type: 'device.health',
  deviceId: 'd',
  code: 'POS-1',
  siteId: 's',
  subsystem: 'consumption',
  previous: 'unknown',
  health,
  reason: { code: 'operator', values: { note: 'because' } },
  at: Date.parse(at),
});

describe('withHealthEvent', () => {
  it('applies a newer change; telemetry states move last seen, offline does not', () => {
    expect(withHealthEvent(device, event('degraded', '2026-11-20T03:20:00Z'))).toEqual({
      health: 'degraded',
      healthSince: '2026-11-20T03:20:00.000Z',
      healthReason: { code: 'operator', values: { note: 'because' } },
      lastSeenAt: '2026-11-20T03:20:00.000Z',
    });
    expect(withHealthEvent(device, event('offline', '2026-11-20T03:20:00Z')).lastSeenAt).toBe(device.lastSeenAt);
  });

  it('ignores a change older than the state shown', () => {
    expect(withHealthEvent(device, event('offline', '2026-11-20T02:00:00Z'))).toBe(device);
  });
});

describe('nonZeroHealth', () => {
  it('lists the states that have devices, in display order', () => {
    expect(nonZeroHealth({ online: 3, degraded: 0, offline: 1, maintenance: 0, unknown: 2 })).toEqual([
      { health: 'online', count: 3 },
      { health: 'offline', count: 1 },
      { health: 'unknown', count: 2 },
    ]);
  });
});
