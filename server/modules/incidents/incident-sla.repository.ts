import type { Executor } from '../../db/types.ts';
import type { SlaRowValues } from './sla/sla-engine.ts';

/** The SLA targets of incidents (incident_sla); policies and calendars are sla/sla.repository.ts's. */
export const incidentSlaRepository = {
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
