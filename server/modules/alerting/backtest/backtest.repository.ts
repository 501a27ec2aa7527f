import { sql, type RawBuilder } from 'kysely';
import type { Db } from '../../../db/database.ts';
import type { TxnFilter } from '../rules/rule.schemas.ts';
import type { HourlySums } from './rolling-normals.ts';
import { readVitals, vitalExpression, type VitalRow } from '../engine/stored-vitals.ts';

/**
 * What a backtest reads of the stored telemetry, a time slice and a few devices at a time (the caller keeps slices
 * small enough to hold), always through an index that starts with the device: metric_rollups' primary key
 * (device_code, metric, minute), events (device_code, ts), transactions (device_code, device_ts),
 * device_health_history (device_id, at). Logins have no index by device or by time alone (logins_account_idx,
 * logins_ip_idx): a slice of logins is one scan of the table, so the caller takes them in few, long slices.
 *
 * Dialect quirks live here: heartbeat vitals and event fields are read out of the stored JSON text by the database
 * (json_extract on SQLite, jsonb on PostgreSQL) so that a month of heartbeats is not parsed in JavaScript.
 */

export interface RollupRow {
  device_code: string;
  minute: number;
  count: number;
  sum: number;
  min: number;
  max: number;
  last: number;
}

export type { VitalRow } from '../engine/stored-vitals.ts';

/** Counts of one series in one minute. */
export interface SeriesCountRow {
  minute: number;
  key: string;
  n: number;
  d: number;
  /** a device of the series (logins by account) */
  device: string | null;
}

export interface DeviceEventRow {
  device_code: string;
  ts: number;
  data: string;
  labels: string | null;
}

export interface HealthRow {
  device_id: string;
  at: number;
  health: string;
  reason: string | null;
}

export interface FiredAlertRow {
  fired_at: number;
  resolved_at: number | null;
  labels: string;
  value: number | null;
}

const list = (values: readonly string[]): RawBuilder<unknown> => sql.join(values.map((v) => sql`${v}`));
const num = (v: unknown): number => Number(v);

/** A ratio's filter as the evaluator tests it (observe.ts): each list given must hold the value; a null channel is in none. */
function filterSql(f: TxnFilter): RawBuilder<boolean> {
  const parts: RawBuilder<unknown>[] = [];
  if (f.types?.length) parts.push(sql`t.type in (${list(f.types)})`);
  if (f.channels?.length) parts.push(sql`t.channel in (${list(f.channels)})`);
  if (f.statuses?.length) parts.push(sql`t.status in (${list(f.statuses)})`);
  return parts.length > 0 ? sql<boolean>`(${sql.join(parts, sql` and `)})` : sql<boolean>`1 = 1`;
}

const eventType = (dialect: Db['dialect']): RawBuilder<string> => (dialect === 'sqlite' ? sql`json_extract(data, '$.type')` : sql`(data::jsonb ->> 'type')`);

