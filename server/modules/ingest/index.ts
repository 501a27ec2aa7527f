/**
 * The ingest module's public surface (SPEC C2, §5.3): telemetry in over HTTP, MQTT, syslog and the Alertmanager and
 * Grafana webhooks, validated item by item and stored with device liveness and health. Others use the envelope
 * types (the simulator, device vendors' contract), the stored tables' types (telemetry reads them), the heartbeat
 * vitals, and the transports main.ts starts.
 */
export { EVENT_KINDS, type Envelope, type EventKind, type IngestSink, type IngestSource, type ItemResult } from './envelope.ts';
export { HEARTBEAT_VITALS, vitalOf } from './derive.ts';
export { eventAttributes } from './signals.ts';
export type { EventsTable, IngestTables, TransactionsTable } from './ingest.tables.ts';
/** The stored transactions of a span, streamed page by page (reconciliation's `live` source reads them). */
export { streamTransactions, TRANSACTION_PAGE } from './transactions.read.ts';
export type { IngestService } from './ingest.service.ts';
export { createMqttIngest, MQTT_TOPIC_FILTER } from './mqtt.ts';
export { DEFAULT_MAX_MESSAGE_BYTES } from './syslog/syslog.parser.ts';
export { createSyslogServer } from './syslog/syslog.server.ts';
