import type SQLite from 'better-sqlite3';
import { sql } from 'kysely';
import type { Executor } from '../../db/types.ts';
import { recordHealthChange } from './devices.repository.ts';
import type { DeviceHealth } from './estate.tables.ts';
import { encodeHealthReason, type HealthReason } from './health-reason.ts';

/**
 * What the telemetry pipeline (the ingest module) reads and writes of the estate, inside its own transaction: the
 * devices it hears from, their liveness and health, and the devices nobody registered yet. Two implementations of one
 * interface: over Kysely (PostgreSQL, one round trip per chunk) and over statements prepared once on a better-sqlite3
 * connection (SQLite's path, run row by row in-process — the ingest writer thread's).
 */
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
  /** code, site, subsystem and previous state: for the domain event */
  code: string;
  siteId: string;
  subsystem: string;
  previous: DeviceHealth;
  health: DeviceHealth;
  reason: HealthReason;
  at: number;
  historyId: string;
  /** when it was last heard from (absence rules time silence from it) */
  lastSeenAt: number | null;
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

export interface DeviceTelemetryWriter {
  devicesByCodes(codes: readonly string[]): Promise<ReportingDevice[]>;
  /** Moves last_seen_at forward (never back: late offline records must not make a device look fresh). */
  touchDevices(touches: readonly { id: string; lastSeenAt: number }[]): Promise<void>;
  recordHealthChanges(changes: readonly HealthChange[]): Promise<void>;
  upsertDiscovered(rows: readonly DiscoveredTouch[]): Promise<void>;
  /** Devices that reported health and have been silent since `silentSince` (read inside the sweep's transaction). */
  silentDevices(silentSince: number): Promise<DeviceState[]>;
}

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

/** Over Kysely, in `trx`. `greatest` is the dialect's two-argument maximum (PostgreSQL greatest, SQLite max). */
export function kyselyDeviceTelemetry(trx: Executor, greatest: 'greatest' | 'max'): DeviceTelemetryWriter {
  return {
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
 * Over statements prepared once on a better-sqlite3 connection; the caller runs them inside its own transaction.
 * The same statements as the Kysely writer.
 */
export function sqliteDeviceTelemetry(raw: SQLite.Database): DeviceTelemetryWriter {
  const s = {
    // One statement for any number of codes: the list goes in as a JSON array, so nothing is prepared per batch.
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
  return {
    devicesByCodes: async (codes) => (codes.length === 0 ? [] : (s.devicesByCodes.all(JSON.stringify(codes)) as ReportingDevice[])),
    async touchDevices(touches) {
      for (const t of touches) s.touch.run(t.lastSeenAt, t.id);
    },
    async recordHealthChanges(changes) {
      for (const c of changes) {
        const reason = encodeHealthReason(c.reason);
        s.health.run(c.health, c.at, reason, c.deviceId);
        s.history.run(c.historyId, c.deviceId, c.at, c.health, reason);
      }
    },
    silentDevices: async (silentSince) => s.silent.all(silentSince) as DeviceState[],
    async upsertDiscovered(rows) {
      for (const r of rows.map(discoveredRow)) s.discovered.run(r.code, r.site_code, r.address, r.source, r.last_kind, r.events, r.first_seen_at, r.last_seen_at);
    },
  };
}

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
