import { requirePermission, type RequestContext } from '../auth/index.ts';
import { addDays, localDateOf } from '../calendar/index.ts';
import type { ModuleContext } from '../../module.ts';
import { dayWindow, settingsOf, wallInstant } from './channels.ts';
import { reconRepository as repo } from './recon.repository.ts';
import type { ReconAlerts } from './recon.schemas.ts';

/** How many business days back the open-differences check looks. */
const LOOKBACK_DAYS = 7;

/**
 * What reconciliation should alert on (SPEC C7.7), per enabled channel: a day whose current run has more open
 * differences than the channel's threshold, and yesterday's bill not imported by the channel's bill-due time. The
 * alerting module has no public way yet for another module to raise an alert that no rule evaluated (its external
 * alerts are Alertmanager's and Grafana's only), so these conditions are served to the console as they are; a worker
 * job forwards them the day alerting offers that surface.
 */
export function createAlertsService(ctx: ModuleContext) {
  const k = ctx.db.kysely;
  const { clock } = ctx;

  return {
    async current(rc: RequestContext): Promise<ReconAlerts> {
      requirePermission(rc.actor, 'recon:read');
      const now = clock.now();
      const items: ReconAlerts['items'] = [];
      for (const channel of await repo.channels(k)) {
        if (channel.enabled !== 1) continue;
        const today = localDateOf(now, channel.schedule_zone);
        const jobs = await repo.trend(k, channel.id, addDays(today, -LOOKBACK_DAYS), today);
        const open = await repo.stateCounts(k, jobs.map((j) => j.id));
        for (const job of jobs) {
          const counts = open.get(job.id) ?? {};
          const n = (counts.open ?? 0) + (counts.investigating ?? 0);
          if (n > channel.open_alert_threshold) items.push({ channel: channel.id, kind: 'open-differences', day: job.day, jobId: job.id, open: n, threshold: channel.open_alert_threshold, dueAt: null });
        }
        if (channel.bill_due_time !== null) {
          const due = wallInstant(today, channel.bill_due_time, channel.schedule_zone);
          const day = addDays(today, -1);
          const settings = settingsOf(channel);
          const window = dayWindow(day, settings.rightCutoff);
          if (now >= due && (await repo.importsCovering(k, settings.right, window.from, window.to)).length === 0) {
            items.push({ channel: channel.id, kind: 'bill-missing', day, jobId: null, open: null, threshold: null, dueAt: new Date(due).toISOString() });
          }
        }
      }
      return { items };
    },
  };
}

export type AlertsService = ReturnType<typeof createAlertsService>;
