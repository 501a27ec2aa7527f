import type { Kysely } from 'kysely';

/**
 * FROZEN once shipped. The messages an incident's plan sent (issue 12 item 3): a communication template filled with
 * the incident's facts, edited, and handed to the notify outbox. One row per send, never updated: the words as sent,
 * the language, who it was for and who sent it, and the outbox rows it became (their receipts are its delivery
 * status). See server/modules/plans/README.md, "Communications".
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('plan_messages')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('incident_id', 'text', (c) => c.notNull().references('incidents.id'))
    .addColumn('template_key', 'text', (c) => c.notNull())
    // client | public | staff
    .addColumn('audience', 'text', (c) => c.notNull())
    // zh | en
    .addColumn('language', 'text', (c) => c.notNull())
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    // JSON: what the sender chose (user ids, the people on duty, channel ids)
    .addColumn('recipients', 'text', (c) => c.notNull())
    // JSON: the people it went to, resolved when it was sent
    .addColumn('user_ids', 'text', (c) => c.notNull())
    // JSON: the notifications rows it became
    .addColumn('notification_ids', 'text', (c) => c.notNull())
    .addColumn('sent_by', 'text')
    .addColumn('sent_by_name', 'text', (c) => c.notNull())
    .addColumn('sent_at', 'bigint', (c) => c.notNull())
    .execute();
  // The incident's list, newest first.
  await db.schema.createIndex('plan_messages_incident_idx').on('plan_messages').columns(['incident_id', 'sent_at', 'id']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('plan_messages').execute();
}
