import { sql } from 'kysely';
import type { Db } from '../../db/database.ts';
import type { Executor } from '../../db/types.ts';
import type { DeviceHealth } from '../estate/estate.tables.ts';
import type { EventsTable, LoginsTable, MetricRollupsTable, TransactionsTable } from './ingest.tables.ts';

/** Multi-row inserts are split to stay under SQLite's bound-parameter limit and keep statements cacheable. */
const CHUNK = 500;

function chunks<T>(rows: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += CHUNK) out.push(rows.slice(i, i + CHUNK));
  return out;
}

export interface DeviceState {
  id: string;
  code: string;
  health: DeviceHealth;
  maintenance: number;
  last_seen_at: number | null;
}

export interface HealthChange {
  deviceId: string;
  health: DeviceHealth;
  reason: string;
  at: number;
  historyId: string;
}

export interface DiscoveredTouch {
  code: string;
  siteCode: string | null;
  address: string | null;
  source: string;
  lastKind: string;
  events: number;
  at: number;
}

/** Every query of the ingest pipeline. The only dialect difference is how two numbers are compared (max/greatest). */
export function createIngestRepository(db: Db) {
  const greatest = db.dialect === 'postgres' ? 'greatest' : 'max';
  const least = db.dialect === 'postgres' ? 'least' : 'min';

  return {
    /** Inserts the events that are not there yet; returns the ids that were new (re-sent ids are no-ops). */
    async insertEvents(trx: Executor, rows: readonly EventsTable[]): Promise<Set<string>> {
      const fresh = new Set<string>();
      for (const part of chunks(rows)) {
        const inserted = await trx.insertInto('events').values(part).onConflict((oc) => oc.column('id').doNothing()).returning('id').execute();
        for (const r of inserted) fresh.add(r.id);
      }
      return fresh;
    },

    async insertTransactions(trx: Executor, rows: readonly TransactionsTable[]): Promise<void> {
      for (const part of chunks(rows)) await trx.insertInto('transactions').values(part).onConflict((oc) => oc.column('txn_id').doNothing()).execute();
    },

    async insertLogins(trx: Executor, rows: readonly LoginsTable[]): Promise<void> {
      for (const part of chunks(rows)) await trx.insertInto('logins').values(part).onConflict((oc) => oc.column('event_id').doNothing()).execute();
    },

    /** Adds a batch's samples to the one-minute roll-ups (count, sum, min, max, last). */
    async upsertRollups(trx: Executor, rows: readonly MetricRollupsTable[]): Promise<void> {
      for (const part of chunks(rows)) {
        await trx
          .insertInto('metric_rollups')
          .values(part)
          .onConflict((oc) =>
            oc.columns(['device_code', 'metric', 'minute']).doUpdateSet({
              count: sql`metric_rollups.count + excluded.count`,
              sum: sql`metric_rollups.sum + excluded.sum`,
              min: sql`${sql.raw(least)}(metric_rollups.min, excluded.min)`,
              max: sql`${sql.raw(greatest)}(metric_rollups.max, excluded.max)`,
              last: sql`excluded.last`,
            }),
          )
          .execute();
      }
    },

    devicesByCodes: async (trx: Executor, codes: readonly string[]): Promise<DeviceState[]> =>
      codes.length === 0 ? [] : trx.selectFrom('devices').select(['id', 'code', 'health', 'maintenance', 'last_seen_at']).where('code', 'in', codes).execute(),

    /** Moves last_seen_at forward (never back: late offline records must not make a device look fresh). */
    async touchDevices(trx: Executor, touches: readonly { id: string; lastSeenAt: number }[]): Promise<void> {
      for (const t of touches) {
        await trx
          .updateTable('devices')
          .set({ last_seen_at: sql`${sql.raw(greatest)}(coalesce(last_seen_at, 0), ${t.lastSeenAt})` })
          .where('id', '=', t.id)
          .execute();
      }
    },

    async recordHealthChanges(trx: Executor, changes: readonly HealthChange[]): Promise<void> {
      for (const c of changes) {
        await trx.updateTable('devices').set({ health: c.health, health_since: c.at, health_reason: c.reason }).where('id', '=', c.deviceId).execute();
        await trx.insertInto('device_health_history').values({ id: c.historyId, device_id: c.deviceId, at: c.at, health: c.health, reason: c.reason }).execute();
      }
    },

    async upsertDiscovered(trx: Executor, rows: readonly DiscoveredTouch[]): Promise<void> {
      for (const r of rows) {
        await trx
          .insertInto('discovered_devices')
          .values({ code: r.code, site_code: r.siteCode, address: r.address, source: r.source, last_kind: r.lastKind, events: r.events, first_seen_at: r.at, last_seen_at: r.at })
          .onConflict((oc) =>
            oc.column('code').doUpdateSet({
              events: sql`discovered_devices.events + ${r.events}`,
              last_seen_at: sql`${sql.raw(greatest)}(discovered_devices.last_seen_at, ${r.at})`,
              last_kind: r.lastKind,
              source: r.source,
              site_code: sql`coalesce(${r.siteCode}, discovered_devices.site_code)`,
              address: sql`coalesce(${r.address}, discovered_devices.address)`,
            }),
          )
          .execute();
      }
    },

    /** Devices that report health but have been silent since `silentSince` (the offline sweep). */
    silentDevices: (trx: Executor, silentSince: number) =>
      trx
        .selectFrom('devices')
        .select(['id', 'code', 'health', 'maintenance', 'last_seen_at'])
        .where('health', 'in', ['online', 'degraded'])
        .where('maintenance', '=', 0)
        .where('last_seen_at', '<', silentSince)
        .execute(),

    /** Retention: deletes up to `limit` raw events received before `cutoff`; returns how many. */
    async deleteEventsBefore(trx: Executor, cutoff: number, limit: number): Promise<number> {
      const ids = trx.selectFrom('events').select('id').where('received_at', '<', cutoff).limit(limit);
      const result = await trx.deleteFrom('events').where('id', 'in', ids).executeTakeFirst();
      return Number(result.numDeletedRows);
    },

    async deleteRollupsBefore(trx: Executor, cutoff: number): Promise<number> {
      const result = await trx.deleteFrom('metric_rollups').where('minute', '<', cutoff).executeTakeFirst();
      return Number(result.numDeletedRows);
    },
  };
}

export type IngestRepository = ReturnType<typeof createIngestRepository>;
