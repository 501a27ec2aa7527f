/**
 * The event envelope of SPEC §5.3: every transport (HTTP batch, MQTT, syslog, Alertmanager and Grafana webhooks)
 * turns what it receives into these, and hands them to the ingest pipeline, which validates each one on its own.
 */
export const EVENT_KINDS = ['heartbeat', 'metric', 'event', 'txn', 'login'] as const;
export type EventKind = (typeof EVENT_KINDS)[number];

export interface Envelope {
  /** sortable unique id (ULID or UUIDv7); re-sending the same id is a no-op */
  id: string;
  kind: EventKind;
  /** ISO 8601 with offset, device time */
  ts: string;
  /** the device code (or service name) */
  device: string;
  /** the site code, when the sender knows it */
  site?: string;
  labels?: Record<string, string>;
  data: Record<string, unknown>;
}

export type IngestSource = 'http' | 'mqtt' | 'syslog' | 'alertmanager' | 'grafana';

export interface ItemError {
  code: string;
  message: string;
  /** e.g. "data.amountFen" */
  field?: string;
}

/** The outcome for one item, in the order the items came. */
export interface ItemResult {
  index: number;
  id: string | null;
  status: 'accepted' | 'duplicate' | 'rejected';
  error?: ItemError;
}

/**
 * Where transports deliver. Resolves only after accepted items are committed (acknowledged = committed); rejects
 * only when nothing could be stored (database down, node saturated) so that the transport can refuse the batch.
 */
export interface IngestSink {
  ingest(items: readonly unknown[], source: IngestSource): Promise<ItemResult[]>;
}

/** An item a transport could not even parse (a bad NDJSON line, an MQTT payload that is not JSON): rejected by itself. */
export class UnparsableItem {
  constructor(
    readonly message: string,
    /** INVALID_JSON, or ITEM_TOO_LARGE for an item too long to be read at all */
    readonly code: 'INVALID_JSON' | 'ITEM_TOO_LARGE' = 'INVALID_JSON',
  ) {}
}
