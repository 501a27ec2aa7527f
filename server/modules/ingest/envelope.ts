/**
 * The event envelope of SPEC §5.3: every transport (HTTP batch, MQTT, syslog, Alertmanager and Grafana webhooks)
 * turns what it receives into these, and hands them to the ingest pipeline, which validates each one on its own.
 */
export const EVENT_KINDS = ['heartbeat', 'metric', 'event', 'txn', 'login'] as const;
export type EventKind = (typeof EVENT_KINDS)[number];

/*
 * What the fields may hold: envelope.validate.ts checks each item against these, and ingest.schemas.ts describes the
 * same for the OpenAPI document (ingest.schemas.test.ts holds the two to each other).
 */
/** 8–64 characters: a ULID or UUID, or any sortable id of letters, digits and _ . : - */
export const ENVELOPE_ID_PATTERN = '^[A-Za-z0-9][A-Za-z0-9_.:-]{7,63}$';
/** A device or site code: 1–64 letters, digits and _ . : @ / - */
export const REPORTED_CODE_PATTERN = '^[A-Za-z0-9][A-Za-z0-9_.:@/-]{0,63}$';
/** ISO 8601 with a zone: 2026-11-20T11:32:05.123+08:00 or …Z */
export const ZONED_TIME_PATTERN = '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}(:\\d{2}(\\.\\d{1,9})?)?(Z|[+-]\\d{2}:?\\d{2})$';
export const TXN_TYPES = ['consume', 'recharge', 'transfer', 'refund', 'subsidy', 'reversal', 'ticket_sale', 'ticket_check'] as const;
export const PAYMENT_CHANNELS = ['cash', 'card', 'wechat', 'alipay', 'bank', 'unionpay'] as const;
export const TXN_STATUSES = ['ok', 'failed', 'reversed'] as const;
export const SEVERITIES = ['info', 'warning', 'critical'] as const;
export const LINKS = ['wired', '4g'] as const;
export const LOGIN_RESULTS = ['ok', 'fail'] as const;
/** Nesting deeper than this in an envelope is refused: nothing a device sends needs it, and every reader walks it. */
export const MAX_ENVELOPE_DEPTH = 32;

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
