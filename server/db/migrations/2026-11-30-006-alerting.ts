import { sql, type Kysely } from 'kysely';

/**
 * FROZEN once shipped. Alerting (SPEC C3): rules, alerts with their timeline, notification groups, silences and
 * maintenance windows. See server/modules/alerting/README.md.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('alert_rules')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('key', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('name_en', 'text')
    .addColumn('description', 'text')
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('condition', 'text', (c) => c.notNull())
    .addColumn('scope', 'text', (c) => c.notNull())
    .addColumn('overrides', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('level', 'integer', (c) => c.notNull())
    .addColumn('for_ms', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('keep_firing_ms', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('group_by', 'text', (c) => c.notNull())
    .addColumn('labels', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('enabled', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('builtin', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('broken', 'text')
    .addColumn('broken_at', 'bigint')
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('alerts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('fingerprint', 'text', (c) => c.notNull())
    .addColumn('rule_id', 'text')
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('level', 'integer', (c) => c.notNull())
    .addColumn('rule_level', 'integer', (c) => c.notNull())
    .addColumn('level_reason', 'text')
    .addColumn('labels', 'text', (c) => c.notNull())
    .addColumn('annotations', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('detail', 'text', (c) => c.notNull())
    .addColumn('site_id', 'text')
    .addColumn('device_id', 'text')
    .addColumn('subsystem', 'text')
    .addColumn('parent_id', 'text')
    .addColumn('group_key', 'text', (c) => c.notNull())
    .addColumn('value', 'double precision')
    .addColumn('threshold', 'double precision')
    .addColumn('active_at', 'bigint', (c) => c.notNull())
    .addColumn('fires_at', 'bigint')
    .addColumn('fired_at', 'bigint')
    .addColumn('acknowledged_at', 'bigint')
    .addColumn('acknowledged_by', 'text')
    .addColumn('resolved_at', 'bigint')
    .addColumn('resolved_by', 'text')
    .addColumn('clear_since', 'bigint')
    .addColumn('flapping', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('suppressed_by', 'text')
    .addColumn('external_id', 'text')
    .addColumn('external_url', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  // One open alert per fingerprint: the dedup, and the guard that makes an alert fire once even if two nodes tried.
  await sql`create unique index alerts_open_fingerprint_idx on alerts (fingerprint) where state <> 'resolved'`.execute(db);
  await db.schema.createIndex('alerts_created_idx').on('alerts').columns(['created_at', 'id']).execute();
  await db.schema.createIndex('alerts_state_idx').on('alerts').columns(['state', 'level', 'created_at']).execute();
  await db.schema.createIndex('alerts_site_idx').on('alerts').columns(['site_id', 'created_at']).execute();
  // Children only: most alerts have no parent, and an index holding them all draws the planner to it for the list's
  // `parent_id is null`, which then sorts most of the table (bench/README.md, alerting).
  await sql`create index alerts_parent_idx on alerts (parent_id) where parent_id is not null`.execute(db);
  await db.schema.createIndex('alerts_rule_idx').on('alerts').columns(['rule_id', 'created_at']).execute();
  await db.schema.createIndex('alerts_group_idx').on('alerts').columns(['group_key', 'state']).execute();

  await db.schema
    .createTable('alert_events')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('alert_id', 'text', (c) => c.notNull().references('alerts.id').onDelete('cascade'))
    .addColumn('at', 'bigint', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('actor_id', 'text')
    .addColumn('detail', 'text')
    .execute();
  await db.schema.createIndex('alert_events_alert_idx').on('alert_events').columns(['alert_id', 'at']).execute();

  await db.schema
    .createTable('alert_groups')
    .addColumn('group_key', 'text', (c) => c.primaryKey())
    .addColumn('labels', 'text', (c) => c.notNull())
    .addColumn('first_at', 'bigint', (c) => c.notNull())
    .addColumn('flush_at', 'bigint')
    .addColumn('notified_at', 'bigint')
    .addColumn('notified', 'text')
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('silences')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('matchers', 'text', (c) => c.notNull())
    .addColumn('starts_at', 'bigint', (c) => c.notNull())
    .addColumn('ends_at', 'bigint', (c) => c.notNull())
    .addColumn('comment', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('silences_ends_idx').on('silences').columns(['ends_at', 'id']).execute();

  await db.schema
    .createTable('maintenance_windows')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('site_id', 'text')
    .addColumn('device_id', 'text')
    .addColumn('starts_at', 'bigint')
    .addColumn('ends_at', 'bigint')
    .addColumn('cron', 'text')
    .addColumn('duration_ms', 'bigint')
    .addColumn('zone', 'text', (c) => c.notNull())
    .addColumn('comment', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('enabled', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['maintenance_windows', 'silences', 'alert_groups', 'alert_events', 'alerts', 'alert_rules']) await db.schema.dropTable(table).execute();
}
