import { toIso } from '../../clock.ts';
import type { Db } from '../../db/database.ts';
import { requirePermission, type RequestContext } from '../auth/index.ts';
import { siteRecords } from '../sites/index.ts';
import { emptyHealthCounts } from './catalog.ts';
import { devicesRepository } from './devices.repository.ts';
import { decodeHealthReason } from './health-reason.ts';

/** How many recent changes the glance lists. */
const RECENT = 10;

/**
 * The estate at a glance for the home page (until alerts exist): device counts by health per site and overall, and the
 * latest health changes — all within the caller's site scope.
 */
export function createEstateSummaryService(deps: { db: Db }) {
  const k = deps.db.kysely;
  return {
    async summary(ctx: RequestContext) {
      requirePermission(ctx.actor, 'estate:read');
      const scope = ctx.actor.siteIds;
      const [sites, counts, recent] = await Promise.all([
        siteRecords.allVisible(k, scope),
        devicesRepository.healthCounts(k, scope),
        devicesRepository.recentChanges(k, scope, RECENT),
      ]);
      const health = emptyHealthCounts();
      const bySite = new Map(sites.map((s) => [s.id, { id: s.id, code: s.code, name: s.name, total: 0, health: emptyHealthCounts() }]));
      let total = 0;
      for (const c of counts) {
        const site = bySite.get(c.site_id);
        if (!site) continue;
        site.total += c.n;
        site.health[c.health] += c.n;
        total += c.n;
        health[c.health] += c.n;
      }
      const trouble = (s: { health: Record<string, number> }) => [s.health.offline!, s.health.degraded!] as const;
      const ordered = [...bySite.values()].sort((a, b) => {
        const [ao, ad] = trouble(a);
        const [bo, bd] = trouble(b);
        return bo - ao || bd - ad || a.code.localeCompare(b.code);
      });
      return {
        total,
        health,
        sites: ordered,
        recent: recent.map((r) => ({ deviceId: r.id, code: r.code, name: r.name, siteId: r.site_id, siteCode: r.site_code, health: r.health, reason: decodeHealthReason(r.health_reason), at: toIso(r.health_since) })),
      };
    },
  };
}

export type EstateSummaryService = ReturnType<typeof createEstateSummaryService>;
