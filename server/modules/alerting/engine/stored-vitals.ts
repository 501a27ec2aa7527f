import { sql, type RawBuilder } from 'kysely';
import type { Db } from '../../../db/database.ts';
import { HEARTBEAT_VITALS } from '../../ingest/index.ts';

/**
 * Heartbeat vitals as stored: ingest does not roll them up (a heartbeat a minute already is one point a minute), so
 * whoever needs their history — a baseline learning its normal, a backtest replaying a month — reads the heartbeats.
 */
export interface VitalRow {
  device_code: string;
  ts: number;
  value: number;
}

const VITALS = new Set<string>(HEARTBEAT_VITALS);
export const isVital = (metric: string): boolean => VITALS.has(metric);

/** A heartbeat vital as a number (onBattery as 0/1), or null when the heartbeat did not report it: ingest's vitalOf. */
export function vitalExpression(dialect: Db['dialect'], vital: string): RawBuilder<number | null> {
  const path = `$.${vital}`;
  if (dialect === 'sqlite') {
    return sql`case json_type(data, ${path}) when 'integer' then json_extract(data, ${path}) when 'real' then json_extract(data, ${path}) when 'true' then 1 when 'false' then 0 end`;
  }
  const key = sql`${vital}::text`;
  return sql`case jsonb_typeof(data::jsonb -> ${key}) when 'number' then (data::jsonb ->> ${key})::float8 when 'boolean' then case when (data::jsonb ->> ${key}) = 'true' then 1.0 else 0.0 end end`;
}

/** One vital from these devices' stored heartbeats in [from, to), oldest first; heartbeats without it left out. */
export async function readVitals(db: Db, vital: string, codes: readonly string[], from: number, to: number): Promise<VitalRow[]> {
  if (codes.length === 0) return [];
  const { rows } = await sql<VitalRow>`select device_code, ts, value from (
      select device_code, ts, ${vitalExpression(db.dialect, vital)} as value from events
      where device_code in (${sql.join(codes.map((c) => sql`${c}`))}) and ts >= ${from} and ts < ${to} and kind = 'heartbeat'
    ) v where value is not null order by ts`.execute(db.kysely);
  return rows.map((r) => ({ device_code: r.device_code, ts: Number(r.ts), value: Number(r.value) }));
}
