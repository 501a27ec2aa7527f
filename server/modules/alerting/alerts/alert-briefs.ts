import type { Executor } from '../../../db/types.ts';

/**
 * An alert as a notification tells it: what fired (the rule's name in both languages), where (site and device
 * names), how bad, since when. Paging reads it through the module's index.
 */
export interface AlertBrief {
  id: string;
  /** the rule's Chinese name, or the external alert's name */
  name: string;
  nameEn: string | null;
  level: 1 | 2 | 3;
  state: 'pending' | 'firing' | 'acknowledged' | 'resolved';
  source: string;
  siteId: string | null;
  siteName: string | null;
  siteZone: string | null;
  deviceId: string | null;
  deviceCode: string | null;
  deviceName: string | null;
  subsystem: string | null;
  parentId: string | null;
  firedAt: number | null;
  activeAt: number;
  resolvedAt: number | null;
  value: number | null;
  threshold: number | null;
  /** an external alert's summary annotation, when it has one */
  summary: string | null;
}

export async function alertBriefs(db: Executor, ids: readonly string[]): Promise<AlertBrief[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .selectFrom('alerts')
    .leftJoin('alert_rules', 'alert_rules.id', 'alerts.rule_id')
    .leftJoin('sites', 'sites.id', 'alerts.site_id')
    .leftJoin('devices', 'devices.id', 'alerts.device_id')
    .select([
      'alerts.id',
      'alerts.name',
      'alerts.level',
      'alerts.state',
      'alerts.source',
      'alerts.site_id',
      'alerts.device_id',
      'alerts.subsystem',
      'alerts.parent_id',
      'alerts.fired_at',
      'alerts.active_at',
      'alerts.resolved_at',
      'alerts.value',
      'alerts.threshold',
      'alerts.annotations',
      'alert_rules.name as rule_name',
      'alert_rules.name_en as rule_name_en',
      'sites.name as site_name',
      'sites.timezone as site_zone',
      'devices.code as device_code',
      'devices.name as device_name',
    ])
    .where('alerts.id', 'in', ids)
    .execute();
  const order = new Map(ids.map((id, i) => [id, i]));
  return rows
    .map((r) => {
      let summary: string | null = null;
      try {
        const annotations = JSON.parse(r.annotations) as Record<string, unknown>;
        summary = typeof annotations.summary === 'string' ? annotations.summary : typeof annotations.description === 'string' ? annotations.description : null;
      } catch {
        summary = null;
      }
      return {
        id: r.id,
        name: r.rule_name ?? r.name,
        nameEn: r.rule_name_en ?? null,
        level: r.level as AlertBrief['level'],
        state: r.state,
        source: r.source,
        siteId: r.site_id,
        siteName: r.site_name ?? null,
        siteZone: r.site_zone ?? null,
        deviceId: r.device_id,
        deviceCode: r.device_code ?? null,
        deviceName: r.device_name ?? null,
        subsystem: r.subsystem,
        parentId: r.parent_id,
        firedAt: r.fired_at,
        activeAt: r.active_at,
        resolvedAt: r.resolved_at,
        value: r.value,
        threshold: r.threshold,
        summary,
      };
    })
    .sort((a, b) => order.get(a.id)! - order.get(b.id)!);
}
