import type { Kysely } from 'kysely';

/**
 * FROZEN once shipped. The estate (C1: devices with topology and health, configuration records, spare parts) and
 * telemetry storage (C2: raw events, one-minute roll-ups, transactions, logins).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('sites').addColumn('opening_hours', 'text').execute();
  await db.schema.alterTable('sites').addColumn('description', 'text', (c) => c.notNull().defaultTo('')).execute();

  await db.schema
    .createTable('devices')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('code', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('model', 'text')
    .addColumn('serial', 'text')
    .addColumn('ip', 'text')
    .addColumn('firmware', 'text')
    .addColumn('site_id', 'text', (c) => c.notNull().references('sites.id'))
    .addColumn('subsystem', 'text', (c) => c.notNull())
    .addColumn('install_date', 'text')
    .addColumn('warranty_end', 'text')
    .addColumn('upstream_id', 'text', (c) => c.references('devices.id'))
    .addColumn('labels', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('maintenance', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('health', 'text', (c) => c.notNull())
    .addColumn('health_since', 'bigint', (c) => c.notNull())
    .addColumn('health_reason', 'text')
    .addColumn('last_seen_at', 'bigint')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('devices_site_idx').on('devices').columns(['site_id', 'code']).execute();
  await db.schema.createIndex('devices_upstream_idx').on('devices').column('upstream_id').execute();
  await db.schema.createIndex('devices_health_idx').on('devices').columns(['health', 'code']).execute();

  await db.schema
    .createTable('device_health_history')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('device_id', 'text', (c) => c.notNull().references('devices.id').onDelete('cascade'))
    .addColumn('at', 'bigint', (c) => c.notNull())
    .addColumn('health', 'text', (c) => c.notNull())
    .addColumn('reason', 'text')
    .execute();
  await db.schema.createIndex('device_health_history_idx').on('device_health_history').columns(['device_id', 'at']).execute();

  await db.schema
    .createTable('discovered_devices')
    .addColumn('code', 'text', (c) => c.primaryKey())
    .addColumn('site_code', 'text')
    .addColumn('address', 'text')
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('last_kind', 'text', (c) => c.notNull())
    .addColumn('events', 'integer', (c) => c.notNull())
    .addColumn('first_seen_at', 'bigint', (c) => c.notNull())
    .addColumn('last_seen_at', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('config_records')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('device_id', 'text', (c) => c.notNull().references('devices.id').onDelete('cascade'))
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('format', 'text', (c) => c.notNull())
    .addColumn('content', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('change_ref', 'text')
    .addColumn('author_id', 'text')
    .addColumn('author_name', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addUniqueConstraint('config_records_version_uq', ['device_id', 'version'])
    .execute();

  await db.schema
    .createTable('spare_parts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('sku', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('category', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('unit', 'text', (c) => c.notNull().defaultTo('pcs'))
    .addColumn('reorder_threshold', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('spare_stock')
    .addColumn('part_id', 'text', (c) => c.notNull().references('spare_parts.id').onDelete('cascade'))
    .addColumn('warehouse', 'text', (c) => c.notNull())
    .addColumn('quantity', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('spare_stock_pk', ['part_id', 'warehouse'])
    .execute();
  await db.schema
    .createTable('spare_movements')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('part_id', 'text', (c) => c.notNull().references('spare_parts.id').onDelete('cascade'))
    .addColumn('warehouse', 'text', (c) => c.notNull())
    .addColumn('delta', 'integer', (c) => c.notNull())
    .addColumn('quantity_after', 'integer', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('incident_ref', 'text')
    .addColumn('actor_name', 'text', (c) => c.notNull())
    .addColumn('at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('spare_movements_part_idx').on('spare_movements').columns(['part_id', 'at']).execute();

  await db.schema
    .createTable('events')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('ts', 'bigint', (c) => c.notNull())
    .addColumn('received_at', 'bigint', (c) => c.notNull())
    .addColumn('device_code', 'text', (c) => c.notNull())
    .addColumn('site_code', 'text')
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('labels', 'text')
    .addColumn('data', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('events_device_idx').on('events').columns(['device_code', 'ts']).execute();
  await db.schema.createIndex('events_received_idx').on('events').column('received_at').execute();

  await db.schema
    .createTable('metric_rollups')
    .addColumn('device_code', 'text', (c) => c.notNull())
    .addColumn('metric', 'text', (c) => c.notNull())
    .addColumn('minute', 'bigint', (c) => c.notNull())
    .addColumn('count', 'integer', (c) => c.notNull())
    .addColumn('sum', 'double precision', (c) => c.notNull())
    .addColumn('min', 'double precision', (c) => c.notNull())
    .addColumn('max', 'double precision', (c) => c.notNull())
    .addColumn('last', 'double precision', (c) => c.notNull())
    .addPrimaryKeyConstraint('metric_rollups_pk', ['device_code', 'metric', 'minute'])
    .execute();
  await db.schema.createIndex('metric_rollups_minute_idx').on('metric_rollups').column('minute').execute();

  await db.schema
    .createTable('transactions')
    .addColumn('txn_id', 'text', (c) => c.primaryKey())
    .addColumn('event_id', 'text', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('amount_fen', 'bigint', (c) => c.notNull())
    .addColumn('account', 'text')
    .addColumn('card', 'text')
    .addColumn('channel', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('error_code', 'text')
    .addColumn('card_counter', 'bigint')
    .addColumn('balance_before_fen', 'bigint')
    .addColumn('balance_after_fen', 'bigint')
    .addColumn('device_code', 'text', (c) => c.notNull())
    .addColumn('site_code', 'text')
    .addColumn('device_ts', 'bigint', (c) => c.notNull())
    .addColumn('collected_at', 'bigint', (c) => c.notNull())
    .addColumn('offline', 'integer', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('transactions_ts_idx').on('transactions').column('device_ts').execute();
  await db.schema.createIndex('transactions_account_idx').on('transactions').columns(['account', 'device_ts']).execute();
  await db.schema.createIndex('transactions_device_idx').on('transactions').columns(['device_code', 'device_ts']).execute();

  await db.schema
    .createTable('logins')
    .addColumn('event_id', 'text', (c) => c.primaryKey())
    .addColumn('account', 'text', (c) => c.notNull())
    .addColumn('ip', 'text', (c) => c.notNull())
    .addColumn('client_device', 'text')
    .addColumn('user_agent', 'text')
    .addColumn('result', 'text', (c) => c.notNull())
    .addColumn('reason', 'text')
    .addColumn('device_code', 'text', (c) => c.notNull())
    .addColumn('site_code', 'text')
    .addColumn('ts', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('logins_account_idx').on('logins').columns(['account', 'ts']).execute();
  await db.schema.createIndex('logins_ip_idx').on('logins').columns(['ip', 'ts']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    'logins', 'transactions', 'metric_rollups', 'events', 'spare_movements', 'spare_stock', 'spare_parts', 'config_records',
    'discovered_devices', 'device_health_history', 'devices',
  ]) {
    await db.schema.dropTable(table).execute();
  }
  await db.schema.alterTable('sites').dropColumn('description').execute();
  await db.schema.alterTable('sites').dropColumn('opening_hours').execute();
}
