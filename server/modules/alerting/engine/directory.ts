import type { Executor } from '../../../db/types.ts';

/**
 * The estate as the evaluator needs it, in memory: devices by code and id with their site, subsystem, type, labels,
 * upstream switch, maintenance flag and health, and who hangs off whom. Reloaded every half minute and whenever an
 * unknown code turns up, so a device added a moment ago is judged by its rules.
 */
export interface DeviceInfo {
  id: string;
  code: string;
  name: string;
  siteId: string;
  siteCode: string;
  zone: string;
  subsystem: string;
  type: string;
  labels: Readonly<Record<string, string>>;
  upstreamId: string | null;
  maintenance: boolean;
  health: string;
  lastSeenAt: number | null;
}

export interface Directory {
  readonly loadedAt: number;
  byCode(code: string): DeviceInfo | undefined;
  byId(id: string): DeviceInfo | undefined;
  siteCode(siteId: string): string | undefined;
  siteZone(siteId: string): string | undefined;
  siteIdOf(code: string): string | undefined;
  /** the devices hanging off this one (its switch ports) */
  downstream(upstreamId: string): readonly DeviceInfo[];
  siteDevices(siteId: string): readonly DeviceInfo[];
  all(): Iterable<DeviceInfo>;
}

function parseLabels(text: string): Record<string, string> {
  try {
    const parsed = JSON.parse(text) as unknown;
    if (!parsed || typeof parsed !== 'object') return {};
    return Object.fromEntries(Object.entries(parsed as Record<string, unknown>).filter((e): e is [string, string] => typeof e[1] === 'string'));
  } catch {
    return {};
  }
}

export async function loadDirectory(db: Executor, now: number): Promise<Directory> {
  const [sites, devices] = await Promise.all([
    db.selectFrom('sites').select(['id', 'code', 'timezone']).execute(),
    db
      .selectFrom('devices')
      .select(['id', 'code', 'name', 'site_id', 'subsystem', 'type', 'labels', 'upstream_id', 'maintenance', 'health', 'last_seen_at'])
      .execute(),
  ]);
  const siteById = new Map(sites.map((s) => [s.id, s]));
  const siteByCode = new Map(sites.map((s) => [s.code, s.id]));
  const byCode = new Map<string, DeviceInfo>();
  const byId = new Map<string, DeviceInfo>();
  const downstream = new Map<string, DeviceInfo[]>();
  const bySite = new Map<string, DeviceInfo[]>();
  for (const d of devices) {
    const site = siteById.get(d.site_id);
    const info: DeviceInfo = {
      id: d.id,
      code: d.code,
      name: d.name,
      siteId: d.site_id,
      siteCode: site?.code ?? '',
      zone: site?.timezone ?? 'Asia/Shanghai',
      subsystem: d.subsystem,
      type: d.type,
      labels: parseLabels(d.labels),
      upstreamId: d.upstream_id,
      maintenance: d.maintenance === 1,
      health: d.health,
      lastSeenAt: d.last_seen_at,
    };
    byCode.set(info.code, info);
    byId.set(info.id, info);
    if (info.upstreamId) (downstream.get(info.upstreamId) ?? downstream.set(info.upstreamId, []).get(info.upstreamId)!).push(info);
    (bySite.get(info.siteId) ?? bySite.set(info.siteId, []).get(info.siteId)!).push(info);
  }
  return {
    loadedAt: now,
    byCode: (code) => byCode.get(code),
    byId: (id) => byId.get(id),
    siteCode: (siteId) => siteById.get(siteId)?.code,
    siteZone: (siteId) => siteById.get(siteId)?.timezone,
    siteIdOf: (code) => siteByCode.get(code),
    downstream: (id) => downstream.get(id) ?? [],
    siteDevices: (siteId) => bySite.get(siteId) ?? [],
    all: () => byCode.values(),
  };
}
