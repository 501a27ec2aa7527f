import type { AlertsTable } from '../alerting.tables.ts';
import type { Directory } from './directory.ts';
import type { EngineState } from './engine-state.ts';
import { topologyFingerprint } from './topology.ts';

/**
 * Why an alert is suppressed now, or null: its device in maintenance, a silence or maintenance window that matches
 * it, or its site down (inhibition). Asked for every new alert and again on every tick as these start and end.
 */
export function suppressionOf(s: EngineState, row: Pick<AlertsTable, 'labels' | 'site_id' | 'device_id' | 'source'>, dir: Directory): string | null {
  const device = row.device_id ? dir.byId(row.device_id) : undefined;
  if (device?.maintenance) return `maintenance:device:${device.code}`;
  const found = s.suppressions?.suppressedBy({ labels: JSON.parse(row.labels) as Record<string, string>, siteId: row.site_id, deviceId: row.device_id }) ?? null;
  if (found) return found;
  // A site that is down inhibits the alerts of its devices that are not attached to it already.
  if (row.site_id && row.source !== 'topology' && s.outages.has(row.site_id)) {
    const parent = s.open.get(topologyFingerprint('siteDown', row.site_id));
    if (parent) return `inhibited:${parent.id}`;
  }
  return null;
}
