import { sql, type Kysely } from 'kysely';

/**
 * FROZEN once shipped. The incident a notification is about, as a column with an index, so that the incident page can
 * list who was told (its notices: SLA warnings and breaches, updates to the client, a plan's written messages) a page
 * at a time. Until now only the group key (`incident:<id>`) said so; rows written before are filled from it.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('notifications').addColumn('incident_id', 'text').execute();
  await sql`update notifications set incident_id = substr(group_key, 10) where group_key like 'incident:%'`.execute(db);
  await db.schema.createIndex('notifications_incident_idx').on('notifications').columns(['incident_id', 'created_at']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('notifications_incident_idx').execute();
  await db.schema.alterTable('notifications').dropColumn('incident_id').execute();
}
