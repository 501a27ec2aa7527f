import { sha256Hex } from '../../../lib/hash.ts';
import type { Labels } from '../matchers.ts';

/**
 * Alert identity and grouping. Every alert carries labels: `alertname` (the rule's key or the external alertname),
 * `level` (1–3), `source`, and where they apply `site` (site code), `subsystem`, `device` (device code) and
 * `device_type`, then the device's own labels and the rule's. Silences, inhibition and grouping match on them.
 */

/** Labels in a stable order, as text: `a="1",b="2"`. */
export function labelsText(labels: Labels): string {
  return Object.keys(labels)
    .sort()
    .map((k) => `${k}=${JSON.stringify(labels[k])}`)
    .join(',');
}

/** An alert's identity: the same source and identifying labels are the same alert (dedup). */
export function fingerprintOf(source: string, identity: Labels): string {
  return sha256Hex(`${source}\u0000${labelsText(identity)}`).slice(0, 32);
}

/** The notification group an alert belongs to: its values of the group_by labels (missing ones as empty). */
export function groupLabels(labels: Labels, groupBy: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of groupBy) out[name] = labels[name] ?? '';
  return out;
}

export const groupKeyOf = (labels: Labels, groupBy: readonly string[]): string => `{${labelsText(groupLabels(labels, groupBy))}}`;
