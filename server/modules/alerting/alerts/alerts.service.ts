import type { Static } from '@sinclair/typebox';
import { toIso } from '../../../clock.ts';
import { ConflictError, NotFoundError } from '../../../errors.ts';
import { cursorPage, type ListRequest } from '../../../http/cursor.ts';
import { listValues } from '../../../http/list-values.ts';
import type { ModuleContext } from '../../../module.ts';
import { canSeeSite, requirePermission, type RequestContext } from '../../auth/index.ts';
import { ALERT_STATES, type AlertState, type AlertsTable } from '../alerting.tables.ts';
import type { AlertChangedEvent } from '../../../events/index.ts';
import type { Alert, AlertCounts, AlertListQuery, AlertWithTimeline } from './alert.schemas.ts';
import { toAlertView } from './alert-view.ts';
import { alertWriter } from './alert-writer.ts';
import { ALERTS_ORDER, alertsRepository, OPEN_STATES, type AlertFilter } from './alerts.repository.ts';

export type AlertListFilter = Omit<AlertListQuery, 'cursor' | 'limit'>;

/**
 * Alerts as people see and handle them (SPEC C3.3–C3.6): the list with its filters, one alert with its timeline and
 * children, and the three things a person does to an alert — acknowledge, resolve, change its level with a reason.
 * Each is audited and told through alert.changed in the same transaction.
 */
