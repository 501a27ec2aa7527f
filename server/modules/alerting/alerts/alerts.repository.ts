import { sql } from 'kysely';
import { keyset, pageQuery, type PageRequest } from '../../../db/keyset.ts';
import type { Executor } from '../../../db/types.ts';
import type { AlertEventsTable, AlertState, AlertsTable } from '../alerting.tables.ts';

/** The alert list's order: newest first, the id breaking ties. */
export const ALERTS_ORDER = keyset<AlertsTable>(
  { column: 'alerts.created_at', direction: 'desc', type: 'integer', of: (r) => r.created_at },
  { column: 'alerts.id', direction: 'desc', type: 'text', of: (r) => r.id },
);

export const OPEN_STATES: readonly AlertState[] = ['pending', 'firing', 'acknowledged'];

export interface AlertFilter {
  states?: readonly AlertState[];
  levels?: readonly number[];
  siteId?: string;
  subsystem?: string;
  ruleId?: string;
  source?: string;
  deviceId?: string;
  /** a parent's id, or null for top-level alerts only */
  parentId?: string | null;
  from?: number;
  to?: number;
  /** null: every site (and alerts of no site); otherwise only alerts of these sites */
  onlySiteIds: readonly string[] | null;
}

export const alertsRepository = {
  findById: (db: Executor, id: string) => db.selectFrom('alerts').selectAll().where('id', '=', id).executeTakeFirst(),

  list(db: Executor, f: AlertFilter, page: PageRequest): Promise<AlertsTable[]> {
    let q = db.selectFrom('alerts').selectAll();
    if (f.onlySiteIds !== null) {
      if (f.onlySiteIds.length === 0) return Promise.resolve([]);
      q = q.where('site_id', 'in', f.onlySiteIds);
    }
    if (f.states?.length) q = q.where('state', 'in', f.states);
    if (f.levels?.length) q = q.where('level', 'in', f.levels);
    if (f.siteId) q = q.where('site_id', '=', f.siteId);
    if (f.subsystem) q = q.where('subsystem', '=', f.subsystem);
    if (f.ruleId) q = q.where('rule_id', '=', f.ruleId);
    if (f.source) q = q.where('source', '=', f.source as AlertsTable['source']);
    if (f.deviceId) q = q.where('device_id', '=', f.deviceId);
    if (f.parentId === null) q = q.where('parent_id', 'is', null);
    else if (f.parentId !== undefined) q = q.where('parent_id', '=', f.parentId);
    if (f.from !== undefined) q = q.where('created_at', '>=', f.from);
    if (f.to !== undefined) q = q.where('created_at', '<', f.to);
    return pageQuery(q, ALERTS_ORDER, page).execute();
  },

  /** How many alerts are attached to each of these. */
  async childCounts(db: Executor, ids: readonly string[]): Promise<Map<string, number>> {
    if (ids.length === 0) return new Map();
    const rows = await db
      .selectFrom('alerts')
      .select(['parent_id', (eb) => eb.fn.countAll<number>().as('n')])
      .where('parent_id', 'in', ids)
      .groupBy('parent_id')
      .execute();
    return new Map(rows.map((r) => [r.parent_id!, Number(r.n)]));
  },

  children: (db: Executor, parentId: string, limit: number) =>
    db.selectFrom('alerts').selectAll().where('parent_id', '=', parentId).orderBy('created_at', 'desc').orderBy('id', 'desc').limit(limit).execute(),

  timeline: (db: Executor, alertId: string): Promise<(AlertEventsTable & { actor_name: string | null })[]> =>
    db
      .selectFrom('alert_events')
      .leftJoin('users', 'users.id', 'alert_events.actor_id')
      .selectAll('alert_events')
      .select('users.display_name as actor_name')
      .where('alert_id', '=', alertId)
      .orderBy('at')
      .orderBy('alert_events.id')
      .limit(1000)
      .execute(),

  /** Open top-level alerts per site and level, and per subsystem: the home page and the list's header. */
  openCounts(db: Executor, onlySiteIds: readonly string[] | null) {
    let q = db
      .selectFrom('alerts')
      .select(['site_id', 'subsystem', 'level', (eb) => eb.fn.countAll<number>().as('n')])
      .where('state', 'in', OPEN_STATES)
      .where('parent_id', 'is', null)
      .groupBy(['site_id', 'subsystem', 'level']);
    if (onlySiteIds !== null) q = onlySiteIds.length === 0 ? q.where(sql<boolean>`1 = 0`) : q.where('site_id', 'in', onlySiteIds);
    return q.execute();
  },

  /** Deletes up to `limit` alerts resolved before `before` (their timelines go with them). Returns how many. */
  async deleteResolvedBefore(db: Executor, before: number, limit: number): Promise<number> {
    const ids = (await db.selectFrom('alerts').select('id').where('state', '=', 'resolved').where('resolved_at', '<', before).limit(limit).execute()).map((r) => r.id);
    if (ids.length === 0) return 0;
    await db.deleteFrom('alert_events').where('alert_id', 'in', ids).execute();
    await db.deleteFrom('alerts').where('id', 'in', ids).execute();
    return ids.length;
  },
};
