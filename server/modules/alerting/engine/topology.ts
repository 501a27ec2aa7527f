import { fingerprintOf } from '../alerts/labels.ts';
import type { DeviceInfo, Directory } from './directory.ts';

/**
 * Topology correlation (SPEC C3.4): when most devices behind one switch, or at one site, are silent together, that
 * is one outage — "switch down" or "site network down" — and the devices' own alerts are its children. Read from
 * the upstream links the estate already records, so nobody wires dependencies between rules by hand.
 */
export interface Outage {
  kind: 'switchDown' | 'siteDown';
  /** the switch's device id, or the site's id */
  key: string;
  siteId: string;
  /** the switch, for a switch outage */
  device: DeviceInfo | null;
  offline: number;
  total: number;
  /** the devices it explains (whose alerts become its children) */
  members: Set<string>;
}

/** The fingerprint of an outage's parent alert: one open parent per switch or site. */
export function topologyFingerprint(kind: Outage['kind'], key: string): string {
  return fingerprintOf('topology', { kind, key });
}

/** Most of them: a share at or above this raises the outage… */
export const RAISE_SHARE = 0.6;
/** …and it stays until fewer than this share are still silent (no flapping on the boundary). */
export const KEEP_SHARE = 0.3;
const MIN_BEHIND_SWITCH = 2;
const MIN_AT_SITE = 5;

/**
 * The outages at one site now. `offline` holds the ids of devices the estate says are offline; `open` the keys of
 * outages already raised, which are held to the lower KEEP_SHARE.
 */
export function outagesAt(siteId: string, directory: Directory, offline: ReadonlySet<string>, open: ReadonlySet<string>): Outage[] {
  const devices = directory.siteDevices(siteId).filter((d) => !d.maintenance);
  const switches = new Map<string, Outage>();
  for (const sw of devices) {
    const behind = directory.downstream(sw.id).filter((d) => !d.maintenance);
    if (behind.length < MIN_BEHIND_SWITCH && !(behind.length >= 1 && offline.has(sw.id))) continue;
    const down = behind.filter((d) => offline.has(d.id)).length;
    const share = down / behind.length;
    if (share >= RAISE_SHARE || (open.has(sw.id) && share >= KEEP_SHARE)) {
      switches.set(sw.id, { kind: 'switchDown', key: sw.id, siteId, device: sw, offline: down, total: behind.length, members: new Set([sw.id, ...behind.map((d) => d.id)]) });
    }
  }
  // A switch silent because the switch above it is down is part of that outage, not one of its own.
  for (const [id, outage] of [...switches]) {
    let up = directory.byId(id)?.upstreamId ?? null;
    const seen = new Set<string>([id]);
    while (up && !seen.has(up)) {
      seen.add(up);
      const above = switches.get(up);
      if (above && above !== outage) {
        for (const m of outage.members) above.members.add(m);
        switches.delete(id);
        break;
      }
      up = directory.byId(up)?.upstreamId ?? null;
    }
  }
  const result = [...switches.values()];

  if (devices.length >= MIN_AT_SITE) {
    const down = devices.filter((d) => offline.has(d.id));
    const share = down.length / devices.length;
    if (share >= RAISE_SHARE || (open.has(siteId) && share >= KEEP_SHARE)) {
      // All of it behind one switch: that switch is the outage, not the site.
      const explained = Math.max(0, ...result.map((o) => down.filter((d) => o.members.has(d.id)).length));
      if (explained < down.length * 0.9) {
        result.push({ kind: 'siteDown', key: siteId, siteId, device: null, offline: down.length, total: devices.length, members: new Set(devices.map((d) => d.id)) });
      }
    }
  }
  return result;
}
