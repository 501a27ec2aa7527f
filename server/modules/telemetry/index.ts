/**
 * The telemetry module's public surface: what devices sent, read back — recent events and one-minute charts. It is
 * the read side of what the ingest module stores (it queries ingest's tables, whose types ingest exports).
 */
export type { TelemetryService } from './telemetry.service.ts';
