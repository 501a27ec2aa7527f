import type { Executor } from '../../db/types.ts';
import type { SlaRowValues } from './sla/sla-engine.ts';

/** The SLA targets of incidents (incident_sla), and the few reads of policies and calendars that starting them needs. */
export const incidentSlaRepository = {
  /** Policies in the order they apply: the first by position that covers a site. */
  policies: (db: Executor) => db.selectFrom('sla_policies').select(['id', 'targets', 'warn_share', 'site_ids']).orderBy('position').orderBy('id').execute(),

  policy: (db: Executor, id: string) => db.selectFrom('sla_policies').select(['id', 'targets', 'warn_share', 'site_ids']).where('id', '=', id).executeTakeFirst(),

  calendars: (db: Executor, ids: readonly string[]) =>
    ids.length === 0 ? Promise.resolve([]) : db.selectFrom('sla_calendars').select(['id', 'name', 'calendar']).where('id', 'in', ids).execute(),

  targetsOf: (db: Executor, incidentIds: readonly string[]) =>
    incidentIds.length === 0 ? Promise.resolve([]) : db.selectFrom('incident_sla').selectAll().where('incident_id', 'in', incidentIds).execute(),

  insert: (db: Executor, incidentId: string, values: SlaRowValues) => db.insertInto('incident_sla').values({ incident_id: incidentId, ...values }).execute(),

  update: (db: Executor, incidentId: string, values: SlaRowValues) =>
    db.updateTable('incident_sla').set(values).where('incident_id', '=', incidentId).where('clock', '=', values.clock).execute(),

  /** Running targets whose warning or breach is due (the SLA sweep). */
  due: (db: Executor, now: number, limit: number) =>
    db
      .selectFrom('incident_sla')
      .selectAll()
      .where('status', '=', 'running')
      .where((eb) => eb.or([eb.and([eb('warned_at', 'is', null), eb('warn_at', '<=', now)]), eb.and([eb('breached_at', 'is', null), eb('due_at', '<', now)])]))
      .limit(limit)
      .execute(),
};
