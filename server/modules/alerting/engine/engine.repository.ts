import type { Executor } from '../../../db/types.ts';
import type { AlertsTable } from '../alerting.tables.ts';

/** What the evaluator reads of the alerts it keeps in memory: all open ones at start, one again after a race. */
export const engineRepository = {
  openAlerts: (db: Executor): Promise<AlertsTable[]> => db.selectFrom('alerts').selectAll().where('state', '<>', 'resolved').execute(),

  /** When each fingerprint started firing since `since`: flap detection's memory across restarts. */
  fireStartsSince: (db: Executor, since: number) => db.selectFrom('alerts').select(['fingerprint', 'fired_at']).where('fired_at', '>=', since).execute(),

  byId: (db: Executor, id: string) => db.selectFrom('alerts').selectAll().where('id', '=', id).executeTakeFirst(),

  openByFingerprint: (db: Executor, fingerprint: string) => db.selectFrom('alerts').selectAll().where('fingerprint', '=', fingerprint).where('state', '<>', 'resolved').executeTakeFirst(),
};
