import type SQLite from 'better-sqlite3';
import { sql } from 'kysely';
import { withSqliteConnection, type Db } from '../../db/database.ts';
import type { Executor } from '../../db/types.ts';
import { recordHealthChange } from '../estate/devices.repository.ts';
import type { DeviceHealth } from '../estate/estate.tables.ts';
import type { EventsTable, LoginsTable, MetricRollupsTable, TransactionsTable } from './ingest.tables.ts';

export interface DeviceState {
  id: string;
  code: string;
  site_id: string;
  subsystem: string;
  health: DeviceHealth;
  maintenance: number;
  last_seen_at: number | null;
}

/** A device as the pipeline finds it when it hears from it. */
export interface ReportingDevice extends DeviceState {
  /** 1 while the device has never been online, degraded or offline (registered or adopted, not heard from since) */
  first_report: number;
}

export interface HealthChange {
  deviceId: string;
  /** code, site, subsystem and previous state: for the live stream */
  code: string;
  siteId: string;
  subsystem: string;
  previous: DeviceHealth;
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

/** The writes of one ingest transaction. */
export interface IngestWriter {
  /** Inserts the events that are not there yet; returns the ids that were new (re-sent ids are no-ops). */
  insertEvents(rows: readonly EventsTable[]): Promise<Set<string>>;
  insertTransactions(rows: readonly TransactionsTable[]): Promise<void>;
  insertLogins(rows: readonly LoginsTable[]): Promise<void>;
  /** Adds a batch's samples to the one-minute roll-ups (count, sum, min, max, last). */
  upsertRollups(rows: readonly MetricRollupsTable[]): Promise<void>;
  devicesByCodes(codes: readonly string[]): Promise<ReportingDevice[]>;
  /** Moves last_seen_at forward (never back: late offline records must not make a device look fresh). */
  touchDevices(touches: readonly { id: string; lastSeenAt: number }[]): Promise<void>;
  recordHealthChanges(changes: readonly HealthChange[]): Promise<void>;
  upsertDiscovered(rows: readonly DiscoveredTouch[]): Promise<void>;
  /** Devices that reported health and have been silent since `silentSince` (read inside the sweep's transaction). */
  silentDevices(silentSince: number): Promise<DeviceState[]>;
}

/** The columns of DeviceState, for both writers. */
const DEVICE_STATE = ['id', 'code', 'site_id', 'subsystem', 'health', 'maintenance', 'last_seen_at'] as const;

/**
 * ReportingDevice.first_report, the same SQL on both databases. Only a device whose health is unknown can be at its
 * first report, so the history is looked at for those alone (a handful, not every device of every batch); maintenance
 * rows do not count, as a device may be put into maintenance before it ever reports.
 */
const FIRST_REPORT = `case when devices.health = 'unknown' and not exists (select 1 from device_health_history h
  where h.device_id = devices.id and h.health in ('online', 'degraded', 'offline')) then 1 else 0 end`;

const CHUNK = 500;
function chunks<T>(rows: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += CHUNK) out.push(rows.slice(i, i + CHUNK));
  return out;
}

const discoveredRow = (r: DiscoveredTouch) => ({
  code: r.code,
  site_code: r.siteCode,
  address: r.address,
  source: r.source,
  last_kind: r.lastKind,
  events: r.events,
  first_seen_at: r.at,
  last_seen_at: r.at,
});

