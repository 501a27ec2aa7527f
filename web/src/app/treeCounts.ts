/** The estate tree's counts (sites → subsystems → devices by health), kept current from live health events. */
import type { DeviceHealthEvent, EstateTreeSite } from '../api/types';

/**
 * The tree after one device moved from `previous` to `health`: one fewer under the old state and one more under the
 * new, on its site and on its subsystem. Null when the tree cannot take it — the site or subsystem is not there, or
 * the old state has no device left to move (the tree was loaded after the change and already counts it) — and should
 * be loaded again instead.
 */
export function treeWithHealthEvent(sites: readonly EstateTreeSite[], event: DeviceHealthEvent): EstateTreeSite[] | null {
  if (event.previous === event.health) return [...sites];
  const site = sites.find((s) => s.id === event.siteId);
  const sub = site?.subsystems.find((s) => s.subsystem === event.subsystem);
  if (!site || !sub || site.health[event.previous] < 1 || sub.health[event.previous] < 1) return null;
  const move = <T extends { health: EstateTreeSite['health'] }>(node: T): T => ({
    ...node,
    health: { ...node.health, [event.previous]: node.health[event.previous] - 1, [event.health]: node.health[event.health] + 1 },
  });
  return sites.map((s) => (s !== site ? s : { ...move(s), subsystems: s.subsystems.map((x) => (x === sub ? move(x) : x)) }));
}
