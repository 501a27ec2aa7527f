import { toIso, toIsoOrNull } from '../../../clock.ts';
import type { AlertsTable } from '../alerting.tables.ts';
import type { Alert, AlertDetail } from './alert.schemas.ts';

const parseObject = <T>(text: string | null, fallback: T): T => {
  if (text === null) return fallback;
  try {
    return JSON.parse(text) as T;
  } catch {
    return fallback;
  }
};

/** An alert row as the API shows it. */
export function toAlertView(r: AlertsTable, children = 0): Alert {
  return {
    id: r.id,
    fingerprint: r.fingerprint,
    ruleId: r.rule_id,
    source: r.source,
    name: r.name,
    state: r.state,
    level: r.level as Alert['level'],
    ruleLevel: r.rule_level as Alert['ruleLevel'],
    levelReason: r.level_reason,
    labels: parseObject<Record<string, string>>(r.labels, {}),
    annotations: parseObject<Record<string, string>>(r.annotations, {}),
    detail: parseObject<AlertDetail>(r.detail, { code: 'unknown', values: {} }),
    siteId: r.site_id,
    deviceId: r.device_id,
    subsystem: r.subsystem,
    parentId: r.parent_id,
    children,
    groupKey: r.group_key,
    value: r.value,
    threshold: r.threshold,
    activeAt: toIso(r.active_at),
    firedAt: toIsoOrNull(r.fired_at),
    acknowledgedAt: toIsoOrNull(r.acknowledged_at),
    acknowledgedBy: r.acknowledged_by,
    resolvedAt: toIsoOrNull(r.resolved_at),
    resolvedBy: r.resolved_by,
    flapping: r.flapping === 1,
    suppressedBy: r.suppressed_by,
    externalUrl: r.external_url,
    createdAt: toIso(r.created_at),
    updatedAt: toIso(r.updated_at),
  };
}
