import type { AlertsTable } from '../alerting.tables.ts';
import { newAlertRow } from '../alerts/alert-writer.ts';
import { groupKeyOf } from '../alerts/labels.ts';
import { DEFAULT_GROUP_BY } from '../rules/rule.schemas.ts';
import type { Directory } from './directory.ts';
import { insertAlert, updateAlert, type EngineState, type Pending } from './engine-state.ts';
import { suppressionOf } from './suppressed-by.ts';
import { outagesAt, topologyFingerprint, type Outage } from './topology.ts';

/**
 * Topology outages as alerts (SPEC C3.4): a parent alert per outage that outagesAt finds, the alerts it explains
 * attached to it as children, and the parent resolved when the outage is no longer found.
 */

/** The open parent alert that explains a device's alerts: its switch's outage before its site's. */
export function parentFor(s: EngineState, deviceId: string | null): string | null {
  if (!deviceId) return null;
  let best: AlertsTable | undefined;
  for (const o of s.outages.values()) {
    if (!o.members.has(deviceId)) continue;
    const parent = s.open.get(topologyFingerprint(o.kind, o.key));
    // A switch outage is the nearer parent than the site's.
    if (parent && (!best || o.kind === 'switchDown')) best = parent;
  }
  return best?.id ?? null;
}

/**
 * The outage an open topology alert stands for, read back when the evaluator starts; its counts and members come
 * with the next reconciliation of its site.
 */
export function outageOf(row: AlertsTable, dir: Directory): Outage | null {
  if (row.source !== 'topology') return null;
  const kind = row.name === 'site-down' ? 'siteDown' : 'switchDown';
  const key = kind === 'siteDown' ? row.site_id : row.device_id;
  if (!key || !row.site_id) return null;
  return { kind, key, siteId: row.site_id, device: row.device_id ? (dir.byId(row.device_id) ?? null) : null, offline: 0, total: 0, members: new Set() };
}

function newParentRow(s: EngineState, o: Outage, values: Record<string, unknown>, at: number, dir: Directory): AlertsTable {
  const name = o.kind === 'siteDown' ? 'site-down' : 'switch-down';
  const labels: Record<string, string> = { alertname: name, level: '1', source: 'topology', site: dir.siteCode(o.siteId) ?? '', ...(o.device && { device: o.device.code, device_type: o.device.type, subsystem: o.device.subsystem }) };
  const row = newAlertRow(
    {
      fingerprint: topologyFingerprint(o.kind, o.key),
      rule_id: null,
      source: 'topology',
      name,
      state: 'firing',
      level: 1,
      labels: JSON.stringify(labels),
      detail: JSON.stringify({ code: o.kind, values }),
      site_id: o.siteId,
      device_id: o.device?.id ?? null,
      subsystem: o.device?.subsystem ?? null,
      parent_id: null,
      group_key: groupKeyOf(labels, DEFAULT_GROUP_BY),
      value: o.offline,
      threshold: null,
      fires_at: null,
      fired_at: at,
    },
    at,
  );
  row.suppressed_by = suppressionOf(s, row, dir);
  return row;
}

/** Brings the outages of these sites, their parent alerts and the children attached to them up to date. */
export function reconcileTopology(s: EngineState, p: Pending, siteIds: Iterable<string>, at: number, dir: Directory): void {
  for (const siteId of siteIds) {
    const openKeys = new Set([...s.outages.values()].filter((o) => o.siteId === siteId).map((o) => o.key));
    const found = outagesAt(siteId, dir, s.offline, openKeys);
    const foundKeys = new Set(found.map((o) => o.key));
    for (const o of found) {
      s.outages.set(o.key, o);
      const parent = s.open.get(topologyFingerprint(o.kind, o.key));
      const values = { offline: o.offline, total: o.total, site: dir.siteCode(o.siteId) ?? null, ...(o.device && { device: o.device.code, deviceName: o.device.name }) };
      if (!parent) insertAlert(s, p, newParentRow(s, o, values, at, dir), { kind: 'firing', actorId: null, at, detail: values });
      else if (parent.value !== o.offline) updateAlert(s, p, parent, { value: o.offline, detail: JSON.stringify({ code: o.kind, values }), updated_at: at }, null);
    }
    // Attach: device alerts (and switch outages, under a site outage) that the outages explain.
    for (const a of [...s.open.values()]) {
      if (a.site_id !== siteId || a.parent_id !== null || a.state === 'resolved') continue;
      if (a.source === 'topology' && a.name === 'site-down') continue;
      const parentId = a.source === 'topology' ? (foundKeys.has(siteId) ? (s.open.get(topologyFingerprint('siteDown', siteId))?.id ?? null) : null) : parentFor(s, a.device_id);
      if (parentId && parentId !== a.id) updateAlert(s, p, a, { parent_id: parentId }, { kind: 'attached', actorId: null, at, detail: { parentId } });
    }
    // Resolve outages no longer found.
    for (const key of openKeys) {
      if (foundKeys.has(key)) continue;
      const o = s.outages.get(key)!;
      s.outages.delete(key);
      const parent = s.open.get(topologyFingerprint(o.kind, o.key));
      if (parent) updateAlert(s, p, parent, { state: 'resolved', resolved_at: at }, { kind: 'resolved', actorId: null, at });
    }
  }
}
