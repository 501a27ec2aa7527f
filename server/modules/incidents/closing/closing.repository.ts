import type { Executor } from '../../../db/types.ts';
import type { IncidentPartsTable } from '../incidents.tables.ts';

/** The closing's reads and writes: parts used on incidents, and what the fault record gathers around one incident. */
export const closingRepository = {
  insertPart: (db: Executor, row: IncidentPartsTable) => db.insertInto('incident_parts').values(row).execute(),

  /** The parts an incident used, oldest first, with the part's code and name (estate's spare_parts). */
  partsOf: (db: Executor, incidentId: string) =>
    db
      .selectFrom('incident_parts')
      .innerJoin('spare_parts', 'spare_parts.id', 'incident_parts.part_id')
      .leftJoin('users', 'users.id', 'incident_parts.by')
      .select([
        'incident_parts.id',
        'incident_parts.part_id',
        'incident_parts.warehouse',
        'incident_parts.quantity',
        'incident_parts.movement_id',
        'incident_parts.at',
        'spare_parts.sku',
        'spare_parts.name',
        'spare_parts.unit',
        'users.display_name',
        'users.username',
      ])
      .where('incident_parts.incident_id', '=', incidentId)
      .orderBy('incident_parts.at')
      .orderBy('incident_parts.id')
      .limit(500)
      .execute(),

  device: (db: Executor, id: string) => db.selectFrom('devices').select(['id', 'code', 'name', 'type']).where('id', '=', id).executeTakeFirst(),

  site: (db: Executor, id: string) => db.selectFrom('sites').select(['id', 'code', 'name', 'timezone']).where('id', '=', id).executeTakeFirst(),

  cause: (db: Executor, code: string) => db.selectFrom('cause_categories').select(['code', 'name_zh', 'name_en']).where('code', '=', code).executeTakeFirst(),

  slaTargets: (db: Executor, incidentId: string) =>
    db.selectFrom('incident_sla').select(['clock', 'due_at', 'stopped_at', 'met']).where('incident_id', '=', incidentId).execute(),

  problemsOf: (db: Executor, incidentId: string) =>
    db
      .selectFrom('problem_incidents')
      .innerJoin('problems', 'problems.id', 'problem_incidents.problem_id')
      .select(['problems.id', 'problems.number', 'problems.title', 'problems.state'])
      .where('problem_incidents.incident_id', '=', incidentId)
      .orderBy('problems.number')
      .execute(),
};
