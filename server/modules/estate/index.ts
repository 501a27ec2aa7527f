/**
 * The estate module's public surface (SPEC C1): sites' devices with their topology and health, discovered devices,
 * configuration records, spare parts and bulk imports. Others use a device's health (its states and reasons, and
 * recording a change), a device as a user may see it, and the table types.
 */
export { DEVICE_HEALTHS } from './catalog.ts';
export { recordHealthChange } from './devices.repository.ts';
export {
  findDeviceByAddress,
  kyselyDeviceTelemetry,
  sqliteDeviceTelemetry,
  type DeviceState,
  type DeviceTelemetryWriter,
  type DiscoveredTouch,
  type HealthChange,
  type ReportingDevice,
} from './device-telemetry.ts';
export { visibleDevice } from './devices.visible.ts';
/** Device health for plans' verifiable steps. */
export { deviceHealthByCode, deviceHealthsOfType } from './device-health-facts.ts';
export { bookSpareMovement, type BookedSpareMovement } from './spare-parts.service.ts';
export type { DeviceHealth, DevicesTable, EstateTables } from './estate.tables.ts';
export { decodeHealthReason, encodeHealthReason, HEALTH_REASON_CODES, HEALTH_REASONS, HealthReason, type HealthReasonCode } from './health-reason.ts';
/**
 * Reading uploaded spreadsheets (CSV in UTF-8/UTF-16/GBK/Big5, XLSX behind the zip guard) and mapping their columns
 * by English or Chinese header, for other modules' imports (the incident back-fill import).
 */
export { readSheet, sniffFormat, unreadable, type FileFormat, type Sheet, type SheetRow, type UploadedFile } from './imports.read.ts';
export { cellOf, mapColumns, normalizeHeader, unstorableCells, type ColumnMap, type ColumnSpec, type ImportProblem } from './imports.columns.ts';
export { ImportProblem as ImportProblemSchema } from './imports.schemas.ts';
