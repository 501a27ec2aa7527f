import type { Executor } from '../../../db/types.ts';
import type { DeviceHealthEvent } from '../../../events/index.ts';
import type { AlertsTable } from '../alerting.tables.ts';

/** At most this many of one commit's health changes are looked at ahead of their delivery. */
const LOOK_AHEAD = 20_000;

/** What the evaluator reads of the alerts it keeps in memory: all open ones at start, one again after a race. */
export const engineRepository = {
  openAlerts: (db: Executor): Promise<AlertsTable[]> => db.selectFrom('alerts').selectAll().where('state', '<>', 'resolved').execute(),

  /** When each fingerprint started firing since `since`: flap detection's memory across restarts. */
  fireStartsSince: (db: Executor, since: number) => db.selectFrom('alerts').select(['fingerprint', 'fired_at']).where('fired_at', '>=', since).execute(),

  byId: (db: Executor, id: string) => db.selectFrom('alerts').selectAll().where('id', '=', id).executeTakeFirst(),

  /**
   * The device.health events after `position` made at the same instant: the rest of the commit that made this one (a
   * sweep, a batch). Only their own rows are read, through the position's index, so a batch's large signals are not.
   */
  async healthChangesAfter(db: Executor, position: number, at: number): Promise<{ position: number; event: DeviceHealthEvent }[]> {
    const rows = await db
      .selectFrom('domain_events')
      .select(['position', 'payload'])
      .where('position', '>', position)
      .where('type', '=', 'device.health')
      .where('at', '=', at)
      .orderBy('position')
      .limit(LOOK_AHEAD)
      .execute();
    return rows.map((r) => ({ position: Number(r.position), event: JSON.parse(r.payload) as DeviceHealthEvent }));
  },

  openByFingerprint: (db: Executor, fingerprint: string) => db.selectFrom('alerts').selectAll().where('fingerprint', '=', fingerprint).where('state', '<>', 'resolved').executeTakeFirst(),
};
