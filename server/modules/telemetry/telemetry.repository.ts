import type { Executor } from '../../db/types.ts';

export const telemetryRepository = {
  /** A device's raw events, newest first; `before` is the keyset cursor (received_at, id). */
  recentEvents: (db: Executor, deviceCode: string, filter: { kind?: string; beforeTs?: number; beforeId?: string }, limit: number) => {
    let query = db.selectFrom('events').selectAll().where('device_code', '=', deviceCode);
    if (filter.kind) query = query.where('kind', '=', filter.kind);
    if (filter.beforeTs !== undefined && filter.beforeId !== undefined) {
      const { beforeTs, beforeId } = filter;
      query = query.where((eb) => eb.or([eb('ts', '<', beforeTs), eb.and([eb('ts', '=', beforeTs), eb('id', '<', beforeId)])]));
    }
    return query.orderBy('ts', 'desc').orderBy('id', 'desc').limit(limit).execute();
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
