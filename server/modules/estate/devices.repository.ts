import { sql } from 'kysely';
import { keyset, pageQuery, type Keyset, type PageRequest } from '../../db/keyset.ts';
import { containsText, type Executor } from '../../db/types.ts';
import { newId } from '../../ids.ts';
import { HEALTH_PROBLEM_ORDER, problemRank } from './catalog.ts';
import type { DeviceHealth, DeviceHealthHistoryTable, DevicesTable } from './estate.tables.ts';
import { encodeHealthReason, type HealthReason } from './health-reason.ts';

/** A device with the code of its site, which every view shows. */
export type DeviceRow = DevicesTable & { site_code: string };

export interface RecentHealthRow {
  id: string;
  code: string;
  name: string;
  site_id: string;
  site_code: string;
  health: DeviceHealth;
  health_reason: string | null;
  health_since: number;
}

export interface DeviceFilter {
  /** null: every site; otherwise only devices of these sites (the caller's scope) */
  onlySiteIds: readonly string[] | null;
  siteId?: string;
  subsystem?: string;
  type?: string;
  health?: DeviceHealth;
  upstreamId?: string;
  /** text in code, name, IP or serial */
  q?: string;
  /** 'problems': by problemRank(health), then code (the default); 'code': by code alone */
  order?: DeviceOrder;
}

export type DeviceOrder = 'problems' | 'code';

/** problemRank(health) in SQL: literals only, so both databases type it as an integer. */
const PROBLEM_RANK = sql<number>`(case devices.health ${sql.join(
  HEALTH_PROBLEM_ORDER.map((health, rank) => sql`when ${sql.lit(health)} then ${sql.lit(rank)}`),
  sql` `,
)} else ${sql.lit(HEALTH_PROBLEM_ORDER.length)} end)`;

const BY_CODE = { column: 'devices.code', direction: 'asc', type: 'text', of: (r: DeviceRow) => r.code } as const;

/**
 * The device list's orders. Code is unique, so each is total: a page never repeats or skips a device that kept its
 * health meanwhile (one that changed health moves to its new place, like in any live list). A cursor belongs to its
 * order: the two hold different keys.
 */
export const DEVICE_ORDERS: Record<DeviceOrder, Keyset<DeviceRow>> = {
  problems: keyset<DeviceRow>({ column: PROBLEM_RANK, direction: 'asc', type: 'integer', of: (r) => problemRank(r.health) }, BY_CODE),
  code: keyset<DeviceRow>(BY_CODE),
};

/** A device's health changes newest first, the id breaking ties between changes of the same millisecond. */
export const HEALTH_HISTORY_ORDER = keyset<DeviceHealthHistoryTable>(
  { column: 'at', direction: 'desc', type: 'integer', of: (r) => r.at },
  { column: 'id', direction: 'desc', type: 'text', of: (r) => r.id },
);

/** Rows per multi-row INSERT and per IN (…) list: well inside SQLite's and PostgreSQL's bound-parameter limits. */
const CHUNK = 500;