export function createAlertsService(ctx: ModuleContext) {
  const { db, clock, audit, events } = ctx;
  const k = db.kysely;

  async function visible(rc: RequestContext, id: string): Promise<AlertsTable> {
    const row = await alertsRepository.findById(k, id);
    // An alert of another site is as absent as one that does not exist; one of no site only for those who see all.
    if (!row || (rc.actor.siteIds !== null && (row.site_id === null || !canSeeSite(rc.actor, row.site_id)))) throw new NotFoundError('No such alert');
    return row;
  }

  /** Applies a person's change to an open alert, audited, with its timeline line and event. */
  async function change(
    rc: RequestContext,
    id: string,
    action: 'alert.ack' | 'alert.resolve' | 'alert.level',
    make: (row: AlertsTable, now: number) => { patch: Partial<AlertsTable>; kind: 'acknowledged' | 'resolved' | 'level'; detail?: Record<string, unknown> } | null,
  ): Promise<Alert> {
    await visible(rc, id);
    return k.transaction().execute(async (trx) => {
      const row = await alertsRepository.findById(trx, id);
      if (!row) throw new NotFoundError('No such alert');
      const now = clock.now();
      const made = make(row, now);
      if (!made) return toAlertView(row);
      const out: AlertChangedEvent[] = [];
      const after = await alertWriter.update(trx, row, made.patch, { kind: made.kind, actorId: rc.actor.userId, at: now, ...(made.detail && { detail: made.detail }) }, out);
      if (!after) throw new ConflictError('The alert changed meanwhile: reload it and try again', 'ALERT_CHANGED');
      await audit.append(trx, rc, { action, targetType: 'alert', targetId: id, before: toAlertView(row), after: toAlertView(after), reason: (made.detail?.comment as string | undefined) ?? (made.detail?.reason as string | undefined) ?? null });
      await events.append(trx, ...out);
      return toAlertView(after);
    });
  }

  const isOpen = (state: AlertState) => OPEN_STATES.includes(state);

  return {
    async list(rc: RequestContext, filter: AlertListFilter, page: ListRequest) {
      requirePermission(rc.actor, 'alerts:read');
      const states = filter.state === 'open' ? [...OPEN_STATES] : listValues(filter.state, 'state', ALERT_STATES, (s) => s as AlertState);
      const levels = listValues(filter.level, 'level', [1, 2, 3], Number);
      const f: AlertFilter = {
        onlySiteIds: rc.actor.siteIds,
        ...(states && { states }),
        ...(levels && { levels }),
        ...(filter.site && { siteId: filter.site }),
        ...(filter.subsystem && { subsystem: filter.subsystem }),
        ...(filter.rule && { ruleId: filter.rule }),
        ...(filter.source && { source: filter.source }),
        ...(filter.device && { deviceId: filter.device }),
        ...(filter.parent !== undefined && { parentId: filter.parent === 'none' ? null : filter.parent }),
        ...(filter.from && { from: Date.parse(filter.from) }),
        ...(filter.to && { to: Date.parse(filter.to) }),
      };
      return cursorPage(ALERTS_ORDER, page, (p) => alertsRepository.list(k, f, p), async (rows) => {
        const counts = await alertsRepository.childCounts(k, rows.map((r) => r.id));
        return rows.map((r) => toAlertView(r, counts.get(r.id) ?? 0));
      });
    },

    async get(rc: RequestContext, id: string): Promise<Static<typeof AlertWithTimeline>> {
      requirePermission(rc.actor, 'alerts:read');
      const row = await visible(rc, id);
      const [timeline, children, counts] = await Promise.all([alertsRepository.timeline(k, id), alertsRepository.children(k, id, 200), alertsRepository.childCounts(k, [id])]);
      return {
        alert: toAlertView(row, counts.get(id) ?? 0),
        timeline: timeline.map((t) => ({ at: toIso(t.at), kind: t.kind, actorId: t.actor_id, actorName: t.actor_name, detail: t.detail ? (JSON.parse(t.detail) as Record<string, unknown>) : null })),
        children: children.map((c) => toAlertView(c)),
      };
    },

    async counts(rc: RequestContext): Promise<Static<typeof AlertCounts>> {
      requirePermission(rc.actor, 'alerts:read');
      const rows = await alertsRepository.openCounts(k, rc.actor.siteIds);
      const byLevel: Record<string, number> = { '1': 0, '2': 0, '3': 0 };
      const bySite = new Map<string | null, { siteId: string | null; level1: number; level2: number; level3: number }>();
      const bySubsystem = new Map<string | null, number>();
      for (const r of rows) {
        const n = Number(r.n);
        byLevel[String(r.level)] = (byLevel[String(r.level)] ?? 0) + n;
        const site = bySite.get(r.site_id) ?? { siteId: r.site_id, level1: 0, level2: 0, level3: 0 };
        if (r.level === 1) site.level1 += n;
        else if (r.level === 2) site.level2 += n;
        else site.level3 += n;
        bySite.set(r.site_id, site);
        bySubsystem.set(r.subsystem, (bySubsystem.get(r.subsystem) ?? 0) + n);
      }
      return {
        byLevel,
        bySite: [...bySite.values()].sort((a, b) => b.level1 - a.level1 || b.level2 - a.level2 || b.level3 - a.level3),
        bySubsystem: [...bySubsystem].map(([subsystem, count]) => ({ subsystem, count })).sort((a, b) => b.count - a.count),
      };
    },

    /**
     * Retention (the daily `alerting.retention` job): resolved alerts older than OPSDESK_ALERT_RETENTION_DAYS go, a
     * slice at a time so that the evaluator's writes never wait long. Open alerts stay however old they are.
     */
    async applyRetention(): Promise<number> {
      const before = clock.now() - ctx.config.alerting.resolvedRetentionMs;
      let deleted = 0;
      for (;;) {
        const n = await k.transaction().execute((trx) => alertsRepository.deleteResolvedBefore(trx, before, 2000));
        deleted += n;
        if (n < 2000) return deleted;
      }
    },

    acknowledge: (rc: RequestContext, id: string, comment?: string) => {
      requirePermission(rc.actor, 'alerts:ack');
      return change(rc, id, 'alert.ack', (row, now) => {
        if (row.state === 'acknowledged') return null;
        if (row.state === 'resolved') throw new ConflictError('The alert is resolved already', 'ALERT_RESOLVED');
        return { patch: { state: 'acknowledged', acknowledged_at: now, acknowledged_by: rc.actor.userId }, kind: 'acknowledged', ...(comment && { detail: { comment } }) };
      });
    },

    resolve: (rc: RequestContext, id: string, comment?: string) => {
      requirePermission(rc.actor, 'alerts:ack');
      return change(rc, id, 'alert.resolve', (row, now) => {
        if (!isOpen(row.state)) return null;
        return { patch: { state: 'resolved', resolved_at: now, resolved_by: rc.actor.userId }, kind: 'resolved', ...(comment && { detail: { comment } }) };
      });
    },

    setLevel: (rc: RequestContext, id: string, level: 1 | 2 | 3, reason: string) => {
      requirePermission(rc.actor, 'alerts:write');
      return change(rc, id, 'alert.level', (row) => {
        if (row.level === level) return null;
        if (!isOpen(row.state)) throw new ConflictError('A resolved alert keeps its level', 'ALERT_RESOLVED');
        return { patch: { level, level_reason: reason }, kind: 'level', detail: { from: row.level, to: level, reason } };
      });
    },
  };
}

export type AlertsService = ReturnType<typeof createAlertsService>;
