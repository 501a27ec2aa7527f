import type { ValidEnvelope } from './envelope.validate.ts';
import type { EventsTable, LoginsTable, MetricRollupsTable, TransactionsTable } from './ingest.tables.ts';

/**
 * What one envelope becomes in storage: the raw event always, plus a transaction, a login or roll-up samples by
 * kind. Pure, so the pipeline can prepare everything before it opens its transaction.
 */
const MINUTE = 60_000;

export const toEventRow = (e: ValidEnvelope, source: string, receivedAt: number): EventsTable => ({
  id: e.id,
  kind: e.kind,
  ts: e.tsMs,
  received_at: receivedAt,
  device_code: e.device,
  site_code: e.site ?? null,
  source,
  labels: e.labels ? JSON.stringify(e.labels) : null,
  data: JSON.stringify(e.data),
});

const strOrNull = (v: unknown): string | null => (typeof v === 'string' ? v : null);
const intOrNull = (v: unknown): number | null => (typeof v === 'number' ? v : null);

export function toTransactionRow(e: ValidEnvelope, receivedAt: number, source: string): TransactionsTable {
  const d = e.data;
  return {
    txn_id: d.txnId as string,
    event_id: e.id,
    type: d.type as string,
    amount_fen: d.amountFen as number,
    account: strOrNull(d.account),
    card: strOrNull(d.card),
    channel: strOrNull(d.channel),
    status: d.status as string,
    error_code: strOrNull(d.errorCode),
    card_counter: intOrNull(d.cardCounter),
    balance_before_fen: intOrNull(d.balanceBeforeFen),
    balance_after_fen: intOrNull(d.balanceAfterFen),
    device_code: e.device,
    site_code: e.site ?? null,
    device_ts: e.tsMs,
    collected_at: receivedAt,
    offline: d.offline === true ? 1 : 0,
    source,
  };
}

export function toLoginRow(e: ValidEnvelope): LoginsTable {
  const d = e.data;
  return {
    event_id: e.id,
    account: d.account as string,
    ip: d.ip as string,
    client_device: strOrNull(d.deviceId),
    user_agent: strOrNull(d.userAgent),
    result: d.result as string,
    reason: strOrNull(d.reason),
    device_code: e.device,
    site_code: e.site ?? null,
    ts: e.tsMs,
  };
}

export interface Sample {
  device: string;
  metric: string;
  ts: number;
  value: number;
}

/**
 * The numbers a heartbeat carries. They are not rolled up at ingest: a heartbeat every 30–60 s already is one point a
 * minute, and writing four roll-up rows per heartbeat cost more than everything else the pipeline does. Charts of
 * them are computed from the stored heartbeats (telemetry.service.ts).
 */
export const HEARTBEAT_VITALS = ['cpu', 'memPct', 'diskPct', 'tempC', 'onBattery'] as const;

/** A metric event's value, for the one-minute roll-ups. */
export function samplesOf(e: ValidEnvelope, into: Sample[]): void {
  if (e.kind === 'metric') into.push({ device: e.device, metric: e.data.name as string, ts: e.tsMs, value: e.data.value as number });
}

/** A heartbeat's vital as a number (onBattery as 0/1), or null when it did not report it. */
export function vitalOf(data: Record<string, unknown>, name: (typeof HEARTBEAT_VITALS)[number]): number | null {
  const v = data[name];
  if (typeof v === 'number') return v;
  if (typeof v === 'boolean') return v ? 1 : 0;
  return null;
}

/** Folds samples into one row per device, metric and minute (the batch's share of that minute). */
export function aggregateRollups(samples: readonly Sample[]): MetricRollupsTable[] {
  const rows = new Map<string, MetricRollupsTable & { lastTs: number }>();
  for (const s of samples) {
    const minute = Math.floor(s.ts / MINUTE) * MINUTE;
    const key = `${s.device}\u0000${s.metric}\u0000${minute}`;
    const row = rows.get(key);
    if (!row) {
      rows.set(key, { device_code: s.device, metric: s.metric, minute, count: 1, sum: s.value, min: s.value, max: s.value, last: s.value, lastTs: s.ts });
      continue;
    }
    row.count++;
    row.sum += s.value;
    if (s.value < row.min) row.min = s.value;
    if (s.value > row.max) row.max = s.value;
    if (s.ts >= row.lastTs) {
      row.last = s.value;
      row.lastTs = s.ts;
    }
  }
  return [...rows.values()].map(({ lastTs: _, ...row }) => row);
}