export function createBacktestRepository(db: Db) {
  const k = db.kysely;
  const { dialect } = db;

  return {
    /** One metric's roll-ups of these devices in [from, to), oldest first (every column a number on both databases). */
    rollups(metric: string, codes: readonly string[], from: number, to: number): Promise<RollupRow[]> {
      return k
        .selectFrom('metric_rollups')
        .select(['device_code', 'minute', 'count', 'sum', 'min', 'max', 'last'])
        .where('device_code', 'in', codes)
        .where('metric', '=', metric)
        .where('minute', '>=', from)
        .where('minute', '<', to)
        .orderBy('minute')
        .execute();
    },

    /** One vital from these devices' stored heartbeats in [from, to), oldest first; heartbeats without it left out. */
    vitals: (vital: string, codes: readonly string[], from: number, to: number): Promise<VitalRow[]> => readVitals(db, vital, codes, from, to),

    /**
     * Transactions counted per minute and series in [from, to): `d` those the denominator filter takes, `n` those the
     * numerator filter takes as well (a ratio's two counts; a count's total is `d`). The series is the device, its
     * site or the channel (`none` for none), as the evaluator keeps a rule's series apart. Only registered devices'
     * transactions count — the evaluator knows no others — and only these devices' when `codes` is given.
     */
    async transactionSeries(q: { from: number; to: number; by: 'device' | 'site' | 'channel'; numerator: TxnFilter; denominator: TxnFilter; codes: readonly string[] | null; channel?: string | null }): Promise<SeriesCountRow[]> {
      const key = q.by === 'device' ? sql`t.device_code` : q.by === 'site' ? sql`d.site_id` : sql`coalesce(t.channel, 'none')`;
      const onDevices = q.codes === null ? sql`` : sql` and t.device_code in (${list(q.codes)})`;
      const onChannel = q.channel === undefined ? sql`` : q.channel === null ? sql` and t.channel is null` : sql` and t.channel = ${q.channel}`;
      // Imported transactions (reconciliation files) never went through ingest: no rule saw them.
      const { rows } = await sql<SeriesCountRow>`select minute, key, sum(num) as n, count(*) as d from (
          select t.device_ts - (t.device_ts % 60000) as minute, ${key} as key, case when ${filterSql(q.numerator)} then 1 else 0 end as num
          from transactions t join devices d on d.code = t.device_code
          where t.device_ts >= ${q.from} and t.device_ts < ${q.to} and t.source <> 'import' and ${filterSql(q.denominator)}${onDevices}${onChannel}
        ) x group by minute, key order by minute`.execute(k);
      return rows.map((r) => ({ minute: num(r.minute), key: r.key, n: num(r.n), d: num(r.d), device: null }));
    },

    /**
     * Logins counted per minute and series in [from, to) — the device, its site or the account — failed ones alone
     * when asked, of registered devices (these when given), one account's when given. `device` is one device the
     * series saw, which an account's series is labelled with (its site), as the evaluator labels it from the first.
     */
    async loginSeries(q: { from: number; to: number; by: 'device' | 'site' | 'account'; failedOnly: boolean; codes: readonly string[] | null; account?: string }): Promise<SeriesCountRow[]> {
      const key = q.by === 'device' ? sql`l.device_code` : q.by === 'site' ? sql`d.site_id` : sql`l.account`;
      const onDevices = q.codes === null ? sql`` : sql` and l.device_code in (${list(q.codes)})`;
      const onAccount = q.account === undefined ? sql`` : sql` and l.account = ${q.account}`;
      const onResult = q.failedOnly ? sql` and l.result <> 'ok'` : sql``;
      const { rows } = await sql<SeriesCountRow>`select l.ts - (l.ts % 60000) as minute, ${key} as key, count(*) as d, min(l.device_code) as device
        from logins l join devices d on d.code = l.device_code
        where l.ts >= ${q.from} and l.ts < ${q.to}${onResult}${onDevices}${onAccount}
        group by l.ts - (l.ts % 60000), ${key}
        order by minute`.execute(k);
      return rows.map((r) => ({ minute: num(r.minute), key: r.key, n: num(r.d), d: num(r.d), device: r.device }));
    },

    /** These devices' events (kind 'event') in [from, to), oldest first; only of these types when given. */
    async deviceEvents(codes: readonly string[], from: number, to: number, types: readonly string[] | null): Promise<DeviceEventRow[]> {
      const ofType = types ? sql` and ${eventType(dialect)} in (${list(types)})` : sql``;
      const { rows } = await sql<DeviceEventRow>`select device_code, ts, data, labels from events
        where device_code in (${list(codes)}) and ts >= ${from} and ts < ${to} and kind = 'event'${ofType}
        order by ts, id`.execute(k);
      return rows.map((r) => ({ ...r, ts: num(r.ts) }));
    },

    /** These devices' health changes in [from, to), oldest first. */
    async healthChanges(deviceIds: readonly string[], from: number, to: number): Promise<HealthRow[]> {
      const rows = await k
        .selectFrom('device_health_history')
        .select(['device_id', 'at', 'health', 'reason'])
        .where('device_id', 'in', deviceIds)
        .where('at', '>=', from)
        .where('at', '<', to)
        .orderBy('at')
        .orderBy('id')
        .execute();
      return rows.map((r) => ({ ...r, at: num(r.at) }));
    },

    /** Each device's last health change before `before`: its state when the replay starts. */
    async healthBefore(deviceIds: readonly string[], before: number): Promise<HealthRow[]> {
      const { rows } = await sql<HealthRow>`select h.device_id, h.at, h.health, h.reason from device_health_history h
        where h.device_id in (${list(deviceIds)})
          and h.at = (select max(x.at) from device_health_history x where x.device_id = h.device_id and x.at < ${before})
        order by h.at, h.id`.execute(k);
      return rows.map((r) => ({ ...r, at: num(r.at) }));
    },

    /** When a device last reported anything at or before `at` (an absence rule times silence from it), if still stored. */
    async lastReportAt(code: string, at: number): Promise<number | null> {
      const row = await k.selectFrom('events').select((eb) => eb.fn.max('ts').as('ts')).where('device_code', '=', code).where('ts', '<=', at).executeTakeFirst();
      return row?.ts === null || row?.ts === undefined ? null : num(row.ts);
    },

    /** These devices' metric per hour in [from, to): how many minutes, Σ and Σ² of their averages (baseline learning). */
    async hourlyMetric(codes: readonly string[], metric: string, from: number, to: number): Promise<(HourlySums & { device_code: string })[]> {
      const { rows } = await sql<HourlySums & { device_code: string }>`select device_code, minute - (minute % 3600000) as hour, count(*) as n, sum(sum / count) as sum, sum((sum / count) * (sum / count)) as "sumSq"
        from metric_rollups
        where device_code in (${list(codes)}) and metric = ${metric} and minute >= ${from} and minute < ${to}
        group by device_code, minute - (minute % 3600000)
        order by hour`.execute(k);
      return rows.map((r) => ({ device_code: r.device_code, hour: num(r.hour), n: num(r.n), sum: num(r.sum), sumSq: num(r.sumSq) }));
    },

    /** The same from these devices' heartbeats for a vital: per minute, the average of its heartbeats (as the replay folds them). */
    async hourlyVital(codes: readonly string[], vital: string, from: number, to: number): Promise<(HourlySums & { device_code: string })[]> {
      const { rows } = await sql<HourlySums & { device_code: string }>`select device_code, minute - (minute % 3600000) as hour, count(*) as n, sum(value) as sum, sum(value * value) as "sumSq" from (
          select device_code, ts - (ts % 60000) as minute, avg(value) as value from (
            select device_code, ts, ${vitalExpression(dialect, vital)} as value from events
            where device_code in (${list(codes)}) and ts >= ${from} and ts < ${to} and kind = 'heartbeat'
          ) v where value is not null
          group by device_code, ts - (ts % 60000)
        ) m
        group by device_code, minute - (minute % 3600000)
        order by hour`.execute(k);
      return rows.map((r) => ({ device_code: r.device_code, hour: num(r.hour), n: num(r.n), sum: num(r.sum), sumSq: num(r.sumSq) }));
    },

    /** How many alerts a rule really raised that fired in [from, to) or were still firing then, and their firing time in it. */
    async firedTotals(ruleId: string, from: number, to: number, siteIds: readonly string[] | null): Promise<{ alerts: number; firingMs: number }> {
      if (siteIds !== null && siteIds.length === 0) return { alerts: 0, firingMs: 0 };
      const inSites = siteIds === null ? sql`` : sql` and site_id in (${list(siteIds)})`;
      const { rows } = await sql<{ n: number; ms: number | null }>`select count(*) as n,
          sum((case when resolved_at is null or resolved_at > ${to} then ${to} else resolved_at end) - (case when fired_at < ${from} then ${from} else fired_at end)) as ms
        from alerts
        where rule_id = ${ruleId} and fired_at is not null and fired_at < ${to} and (resolved_at is null or resolved_at > ${from})${inSites}`.execute(k);
      return { alerts: num(rows[0]?.n ?? 0), firingMs: num(rows[0]?.ms ?? 0) };
    },

    /** The first `limit` of those alerts, oldest first. */
    async firedAlerts(ruleId: string, from: number, to: number, siteIds: readonly string[] | null, limit: number): Promise<FiredAlertRow[]> {
      if (siteIds !== null && siteIds.length === 0) return [];
      let query = k
        .selectFrom('alerts')
        .select(['fired_at', 'resolved_at', 'labels', 'value'])
        .where('rule_id', '=', ruleId)
        .where('fired_at', 'is not', null)
        .where('fired_at', '<', to)
        .where((eb) => eb.or([eb('resolved_at', 'is', null), eb('resolved_at', '>', from)]));
      if (siteIds !== null) query = query.where('site_id', 'in', siteIds);
      const rows = await query.orderBy('fired_at').orderBy('id').limit(limit).execute();
      return rows.map((r) => ({ fired_at: num(r.fired_at), resolved_at: r.resolved_at === null ? null : num(r.resolved_at), labels: r.labels, value: r.value === null ? null : num(r.value) }));
    },
  };
}

export type BacktestRepository = ReturnType<typeof createBacktestRepository>;
