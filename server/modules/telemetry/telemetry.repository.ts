import { keyset, pageQuery, type PageRequest } from '../../db/keyset.ts';
import type { Executor } from '../../db/types.ts';
import type { EventsTable } from '../ingest/index.ts';

/** A device's events newest first by device time, the envelope id breaking ties within a millisecond. */
export const EVENTS_ORDER = keyset<EventsTable>(
  { column: 'ts', direction: 'desc', type: 'integer', of: (r) => r.ts },
  { column: 'id', direction: 'desc', type: 'text', of: (r) => r.id },
);

export const telemetryRepository = {
  /** A page of a device's raw events in EVENTS_ORDER. */
  recentEvents: (db: Executor, deviceCode: string, filter: { kind?: string }, page: PageRequest) => {
    let query = db.selectFrom('events').selectAll().where('device_code', '=', deviceCode);
    if (filter.kind) query = query.where('kind', '=', filter.kind);
    return pageQuery(query, EVENTS_ORDER, page).execute();
  },

  metricNames: async (db: Executor, deviceCode: string, since: number): Promise<string[]> =>
    (await db.selectFrom('metric_rollups').select('metric').distinct().where('device_code', '=', deviceCode).where('minute', '>=', since).orderBy('metric').execute()).map((r) => r.metric),

  /** A device's heartbeats in a range, oldest first (charts of cpu, memory, disk, temperature, battery). */
  heartbeats: (db: Executor, deviceCode: string, from: number, to: number) =>
    db
      .selectFrom('events')
      .select(['ts', 'data'])
      .where('device_code', '=', deviceCode)
      .where('ts', '>=', from)
      .where('ts', '<', to)
      .where('kind', '=', 'heartbeat')
      .orderBy('ts')
      .execute(),

  latestHeartbeat: (db: Executor, deviceCode: string, since: number) =>
    db
      .selectFrom('events')
      .select('data')
      .where('device_code', '=', deviceCode)
      .where('ts', '>=', since)
      .where('kind', '=', 'heartbeat')
      .orderBy('ts', 'desc')
      .limit(1)
      .executeTakeFirst(),

  rollups: (db: Executor, deviceCode: string, metric: string, from: number, to: number) =>
    db
      .selectFrom('metric_rollups')
      .select(['minute', 'count', 'sum', 'min', 'max', 'last'])
      .where('device_code', '=', deviceCode)
      .where('metric', '=', metric)
      .where('minute', '>=', from)
      .where('minute', '<', to)
      .orderBy('minute')
      .execute(),
};
