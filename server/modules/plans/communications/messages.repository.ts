import type { Executor } from '../../../db/types.ts';
import type { PlanMessagesTable } from './messages.tables.ts';

/** An incident's messages shown at most: far more than an incident sends, few enough to read in one answer. */
export const MESSAGES_SHOWN = 200;

export const planMessagesRepository = {
  insert: (db: Executor, row: PlanMessagesTable) => db.insertInto('plan_messages').values(row).execute(),

  /** The incident's messages, newest first. */
  ofIncident: (db: Executor, incidentId: string) =>
    db.selectFrom('plan_messages').selectAll().where('incident_id', '=', incidentId).orderBy('sent_at', 'desc').orderBy('id', 'desc').limit(MESSAGES_SHOWN).execute(),

  /**
   * When the incident was opened: the fallback for {{startedAt}} when no linked alert says when the fault began.
   * Incidents' IncidentFacts does not carry it yet (asked of the lead); this one column is read here until it does.
   */
  incidentOpenedAt: async (db: Executor, incidentId: string): Promise<number | null> => {
    const row = await db.selectFrom('incidents').select('created_at').where('id', '=', incidentId).executeTakeFirst();
    return row ? Number(row.created_at) : null;
  },

  /**
   * The 7×24 duty telephone (SPEC C4.3) for {{hotline}}: the first roster, by name, that has one. Oncall's public
   * surface does not carry it yet (asked of the lead); this one column is read here until it does.
   */
  hotline: async (db: Executor): Promise<string | null> => {
    const row = await db.selectFrom('rosters').select('hotline').where('hotline', 'is not', null).orderBy('name').orderBy('id').executeTakeFirst();
    return row?.hotline ?? null;
  },
};
