import type { Executor } from '../../../../db/types.ts';
import type { IncidentsTable } from '../../incidents.tables.ts';

/**
 * The mail intake's reads: an incident by its number or by the message it was opened from, and what the timeline
 * already holds of a message (a delivery the relay repeats must add nothing).
 */
export const mailIntakeRepository = {
  byNumber: (db: Executor, number: number): Promise<IncidentsTable | undefined> => db.selectFrom('incidents').selectAll().where('number', '=', number).executeTakeFirst(),

  /** The incident a message opened (source 'email', source_ref its Message-ID). */
  byMessage: (db: Executor, messageId: string): Promise<IncidentsTable | undefined> =>
    db.selectFrom('incidents').selectAll().where('source', '=', 'email').where('source_ref', '=', messageId).orderBy('created_at').executeTakeFirst(),

  /**
   * When the first timeline line of `kind` carrying this message's id was written, or null. The ids are compared on
   * the parsed details (a LIKE on JSON text would have to escape what a stranger put in the id), over one incident's
   * lines of that kind, which the incident's timeline bounds.
   */
  async messageLineAt(db: Executor, incidentId: string, kind: string, messageId: string): Promise<number | null> {
    const rows = await db.selectFrom('incident_timeline').select(['at', 'details']).where('incident_id', '=', incidentId).where('kind', '=', kind).orderBy('at').orderBy('id').execute();
    for (const row of rows) {
      const details = JSON.parse(row.details) as { messageId?: unknown };
      if (details.messageId === messageId) return Number(row.at);
    }
    return null;
  },

  /** When the incident last went waiting, or null. */
  lastWaitAt: async (db: Executor, incidentId: string): Promise<number | null> => {
    const row = await db.selectFrom('incident_timeline').select('at').where('incident_id', '=', incidentId).where('kind', '=', 'wait').orderBy('at', 'desc').limit(1).executeTakeFirst();
    return row ? Number(row.at) : null;
  },
};
