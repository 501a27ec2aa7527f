export interface EventsTable {
  /** the envelope id: re-sending it is a no-op */
  id: string;
  kind: string;
  /** device time */
  ts: number;
  received_at: number;
  device_code: string;
  site_code: string | null;
  /** http | mqtt | syslog | alertmanager | grafana */
  source: string;
  labels: string | null;
  data: string;
}

export interface MetricRollupsTable {
  device_code: string;
  metric: string;
  /** start of the minute, epoch ms */
  minute: number;
  count: number;
  sum: number;
  min: number;
  max: number;
  last: number;
}

export interface TransactionsTable {
  txn_id: string;
  event_id: string;
  type: string;
  amount_fen: number;
  account: string | null;
  card: string | null;
  channel: string | null;
  status: string;
  error_code: string | null;
  card_counter: number | null;
  balance_before_fen: number | null;
  balance_after_fen: number | null;
  device_code: string;
  site_code: string | null;
  device_ts: number;
  collected_at: number;
  offline: number;
  /** live | import | backfill */
  source: string;
}

export interface LoginsTable {
  event_id: string;
  account: string;
  ip: string;
  client_device: string | null;
  user_agent: string | null;
  result: string;
  reason: string | null;
  device_code: string;
  site_code: string | null;
  ts: number;
}

export interface IngestTables {
  events: EventsTable;
  metric_rollups: MetricRollupsTable;
  transactions: TransactionsTable;
  logins: LoginsTable;
}
