import type { Executor } from '../../../db/types.ts';

/**
 * What other modules match alerts by (the plans module's suggestions): the rule's key, the alert's name, level,
 * subsystem and the device's type; and the keys of the rules that exist (plans' triggers name them).
 */
export interface AlertFacts {
  id: string;
  /** the key of the rule that raised it; null for external and topology alerts */
  ruleKey: string | null;
  /** the alert's own name (an external alertname, site-down, switch-down, or the rule's key) */
  name: string;
  level: 1 | 2 | 3;
  state: 'pending' | 'firing' | 'acknowledged' | 'resolved';
  siteId: string | null;
  subsystem: string | null;
  deviceType: string | null;
}

export async function alertFacts(db: Executor, ids: readonly string[]): Promise<AlertFacts[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .selectFrom('alerts')
    .leftJoin('alert_rules', 'alert_rules.id', 'alerts.rule_id')
    .leftJoin('devices', 'devices.id', 'alerts.device_id')
    .select(['alerts.id', 'alerts.name', 'alerts.level', 'alerts.state', 'alerts.site_id', 'alerts.subsystem', 'alert_rules.key as rule_key', 'devices.type as device_type'])
    .where('alerts.id', 'in', ids)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    ruleKey: r.rule_key ?? null,
    name: r.name,
    level: r.level as AlertFacts['level'],
    state: r.state,
    siteId: r.site_id,
    subsystem: r.subsystem,
    deviceType: r.device_type ?? null,
  }));
}

/** The keys of every alert rule (enabled or not): what a plan's trigger and checks may name. */
export async function alertRuleKeys(db: Executor): Promise<Set<string>> {
  const rows = await db.selectFrom('alert_rules').select('key').execute();
  return new Set(rows.map((r) => r.key));
}
