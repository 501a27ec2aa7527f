import type { Kysely } from 'kysely';

/**
 * FROZEN once shipped. The newest position of one event type (`eventsRepository.latestOfType`) straight from an
 * index: the incident list's answer cache asks for the newest `incident.changed` on every request, and without this
 * index that is a walk back over every ingest batch's event since the last incident change.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('domain_events_type_idx').on('domain_events').columns(['type', 'position']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('domain_events_type_idx').execute();
}
