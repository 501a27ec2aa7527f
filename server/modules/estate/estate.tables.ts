export type DeviceHealth = 'online' | 'degraded' | 'offline' | 'maintenance' | 'unknown';

export interface DevicesTable {
  id: string;
  /** The code the device reports itself by (envelope `device`). */
  code: string;
  name: string;
  type: string;
  model: string | null;
  serial: string | null;
  ip: string | null;
  firmware: string | null;
  site_id: string;
  subsystem: string;
  /** YYYY-MM-DD */
  install_date: string | null;
  warranty_end: string | null;
  /** the switch or router this device hangs off */
  upstream_id: string | null;
  /** JSON object of string labels */
  labels: string;
  /** 1 while an operator has put the device in maintenance: its silence is expected */
  maintenance: number;
  health: DeviceHealth;
  health_since: number;
  health_reason: string | null;
  last_seen_at: number | null;
  created_at: number;
  updated_at: number;
}

export interface DeviceHealthHistoryTable {
  id: string;
  device_id: string;
  at: number;
  health: DeviceHealth;
  reason: string | null;
}

export interface DiscoveredDevicesTable {
  code: string;
  site_code: string | null;
  address: string | null;
  source: string;
  last_kind: string;
  events: number;
  first_seen_at: number;
  last_seen_at: number;
}

export interface ConfigRecordsTable {
  id: string;
  device_id: string;
  version: number;
  /** 'json' | 'text' */
  format: string;
  content: string;
  reason: string;
  /** incident or change request this change belongs to */
  change_ref: string | null;
  author_id: string | null;
  author_name: string;
  created_at: number;
}

export interface SparePartsTable {
  id: string;
  sku: string;
  name: string;
  category: string;
  unit: string;
  reorder_threshold: number;
  created_at: number;
  updated_at: number;
}

export interface SpareStockTable {
  part_id: string;
  warehouse: string;
  quantity: number;
}

export interface SpareMovementsTable {
  id: string;
  part_id: string;
  warehouse: string;
  delta: number;
  quantity_after: number;
  reason: string;
  incident_ref: string | null;
  actor_name: string;
  at: number;
}

export interface EstateTables {
  devices: DevicesTable;
  device_health_history: DeviceHealthHistoryTable;
  discovered_devices: DiscoveredDevicesTable;
  config_records: ConfigRecordsTable;
  spare_parts: SparePartsTable;
  spare_stock: SpareStockTable;
  spare_movements: SpareMovementsTable;
}
