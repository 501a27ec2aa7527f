/**
 * The benchmark's estate: 100 sites of 100 devices each (10,000), shaped like the demo campus (server/simulator/
 * estate.ts) but wider. Each site has a router, a site switch behind it, four access switches behind that, and 94
 * terminals, servers and UPSes spread over the access switches' ports — so "the site switch is down" silences 99 of the
 * site's 100 devices, as the simulator's `switch-down` scenario does.
 *
 * Written straight into the tables (the import API would take minutes for 10,000 rows and is not what is measured).
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../server/db/schema.ts';
import { newId } from '../../server/ids.ts';

export interface BenchSite {
  id: string;
  code: string;
}

export interface BenchDevice {
  id: string;
  code: string;
  type: string;
  subsystem: string;
  site: BenchSite;
  upstreamId: string | null;
}

export interface BenchEstate {
  sites: BenchSite[];
  devices: BenchDevice[];
  /** the devices of each type, for the telemetry mix */
  byType: Map<string, BenchDevice[]>;
  /** each site's switch (behind the router): the target of the alert storm */
  siteSwitches: BenchDevice[];
  /** every device behind a device, transitively (not including it) */
  downstreamOf(id: string): BenchDevice[];
}

/** The 94 devices behind a site's access switches, by type and subsystem. */
const END_DEVICES: [type: string, subsystem: string, count: number][] = [
  ['pos', 'consumption', 40],
  ['gate', 'access', 12],
  ['door', 'access', 10],
  ['kiosk', 'selfpay', 8],
  ['recharge_kiosk', 'recharge', 6],
  ['water', 'water', 10],
  ['server', 'core', 3],
  ['database', 'core', 1],
  ['ups', 'core', 2],
  ['ticket_pc', 'ticketing', 2],
];
const ACCESS_SWITCHES = 4;

export function buildBenchEstate(siteCount = 100): BenchEstate {
  const sites: BenchSite[] = [];
  const devices: BenchDevice[] = [];
  const siteSwitches: BenchDevice[] = [];
  const pad = (n: number, w: number) => String(n).padStart(w, '0');
  const add = (site: BenchSite, code: string, type: string, subsystem: string, upstream: BenchDevice | null): BenchDevice => {
    const d: BenchDevice = { id: newId(), code, type, subsystem, site, upstreamId: upstream?.id ?? null };
    devices.push(d);
    return d;
  };
  for (let s = 1; s <= siteCount; s++) {
    const site: BenchSite = { id: newId(), code: `site-${pad(s, 3)}` };
    sites.push(site);
    const tag = `S${pad(s, 3)}`;
    const router = add(site, `RTR-${tag}`, 'router', 'network', null);
    const siteSwitch = add(site, `SW-${tag}-00`, 'switch', 'network', router);
    siteSwitches.push(siteSwitch);
    const access = Array.from({ length: ACCESS_SWITCHES }, (_, i) => add(site, `SW-${tag}-${pad(i + 1, 2)}`, 'switch', 'network', siteSwitch));
    let port = 0;
    for (const [type, subsystem, count] of END_DEVICES) {
      for (let i = 1; i <= count; i++) add(site, `${type.toUpperCase().replace('_', '')}-${tag}-${pad(i, 3)}`, type, subsystem, access[port++ % ACCESS_SWITCHES]!);
    }
  }
  const byType = new Map<string, BenchDevice[]>();
  const children = new Map<string, BenchDevice[]>();
  for (const d of devices) {
    (byType.get(d.type) ?? byType.set(d.type, []).get(d.type)!).push(d);
    if (d.upstreamId) (children.get(d.upstreamId) ?? children.set(d.upstreamId, []).get(d.upstreamId)!).push(d);
  }
  return {
    sites,
    devices,
    byType,
    siteSwitches,
    downstreamOf(id) {
      const out: BenchDevice[] = [];
      const walk = (at: string) => {
        for (const child of children.get(at) ?? []) {
          out.push(child);
          walk(child.id);
        }
      };
      walk(id);
      return out;
    },
  };
}

/** Inserts the sites and devices (upstreams first: the estate lists them in that order). */
export async function insertEstate(k: Kysely<Database>, estate: BenchEstate, now: number): Promise<void> {
  await k.transaction().execute(async (trx) => {
    for (const site of estate.sites) {
      await trx
        .insertInto('sites')
        .values({ id: site.id, code: site.code, name: `基准场所 ${site.code}`, timezone: 'Asia/Shanghai', opening_hours: null, description: '', created_at: now, updated_at: now })
        .execute();
    }
    for (let i = 0; i < estate.devices.length; i += 500) {
      await trx
        .insertInto('devices')
        .values(
          estate.devices.slice(i, i + 500).map((d) => ({
            id: d.id,
            code: d.code,
            name: d.code,
            type: d.type,
            model: null,
            serial: null,
            ip: null,
            firmware: null,
            site_id: d.site.id,
            subsystem: d.subsystem,
            install_date: null,
            warranty_end: null,
            upstream_id: d.upstreamId,
            labels: '{}',
            maintenance: 0,
            health: 'unknown' as const,
            health_since: now,
            health_reason: null,
            last_seen_at: null,
            created_at: now,
            updated_at: now,
          })),
        )
        .execute();
    }
  });
}
