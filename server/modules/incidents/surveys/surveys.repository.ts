import type { Executor } from '../../../db/types.ts';
import type { IncidentSurveysTable } from '../incidents.tables.ts';

export const surveysRepository = {
  insert: (db: Executor, row: IncidentSurveysTable) => db.insertInto('incident_surveys').values(row).execute(),

  findByHash: (db: Executor, tokenHash: string) => db.selectFrom('incident_surveys').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst(),

  /** Whether the incident has a survey made since `since` (its latest resolution): one survey per fix. */
  async existsSince(db: Executor, incidentId: string, since: number): Promise<boolean> {
    const row = await db.selectFrom('incident_surveys').select('id').where('incident_id', '=', incidentId).where('created_at', '>=', since).limit(1).executeTakeFirst();
    return row !== undefined;
  },

  /** Records the answer unless someone answered first (one statement, so two answers at once cannot both count). */
  async answer(db: Executor, id: string, answer: { score: number; comment: string | null; at: number }): Promise<boolean> {
    const result = await db
      .updateTable('incident_surveys')
      .set({ score: answer.score, comment: answer.comment, answered_at: answer.at })
      .where('id', '=', id)
      .where('answered_at', 'is', null)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  },

  /** What the survey page shows of the incident: nothing personal. */
  incidentSummary: (db: Executor, incidentId: string) =>
    db
      .selectFrom('incidents')
      .leftJoin('cause_categories', 'cause_categories.code', 'incidents.cause_category')
      .select(['incidents.number', 'incidents.title', 'incidents.fix', 'incidents.resolved_at', 'incidents.closed_at', 'cause_categories.name_zh', 'cause_categories.name_en'])
      .where('incidents.id', '=', incidentId)
      .executeTakeFirst(),
};
