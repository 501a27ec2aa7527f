import { createExternalAlerts, type ExternalAlert, type ExternalAlerts } from '../alerting/index.ts';
import { requirePermission, type RequestContext } from '../auth/index.ts';
import type { ModuleContext } from '../../module.ts';
import { reconAlertConditions, reconAlertOf, reconFingerprint } from './alert-conditions.ts';
import type { ReconAlerts } from './recon.schemas.ts';

/** Every minute (second 40; the scheduled runs take second 20): the conditions raised and cleared as alerts. */
export const FORWARD_ALERTS_JOB = { name: 'recon.forward-alerts', lane: 'default' } as const;

export interface ForwardedAlerts {
  /** conditions that hold now */
  conditions: number;
  raised: number;
  refreshed: number;
  resolved: number;
}

/**
 * What reconciliation alerts on (SPEC C7.7; the conditions are alert-conditions.ts): served as they are at
 * `GET /recon/alerts`, and raised as opsdesk alerts of source `recon` by `recon.forward-alerts` through the alerting
 * module's external path (upserted by fingerprint: one alert per channel, kind and day, whichever node runs the job
 * and however often), so they are graded, grouped, silenced, paged and listed like any alert.
 */
export function createAlertsService(ctx: ModuleContext, deps: { external?: ExternalAlerts } = {}) {
  const k = ctx.db.kysely;
  const { clock } = ctx;
  const external = deps.external ?? createExternalAlerts({ db: ctx.db, clock, events: ctx.events });
  const publicUrl = ctx.config.notify.publicUrl;

  return {
    async current(rc: RequestContext): Promise<ReconAlerts> {
      requirePermission(rc.actor, 'recon:read');
      const items = await reconAlertConditions(k, clock.now());
      return {
        items: items.map((c) => ({ channel: c.channel, kind: c.kind, day: c.day, jobId: c.jobId, open: c.open, threshold: c.threshold, dueAt: c.dueAt === null ? null : new Date(c.dueAt).toISOString() })),
      };
    },

    /**
     * Raises (or refreshes) one alert per condition that holds and resolves the open `recon` alerts whose condition
     * no longer does (the differences were worked below the threshold, the bill came, the channel was disabled, the
     * day left the last LOOKBACK_DAYS), in one call to the alerting module: one transaction.
     */
    async forward(): Promise<ForwardedAlerts> {
      const open = await external.open('recon');
      // A bill still missing stays an alert after its first day: its day is checked again until the bill comes.
      const stillMissing = new Map<string, string[]>();
      for (const a of open) {
        if (a.labels.kind !== 'bill-missing' || !a.labels.channel || !a.labels.day) continue;
        stillMissing.set(a.labels.channel, [...(stillMissing.get(a.labels.channel) ?? []), a.labels.day]);
      }
      const conditions = await reconAlertConditions(k, clock.now(), stillMissing);
      const firing = conditions.map((c) => reconAlertOf(c, publicUrl));
      const holding = new Set(conditions.map(reconFingerprint));
      const cleared: ExternalAlert[] = open
        .filter((a) => a.fingerprint !== null && !holding.has(a.fingerprint))
        .map((a) => ({ fingerprint: a.fingerprint, status: 'resolved', labels: a.labels, annotations: a.annotations, startsAt: null, endsAt: null, generatorUrl: null }));
      const out: ForwardedAlerts = { conditions: conditions.length, raised: 0, refreshed: 0, resolved: 0 };
      if (firing.length + cleared.length === 0) return out;
      for (const r of await external.receive('recon', [...firing, ...cleared])) {
        if (r.outcome === 'raised' || r.outcome === 'refreshed' || r.outcome === 'resolved') out[r.outcome]++;
      }
      return out;
    },
  };
}

export type AlertsService = ReturnType<typeof createAlertsService>;