/** The writer over Kysely: PostgreSQL's path (multi-row statements, one round trip per chunk). */
function kyselyWriter(trx: Executor, greatest: string, least: string): IngestWriter {
  return {
    async insertEvents(rows) {
      const fresh = new Set<string>();
      for (const part of chunks(rows)) {
        const inserted = await trx.insertInto('events').values(part).onConflict((oc) => oc.column('id').doNothing()).returning('id').execute();
        for (const r of inserted) fresh.add(r.id);
      }
      return fresh;
    },
    async insertTransactions(rows) {
      for (const part of chunks(rows)) await trx.insertInto('transactions').values(part).onConflict((oc) => oc.column('txn_id').doNothing()).execute();
    },
    async insertLogins(rows) {
      for (const part of chunks(rows)) await trx.insertInto('logins').values(part).onConflict((oc) => oc.column('event_id').doNothing()).execute();
    },
    async upsertRollups(rows) {
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
    devicesByCodes: async (codes) =>
      codes.length === 0
        ? []
        : trx.selectFrom('devices').select([...DEVICE_STATE, sql<number>`${sql.raw(FIRST_REPORT)}`.as('first_report')]).where('code', 'in', codes).execute(),
    async touchDevices(touches) {
      for (const t of touches) {
        await trx.updateTable('devices').set({ last_seen_at: sql`${sql.raw(greatest)}(coalesce(last_seen_at, 0), ${t.lastSeenAt})` }).where('id', '=', t.id).execute();
      }
    },
    async recordHealthChanges(changes) {
      for (const c of changes) await recordHealthChange(trx, c);
    },
    silentDevices: (silentSince) =>
      trx
        .selectFrom('devices')
        .select(DEVICE_STATE)
        .where('health', 'in', ['online', 'degraded'])
        .where('maintenance', '=', 0)
        .where('last_seen_at', '<', silentSince)
        .execute(),
    async upsertDiscovered(rows) {
      for (const part of chunks(rows)) {
        await trx
          .insertInto('discovered_devices')
          .values(part.map(discoveredRow))
          .onConflict((oc) =>
            oc.column('code').doUpdateSet({
              events: sql`discovered_devices.events + excluded.events`,
              last_seen_at: sql`${sql.raw(greatest)}(discovered_devices.last_seen_at, excluded.last_seen_at)`,
              last_kind: sql`excluded.last_kind`,
              source: sql`excluded.source`,
              site_code: sql`coalesce(excluded.site_code, discovered_devices.site_code)`,
              address: sql`coalesce(excluded.address, discovered_devices.address)`,
            }),
          )
          .execute();
      }
    },
  };
}

/**
 * The writer over prepared better-sqlite3 statements: SQLite's path. The same statements as the Kysely writer, but
 * prepared once and run row by row in-process, which is what lets one node take tens of thousands of events a second
 * (bench/ingest.bench.ts). Statements are prepared lazily, once per connection.
 */
function sqliteWriter(s: SqliteStatements): IngestWriter {
  return {
    async insertEvents(rows) {
      const fresh = new Set<string>();
      for (const r of rows) if (s.event.run(r.id, r.kind, r.ts, r.received_at, r.device_code, r.site_code, r.source, r.labels, r.data).changes === 1) fresh.add(r.id);
      return fresh;
    },
    async insertTransactions(rows) {
      for (const r of rows) {
        s.txn.run(r.txn_id, r.event_id, r.type, r.amount_fen, r.account, r.card, r.channel, r.status, r.error_code, r.card_counter, r.balance_before_fen, r.balance_after_fen, r.device_code, r.site_code, r.device_ts, r.collected_at, r.offline, r.source);
      }
    },
    async insertLogins(rows) {
      for (const r of rows) s.login.run(r.event_id, r.account, r.ip, r.client_device, r.user_agent, r.result, r.reason, r.device_code, r.site_code, r.ts);
    },
    async upsertRollups(rows) {
      for (const r of rows) s.rollup.run(r.device_code, r.metric, r.minute, r.count, r.sum, r.min, r.max, r.last);
    },
    // One statement for any number of codes: the list goes in as a JSON array, so nothing is prepared per batch.
    devicesByCodes: async (codes) => (codes.length === 0 ? [] : (s.devicesByCodes.all(JSON.stringify(codes)) as ReportingDevice[])),
    async touchDevices(touches) {
      for (const t of touches) s.touch.run(t.lastSeenAt, t.id);
    },
    async recordHealthChanges(changes) {
      for (const c of changes) {
        s.health.run(c.health, c.at, c.reason, c.deviceId);
        s.history.run(c.historyId, c.deviceId, c.at, c.health, c.reason);
      }
    },
    silentDevices: async (silentSince) => s.silent.all(silentSince) as DeviceState[],
    async upsertDiscovered(rows) {
      for (const r of rows.map(discoveredRow)) s.discovered.run(r.code, r.site_code, r.address, r.source, r.last_kind, r.events, r.first_seen_at, r.last_seen_at);
    },
  };
}

type SqliteStatements = ReturnType<typeof prepareSqlite>;

function prepareSqlite(raw: SQLite.Database) {
  return {
    event: raw.prepare('insert or ignore into events (id, kind, ts, received_at, device_code, site_code, source, labels, data) values (?, ?, ?, ?, ?, ?, ?, ?, ?)'),
    txn: raw.prepare(
      `insert or ignore into transactions (txn_id, event_id, type, amount_fen, account, card, channel, status, error_code, card_counter,
        balance_before_fen, balance_after_fen, device_code, site_code, device_ts, collected_at, offline, source)
       values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    login: raw.prepare('insert or ignore into logins (event_id, account, ip, client_device, user_agent, result, reason, device_code, site_code, ts) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)'),
    rollup: raw.prepare(
      `insert into metric_rollups (device_code, metric, minute, count, sum, min, max, last) values (?, ?, ?, ?, ?, ?, ?, ?)
       on conflict (device_code, metric, minute) do update set count = metric_rollups.count + excluded.count, sum = metric_rollups.sum + excluded.sum,
         min = min(metric_rollups.min, excluded.min), max = max(metric_rollups.max, excluded.max), last = excluded.last`,
    ),
    devicesByCodes: raw.prepare(`select ${DEVICE_STATE.join(', ')}, ${FIRST_REPORT} as first_report from devices where code in (select value from json_each(?))`),
    silent: raw.prepare(`select ${DEVICE_STATE.join(', ')} from devices where health in ('online', 'degraded') and maintenance = 0 and last_seen_at < ?`),
    touch: raw.prepare('update devices set last_seen_at = max(coalesce(last_seen_at, 0), ?) where id = ?'),
    health: raw.prepare('update devices set health = ?, health_since = ?, health_reason = ? where id = ?'),
    history: raw.prepare('insert into device_health_history (id, device_id, at, health, reason) values (?, ?, ?, ?, ?)'),
    discovered: raw.prepare(
      `insert into discovered_devices (code, site_code, address, source, last_kind, events, first_seen_at, last_seen_at) values (?, ?, ?, ?, ?, ?, ?, ?)
       on conflict (code) do update set events = discovered_devices.events + excluded.events,
         last_seen_at = max(discovered_devices.last_seen_at, excluded.last_seen_at), last_kind = excluded.last_kind, source = excluded.source,
         site_code = coalesce(excluded.site_code, discovered_devices.site_code), address = coalesce(excluded.address, discovered_devices.address)`,
    ),
  };
}

/**
 * Ingest transactions on one SQLite connection (the main one, or the writer thread's own): statements prepared on
 * first use, each call one IMMEDIATE transaction that commits everything fn wrote or nothing.
 */
export function createSqliteIngestWrite(raw: SQLite.Database) {
  let statements: SqliteStatements | null = null;
  return async function write<T>(fn: (writer: IngestWriter) => Promise<T>): Promise<T> {
    statements ??= prepareSqlite(raw);
    raw.exec('begin immediate');
    try {
      const result = await fn(sqliteWriter(statements));
      raw.exec('commit');
      return result;
    } catch (error) {
      if (raw.inTransaction) raw.exec('rollback');
      throw error;
    }
  };
}

/** Every query of the ingest pipeline; dialect differences live here only. */
export function createIngestRepository(db: Db) {
  const greatest = db.dialect === 'postgres' ? 'greatest' : 'max';
  const least = db.dialect === 'postgres' ? 'least' : 'min';
  const sqliteWrite = db.sqlite ? createSqliteIngestWrite(db.sqlite) : null;

  return {
    /** Runs fn in one transaction on the main connection; everything it writes commits together or not at all. */
    async write<T>(fn: (writer: IngestWriter) => Promise<T>): Promise<T> {
      if (!sqliteWrite) return db.kysely.transaction().execute((trx) => fn(kyselyWriter(trx, greatest, least)));
      return withSqliteConnection(db, () => sqliteWrite(fn));
    },

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

/**
 * The registered device a syslog sender is: by its IP address first, then by its hostname as a device code (network
 * gear is usually named like its code). Case-insensitive on the code.
 */
export async function findDeviceByAddress(db: Executor, address: string, hostname: string | null): Promise<{ code: string; siteCode: string } | null> {
  const base = db.selectFrom('devices').innerJoin('sites', 'sites.id', 'devices.site_id').select(['devices.code as code', 'sites.code as siteCode']);
  const byIp = await base.where('devices.ip', '=', address).limit(1).executeTakeFirst();
  if (byIp) return byIp;
  if (!hostname) return null;
  return (await base.where(sql`upper(devices.code)`, '=', hostname.toUpperCase()).limit(1).executeTakeFirst()) ?? null;
}
