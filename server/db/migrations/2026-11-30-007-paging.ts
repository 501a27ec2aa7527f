import { sql, type Kysely } from 'kysely';

/**
 * FROZEN once shipped. Paging (SPEC C4): notification channels, people's contact methods and preferences, the
 * notification outbox with a receipt per attempt, one-time acknowledgement links, duty rosters with their overrides,
 * escalation policies and the escalations in progress. See server/modules/notify/README.md and oncall/README.md.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('notify_channels')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull().unique())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('settings', 'text', (c) => c.notNull())
    .addColumn('secrets', 'text')
    .addColumn('rate_per_minute', 'integer')
    .addColumn('enabled', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('builtin', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('contact_methods')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('value', 'text', (c) => c.notNull())
    .addColumn('verified', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addUniqueConstraint('contact_methods_unique', ['user_id', 'kind', 'value'])
    .execute();
  await db.schema.createIndex('contact_methods_value_idx').on('contact_methods').columns(['kind', 'value']).execute();

  await db.schema
    .createTable('notify_preferences')
    .addColumn('user_id', 'text', (c) => c.primaryKey().references('users.id').onDelete('cascade'))
    .addColumn('levels', 'text', (c) => c.notNull())
    .addColumn('quiet_hours', 'text')
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('notifications')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('dedupe_key', 'text', (c) => c.notNull().unique())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('channel_id', 'text', (c) => c.notNull())
    .addColumn('channel_kind', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text')
    .addColumn('address', 'text')
    .addColumn('recipients', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('alert_id', 'text')
    .addColumn('alert_ids', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('group_key', 'text')
    .addColumn('escalation_id', 'text')
    .addColumn('step', 'integer')
    .addColumn('level', 'integer')
    .addColumn('site_id', 'text')
    .addColumn('message', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_attempt_at', 'bigint')
    .addColumn('give_up_at', 'bigint', (c) => c.notNull())
    .addColumn('lease_owner', 'text')
    .addColumn('lease_until', 'bigint')
    .addColumn('last_error', 'text')
    .addColumn('provider_id', 'text')
    .addColumn('digest_id', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('sent_at', 'bigint')
    .addColumn('delivered_at', 'bigint')
    .addColumn('failed_at', 'bigint')
    .addColumn('read_at', 'bigint')
    .execute();
  // The deliverer's queue: only what is still to be sent.
  await sql`create index notifications_due_idx on notifications (next_attempt_at) where state = 'queued'`.execute(db);
  await db.schema.createIndex('notifications_alert_idx').on('notifications').columns(['alert_id', 'created_at']).execute();
  await db.schema.createIndex('notifications_user_idx').on('notifications').columns(['user_id', 'created_at']).execute();
  await db.schema.createIndex('notifications_channel_idx').on('notifications').columns(['channel_id', 'created_at']).execute();
  await db.schema.createIndex('notifications_created_idx').on('notifications').columns(['created_at', 'id']).execute();
  await db.schema.createIndex('notifications_escalation_idx').on('notifications').columns(['escalation_id']).execute();

  await db.schema
    .createTable('notification_attempts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('notification_id', 'text', (c) => c.notNull().references('notifications.id').onDelete('cascade'))
    .addColumn('channel_id', 'text', (c) => c.notNull())
    .addColumn('attempt', 'integer', (c) => c.notNull())
    .addColumn('at', 'bigint', (c) => c.notNull())
    .addColumn('duration_ms', 'integer', (c) => c.notNull())
    .addColumn('outcome', 'text', (c) => c.notNull())
    .addColumn('detail', 'text')
    .addColumn('node', 'text')
    .execute();
  await db.schema.createIndex('notification_attempts_notification_idx').on('notification_attempts').columns(['notification_id', 'attempt']).execute();
  // Rate limits count a channel's hand-overs in the last minute.
  await db.schema.createIndex('notification_attempts_channel_idx').on('notification_attempts').columns(['channel_id', 'at']).execute();

  await db.schema
    .createTable('ack_links')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('notification_id', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('alert_ids', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .addColumn('used_at', 'bigint')
    .addColumn('used_ip', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('rosters')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull().unique())
    .addColumn('description', 'text')
    .addColumn('zone', 'text', (c) => c.notNull())
    .addColumn('hotline', 'text')
    .addColumn('china_holidays', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('holiday_handover', 'text', (c) => c.notNull())
    .addColumn('layers', 'text', (c) => c.notNull())
    .addColumn('holidays', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('roster_overrides')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('roster_id', 'text', (c) => c.notNull().references('rosters.id').onDelete('cascade'))
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('replaces_user_id', 'text')
    .addColumn('start_at', 'bigint', (c) => c.notNull())
    .addColumn('end_at', 'bigint', (c) => c.notNull())
    .addColumn('reason', 'text')
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('roster_overrides_roster_idx').on('roster_overrides').columns(['roster_id', 'end_at']).execute();

  await db.schema
    .createTable('escalation_policies')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull().unique())
    .addColumn('description', 'text')
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('levels', 'text', (c) => c.notNull())
    .addColumn('site_ids', 'text')
    .addColumn('subsystems', 'text')
    .addColumn('steps', 'text', (c) => c.notNull())
    .addColumn('repeat', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('enabled', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('escalations')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('group_key', 'text', (c) => c.notNull())
    .addColumn('policy_id', 'text', (c) => c.notNull())
    .addColumn('level', 'integer', (c) => c.notNull())
    .addColumn('site_id', 'text')
    .addColumn('labels', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('alerts', 'text', (c) => c.notNull())
    .addColumn('next_step', 'integer', (c) => c.notNull())
    .addColumn('round', 'integer', (c) => c.notNull())
    .addColumn('next_at', 'bigint')
    .addColumn('paged', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('started_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addColumn('ended_at', 'bigint')
    .addColumn('ended_by', 'text')
    .execute();
  // One escalation in progress per notification group: the guard against two starting for the same alerts.
  await sql`create unique index escalations_active_group_idx on escalations (group_key) where state = 'active'`.execute(db);
  await sql`create index escalations_due_idx on escalations (next_at) where state = 'active'`.execute(db);
  await db.schema.createIndex('escalations_started_idx').on('escalations').columns(['started_at', 'id']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['escalations', 'escalation_policies', 'roster_overrides', 'rosters', 'ack_links', 'notification_attempts', 'notifications', 'notify_preferences', 'contact_methods', 'notify_channels'])
    await db.schema.dropTable(table).execute();
}
