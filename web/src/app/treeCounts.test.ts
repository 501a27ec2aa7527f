import { describe, expect, it } from 'vitest';
import type { DeviceHealthEvent, EstateTreeSite } from '../api/types';
import { treeWithHealthEvent } from './treeCounts';

const counts = (c: Partial<EstateTreeSite['health']>): EstateTreeSite['health'] => ({ online: 0, degraded: 0, offline: 0, maintenance: 0, unknown: 0, ...c });
const tree: EstateTreeSite[] = [
  {
    id: 's1',
    code: 'canteen-1',
    name: '第一食堂',
    total: 3,
    health: counts({ online: 2, unknown: 1 }),
    subsystems: [
      { subsystem: 'consumption', total: 2, health: counts({ online: 2 }) },
      { subsystem: 'access', total: 1, health: counts({ unknown: 1 }) },
    ],
  },
  { id: 's2', code: 'library', name: '图书馆', total: 1, health: counts({ online: 1 }), subsystems: [{ subsystem: 'access', total: 1, health: counts({ online: 1 }) }] },
];
const event = (e: Partial<DeviceHealthEvent>): DeviceHealthEvent => ({
  type: 'device.health',
  deviceId: 'd1',
  code: 'POS-1',
  siteId: 's1',
  subsystem: 'consumption',
  previous: 'online',
  health: 'offline',
  reason: { code: 'silent', values: { minutes: 4 } },
  at: 1,
  ...e,
});

describe('treeWithHealthEvent', () => {
  it('moves one device from its old state to its new one on its site and its subsystem, and nowhere else', () => {
    const next = treeWithHealthEvent(tree, event({}))!;
    expect(next[0]!.health).toEqual(counts({ online: 1, offline: 1, unknown: 1 }));
    expect(next[0]!.total).toBe(3);
    expect(next[0]!.subsystems[0]!.health).toEqual(counts({ online: 1, offline: 1 }));
    expect(next[0]!.subsystems[1]).toBe(tree[0]!.subsystems[1]);
    expect(next[1]).toBe(tree[1]);
    expect(tree[0]!.health.online).toBe(2); // the old tree is left as it was
  });

  it('asks for a reload when the tree cannot take the event', () => {
    expect(treeWithHealthEvent(tree, event({ siteId: 'elsewhere' }))).toBeNull();
    expect(treeWithHealthEvent(tree, event({ subsystem: 'water' }))).toBeNull();
    // Nothing degraded to move: the tree was loaded after this change and counts it already.
    expect(treeWithHealthEvent(tree, event({ previous: 'degraded', health: 'online' }))).toBeNull();
  });
});