function chunks<T>(items: readonly T[], size = CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

const withSite = (db: Executor) => db.selectFrom('devices').innerJoin('sites', 'sites.id', 'devices.site_id').selectAll('devices').select('sites.code as site_code');

/**
 * Moves a device to a new health state and keeps the history row that says when and why. The telemetry pipeline
 * calls this when a device goes online or offline; operators reach it through maintenance.
 */
export async function recordHealthChange(trx: Executor, change: { deviceId: string; health: DeviceHealth; reason: HealthReason | null; at: number }): Promise<void> {
  const reason = encodeHealthReason(change.reason);
  await trx.updateTable('devices').set({ health: change.health, health_since: change.at, health_reason: reason }).where('id', '=', change.deviceId).execute();
  await trx.insertInto('device_health_history').values({ id: newId(), device_id: change.deviceId, at: change.at, health: change.health, reason }).execute();
}

export const devicesRepository = {
  findById: (db: Executor, id: string): Promise<DeviceRow | undefined> => withSite(db).where('devices.id', '=', id).executeTakeFirst(),

  findByCode: (db: Executor, code: string): Promise<DeviceRow | undefined> => withSite(db).where('devices.code', '=', code).executeTakeFirst(),

  async findByCodes(db: Executor, codes: readonly string[]): Promise<DeviceRow[]> {
    const rows: DeviceRow[] = [];
    for (const part of chunks([...new Set(codes)])) rows.push(...(await withSite(db).where('devices.code', 'in', part).execute()));
    return rows;
  },

  async list(db: Executor, filter: DeviceFilter, page: PageRequest): Promise<DeviceRow[]> {
    if (filter.onlySiteIds !== null && filter.onlySiteIds.length === 0) return [];
    let query = withSite(db);
    if (filter.onlySiteIds !== null) query = query.where('devices.site_id', 'in', filter.onlySiteIds);
    if (filter.siteId !== undefined) query = query.where('devices.site_id', '=', filter.siteId);
    if (filter.subsystem !== undefined) query = query.where('devices.subsystem', '=', filter.subsystem);
    if (filter.type !== undefined) query = query.where('devices.type', '=', filter.type);
    if (filter.health !== undefined) query = query.where('devices.health', '=', filter.health);
    if (filter.upstreamId !== undefined) query = query.where('devices.upstream_id', '=', filter.upstreamId);
    if (filter.q) {
      const q = filter.q;
      query = query.where((eb) => eb.or(['devices.code', 'devices.name', 'devices.ip', 'devices.serial'].map((c) => containsText(c, q))));
    }
    return pageQuery(query, DEVICE_ORDERS[filter.order ?? 'problems'], page).execute();
  },

  /** How many direct children a device has among the given sites (null: all). */
  async countChildren(db: Executor, id: string, onlySiteIds: readonly string[] | null): Promise<number> {
    if (onlySiteIds !== null && onlySiteIds.length === 0) return 0;
    let query = db.selectFrom('devices').select((eb) => eb.fn.countAll<number>().as('n')).where('upstream_id', '=', id);
    if (onlySiteIds !== null) query = query.where('site_id', 'in', onlySiteIds);
    return Number((await query.executeTakeFirstOrThrow()).n);
  },

  async upstreamOf(db: Executor, id: string): Promise<string | null> {
    const row = await db.selectFrom('devices').select('upstream_id').where('id', '=', id).executeTakeFirst();
    return row?.upstream_id ?? null;
  },

  insert: (db: Executor, row: DevicesTable) => db.insertInto('devices').values(row).execute(),

  /** Rows in order, so that a row may name an earlier one as its upstream. */
  async insertMany(db: Executor, rows: readonly DevicesTable[]): Promise<void> {
    for (const part of chunks(rows)) await db.insertInto('devices').values(part).execute();
  },

  update: (db: Executor, id: string, patch: Partial<Omit<DevicesTable, 'id' | 'code'>>) => db.updateTable('devices').set(patch).where('id', '=', id).execute(),

  /** A page of a device's health history in HEALTH_HISTORY_ORDER. */
  healthHistory(db: Executor, deviceId: string, page: PageRequest): Promise<DeviceHealthHistoryTable[]> {
    return pageQuery(db.selectFrom('device_health_history').selectAll().where('device_id', '=', deviceId), HEALTH_HISTORY_ORDER, page).execute();
  },

  /** Device counts per site, subsystem and health: the estate tree's numbers. */
  async healthCounts(db: Executor, onlySiteIds: readonly string[] | null): Promise<{ site_id: string; subsystem: string; health: DeviceHealth; n: number }[]> {
    if (onlySiteIds !== null && onlySiteIds.length === 0) return [];
    let query = db
      .selectFrom('devices')
      .select(['site_id', 'subsystem', 'health', (eb) => eb.fn.countAll<number>().as('n')])
      .groupBy(['site_id', 'subsystem', 'health']);
    if (onlySiteIds !== null) query = query.where('site_id', 'in', onlySiteIds);
    const rows = await query.execute();
    return rows.map((r) => ({ ...r, n: Number(r.n) }));
  },

  /**
   * The devices whose health changed last, from the devices table (one row per device, its current state): a glance
   * wants "what changed lately", not every flap of one device, and this stays cheap however long the history grows.
   * A device that never changed (registered, not heard from) has nothing to tell.
   */
  async recentChanges(db: Executor, onlySiteIds: readonly string[] | null, limit: number): Promise<RecentHealthRow[]> {
    if (onlySiteIds !== null && onlySiteIds.length === 0) return [];
    let query = db
      .selectFrom('devices')
      .innerJoin('sites', 'sites.id', 'devices.site_id')
      .select(['devices.id', 'devices.code', 'devices.name', 'devices.site_id', 'sites.code as site_code', 'devices.health', 'devices.health_reason', 'devices.health_since'])
      .where((eb) => eb.or([eb('devices.health', '!=', 'unknown'), eb('devices.health_reason', 'is not', null)]));
    if (onlySiteIds !== null) query = query.where('devices.site_id', 'in', onlySiteIds);
    return query.orderBy('devices.health_since', 'desc').orderBy('devices.id', 'desc').limit(limit).execute();
  },
};
